"""Values of quantities in the truth (the worked example) and in the writer's own numbers.

In step N a parameter means its value before the N-th update, a primed one after it; units, Δ
and E are those of the N-th forward pass, of the claim's sample (``% sample N``; the error and
the gradients are the mean over the samples when no sample is named). ``WriterWorld`` answers
the same questions from the numbers the writer has written so far (``WriterTable``): a quantity
they wrote takes their number; one they did not is recomputed from its definition with their
numbers inside (h1 from their w1 and w2; δ from their Δ and their σ′(z) — a stated intermediate
such as ∂out/∂net is used wherever its formula occurs); the data come from the truth. It
remembers which of the writer's numbers it used, and on which lines they were written.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..quantity import Quantity
from .errors import ClaimShapeError, ClaimTooLarge
from .evaluation import evaluate_scalar
from .limits import MAX_WRITER_EVALUATIONS
from .values import rounds_to, same

PER_SAMPLE = ("unit", "pre", "delta", "target", "residual", "loss")
GRADIENTS = ("weight_gradient", "bias_gradient")


class TruthWorld:
    """The worked example's values at one step (and sample)."""

    def __init__(self, context, step: int, sample: int | None = None):
        self.context = context
        self.step = step
        self.sample = sample

    def lookup(self, symbol: sp.Symbol, step: int | None = None):
        q = self.context.definitions.quantity(symbol)
        if q is None:
            raise ClaimShapeError(f"{symbol} has no value at the worked example")
        return self.value(q, step or self.step)

    def value(self, q: Quantity, step: int):
        worked = self.context.example.step(step)
        sample = self.sample
        several = len(self.context.network.samples) > 1
        if q.kind == "error" and sample is not None and several:
            q = Quantity.loss()
        if q.kind in PER_SAMPLE:
            chosen = sample if sample in worked.passes else worked.samples[0]
            return worked.value(q, sample=chosen)
        if several and sample is not None and q.kind in GRADIENTS:
            chosen = sample if sample in worked.passes else worked.samples[0]
            return worked.value(q, sample=chosen)
        return worked.value(q)


@dataclass
class Entry:
    """One number the writer wrote for a quantity (or a stated intermediate formula)."""

    value: object
    places: int | None
    line: int
    wrong: bool = False


class WriterTable:
    """The writer's numbers so far: (step, sample, key) → Entry. A key is a symbol's name, or a
    SymPy expression for a stated intermediate that is no single quantity (σ′ = a(1 − a))."""

    def __init__(self):
        self.entries: dict[tuple, Entry] = {}
        self.first_step: int | None = None
        self.version = 0
        self._wrong: tuple = (None, set())

    def record(self, step, sample, key, value, places, line, truth, slipped: bool) -> None:
        """A number of the writer's; ``slipped``: its claim was wrong or carried — then a number
        that is not the truth (rounded) is wrong, one that only follows from the writer's own
        rounded numbers is honest."""
        wrong = slipped and not (
            same(truth, value) or (places is not None and rounds_to(truth, value, places))
        )
        self.entries[(step, sample, key)] = Entry(value, places, line, wrong)
        self.version += 1
        self.first_step = step if self.first_step is None else min(self.first_step, step)

    def wrong_values(self, up_to: int) -> set:
        """The writer's numbers (to step ``up_to``) that are not the truth correctly rounded:
        copied later, they are taken as exact, not as rounded values."""
        key = (up_to, self.version)
        if self._wrong[0] != key:
            found = {
                e.value for (step, _, _), e in self.entries.items() if step <= up_to and e.wrong
            }
            self._wrong = (key, found)
        return self._wrong[1]

    def expressions(self, step: int, sample) -> list[tuple[sp.Expr, Entry]]:
        return [
            (key, entry)
            for (s, m, key), entry in self.entries.items()
            if s == step and m == sample and not isinstance(key, str)
        ]


class WriterWorld:
    """Quantities computed from the writer's own earlier numbers wherever they wrote any."""

    def __init__(
        self, context, step: int, sample, exclude: frozenset = frozenset(), honest=frozenset()
    ):
        self.context = context
        self.step = step
        self.sample = sample
        self.table = context.table
        self.exclude = exclude  # (step, key) not to use: the quantity being judged
        self.honest = honest  # (step, key) whose written number is put back to the truth
        self.truth = TruthWorld(context, step, sample)
        self.memo: dict[tuple[int, str], tuple] = {}
        self.used: dict[tuple, Entry] = {}
        self.evaluations = 0

    def lookup(self, symbol: sp.Symbol, step: int | None = None):
        value, used = self._value(symbol, step or self.step)
        for key in used:
            self.used[key] = self.table.entries[key]
        return value

    def evaluate(self, expr):
        """``expr``'s value with the writer's numbers, their stated intermediates put in."""
        expr, placeholders = self._with_stated(expr, self.step)
        used = set()

        def inner(s):
            if s in placeholders:
                key = placeholders[s]
                used.add(key)
                return self.table.entries[key].value
            return self.lookup(s)

        value = evaluate_scalar(expr, inner)
        for key in used:
            self.used[key] = self.table.entries[key]
        return value

    def _entry_key(self, step: int, name: str):
        for sample in (self.sample, None):
            key = (step, sample, name)
            if key in self.table.entries and (step, name) not in self.exclude:
                return key
        return None

    def _value(self, symbol: sp.Symbol, step: int) -> tuple[object, frozenset]:
        key = (step, symbol.name)
        if key in self.memo:
            return self.memo[key]
        self.evaluations += 1
        if self.evaluations > MAX_WRITER_EVALUATIONS:
            raise ClaimTooLarge("too many steps to recompute from the writer's numbers")
        result = self._compute(symbol, step)
        self.memo[key] = result
        return result

    def _compute(self, symbol, step):
        truth = self.truth.lookup(symbol, step)
        key = self._entry_key(step, symbol.name)
        if key is not None and (step, symbol.name) in self.honest:
            return truth, frozenset()
        if key is not None:
            entry = self.table.entries[key]
            return entry.value, (frozenset({key}) if not same(entry.value, truth) else frozenset())
        first = self.table.first_step
        if first is None or first > step:
            return truth, frozenset()
        defs = self.context.definitions
        q = defs.quantity(symbol)
        if q is None or q.kind in ("target", "rate") or q.is_input:
            return truth, frozenset()
        if q.is_parameter and not q.updated:
            if step == 1:
                return truth, frozenset()
            return self._value(defs.symbol(q.after_update()), step - 1)
        definition = defs.writer_definition(symbol)
        if definition is None:
            return truth, frozenset()
        definition, placeholders = self._with_stated(definition, step)
        used: set = set()

        def inner(s):
            if s in placeholders:
                used.add(placeholders[s])
                return self.table.entries[placeholders[s]].value
            value, u = self._value(s, step)
            used.update(u)
            return value

        return evaluate_scalar(definition, inner), frozenset(used)

    def _with_stated(self, expr, step: int):
        """``expr`` with each stated intermediate formula replaced by a placeholder symbol."""
        placeholders: dict[sp.Symbol, tuple] = {}
        if not isinstance(expr, sp.Basic):
            return expr, placeholders
        for key_expr, _ in self.table.expressions(step, self.sample):
            key = (step, self.sample, key_expr)
            if (step, key_expr) in self.exclude:
                continue
            holder = sp.Dummy("stated")
            replaced = _replace_factor(expr, key_expr, holder)
            if replaced is not expr:
                placeholders[holder] = key
                expr = replaced
        return expr, placeholders


def _replace_factor(expr, target, holder):
    """``expr`` with ``target`` (a sub-expression, or the factors of a product) replaced."""
    if expr == target:
        return holder
    if not expr.args:
        return expr
    if isinstance(expr, sp.Mul) and isinstance(target, sp.Mul):
        factors = list(expr.args)
        wanted = list(target.args)
        if all(f in factors for f in wanted):
            for f in wanted:
                factors.remove(f)
            return sp.Mul(holder, *factors)
    args = [_replace_factor(a, target, holder) for a in expr.args]
    if all(a is b for a, b in zip(args, expr.args)):
        return expr
    return expr.func(*args)
