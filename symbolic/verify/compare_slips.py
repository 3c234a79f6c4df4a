"""Searching for the slip behind a wrong number (methods of ``compare.Comparer``).

Candidates are the true formula's slipped versions (``slips.SlipFinder``) and changes to what
the writer wrote (``tree_slips``); each is evaluated in the truth and in the writer's own
numbers, and a slip is named when its value explains the written number.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from .build import as_scalar, is_matrix
from .compare_symbolic import common, summary
from .errors import ClaimShapeError, ClaimTooLarge
from .values import (
    cell,
    cells,
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
)


def explains(value, claimed, literal) -> bool:
    """Whether a slipped value explains a claimed number: exactly, or rounded to places that
    pin it down (a written 0.1 is too coarse to tell one slip from another)."""
    if same(value, claimed):
        return True
    if literal is None or literal[0] == 0:
        return False
    half = Fraction(1, 2 * 10 ** literal[1])
    return half / abs(literal[0]) <= Fraction(1, 200) and rounds_to(value, *literal)


class SlipSearchMixin:
    """Needs ``judge``, ``context``, ``defs``, ``names``, ``step``, ``truth`` from Comparer."""

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
