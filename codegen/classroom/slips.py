"""The common slips a student makes on each answer, as formulas, and whether a variant keeps
their values apart.

For every answer the slips are transformations of the right formula (the one the key writes):
the sign of Δ flipped (or of the update), a factor dropped, a wrong index (a neighbouring unit,
input, weight or δ), a transposed weight matrix (w_ji for w_ij, or the mirrored parameter's
gradient), and a stale weight (in step 1 a weight already updated, later a weight of the step
before). A variant is kept only when, at the sheet's decimals, every slip's value differs from
the right value and from every other slip's value by more than one unit of the last place — so
a rounded slip can never pass for the right answer or for another slip.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symbolic.numbers import WORKING_DIGITS, to_sympy
from symbolic.quantity import Quantity, exists

from .answers import Answer

SIGN, MISSING, INDEX, TRANSPOSED, STALE = (
    "sign of Δ",
    "missing factor",
    "wrong index",
    "transposed matrix",
    "stale weight",
)
SLIP_KINDS = (SIGN, MISSING, INDEX, TRANSPOSED, STALE)
#: symbols standing for a parameter's value in the step before are named with this prefix
PREVIOUS = "previous__"


@dataclass(frozen=True)
class Slip:
    """One slip on one answer: its kind, what it does, and the formula it leads to."""

    kind: str
    detail: str
    formula: sp.Expr


class SlipModel:
    """The slips of every answer of one exercise (built once per spec; the formulas are the
    same for every variant, only the numbers change)."""

    def __init__(self, derivation, answers: list[Answer]):
        self.derivation = derivation
        self.model = derivation.model
        self.names = derivation.network.names
        self.slips: dict[int, list[Slip]] = {
            a.number: self._distinct(a, list(self._candidates(a))) for a in answers if a.step
        }

    # ----------------------------------------------------------------- candidates
    def _candidates(self, answer: Answer):
        formula = answer.formula
        yield from self._sign(answer)
        for dropped, kept in _dropped_factors(formula):
            yield Slip(MISSING, f"missing factor {self._text(dropped)}", kept)
        for old, new in self._neighbours(formula):
            detail = f"{self._text(new)} instead of {self._text(old)}"
            yield Slip(INDEX, detail, formula.xreplace({old: new}))
        yield from self._transposed(answer)
        yield from self._stale(answer)

    def _sign(self, answer: Answer):
        formula = answer.formula
        residuals = [s for s in formula.free_symbols if self._kind(s) == "residual"]
        if answer.task == "update":
            parameter = self.model.symbol(answer.quantity.before_update())
            step = formula - parameter
            yield Slip(SIGN, "the update's sign flipped", parameter - step)
        elif residuals:
            yield Slip(
                SIGN, "Δ taken as actual − prediction", formula.xreplace({r: -r for r in residuals})
            )
        elif answer.quantity is not None and answer.quantity.kind == "residual":
            yield Slip(SIGN, "Δ taken as actual − prediction", -formula)

    def _neighbours(self, formula):
        """(symbol, neighbour) pairs: the same kind of quantity one index away."""
        for symbol in sorted(formula.free_symbols, key=str):
            q = self.model.quantity(symbol)
            if q is None or q.row is None or q.kind in ("target",):
                continue
            for other in _index_neighbours(q):
                if self._exists(other):
                    yield symbol, self.model.symbol(other)

    def _transposed(self, answer: Answer):
        formula = answer.formula
        swap = {}
        for symbol in formula.free_symbols:
            q = self.model.quantity(symbol)
            if q is not None and q.kind == "weight" and q.row != q.col:
                mirror = Quantity("weight", q.layer, q.col, q.row, q.updated)
                if self._exists(mirror):
                    swap[symbol] = self.model.symbol(mirror)
        if swap:
            yield Slip(TRANSPOSED, "the weight matrix transposed", formula.xreplace(swap))
        q = answer.quantity
        if answer.task in ("gradients", "update") and q is not None:
            own = q.parameter_of() if answer.task == "gradients" else q.before_update()
            if own.kind == "weight" and own.row != own.col:
                mirror = Quantity("weight", own.layer, own.col, own.row)
                if self._exists(mirror):
                    name = self.names.name(mirror).ascii
                    other = self.derivation.gradient(name).shorthand
                    if answer.task == "update":
                        other = self.model.symbol(own) - self.model.rate * other
                    yield Slip(TRANSPOSED, f"the gradient of {name}", other)

    def _stale(self, answer: Answer):
        formula = answer.formula
        own = answer.quantity.before_update() if answer.task == "update" else None
        weights = [
            s
            for s in formula.free_symbols
            if (q := self.model.quantity(s)) is not None and q.is_parameter and not q.updated
        ]
        if not weights:
            return
        if answer.step == 1:
            swap = {
                s: self.model.symbol(self.model.quantity(s).after_update())
                for s in weights
                if self.model.quantity(s) != own and answer.task != "forward"
            }
            if swap:
                yield Slip(STALE, "a weight already updated", formula.xreplace(swap))
        else:
            swap = {s: sp.Symbol(PREVIOUS + s.name, real=True) for s in weights}
            yield Slip(STALE, f"weights of iteration {answer.step - 1}", formula.xreplace(swap))

    # ----------------------------------------------------------------- helpers
    def _distinct(self, answer: Answer, slips: list[Slip]) -> list[Slip]:
        """Slips whose formula differs from the right one and from every earlier slip."""
        kept: list[Slip] = []
        for slip in slips:
            formulas = [answer.formula, *(k.formula for k in kept)]
            if not any(_same(slip.formula, f) for f in formulas):
                kept.append(slip)
        return kept

    def _kind(self, symbol) -> str | None:
        q = self.model.quantity(symbol)
        return q.kind if q is not None else None

    def _exists(self, q: Quantity) -> bool:
        return exists(self.derivation.network, q)

    def _text(self, symbol) -> str:
        return str(symbol.name) if isinstance(symbol, sp.Symbol) else sp.sstr(symbol)


def _index_neighbours(q: Quantity):
    for d in (-1, 1):
        yield Quantity(q.kind, q.layer, q.row + d, q.col, q.updated)
    if q.col is not None:
        for d in (-1, 1):
            yield Quantity(q.kind, q.layer, q.row, q.col + d, q.updated)


def _dropped_factors(formula):
    """(dropped factor, formula without it) for every factor of every product in the formula:
    a factor that depends on a quantity (Δ, w5, a(1 − a)) or a number such as ½ (never −1)."""
    terms = formula.args if formula.is_Add else (formula,)
    for n, term in enumerate(terms):
        factors = _factors(term)
        for k, factor in enumerate(factors):
            if factor in (-1, 1) or (not factor.free_symbols and not factor.is_Rational):
                continue
            rest = [f for m, f in enumerate(factors) if m != k]
            if not any(f.free_symbols for f in rest):
                continue
            others = [t for m, t in enumerate(terms) if m != n]
            yield factor, sp.Add(sp.Mul(*rest), *others)


def _factors(term) -> list:
    """The factors of a product, nested unevaluated products flattened."""
    if not term.is_Mul:
        return [term]
    return [f for arg in term.args for f in _factors(arg)]


def _same(x: sp.Expr, y: sp.Expr) -> bool:
    difference = sp.expand(x - y)
    return difference == 0


# --------------------------------------------------------------------------- separation
def value_at(formula: sp.Expr, example, step: int) -> sp.Expr:
    """A formula's value at a step of the worked example (``previous__w5`` reads step − 1)."""
    values = {}
    for symbol in formula.free_symbols:
        name = symbol.name
        if name.startswith(PREVIOUS):
            values[symbol] = to_sympy(example.step(step - 1).value(name[len(PREVIOUS) :]))
        else:
            values[symbol] = to_sympy(example.step(step).value(name))
    result = formula.xreplace(values)
    return result if result.is_Rational else sp.N(result, WORKING_DIGITS)


def separation_problem(model: SlipModel, answers: list[Answer], example, decimals: int):
    """None when every answer's slips stay apart at ``decimals`` places; else what clashes."""
    gap = sp.Rational(1, 10**decimals)
    for answer in answers:
        if not answer.step:
            continue
        right = to_sympy(example.step(answer.step).value(answer.quantity))
        if abs(right) <= gap:
            return f"answer {answer.number} is 0 at {decimals} decimals"
        values = [right]
        for slip in model.slips[answer.number]:
            value = value_at(slip.formula, example, answer.step)
            if not value.is_finite or any(abs(value - v) <= gap for v in values):
                return f"answer {answer.number}: {slip.kind} ({slip.detail}) is too close"
            values.append(value)
    return None


__all__ = ["SLIP_KINDS", "Slip", "SlipModel", "separation_problem", "value_at"]
