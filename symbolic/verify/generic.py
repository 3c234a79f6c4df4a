"""Generic rules: letter indices that stand for every quantity they can name.

A letter on a parameter (W_x = W_x − α·∂Error/∂W_x) stands for every parameter of that kind; a
letter on a unit's name without a layer (∂a_i/∂z_j = −a_i·a_j, "i and j being different units")
for every unit of the output layer, distinct letters for distinct units. The claim is checked
once for each instance (at most MAX_INSTANCES, spread over the network) and gets the worst of
their verdicts."""

from __future__ import annotations

import dataclasses
import itertools

from ..quantity import Quantity
from . import nodes as n

MAX_INSTANCES = 24
#: letters that index "any" quantity in a generic rule
GENERIC_INDICES = frozenset({"x", "i", "j", "k", "n", "ij"})
UNIT_LETTERS = frozenset({"i", "j", "k"})


def generic_tags(chain: n.Chain) -> list[str]:
    """The generic indices of a chain: "weight" / "bias", or "unit:i", "unit:j" …"""
    tags = []
    for side in chain.sides:
        for node in n.walk(side):
            for reading in (getattr(node, "reading", None), getattr(node, "by", None)):
                if reading is not None and reading.generic and reading.generic not in tags:
                    tags.append(reading.generic)
    return tags


def spread(items: list) -> list:
    if len(items) <= MAX_INSTANCES:
        return items
    step = len(items) / MAX_INSTANCES
    return [items[int(k * step)] for k in range(MAX_INSTANCES)]


def assignments(network, tags: list[str]) -> list[dict[str, Quantity | int]]:
    """Every instance of a rule: tag → the parameter, or the output unit's row."""
    kinds = [t for t in tags if not t.startswith("unit:")]
    letters = [t for t in tags if t.startswith("unit:")]
    if kinds:
        kind = kinds[0]
        found = [
            Quantity.parameter(p.kind, p.layer, p.row, p.col)
            for p in network.parameters()
            if p.kind == kind
        ]
        return [{kind: q} for q in spread(found)]
    rows = range(network.widths[-1])
    return [
        dict(zip(letters, chosen))
        for chosen in spread(list(itertools.permutations(rows, len(letters))))
    ]


def instance(chain: n.Chain, assignment: dict) -> n.Chain:
    """The chain with every generic index read as its assigned quantity."""

    def concrete(reading: n.Reading) -> n.Reading:
        if not reading.generic or reading.generic not in assignment:
            return reading
        chosen = assignment[reading.generic]
        if isinstance(chosen, Quantity):
            target = chosen.after_update() if reading.quantity.updated else chosen
        else:
            target = dataclasses.replace(reading.quantity, row=chosen)
        return dataclasses.replace(reading, quantity=target, generic=None)

    def change(node):
        if isinstance(node, n.Name):
            return dataclasses.replace(node, reading=concrete(node.reading))
        if isinstance(node, n.Derivative):
            return dataclasses.replace(node, of=n.map_tree(node.of, change), by=concrete(node.by))
        return None

    return dataclasses.replace(chain, sides=tuple(n.map_tree(s, change) for s in chain.sides))


def shown(network, assignment: dict) -> str:
    names = network.names
    parts = []
    for tag, chosen in assignment.items():
        if isinstance(chosen, Quantity):
            parts.append(names.name(chosen).ascii)
        else:
            parts.append(f"{tag[len('unit:') :]} = {chosen + 1}")
    return ", ".join(parts)
