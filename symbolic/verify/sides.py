"""One side of a chain as the checker sees it: its tree, SymPy value, literals and role."""

from __future__ import annotations

import dataclasses

from . import nodes as n
from .errors import ClaimShapeError, ClaimTooLarge
from .grid import Grid
from .labels import pretty
from .values import evaluate


def literal_grid(node) -> Grid | None:
    """The literal numbers of a side written as numbers only: 0.5, [0.85 0.48], (…)ᵀ — a Grid
    of (value, places) cells."""
    value = n.literal(node)
    if value is not None:
        return Grid.scalar(value)
    if isinstance(node, n.Transpose):
        inner = literal_grid(node.operand)
        return inner.T if inner is not None else None
    if isinstance(node, n.MatrixLiteral):
        cells = [[n.literal(cell) for cell in row] for row in node.rows]
        if all(cell is not None for row in cells for cell in row):
            return Grid(tuple(tuple(row) for row in cells))
    return None


def is_known_quantity(node) -> bool:
    """A side that names quantities only: h1, ∂E/∂w5, [w5; w6], [h1 h2]ᵀ, W^{(1)}."""
    if isinstance(node, n.Name):
        return node.reading.quantity is not None
    if isinstance(node, n.Derivative):
        return True
    if isinstance(node, n.Transpose):
        return is_known_quantity(node.operand)
    if isinstance(node, n.MatrixLiteral):
        return all(is_known_quantity(c) for row in node.rows for c in row)
    return False


def bare_parameters(node) -> bool:
    """A side made only of (unprimed) weights and biases: the target of an update."""
    if isinstance(node, n.Name):
        return node.reading.is_parameter and not node.reading.quantity.updated
    if isinstance(node, n.Transpose):
        return bare_parameters(node.operand)
    if isinstance(node, n.MatrixLiteral):
        return all(bare_parameters(c) for row in node.rows for c in row)
    return False


def mark_updated(node):
    """The same side with every parameter read as its updated value (w5 → w5')."""
    if isinstance(node, n.Name):
        return n.Name(node.pos, node.reading.updated())
    if isinstance(node, n.Transpose):
        return dataclasses.replace(node, operand=mark_updated(node.operand))
    rows = tuple(tuple(mark_updated(c) for c in row) for row in node.rows)
    return dataclasses.replace(node, rows=rows)


def decimals_in(node) -> bool:
    """Whether the writer put non-integer numbers into a side (values plugged in)."""
    return any(isinstance(x, n.Number) and x.value.denominator != 1 for x in n.walk(node))


class Side:
    """A side's tree, its SymPy value (or why it has none), and its values in the worlds."""

    def __init__(self, index: int, node, text: str, builder, column: int = 0):
        self.index = index
        self.node = node
        self.text = text
        self.column = column
        self.label = pretty(text)
        self.error: str | None = None
        self.is_label = any(n.is_label(x) for x in n.walk(node))
        self.value = None
        if not self.is_label:
            try:
                self.value = builder.build(node)
            except ClaimShapeError as exc:
                self.error = str(exc)
        self.named = n.names_in(node)
        self.generic = n.variables_in(node)
        self.known = is_known_quantity(node)
        self.literal = literal_grid(node) if not self.named else None
        self.decimals = decimals_in(node)
        self._values: dict[int, tuple] = {}

    def replaced(self, node, builder) -> Side:
        """The same side with another tree (a transposed view, a corrected number …)."""
        other = Side(self.index, node, self.text, builder, self.column)
        other.label = self.label
        return other

    @property
    def scalar(self):
        from .build import as_scalar

        return as_scalar(self.value)

    def in_world(self, world) -> Grid:
        """The side's number(s) in a world (cached per world object)."""
        key = id(world)
        found = self._values.get(key)
        if found is None or found[0] is not world:  # ids are reused once a world is gone
            if self.value is None:
                raise ClaimShapeError(self.error or "no value")
            found = self._values[key] = (world, world_value(self.scalar, world))
        return found[1]


def world_value(value, world) -> Grid:
    """A SymPy value's numbers in a world (the writer's puts in their stated intermediates)."""
    import sympy as sp

    evaluate_in = getattr(world, "evaluate", None)
    if evaluate_in is None:
        return evaluate(value, world.lookup)
    if isinstance(value, sp.MatrixBase):
        return Grid.build(value.shape, lambda r, c: evaluate_in(value[r, c]))
    return Grid.scalar(evaluate_in(value))


__all__ = ["ClaimTooLarge", "Side", "bare_parameters", "literal_grid", "mark_updated"]
