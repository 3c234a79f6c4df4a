"""Which values a numeric side could have, given that its numbers were rounded to the places
written: 0.0344 stands for anything in [0.03435, 0.03445]. Numbers that are exact values of the
step (inputs, η, weights, units …) and whole numbers are taken as exact.

Interval arithmetic over our syntax tree, in 60-digit mpmath numbers; None when a node is not
supported (names, non-monotonic functions, an interval divisor containing zero).
"""

from __future__ import annotations

from fractions import Fraction

import mpmath

from ..numbers import WORKING_DIGITS, to_mpf
from . import nodes as n

MONOTONIC = {
    "exp": mpmath.exp,
    "sigmoid": lambda x: 1 / (1 + mpmath.exp(-x)),
    "tanh": mpmath.tanh,
    "relu": lambda x: max(x, mpmath.mpf(0)),
    "sinh": mpmath.sinh,
}


class Unsupported(Exception):
    pass


def interval(node, exact: set[Fraction], named=None):
    """(lo, hi) or a grid of them; None when it cannot be bounded.

    ``named(node)`` gives the value of a name or derivative (taken as exact), if any.
    """
    try:
        with mpmath.workdps(WORKING_DIGITS):
            return _interval(node, exact, named)
    except (Unsupported, ZeroDivisionError, ValueError, OverflowError):
        return None


def perturbed(node, exact: set[Fraction]) -> bool:
    """Whether a side has any number that may have been rounded."""
    return any(
        isinstance(x, n.Number) and x.places > 0 and x.value not in exact for x in n.walk(node)
    )


def contains(box, value) -> bool:
    lo, hi = box
    with mpmath.workdps(WORKING_DIGITS):
        v = to_mpf(value)
        slack = mpmath.mpf(10) ** (-40) * max(1, abs(v))
        return lo - slack <= v <= hi + slack


def _grid(x) -> bool:
    return isinstance(x, tuple) and x and isinstance(x[0], tuple) and isinstance(x[0][0], tuple)


def _squeeze(x):
    return x[0][0] if _grid(x) and len(x) == 1 and len(x[0]) == 1 else x


def _add(a, b, sign=1):
    lo = a[0] + (b[0] if sign > 0 else -b[1])
    hi = a[1] + (b[1] if sign > 0 else -b[0])
    return (lo, hi)


def _mul(a, b):
    products = [a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]]
    return (min(products), max(products))


def _map(x, f):
    return tuple(tuple(f(c) for c in row) for row in x) if _grid(x) else f(x)


def _interval(node, exact, named=None):
    if isinstance(node, (n.Name, n.Derivative)):
        if named is None:
            raise Unsupported
        return _map(named(node), lambda v: (to_mpf(v), to_mpf(v)))
    if isinstance(node, n.Number):
        v = to_mpf(node.value)
        if node.places == 0 or node.value in exact:
            return (v, v)
        half = to_mpf(Fraction(1, 2 * 10**node.places))
        return (v - half, v + half)
    if isinstance(node, n.Negate):
        return _map(_interval(node.operand, exact, named), lambda c: (-c[1], -c[0]))
    if isinstance(node, n.MatrixLiteral):
        rows = []
        for row in node.rows:
            cells = [_squeeze(_interval(c, exact, named)) for c in row]
            if any(_grid(c) for c in cells):
                raise Unsupported
            rows.append(tuple(cells))
        return tuple(rows)
    if isinstance(node, n.Transpose):
        inner = _interval(node.operand, exact, named)
        return tuple(zip(*inner)) if _grid(inner) else inner
    if isinstance(node, n.Binary):
        return _binary(
            node.op, _interval(node.left, exact, named), _interval(node.right, exact, named)
        )
    if isinstance(node, n.Power):
        return _power(_squeeze(_interval(node.base, exact, named)), node.exponent)
    if isinstance(node, n.Call) and node.function == "abs":
        return _map(_interval(node.arguments[0], exact, named), _abs)
    if isinstance(node, n.Call) and node.function in MONOTONIC and len(node.arguments) == 1:
        f = MONOTONIC[node.function]
        return _map(_interval(node.arguments[0], exact, named), lambda c: (f(c[0]), f(c[1])))
    raise Unsupported


def _abs(box):
    lo, hi = box
    if lo >= 0:
        return box
    if hi <= 0:
        return (-hi, -lo)
    return (mpmath.mpf(0), max(-lo, hi))


def _binary(op, a, b):
    if op in "+-":
        if _grid(a) != _grid(b):
            a, b = _squeeze(a), _squeeze(b)
        if _grid(a) != _grid(b):
            raise Unsupported
        sign = 1 if op == "+" else -1
        if _grid(a):
            if len(a) != len(b) or len(a[0]) != len(b[0]):
                raise Unsupported
            return tuple(tuple(_add(x, y, sign) for x, y in zip(ra, rb)) for ra, rb in zip(a, b))
        return _add(a, b, sign)
    if op == "*":
        if _grid(a) and _grid(b):
            if len(a[0]) == len(b):
                inner = range(len(b))
                return tuple(
                    tuple(_sum(_mul(row[k], b[k][j]) for k in inner) for j in range(len(b[0])))
                    for row in a
                )
            a, b = _squeeze(a), _squeeze(b)
            if _grid(a) and _grid(b):
                raise Unsupported
        if _grid(a):
            return _map(a, lambda c: _mul(c, b))
        if _grid(b):
            return _map(b, lambda c: _mul(a, c))
        return _mul(a, b)
    b = _squeeze(b)
    if _grid(b) or b[0] <= 0 <= b[1]:
        raise Unsupported
    inverse = (1 / b[1], 1 / b[0])
    return _map(a, lambda c: _mul(c, inverse))


def _sum(boxes):
    lo = hi = mpmath.mpf(0)
    for box in boxes:
        lo, hi = lo + box[0], hi + box[1]
    return (lo, hi)


def _power(base, exponent_node):
    if _grid(base):
        raise Unsupported
    exponent = n.literal(exponent_node)
    if exponent is None or exponent[0].denominator != 1:
        raise Unsupported
    k = int(exponent[0])
    lo, hi = base
    if k < 0:
        if lo <= 0 <= hi:
            raise Unsupported
        lo, hi = 1 / hi, 1 / lo
        k = -k
    values = [lo**k, hi**k]
    if k % 2 == 0 and lo <= 0 <= hi:
        return (mpmath.mpf(0), max(values))
    return (min(values), max(values))
