"""Comparing two sides of a chain: symbolically (proved by SymPy) or as numbers at a step.

Numbers: exactly equal is ``correct``; a bare number equal to the other side rounded to the
places written is ``rounded``, and so is an expression whose only differences come from numbers
rounded to the places written (0.14 + 0.0344 against 0.14 + 0.04045·0.85); wrong against the
truth but equal when both sides are computed from the writer's earlier numbers is ``carried``;
anything else is ``wrong``, with a slip named when one reproduces the writer's value.
"""

from __future__ import annotations

import sympy as sp

from . import nodes as n
from .build import as_scalar, is_matrix
from .compare_slips import SlipSearchMixin
from .compare_symbolic import SymbolicMixin
from .definitions import display_form
from .errors import ClaimShapeError, ClaimTooLarge
from .findings import Finding, worst
from .intervals import contains, interval, perturbed
from .labels import formula, symbol_label
from .values import (
    cell,
    cells,
    differ,
    evaluate,
    is_grid,
    literal_cell,
    matches,
    rounds_to,
    same,
    same_cells,
    shape,
    squeeze,
    transpose,
    value_text,
)


def shape_text(value) -> str:
    return f"{shape(value)[0]}×{shape(value)[1]}" if is_grid(value) else "a number"


class Comparer(SymbolicMixin, SlipSearchMixin):
    """Compares sides of one chain at one step; knows the worlds and the chain's subject."""

    def __init__(self, judge):
        self.judge = judge
        self.context = judge.context
        self.defs = judge.context.definitions
        self.names = self.defs.names
        self.step = judge.step
        self.truth = judge.truth
        self.subject = judge.subject

    def formula(self, value) -> str:
        return formula(display_form(self.defs, as_scalar(value)), self.names)

    def definition_text(self, value) -> str:
        """A named quantity's formula one level down (δ = Δ·a·(1 − a), h1 = i1·w1 + …)."""
        value = as_scalar(value)
        defs = self.defs

        def one(symbol):
            role = defs.role(symbol) if isinstance(symbol, sp.Symbol) else None
            if role and role[0] in ("unit", "pre", "residual", "error", "delta"):
                return defs.one_level(symbol)
            return symbol

        shown = value.applyfunc(one) if is_matrix(value) else one(value)
        return formula(display_form(defs, shown), self.names)

    def compare(self, a, b) -> Finding:
        if a.value is None or b.value is None:
            bad = a if a.value is None else b
            return Finding("wrong", a.index, b.index, f"{bad.label}: {bad.error}")
        symbolic = a.named and b.named and not (a.decimals or b.decimals)
        try:
            return self.symbolic(a, b) if symbolic else self.numeric(a, b)
        except ClaimShapeError as exc:
            return Finding("wrong", a.index, b.index, f"{a.label} = {b.label}: {exc}")

    def roles(self, a, b):
        """(reference side, claimed side): whose truth is expected, whose value is judged."""
        subject = self.subject
        if subject is a or subject is b:
            return subject, (b if subject is a else a)
        if subject is not None:
            return subject, b
        if b.named and not a.named:
            return b, a
        return a, b

    def truth_text(self, side) -> str:
        try:
            return value_text(side.in_world(self.truth))
        except ClaimShapeError:
            return "?"

    # ------------------------------------------------------------------ numbers
    def numeric(self, a, b) -> Finding:
        ta, tb = a.in_world(self.truth), b.in_world(self.truth)
        if shape(ta) != shape(tb):
            return self.shape_mismatch(a, b, ta, tb)
        states = {}
        for (r, c, x), (_, _, y) in zip(cells(ta), cells(tb)):
            la, lb = literal_cell(a.literal, r, c), literal_cell(b.literal, r, c)
            if same(x, y):
                states[(r, c)] = "correct"
            elif (lb and rounds_to(x, *lb)) or (la and rounds_to(y, *la)):
                states[(r, c)] = "rounded"
            else:
                states[(r, c)] = "pending"
        pending = [k for k, s in states.items() if s == "pending"]
        how = ""
        if pending and self.within_rounding(a, b, ta, tb, pending):
            for k in pending:
                states[k] = "rounded"
            pending, how = [], "intermediate"
        follows: dict = {}
        if pending and (a.named or b.named):
            follows = self.carried(a, b, ta, states, pending)
            pending = [k for k in pending if states[k] == "pending"]
        verdict = worst("wrong" if s == "pending" else s for s in states.values())
        reference, claimed = self.roles(a, b)
        expected = self.truth_text(reference)
        if verdict == "correct":
            return Finding("correct", a.index, b.index, "exact", expected)
        if verdict == "rounded":
            if how:
                message = (
                    f"{claimed.label} agrees with {reference.label} = {expected} within the "
                    "rounding of the numbers written"
                )
            else:
                places = sorted(
                    {
                        (literal_cell(b.literal, r, c) or literal_cell(a.literal, r, c))[1]
                        for (r, c), s in states.items()
                        if s == "rounded"
                    }
                )
                shown = "/".join(map(str, places))
                plural = "s" if places != [1] else ""
                message = (
                    f"{claimed.label} is {reference.label} = {expected} rounded to "
                    f"{shown} decimal place{plural}"
                )
            return Finding("rounded", a.index, b.index, message, expected)
        if verdict == "carried":
            message = (
                f"{claimed.label} follows from your {self.follows_text(follows)}; "
                f"the true {reference.label} is {expected}"
            )
            return Finding("carried", a.index, b.index, message, expected)
        return self.numeric_wrong(a, b, ta, reference, claimed, expected, pending, states)

    def within_rounding(self, a, b, ta, tb, pending) -> bool:
        """Whether the differences come only from numbers rounded to the places written."""
        if not a.named and not b.named and self.aligned(a.node, b.node):
            return True
        exact = self.context.exact_values(self.step)
        if not a.named and not b.named:  # a number on both sides is the same number
            exact = exact | (_numbers(a.node) & _numbers(b.node))
        for side, other in ((b, ta), (a, tb)):
            if side.known or side.literal is not None or not perturbed(side.node, exact):
                continue
            box = interval(side.node, exact, self.named_value)
            if box is None:
                continue
            if _is_box_grid(box) and len(box) == 1 and len(box[0]) == 1 and not is_grid(other):
                box = box[0][0]
            if all(contains(_box_cell(box, r, c), cell(other, r, c)) for r, c in pending):
                return True
        return False

    def named_value(self, node):
        """A name's (or derivative's) value at this step, for interval bounds."""
        value = as_scalar(self.judge.builder.build(node))
        result = evaluate(value, self.truth.lookup)
        return result[0][0] if is_grid(result) and shape(result) == (1, 1) else result

    def carried(self, a, b, ta, states, pending) -> dict:
        writer = self.judge.writer()
        try:
            wa, wb = a.in_world(writer), b.in_world(writer)
        except ClaimTooLarge:
            return {}
        if shape(wa) != shape(ta) or shape(wb) != shape(ta):
            return {}
        tb = b.in_world(self.truth)
        for r, c in pending:
            x, y, x2, y2 = cell(ta, r, c), cell(tb, r, c), cell(wa, r, c), cell(wb, r, c)
            la, lb = literal_cell(a.literal, r, c), literal_cell(b.literal, r, c)
            agree = same(x2, y2) or (lb and rounds_to(x2, *lb)) or (la and rounds_to(y2, *la))
            if agree and (differ(x2, x) or differ(y2, y)):
                states[(r, c)] = "carried"
        return dict(writer.used)

    def numeric_wrong(self, a, b, ta, reference, claimed, expected, wrong, states) -> Finding:
        slip = self.numeric_slip(reference, claimed, wrong)
        if not a.named and not b.named:
            message = f"{a.label} = {value_text(ta)}, not {value_text(b.in_world(self.truth))}"
            if reference.named:
                message += f" ({reference.label} is {expected})"
        elif reference.named and reference is not claimed:
            note = ""
            try:
                writer = self.judge.writer()
                w = reference.in_world(writer)
                mistaken = self.context.wrong_values(self.step)
                if any(v in mistaken for v in writer.used.values()) and not same_cells(
                    w, reference.in_world(self.truth)
                ):
                    note = f" (from your earlier numbers: {value_text(w)})"
            except (ClaimTooLarge, ClaimShapeError):
                pass
            message = f"{claimed.label} should be {expected}{note}"
            if is_grid(ta) and len(wrong) < len(states):
                message += " (wrong: " + ", ".join(f"({r + 1},{c + 1})" for r, c in wrong) + ")"
        else:
            message = f"{a.label} = {value_text(ta)}, not {b.label}"
            expected = value_text(ta)
        if slip:
            message += f"; slip: {slip}"
        return Finding("wrong", a.index, b.index, message, expected, slip)

    def follows_text(self, used: dict) -> str:
        parts = []
        for (step, name), value in sorted(used.items()):
            where = f" (step {step})" if step != self.step else ""
            parts.append(f"{symbol_label(name, self.names)} = {value_text(value)}{where}")
        return ", ".join(parts) if parts else "earlier numbers"

    def shape_mismatch(self, a, b, ta, tb) -> Finding:
        if (
            is_grid(ta)
            and is_grid(tb)
            and shape(transpose(ta)) == shape(tb)
            and all(
                matches(x, y, literal_cell(b.literal, r, c))
                for (r, c, y), (_, _, x) in zip(cells(tb), cells(transpose(ta)))
            )
        ):
            message = f"{b.label} is {a.label} transposed ({shape_text(ta)}, {shape_text(tb)})"
            slip = "transposed matrix"
            return Finding("wrong", a.index, b.index, message, value_text(ta), slip)
        message = f"{a.label} is {shape_text(ta)} but {b.label} is {shape_text(tb)}"
        return Finding("wrong", a.index, b.index, message, value_text(ta))

    def aligned(self, x, y) -> bool:
        """Same arithmetic where every difference is a bare number rounding the other's value."""
        try:
            vx = squeeze(evaluate(as_scalar(self.judge.builder.build(x)), {}.__getitem__))
            vy = squeeze(evaluate(as_scalar(self.judge.builder.build(y)), {}.__getitem__))
        except (ClaimShapeError, KeyError):
            return False
        if shape(vx) != shape(vy):
            return False
        if same_cells(vx, vy):
            return True
        from .sides import literal_grid

        lx, ly = literal_grid(x), literal_grid(y)
        if lx is not None or ly is not None:
            return all(
                (literal_cell(ly, r, c) and rounds_to(u, *literal_cell(ly, r, c)))
                or (literal_cell(lx, r, c) and rounds_to(v, *literal_cell(lx, r, c)))
                or same(u, v)
                for (r, c, u), (_, _, v) in zip(cells(vx), cells(vy))
            )
        if type(x) is not type(y) or getattr(x, "op", None) != getattr(y, "op", None):
            return False
        kids_x, kids_y = n.children(x), n.children(y)
        if len(kids_x) != len(kids_y) or not kids_x:
            return False
        return all(self.aligned(p, q) for p, q in zip(kids_x, kids_y))


def _is_box_grid(box) -> bool:
    return isinstance(box[0], tuple)


def _box_cell(box, r, c):
    return box[r][c] if _is_box_grid(box) else box


def _numbers(node) -> set:
    return {x.value for x in n.walk(node) if isinstance(x, n.Number)}
