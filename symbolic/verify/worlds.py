"""Values of quantities in the truth (the worked example) and in the writer's own numbers.

In step N a parameter means its value before the N-th update, a primed one after it; units, Δ
and E are those of the N-th forward pass. ``WriterWorld`` answers the same questions from the
numbers the writer has written so far (their table), falling back on each quantity's definition
and, for the data, on the truth: h1 computed from the writer's w1 and w2, a step-2 weight from
the writer's step-1 update. It remembers which of the writer's numbers it used.
"""

from __future__ import annotations

import sympy as sp

from .errors import ClaimTooLarge
from .limits import MAX_WRITER_EVALUATIONS
from .values import evaluate, rounds_to, same


class TruthWorld:
    def __init__(self, context, step: int):
        self.context = context
        self.step = step

    def lookup(self, symbol: sp.Symbol, step: int | None = None):
        defs = self.context.definitions
        return self.context.example.step(step or self.step).value(defs.value_name(symbol))


class WriterTable:
    """The writer's numbers so far: (step, symbol name) → value."""

    def __init__(self):
        self.entries: dict[tuple[int, str], object] = {}
        self.places: dict[tuple[int, str], int | None] = {}
        self.first_step: int | None = None
        self.version = 0

    def record(self, step: int, name: str, value, places: int | None = None) -> None:
        """The writer's number for a quantity; ``places`` when written as a bare decimal."""
        self.entries[(step, name)] = value
        self.places[(step, name)] = places
        self.version += 1
        self.first_step = step if self.first_step is None else min(self.first_step, step)

    def wrong_values(self, context, up_to: int) -> set:
        """The writer's numbers (to step ``up_to``) that are not the truth correctly rounded:
        copied later, they are taken as exact, not as rounded values."""
        out = set()
        defs = context.definitions
        for (step, name), value in self.entries.items():
            if step > up_to:
                continue
            truth = context.example.step(step).value(defs.value_name(sp.Symbol(name, real=True)))
            places = self.places[(step, name)]
            if not same(truth, value) and (places is None or not rounds_to(truth, value, places)):
                out.add(value)
        return out


class WriterWorld:
    """Quantities computed from the writer's own earlier numbers wherever they wrote any."""

    def __init__(self, context, step: int, exclude: frozenset = frozenset()):
        self.context = context
        self.step = step
        self.table = context.table
        self.exclude = exclude  # (step, name) entries not to use: the quantity being judged
        self.truth = TruthWorld(context, step)
        self.memo: dict[tuple[int, str], tuple] = {}
        self.used: dict[tuple[int, str], object] = {}
        self.evaluations = 0

    def lookup(self, symbol: sp.Symbol, step: int | None = None):
        value, used = self._value(symbol, step or self.step)
        for key in used:
            self.used[key] = self.table.entries[key]
        return value

    def _value(self, symbol: sp.Symbol, step: int) -> tuple[object, frozenset]:
        key = (step, symbol.name)
        if key in self.memo:
            return self.memo[key]
        self.evaluations += 1
        if self.evaluations > MAX_WRITER_EVALUATIONS:
            raise ClaimTooLarge("too many steps to recompute from the writer's numbers")
        result = self._compute(symbol, step, key)
        self.memo[key] = result
        return result

    def _compute(self, symbol, step, key):
        truth = self.truth.lookup(symbol, step)
        if key in self.table.entries and key not in self.exclude:
            written = self.table.entries[key]
            return written, (frozenset({key}) if not same(written, truth) else frozenset())
        first = self.table.first_step
        if first is None or first > step:
            return truth, frozenset()
        defs = self.context.definitions
        role = defs.role(symbol)
        if role is None or role[0] in ("input", "target", "rate"):
            return truth, frozenset()
        if role[0] in ("weight", "bias"):
            if step == 1:
                return truth, frozenset()
            updated = self.context.definitions.names.updated(symbol_name_of(defs, role)).symbol
            return self._value(updated, step - 1)
        definition = defs.one_level(symbol)
        used: set = set()

        def inner(s):
            value, u = self._value(s, step)
            used.update(u)
            return value

        return evaluate(definition, inner), frozenset(used)


def symbol_name_of(definitions, role):
    return definitions.names.parameter_name(*role)
