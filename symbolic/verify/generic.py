"""Generic rules: a letter index on a parameter (W_x = W_x − α·∂Error/∂W_x) stands for every
parameter of that kind, so the claim is checked once for each of them (at most MAX_INSTANCES,
spread over the network's layers)."""

from __future__ import annotations

import dataclasses

from ..quantity import Quantity
from . import nodes as n

MAX_INSTANCES = 24


def generic_kind(chain: n.Chain) -> str | None:
    for side in chain.sides:
        for node in n.walk(side):
            reading = getattr(node, "reading", None) or getattr(node, "by", None)
            if reading is not None and reading.generic:
                return reading.generic
    return None


def parameters_of(network, kind: str) -> list[Quantity]:
    found = [
        Quantity.parameter(p.kind, p.layer, p.row, p.col)
        for p in network.parameters()
        if p.kind == kind
    ]
    if len(found) <= MAX_INSTANCES:
        return found
    step = len(found) / MAX_INSTANCES
    return [found[int(k * step)] for k in range(MAX_INSTANCES)]


def instance(chain: n.Chain, q: Quantity) -> n.Chain:
    """The chain with every generic parameter read as ``q`` (updated where it is marked so)."""

    def concrete(reading: n.Reading) -> n.Reading:
        if not reading.generic:
            return reading
        target = q.after_update() if reading.quantity.updated else q
        return dataclasses.replace(reading, quantity=target, generic=None)

    def change(node):
        if isinstance(node, n.Name):
            return dataclasses.replace(node, reading=concrete(node.reading))
        if isinstance(node, n.Derivative):
            return dataclasses.replace(node, of=n.map_tree(node.of, change), by=concrete(node.by))
        return None

    return dataclasses.replace(chain, sides=tuple(n.map_tree(s, change) for s in chain.sides))
