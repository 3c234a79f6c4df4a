"""Slips found by changing what the writer wrote: transposing a matrix (or a product of
matrices) in it, or putting a neighbouring index on one of its names (∂h_1/∂w_3 → ∂h_2/∂w_3).

Each variant of the writer's tree is rebuilt and checked again; a variant that makes the side
right names the slip. Only a bounded number of variants is tried.
"""

from __future__ import annotations

import dataclasses

import sympy as sp

from . import nodes as n
from .errors import ClaimShapeError
from .labels import formula

MAX_VARIANTS = 60


def tree_variants(node, claim):
    """(kind, detail, tree) for transposed sub-matrices first, then neighbouring indices;
    ``claim`` is the claim's context (its file's definitions, builder and slip finder)."""
    defs, builder = claim.file.definitions, claim.file.builder
    finder = claim.file.slips
    names = defs.names
    count = 0
    for sub in n.walk(node):
        if isinstance(sub, n.MatrixLiteral) and len(sub.rows) * len(sub.rows[0]) > 1:
            flipped = dataclasses.replace(sub, rows=tuple(zip(*sub.rows)))
            try:
                shown = formula(builder.build(sub), names)
            except ClaimShapeError:
                continue
            detail = f"{shown} is written transposed"
            yield "transposed matrix", detail, replace_node(node, sub, flipped)
            count += 1
    for sub in n.walk(node):
        if isinstance(sub, n.Binary) and sub.op == "*":
            try:
                value = builder.build(sub)
            except ClaimShapeError:
                continue
            if isinstance(value, sp.MatrixBase) and value.shape != (1, 1):
                detail = f"the product {formula(value, names)} is transposed (factors swapped?)"
                transposed = n.Transpose(sub.pos, sub)
                yield "transposed matrix", detail, replace_node(node, sub, transposed)
                count += 1
        if count > MAX_VARIANTS:
            return
    for sub in n.walk(node):
        readings = []
        if isinstance(sub, n.Name):
            readings = [("name", sub.reading)]
        elif isinstance(sub, n.Derivative):
            readings = [("of", sub.of.reading)] if isinstance(sub.of, n.Name) else []
            readings.append(("by", sub.by))
        for where, reading in readings:
            q = reading.quantity
            if q is None or q.is_whole or reading.change or reading.scale != 1:
                continue
            symbol = defs.symbol(q)
            for other in finder.siblings(symbol)[:6]:
                replacement = dataclasses.replace(reading, quantity=defs.quantity(other))
                if where == "name":
                    new = n.Name(sub.pos, replacement)
                elif where == "by":
                    new = dataclasses.replace(sub, by=replacement)
                else:
                    new = dataclasses.replace(sub, of=n.Name(sub.of.pos, replacement))
                old_text, new_text = finder.show(symbol), finder.show(other)
                if isinstance(sub, n.Derivative):
                    of = sub.of.quantity if isinstance(sub.of, n.Name) else None
                    of_text = finder.show(defs.symbol(of)) if of is not None else "(…)"
                    by_q = sub.by.quantity
                    by_text = finder.show(defs.symbol(by_q)) if by_q is not None else "(…)"
                    detail = f"in ∂{of_text}/∂{by_text}, {new_text} belongs where {old_text} is"
                else:
                    detail = f"{old_text} where {new_text} belongs"
                yield "wrong index", detail, replace_node(node, sub, new)
                count += 1
                if count > MAX_VARIANTS:
                    return


def replace_node(tree, target, new):
    """``tree`` with the node ``target`` (by identity) replaced by ``new``."""
    return n.map_tree(tree, lambda x: new if x is target else None)
