"""One side of a chain as the checker sees it: its tree, SymPy value, literals and role."""

from __future__ import annotations

import dataclasses
from functools import cached_property

import sympy as sp

from . import nodes as n
from .build import as_scalar
from .errors import ClaimShapeError
from .labels import pretty
from .values import evaluate, squeeze, transpose


def literal_grid(node):
    """The literal numbers of a side written as numbers only: 0.5, [0.85 0.48], (…)ᵀ."""
    value = n.literal(node)
    if value is not None:
        return value
    if isinstance(node, n.Transpose):
        inner = literal_grid(node.operand)
        is_grid = isinstance(inner, tuple) and isinstance(inner[0], tuple)
        return transpose(inner) if is_grid else inner
    if isinstance(node, n.MatrixLiteral):
        grid = tuple(tuple(n.literal(cell) for cell in row) for row in node.rows)
        if all(cell is not None for row in grid for cell in row):
            return grid
    return None


def is_known_quantity(node) -> bool:
    """A side that names quantities only: h1, ∂E/∂w5, [w5; w6], [h1 h2]ᵀ."""
    if isinstance(node, (n.Name, n.Derivative)):
        return True
    if isinstance(node, n.Transpose):
        return is_known_quantity(node.operand)
    if isinstance(node, n.MatrixLiteral):
        return all(isinstance(c, (n.Name, n.Derivative)) for row in node.rows for c in row)
    return False


def bare_parameters(node) -> bool:
    """A side made only of (unprimed) weights and biases: the target of an update."""
    if isinstance(node, n.Name):
        return node.quantity.is_parameter
    if isinstance(node, n.Transpose):
        return bare_parameters(node.operand)
    if isinstance(node, n.MatrixLiteral):
        return all(bare_parameters(c) for row in node.rows for c in row)
    return False


def mark_updated(node, names):
    """The same side with every parameter read as its updated value (w5 → w5')."""
    if isinstance(node, n.Name):
        role = node.quantity.role
        updated = names.updated(names.parameter_name(*role)).ascii
        return n.Name(node.pos, n.Quantity(updated, ("updated", *role)))
    if isinstance(node, n.Transpose):
        return dataclasses.replace(node, operand=mark_updated(node.operand, names))
    rows = tuple(tuple(mark_updated(c, names) for c in row) for row in node.rows)
    return dataclasses.replace(node, rows=rows)


def decimals_in(node) -> bool:
    """Whether the writer put non-integer numbers into a side (values plugged in)."""
    return any(isinstance(x, n.Number) and x.value.denominator != 1 for x in n.walk(node))


class Side:
    """A side's tree, its SymPy value (or why it has none), and its values in the worlds."""

    def __init__(self, index: int, node, text: str, builder):
        self.index = index
        self.node = node
        self.text = text
        self.label = pretty(text)
        self.error: str | None = None
        try:
            self.value = builder.build(node)
        except ClaimShapeError as exc:
            self.value, self.error = None, str(exc)
        self.named = n.names_in(node)
        self.known = is_known_quantity(node)
        self.literal = literal_grid(node) if not self.named else None
        self.decimals = decimals_in(node)
        self._values: dict[object, object] = {}

    @cached_property
    def scalar(self):
        value = self.value
        return as_scalar(value) if isinstance(value, sp.MatrixBase) else value

    def in_world(self, world):
        """The side's number(s) in a world (cached per world object)."""
        key = id(world)
        if key not in self._values:
            self._values[key] = squeeze(evaluate(self.scalar, world.lookup))
        return self._values[key]
