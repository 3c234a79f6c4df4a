"""Proving two symbolic sides equal under the network's definitions, within the work budget.

First without substitution (Δ·h1 against h1·Δ), then with Δ, δ and E written out in the units,
then written down to inputs, targets and parameters — and, only if that fails, with the example's
inputs, target and η put in (so 2·w1 + 3·w2 is accepted for h1). A difference is shown to be zero
by expanding it and cancelling it as a rational function; exponentials are first written as
powers of new symbols (e^{a−b} = X_a / X_b) and any other function (log, |x|, max …) as a symbol
of its own, which is sound for proving zero. Every expansion is sized before it runs
(``expansion_terms``) and charged to the claim's work budget; a few exact random points decide
inequality for what cannot be proved.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from .errors import ClaimShapeError, ClaimTooLarge
from .evaluation import evaluate_scalar as evaluate
from .limits import MAX_EXPANDED_TERMS, charge
from .values import same

PROBES = 4
#: cancel fractions of at most this many symbols and expression nodes
MAX_CANCEL_SYMBOLS = 24
MAX_CANCEL_SIZE = 3000
#: cancel only while the product of (degree + 1) over the symbols stays below this
MAX_GCD_DEGREES = 10**5
#: an estimate of terms above this is not worth computing exactly
_CAP = 10**9


@dataclass(frozen=True)
class Proof:
    equal: bool | None  # None: could not decide
    how: str


# ---------------------------------------------------------------------------------- sizes
def expansion_terms(expr) -> int:
    """An upper estimate of the terms ``sp.expand(expr)`` has (capped), without expanding."""
    if isinstance(expr, sp.Add):
        return min(sum(expansion_terms(a) for a in expr.args), _CAP)
    if isinstance(expr, sp.Mul):
        total = 1
        for a in expr.args:
            total = min(total * expansion_terms(a), _CAP)
        return total
    if isinstance(expr, sp.Pow):
        inner = expansion_terms(expr.base)
        k = expr.exp
        if k.is_Integer and k > 0 and inner > 1:
            n = int(min(k, 64))
            return min(math.comb(n + inner - 1, inner - 1) if inner < 10**6 else _CAP, _CAP)
        return max(1, min(inner, _CAP))  # expand also expands a denominator's base
    return 1 + sum(expansion_terms(a) - 1 for a in expr.args if isinstance(a, sp.Expr))


def bounded_expand(expr):
    """``sp.expand(expr)``, refused (ClaimTooLarge) when it would exceed MAX_EXPANDED_TERMS."""
    terms = expansion_terms(expr)
    if terms > MAX_EXPANDED_TERMS:
        raise ClaimTooLarge(f"more than {MAX_EXPANDED_TERMS:,} terms when expanded")
    charge(terms + _size(expr), "expanding")
    return sp.expand(expr)


def _size(expr) -> int:
    count = 0
    for _ in sp.preorder_traversal(expr):
        count += 1
    return count


# ---------------------------------------------------------------------------------- zero tests
def _is_rational_function(expr) -> bool:
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Function) or node in (sp.E, sp.pi):
            return False
        if isinstance(node, sp.Pow) and not node.exp.is_Integer:
            return False
    return True


def _rationalized(expr):
    """``expr`` with e^{…} as powers of new symbols and other functions as symbols of their own.

    Replacing an atom by a symbol only generalises an expression, and e^{a+2b} = X_a·X_b² is an
    identity, so a result that cancels to zero proves the original zero.
    """
    if expr.has(sp.tanh, sp.sinh, sp.cosh):
        expr = expr.rewrite(sp.exp)
    symbols: dict = {}

    def symbol_for(key):
        if key not in symbols:
            symbols[key] = sp.Dummy(f"t{len(symbols)}")
        return symbols[key]

    replace = {}
    for node in sorted(expr.atoms(sp.exp), key=sp.default_sort_key):
        power = sp.Integer(1)
        for term in sp.Add.make_args(bounded_expand(node.exp)):
            coefficient, rest = term.as_coeff_Mul()
            if coefficient.is_Integer:
                power *= symbol_for(("exp", rest)) ** coefficient
            else:
                power *= symbol_for(("exp", term))
        replace[node] = power
    expr = expr.xreplace(replace) if replace else expr
    others = {}
    for node in sp.preorder_traversal(expr):
        root = isinstance(node, sp.Pow) and not node.exp.is_Integer
        if isinstance(node, sp.Function) or root or node in (sp.E, sp.pi):
            others.setdefault(node, symbol_for(("atom", node)))
    return expr.xreplace(others) if others else expr


def _cancels(expr) -> bool:
    """Whether a rational function (after ``_rationalized``) is identically zero.

    Over one common denominator p/q (q a non-zero polynomial) it is zero exactly when the
    numerator p expands to zero, which needs no gcd. Only when that expansion is too large is
    the fraction cancelled — a multivariate gcd whose integers grow with the product of the
    symbols' degrees, so it is tried only within MAX_CANCEL_SYMBOLS, MAX_CANCEL_SIZE and
    MAX_GCD_DEGREES."""
    expanded = bounded_expand(expr)
    if expanded == 0:
        return True
    size = _size(expanded)
    charge(size * 4, "bringing to one denominator")
    together = sp.together(expanded)
    numerator, _ = sp.fraction(together)
    try:
        return bounded_expand(numerator) == 0
    except ClaimTooLarge:
        pass
    if len(expanded.free_symbols) > MAX_CANCEL_SYMBOLS or size > MAX_CANCEL_SIZE:
        raise ClaimTooLarge("too many symbols to cancel a fraction")
    degrees = 1
    for symbol in together.free_symbols:
        degrees *= 1 + max(sp.degree(part, symbol) for part in sp.fraction(together))
        if degrees > MAX_GCD_DEGREES:
            raise ClaimTooLarge("too high a degree to cancel a fraction")
    charge(size * 4, "cancelling")
    return sp.cancel(together) == 0


def proves_zero(expr) -> bool | None:
    """True when ``expr`` is shown identically zero in its own symbols; None when too large."""
    try:
        expanded = bounded_expand(expr)
        if expanded == 0:
            return True
        if _is_rational_function(expanded):
            return _cancels(expanded)
        return _cancels(_rationalized(expanded))
    except ClaimTooLarge:
        return None


def _probe_differs(expr, seed: int) -> bool:
    """True when ``expr`` is non-zero at some random rational point (an exact counterexample)."""
    rng = random.Random(seed)
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    for _ in range(PROBES):
        point = {s: Fraction(rng.randint(-40, 40), rng.randint(7, 31)) for s in symbols}
        try:
            value = evaluate(expr, point.__getitem__)
        except (ClaimShapeError, ClaimTooLarge, ZeroDivisionError):
            continue  # a probe at a pole (or too large a value) proves nothing
        if not same(value, Fraction(0)):
            return True
    return False


def _zero(expr, seed: int) -> bool | None:
    """Whether ``expr`` (in leaves only) is identically zero; None if undecided."""
    verdict = proves_zero(expr)
    if verdict:
        return True
    if _probe_differs(expr, seed):
        return False
    return None


def prove_equal(
    a, b, definitions, at_example=None, with_data: bool = False, seed: int = 0, sample=None,
    fixed=None,
):  # fmt: skip
    """Whether a = b holds for every value of the network's inputs, targets and parameters.

    ``at_example`` (symbol → value at the worked example) gives a quick counterexample check
    before any symbolic work: a claim false at the example is false. Then the difference is
    tried with Δ, δ and E written out in the units (a, z, w, x, y), then written out to the
    leaves (inputs, targets, parameters) when that is small enough. ``sample``: whose data
    ``with_data`` puts in (default the first); ``fixed`` (symbol → value): values put in once
    the definitions are written out (a sample's targets, for E = −log a_1 with y = e_1).
    """
    fixed = fixed or {}
    try:
        if bounded_expand(definitions.layer_form(a) - definitions.layer_form(b)) == 0:
            return Proof(True, "identical")
    except ClaimTooLarge:
        pass
    a, b = definitions.unit_form(a), definitions.unit_form(b)
    difference = a - b
    if difference == 0:
        return Proof(True, "identical")
    if at_example is not None:
        try:
            if not same(evaluate(difference, at_example), Fraction(0)):
                return Proof(False, "differs at the worked example")
        except (ClaimShapeError, ClaimTooLarge, ZeroDivisionError):
            pass  # a pole at the example (or too large a value): decide symbolically
    try:
        if bounded_expand(difference) == 0:
            return Proof(True, "identical")
        if bounded_expand(definitions.one_level_form(difference)) == 0:
            return Proof(True, "under the network's definitions")  # a = σ(z), z = Σ w·a + b
    except ClaimTooLarge:
        pass
    constraint = definitions.target_constraint()
    summing = "under the network's definitions (a sample's targets sum to 1)"
    if definitions.has_layer_function:
        in_z = definitions.layer_function_form(difference).xreplace(fixed)
        if proves_zero(in_z):
            return Proof(True, "under the network's definitions")
        if constraint and proves_zero(in_z.xreplace(constraint)):
            return Proof(True, summing)
    in_units = definitions.in_units(difference).xreplace(fixed)
    in_units_zero = proves_zero(in_units)
    if in_units_zero:
        return Proof(True, "under the network's definitions")
    if constraint and proves_zero(in_units.xreplace(constraint)):
        return Proof(True, summing)
    try:
        written_out = definitions.leaves(difference).xreplace(fixed)
    except ClaimTooLarge:
        if (
            in_units_zero is not True
            and _is_rational_function(in_units)
            and (in_units_zero is False or _probe_differs(in_units, seed))
        ):
            # Δ, δ and E written out, units kept: a non-zero polynomial in activations, weights
            # and inputs, which vary independently (each unit has its own bias or inputs)
            return Proof(False, "differs as a formula in the units")
        return Proof(None, "too large to write out")
    verdict = _zero(written_out, seed)
    if verdict:
        return Proof(True, "under the network's definitions")
    if constraint and _zero(written_out.xreplace(constraint), seed):
        return Proof(True, summing)
    data = definitions.data_of(sample or 0)
    data_form = written_out.xreplace(data) if with_data else written_out
    if data_form != written_out:
        data_verdict = _zero(data_form, seed)
        if data_verdict:
            return Proof(True, "with the example's inputs, target and η")
        if data_verdict is None:
            return Proof(None, "SymPy could not decide")
    if verdict is None:
        return Proof(None, "SymPy could not decide")
    return Proof(False, "not equal")
