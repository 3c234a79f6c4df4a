"""What the writer's numbers stand for, remembered after each claim for the claims after it.

The subject's final numbers go into the writer's table (``WriterTable``) under the quantity's
name — negated where the notation's sign convention says so, as the updated value for a change
Δw, or under the formula itself for a stated intermediate (∂out/∂net = out(1 − out)). The final
literal's numbers are classified for later copies: exact results stay exact, roundings of a
known value stand for that value, numbers written after a slip stand for the true value of what
they were written for.
"""

from __future__ import annotations

import sympy as sp

from . import nodes as n
from .build import is_matrix
from .errors import ClaimShapeError, ClaimTooLarge
from .values import rounds_to, same


class WriterNotes:
    """The notes one judged claim leaves for the file (``claim``: its ClaimContext)."""

    def __init__(self, claim, sides):
        self.claim = claim
        self.sides = sides

    def record(self, verdict: str) -> None:
        """Remember the writer's final number(s): for the subject at this step and sample (in
        the table), and, after a slip, each wrong number with the true value it stood for."""
        claim = self.claim
        numeric = [s for s in self.sides if not s.named and not s.is_label and s.value is not None]
        if not numeric:
            return
        last = numeric[-1]
        slipped = verdict in ("wrong", "carried")
        self.remember_numbers(last, verdict)
        subject = claim.subject
        if subject is None:
            return
        try:
            value = last.in_world(claim.truth)
            truth = subject.in_world(claim.truth)
        except (ClaimTooLarge, ClaimShapeError):
            return
        grid = subject.scalar
        cells = list(grid) if is_matrix(grid) else [grid]
        shape = grid.shape if is_matrix(grid) else (1, 1)
        if value.shape != shape:
            return
        table = claim.file.table
        for (r, c, number), target in zip(value.cells(), cells):
            literal = last.literal.cell(r, c) if last.literal is not None else None
            places = literal[1] if literal is not None else None
            key, scale = self.key_of(target)
            if key is None:
                continue
            true = truth.cell(r, c)
            if isinstance(scale, tuple):  # a change Δw: the writer's w′ = w + Δw
                shift = scale[1]
                number, true = add(number, shift), add(true, shift)
            elif scale != 1:
                number, true = number / scale, true / scale
            table.record(
                claim.step, claim.sample, key, number, places, claim.line, true, slipped,
            )  # fmt: skip

    def key_of(self, target):
        """How the table keeps a subject entry: a symbol's name (with the notation's sign), or
        the formula itself for a stated intermediate (∂out/∂net = out(1 − out))."""
        if isinstance(target, sp.Symbol):
            return target.name, 1
        change = self.change_of(target)
        if change is not None:
            return change
        if isinstance(target, sp.Mul) and len(target.args) == 2 and target.args[0] == -1:
            inner = target.args[1]
            if isinstance(inner, sp.Symbol):
                return inner.name, -1
        if isinstance(target, sp.Basic) and target.free_symbols and not target.is_Number:
            return self.claim.definitions.unit_form(target), 1
        return None, 1

    def change_of(self, target):
        """Δw = w′ − w: kept as the writer's w′ (their change added to w at this step)."""
        defs = self.claim.definitions
        if not isinstance(target, sp.Add) or len(target.args) != 2:
            return None
        terms = {}
        for term in target.args:
            coefficient, symbol = term.as_coeff_Mul()
            q = defs.quantity(symbol)
            if q is None or not q.is_parameter or coefficient not in (1, -1):
                return None
            terms[q.updated] = (coefficient, q, symbol)
        if set(terms) != {True, False} or terms[True][0] != 1 or terms[False][0] != -1:
            return None
        if terms[True][1].before_update() != terms[False][1]:
            return None
        current = self.claim.truth.lookup(terms[False][2])
        return terms[True][2].name, ("shift", current)

    def remember_numbers(self, last, verdict: str) -> None:
        """What the writer's final numbers stand for when they copy them later: a number they
        obtained exactly is exact; one that rounds a true value is a rounding; one written
        after a slip stands for the true value of what it was written for (the subject, else
        the side before it)."""
        claim, file = self.claim, self.claim.file
        if last.literal is None:
            return
        before = [s for s in self.sides if s.index < last.index and not s.is_label]
        subject = claim.subject
        meant = subject if subject is not None and subject is not last else None
        previous = before[-1] if before else None
        try:
            truth = (meant or previous).in_world(claim.truth) if (meant or previous) else None
        except (ClaimShapeError, ClaimTooLarge):
            truth = None
        if truth is not None and truth.shape != last.literal.shape:
            truth = None
        # the value rounded is known exactly: a quantity's, or arithmetic on exact numbers
        known = meant is not None or (
            previous is not None
            and not previous.named
            and not any(
                claim.rounded_input(x) for x in n.walk(previous.node) if isinstance(x, n.Number)
            )
        )
        for r, c, (value, places) in last.literal.cells():
            if places <= 0:
                continue
            true = truth.cell(r, c) if truth is not None else None
            if true is None or same(true, value):
                continue
            if rounds_to(true, value, places):
                if known:  # the rounding of a value known exactly
                    file.rounded_written[value] = exact_fraction(true)
                    file.rounded_written[-value] = -exact_fraction(true)
            elif verdict in ("wrong", "carried"):
                file.mistaken.setdefault(value, (exact_fraction(true), claim.line))
        if verdict == "correct":
            # every step exact: the numbers are exact when the first side's are
            first = next((s for s in self.sides if not s.is_label), None)
            inputs = [x for x in n.walk(first.node) if isinstance(x, n.Number)] if first else []
            if first is not last and not any(claim.rounded_input(x) for x in inputs):
                for value, _ in last.literal.values():
                    file.exact_written.update((value, -value))


def add(a, b):
    from fractions import Fraction

    import mpmath

    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a + b
    from ..numbers import to_mpf

    with mpmath.workdps(60):
        return to_mpf(a) + to_mpf(b)


def exact_fraction(value):
    """A number as an exact Fraction (an mpf is a binary fraction)."""
    from fractions import Fraction

    if isinstance(value, Fraction):
        return value
    sign, man, exp, _ = value._mpf_
    magnitude = Fraction(man) * Fraction(2) ** exp if exp >= 0 else Fraction(man, 2 ** (-exp))
    return -magnitude if sign else magnitude
