"""Symbolic comparison of two sides: SymPy proves them equal under the network's definitions,
or the entries that differ are named, with the slip that explains them when there is one."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from . import nodes as n
from .build import as_scalar, is_matrix
from .definitions import display_form
from .errors import ClaimShapeError
from .findings import Finding
from .labels import formula, shorten
from .values import evaluate, same


class SymbolicMixin:
    """Methods of ``compare.Comparer`` for sides that are formulas."""

    def symbolic(self, a, b) -> Finding:
        va, vb = as_scalar(a.value), as_scalar(b.value)
        reference, claimed = self.roles(a, b)
        expected = self.formula(reference.value)
        if (va.shape if is_matrix(va) else None) != (vb.shape if is_matrix(vb) else None):
            transposed = is_matrix(va) and is_matrix(vb) and va.T.shape == vb.shape
            if transposed and self.all_equal(va.T, vb):
                message = f"{b.label} is {a.label} transposed"
                return Finding("wrong", a.index, b.index, message, expected, "transposed matrix")
            message = f"{a.label} and {b.label} differ in shape"
            return Finding("wrong", a.index, b.index, message, expected)
        pairs = list(zip(va, vb)) if is_matrix(va) else [(va, vb)]
        hows, wrong, unsure = [], [], None
        for k, (x, y) in enumerate(pairs):
            proof = self.judge.prove(x, y, self.judge.plugs_in_data(a, b))
            if proof.equal:
                hows.append(proof.how)
            elif proof.equal is None and self.equal_at_example(x, y):
                unsure = proof.how
            else:
                wrong.append(k)
        if not wrong:
            if unsure == "too large to write out":
                how = "equal at the worked example (too large to prove symbolically)"
            elif unsure:
                how = "equal at random points and at the worked example (no SymPy proof)"
            else:
                how = _how(hows)
            return Finding("correct", a.index, b.index, how, expected, how=how)
        slip = self.symbolic_slip(reference, claimed, wrong)
        if is_matrix(va):
            ref_cells = display_form(self.defs, as_scalar(reference.value))
            shown = "; ".join(
                f"({k // va.cols + 1},{k % va.cols + 1}) should be "
                + shorten(formula(ref_cells[k], self.names), 80)
                for k in wrong
            )
            message = f"{claimed.label} is wrong: {shown}"
        else:
            expected = self.definition_text(reference.value)
            message = f"{claimed.label} is not {reference.label} = {shorten(expected)}"
        if slip:
            message += f"; slip: {slip}"
        return Finding("wrong", a.index, b.index, message, expected, slip)

    def all_equal(self, x, y) -> bool:
        return all(self.judge.prove(p, q).equal for p, q in zip(x, y))

    def equal_at_example(self, x, y) -> bool:
        try:
            return same(evaluate(x, self.truth.lookup), evaluate(y, self.truth.lookup))
        except ClaimShapeError:
            return False

    def symbolic_slip(self, reference, claimed, wrong) -> str | None:
        """The slip that turns the right formula into what was written, if one does."""
        if reference is claimed:
            return None
        ref_value = self.slip_reference(as_scalar(reference.value))
        claimed_value = self.defs.unit_form(as_scalar(claimed.value))
        square = is_matrix(ref_value) and ref_value.shape[0] == ref_value.shape[1]
        if square and ref_value != ref_value.T and self.all_equal(ref_value.T, claimed_value):
            return "transposed matrix — written transposed"
        if is_matrix(ref_value):
            tree = self.tree_slip(reference, claimed, symbolic=True)
            if tree:
                return tree
        found = []
        subject = as_scalar(reference.value)
        for k in wrong:
            expr = ref_value[k] if is_matrix(ref_value) else ref_value
            target = claimed_value[k] if is_matrix(claimed_value) else claimed_value
            symbol = subject[k] if is_matrix(subject) else subject
            slip = self.symbolic_cell_slip(expr, target, symbol)
            if slip is None:
                found = None
                break
            found.append(slip)
        if found:
            return summary(found)
        return self.tree_slip(reference, claimed, symbolic=True)

    def symbolic_cell_slip(self, expr, target, subject=None):
        """The first slip of the right formula that SymPy proves equal to what was written.

        Candidates are first compared at a random point of their unit-level forms (Δ, δ, E
        written out; activations, weights, inputs as free numbers), which rules most out
        cheaply even where the worked example has many zeros.
        """
        in_units = self.defs.in_units
        point = _RandomPoint()
        try:
            aim = evaluate(in_units(target), point)
        except (ClaimShapeError, ZeroDivisionError):
            return None
        written = frozenset(target.free_symbols)
        for slip in self.judge.slips.formula_slips(expr, subject, written):
            try:
                value = evaluate(in_units(slip.expr), point)
            except (ClaimShapeError, ZeroDivisionError):
                continue
            if same(value, aim) and self.judge.prove(slip.expr, target).equal:
                return slip
        return None


class _RandomPoint:
    """A fixed pseudo-random rational for every symbol asked for (deterministic by name)."""

    def __init__(self):
        self.values: dict = {}

    def __call__(self, symbol):
        if symbol not in self.values:
            seed = sum(ord(c) * (k + 1) for k, c in enumerate(symbol.name))
            self.values[symbol] = Fraction(seed % 97 + 3, 59 + seed % 31)
        return self.values[symbol]


def _how(hows) -> str:
    if "with the example's inputs, target and η" in hows:
        return "holds with the example's inputs, target and η"
    if "under the network's definitions" in hows:
        return "proved under the network's definitions"
    return "proved"


def common(per_cell: list[list]) -> list:
    """One slip per wrong entry, all of one kind when a kind explains every entry."""
    for slip in per_cell[0]:
        chosen = [next((s for s in cell if s.kind == slip.kind), None) for cell in per_cell]
        if all(chosen):
            return chosen
    return [cell[0] for cell in per_cell]


def summary(slips) -> str:
    """One line naming the slip(s) found for the wrong entries."""
    kinds = list(dict.fromkeys(s.kind for s in slips))
    details = list(dict.fromkeys(s.detail for s in slips))
    return f"{' / '.join(kinds)} — {'; '.join(details)}"


def replace_node(tree, target, new):
    """``tree`` with the node ``target`` (by identity) replaced by ``new``."""
    if tree is target:
        return new
    if isinstance(tree, n.MatrixLiteral):
        rows = tuple(tuple(replace_node(c, target, new) for c in row) for row in tree.rows)
        return dataclasses.replace(tree, rows=rows)
    if isinstance(tree, n.Call):
        arguments = tuple(replace_node(a, target, new) for a in tree.arguments)
        return dataclasses.replace(tree, arguments=arguments)
    changes = {
        field: replace_node(getattr(tree, field), target, new)
        for field in ("left", "right", "operand", "base", "exponent", "of")
        if hasattr(tree, field)
    }
    return dataclasses.replace(tree, **changes) if changes else tree
