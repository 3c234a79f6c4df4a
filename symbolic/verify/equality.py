"""Proving two symbolic sides equal under the network's definitions, within size and time limits.

First without substitution (Δ·h1 against h1·Δ), then written down to inputs, targets and
parameters and expanded — decisive for polynomial and rational expressions — and, only if that
fails, with the example's inputs, target and η put in (so 2·w1 + 3·w2 is accepted for h1). For
expressions with exp, tanh or ReLU a few exact random points decide inequality, and
``simplify`` (under the claim's timer) proves equality.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from .errors import ClaimTooLarge
from .values import evaluate, same

PROBES = 4


@dataclass(frozen=True)
class Proof:
    equal: bool | None  # None: could not decide
    how: str


def _is_rational_function(expr: sp.Expr) -> bool:
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Function) or node in (sp.E, sp.pi):
            return False
        if isinstance(node, sp.Pow) and not node.exp.is_Integer:
            return False
    return True


def _probe_differs(expr: sp.Expr, seed: int) -> bool:
    """True when ``expr`` is non-zero at some random rational point (an exact counterexample)."""
    rng = random.Random(seed)
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    for _ in range(PROBES):
        point = {s: Fraction(rng.randint(-40, 40), rng.randint(7, 31)) for s in symbols}
        try:
            value = evaluate(expr, point.__getitem__)
        except Exception:  # a probe at a pole proves nothing
            continue
        if not same(value, Fraction(0)):
            return True
    return False


def _zero(expr: sp.Expr, seed: int) -> bool | None:
    """Whether ``expr`` (in leaves only) is identically zero; None if undecided."""
    expanded = sp.expand(expr)
    if expanded == 0:
        return True
    if _is_rational_function(expanded):
        return sp.cancel(sp.together(expanded)) == 0
    if _probe_differs(expanded, seed):
        return False
    simplified = sp.simplify(expanded)
    if simplified == 0:
        return True
    return None


def _proves_zero(expr: sp.Expr) -> bool:
    """True only when SymPy shows ``expr`` is identically zero in its own symbols."""
    expanded = sp.expand(expr)
    if expanded == 0:
        return True
    if _is_rational_function(expanded):
        return sp.cancel(sp.together(expanded)) == 0
    return sp.simplify(expanded) == 0


def prove_equal(
    a: sp.Expr, b: sp.Expr, definitions, at_example=None, with_data: bool = False, seed: int = 0
) -> Proof:
    """Whether a = b holds for every value of the network's inputs, targets and parameters.

    ``at_example`` (symbol → value at the worked example) gives a quick counterexample check
    before any symbolic work: a claim false at the example is false. Then the difference is
    tried with Δ, δ and E written out in the units (a, z, w, x, y), then written out to the
    leaves (inputs, targets, parameters) when that is small enough.
    """
    a, b = definitions.unit_form(a), definitions.unit_form(b)
    difference = a - b
    if sp.expand(difference) == 0:
        return Proof(True, "identical")
    if at_example is not None:
        try:
            if not same(evaluate(difference, at_example), Fraction(0)):
                return Proof(False, "differs at the worked example")
        except Exception:  # a pole at the example: decide symbolically
            pass
    in_units = definitions.in_units(difference)
    if _proves_zero(in_units):
        return Proof(True, "under the network's definitions")
    try:
        written_out = definitions.leaves(difference)
    except ClaimTooLarge:
        if _is_rational_function(in_units):
            # Δ, δ and E written out, units kept: a non-zero polynomial in activations, weights
            # and inputs, which vary independently (each unit has its own bias or inputs)
            return Proof(False, "differs as a formula in the units")
        return Proof(None, "too large to write out")
    verdict = _zero(written_out, seed)
    if verdict:
        return Proof(True, "under the network's definitions")
    data_form = written_out.xreplace(definitions.data) if with_data else written_out
    if data_form != written_out:
        data_verdict = _zero(data_form, seed)
        if data_verdict:
            return Proof(True, "with the example's inputs, target and η")
        if data_verdict is None:
            return Proof(None, "SymPy could not decide")
    if verdict is None:
        return Proof(None, "SymPy could not decide")
    return Proof(False, "not equal")
