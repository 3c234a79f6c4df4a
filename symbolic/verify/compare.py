"""Comparing two sides of a chain: symbolically (proved by SymPy) or as numbers at a step.

Numbers: exactly equal is ``correct``; a bare number equal to the other side rounded to the
places written is ``rounded``, and so is an expression whose only differences come from numbers
rounded to the places written (0.14 + 0.0344 against 0.14 + 0.04045·0.85); wrong against the
truth but equal when both sides are computed from the writer's earlier numbers is ``carried``;
anything else is ``wrong``, with a slip named when one reproduces the writer's value.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from . import nodes as n
from .build import as_scalar, is_matrix
from .compare_symbolic import SymbolicMixin, common, summary
from .definitions import display_form
from .errors import ClaimShapeError, ClaimTooLarge
from .findings import Finding, worst
from .intervals import contains, interval, perturbed
from .labels import formula, symbol_label
from .values import (
    cells,
    differ,
    evaluate,
    is_grid,
    rounds_to,
    same,
    shape,
    squeeze,
    transpose,
    value_text,
)


def literal_cell(literal, r: int, c: int):
    if literal is None:
        return None
    if isinstance(literal, tuple) and literal and isinstance(literal[0], tuple):
        return literal[r][c]
    return literal


def matches(value, claimed, literal) -> bool:
    return same(value, claimed) or (literal is not None and rounds_to(value, *literal))


def explains(value, claimed, literal) -> bool:
    """Whether a slipped value explains a claimed number: exactly, or rounded to places that
    pin it down (a written 0.1 is too coarse to tell one slip from another)."""
    if same(value, claimed):
        return True
    if literal is None or literal[0] == 0:
        return False
    half = Fraction(1, 2 * 10 ** literal[1])
    return half / abs(literal[0]) <= Fraction(1, 200) and rounds_to(value, *literal)


def cell(value, r, c):
    return value[r][c] if is_grid(value) else value


def same_cells(x, y) -> bool:
    if shape(x) != shape(y):
        return False
    return all(same(p, q) for (_, _, p), (_, _, q) in zip(cells(x), cells(y)))


def shape_text(value) -> str:
    return f"{shape(value)[0]}×{shape(value)[1]}" if is_grid(value) else "a number"


class Comparer(SymbolicMixin):
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

    # ------------------------------------------------------------------ numeric slips
    def numeric_slip(self, reference, claimed, wrong_cells) -> str | None:
        """The slip that reproduces the claimed numbers, if one does."""
        if reference is claimed:
            return None
        whole = self.transposed_whole(reference, claimed) if reference.named else None
        tree = self.tree_slip(reference, claimed, symbolic=False)
        if whole or tree or not reference.named:
            return whole or tree
        truth_claimed = claimed.in_world(self.truth)
        ref_value = self.slip_reference(as_scalar(reference.value))
        if shape(truth_claimed) != (ref_value.shape if is_matrix(ref_value) else None):
            return None
        found = []
        worlds = [self.truth, self.judge.writer()]
        subject = as_scalar(reference.value)
        for r, c in wrong_cells:
            expr = ref_value[r, c] if is_matrix(ref_value) else ref_value
            symbol = subject[r, c] if is_matrix(subject) else subject
            y = cell(truth_claimed, r, c)
            slips = self.cell_slips(expr, y, literal_cell(claimed.literal, r, c), worlds, symbol)
            if not slips:
                return None
            found.append(slips)
        return summary(common(found))

    def slip_reference(self, value):
        """The formula a slip is tested on: a unit by its definition, ∂E/∂θ and θ′ written out."""
        defs = self.defs

        def one(symbol):
            role = defs.role(symbol) if isinstance(symbol, sp.Symbol) else None
            if role and role[0] in ("unit", "pre", "residual", "error", "delta"):
                return defs.unit_form(defs.one_level(symbol))
            return defs.unit_form(symbol)

        return value.applyfunc(one) if is_matrix(value) else one(value)

    def cell_slips(self, expr, y, literal, worlds, subject=None) -> list:
        """Every candidate slip whose value (in the truth, then in the writer's numbers)
        explains the claimed number, most likely first."""
        finder = self.judge.slips
        candidates = finder.formula_slips(expr, subject) + finder.iteration_slips(expr, self.step)
        found = []
        for world in worlds:
            values = self.candidate_values(world, expr, subject, candidates)
            found += [
                slip
                for slip, value in zip(candidates, values)
                if value is not None and explains(value, y, literal) and slip not in found
            ]
        return found

    def candidate_values(self, world, expr, subject, candidates) -> list:
        """Each candidate's value in a world; cached for the truth, which never changes."""
        key = (expr, subject, self.step)
        cache = self.context.truth_slip_values
        if world is self.truth and key in cache:
            return cache[key]
        values = []
        for slip in candidates:
            try:
                target = slip.expr if slip.expr is not None else expr
                values.append(evaluate(target, self.shifted(world, slip)))
            except (ClaimShapeError, ClaimTooLarge, ZeroDivisionError):
                values.append(None)
        if world is self.truth:
            cache[key] = values
        return values

    def shifted(self, world, slip):
        if not slip.shift:
            return world.lookup
        shifts = dict(slip.shift)
        names = self.names

        def lookup(symbol):
            how = shifts.get(symbol)
            if how == "previous":
                return world.lookup(symbol, self.step - 1)
            if how == "after":
                role = self.defs.role(symbol)
                return world.lookup(names.updated(names.parameter_name(*role)).symbol)
            return world.lookup(symbol)

        return lookup

    def transposed_whole(self, reference, claimed) -> str | None:
        t_ref = reference.in_world(self.truth)
        t_claimed = claimed.in_world(self.truth)
        if not is_grid(t_ref) or shape(t_ref)[0] != shape(t_ref)[1]:
            return None
        if same_cells(t_ref, transpose(t_ref)):
            return None
        if all(
            matches(x, y, literal_cell(claimed.literal, r, c))
            for (r, c, y), (_, _, x) in zip(cells(t_claimed), cells(transpose(t_ref)))
        ):
            return "transposed matrix — written transposed"
        return None

    def tree_slip(self, reference, claimed, symbolic: bool) -> str | None:
        """A change to what the writer wrote (a transpose, an index) that makes it right."""
        from .tree_slips import tree_variants

        target = reference.in_world(self.truth) if not symbolic else None
        for kind, detail, tree in tree_variants(claimed.node, self.judge):
            try:
                value = as_scalar(self.judge.builder.build(tree))
                if symbolic:
                    ref = as_scalar(reference.value)
                    if (value.shape if is_matrix(value) else None) != (
                        ref.shape if is_matrix(ref) else None
                    ):
                        continue
                    pairs = zip(ref, value) if is_matrix(value) else [(ref, value)]
                    if all(self.judge.prove(p, q).equal for p, q in pairs):
                        return f"{kind} — {detail}"
                    continue
                result = squeeze(evaluate(value, self.truth.lookup))
            except (ClaimShapeError, ClaimTooLarge):
                continue
            if shape(result) == shape(target) and same_cells(result, target):
                return f"{kind} — {detail}"
        return None


def _is_box_grid(box) -> bool:
    return isinstance(box[0], tuple)


def _box_cell(box, r, c):
    return box[r][c] if _is_box_grid(box) else box


def _numbers(node) -> set:
    return {x.value for x in n.walk(node) if isinstance(x, n.Number)}
