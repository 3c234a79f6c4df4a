"""Which values a numeric side could have, given that its numbers were rounded to the places
written: 0.0344 stands for anything in [0.03435, 0.03445]. Numbers that are exact values of the
step (inputs, η, weights, units …), whole numbers and numbers written to a precision the writer
does not round to are taken as exact; names and derivatives have their value at the step.

Interval arithmetic over our syntax tree in 60-digit mpmath numbers, through sums, products,
quotients, powers, e^x, log, √, σ, σ′, tanh, tanh′, ReLU, |x|, max, Σ and ∘; the result is a
``Grid`` of (lo, hi) boxes that always contains every value the written numbers allow (wider
than that where a number occurs twice). ``None`` when a node is not supported.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import mpmath

from ..numbers import WORKING_DIGITS, to_mpf
from . import nodes as n
from .grid import Grid
from .values import half_unit

Box = tuple  # (lo, hi) of mpf

MONOTONIC: dict[str, Callable] = {
    "exp": mpmath.exp,
    "sigmoid": lambda x: 1 / (1 + mpmath.exp(-x)),
    "tanh": mpmath.tanh,
    "relu": lambda x: max(x, mpmath.mpf(0)),
    "sinh": mpmath.sinh,
}
#: |x| of an argument beyond which e^x is not bounded here
_EXP_LIMIT = 10**4


class Unsupported(Exception):
    pass


def interval(node, number_box, named=None, activation=None) -> Grid | None:
    """The boxes of a side; None when it cannot be bounded.

    ``number_box(number node)`` gives the values a written number stands for; ``named(node)`` the
    value Grid of a name or derivative (taken as exact); ``activation(layer)`` the name of a
    layer's transfer function (for f(z), F(x), f'_2(z_2)).
    """
    try:
        with mpmath.workdps(WORKING_DIGITS):
            return _Bounds(number_box, named, activation).of(node)
    except (Unsupported, ZeroDivisionError, ValueError, OverflowError):
        return None


def overlaps(box: Box, other: Box) -> bool:
    with mpmath.workdps(WORKING_DIGITS):
        slack = mpmath.mpf(10) ** (-40) * max(1, abs(box[0]), abs(other[0]))
        return box[0] - slack <= other[1] and other[0] - slack <= box[1]


def literal_box(value: Fraction, places: int) -> Box:
    with mpmath.workdps(WORKING_DIGITS):
        v, half = to_mpf(value), to_mpf(half_unit(places))
        return (v - half, v + half)


def point(value) -> Box:
    v = to_mpf(value)
    return (v, v)


class _Bounds:
    def __init__(self, number_box, named, activation):
        self.number_box = number_box
        self.named = named
        self.activation = activation

    def of(self, node) -> Grid:
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise Unsupported
        return method(node)

    def _Name(self, node) -> Grid:
        if self.named is None:
            raise Unsupported
        return self.named(node).map(point)

    _Derivative = _Name

    def _Number(self, node: n.Number) -> Grid:
        return Grid.scalar(self.number_box(node))

    def _Negate(self, node) -> Grid:
        return self.of(node.operand).map(lambda c: (-c[1], -c[0]))

    def _MatrixLiteral(self, node) -> Grid:
        rows = []
        for row in node.rows:
            cells = []
            for cell in row:
                value = self.of(cell)
                if not value.is_scalar:
                    raise Unsupported
                cells.append(value.value)
            rows.append(tuple(cells))
        return Grid(tuple(rows))

    def _Transpose(self, node) -> Grid:
        return self.of(node.operand).T

    def _Binary(self, node) -> Grid:
        a, b = self.of(node.left), self.of(node.right)
        op = node.op
        if op in "+-":
            sign = 1 if op == "+" else -1
            return _cellwise(a, b, lambda x, y: _add(x, y, sign))
        if op == "∘":
            return _cellwise(a, b, _mul)
        if op == "*":
            if not a.is_scalar and not b.is_scalar:
                if a.shape[1] != b.shape[0]:
                    raise Unsupported
                inner = range(b.shape[0])
                return Grid.build(
                    (a.shape[0], b.shape[1]),
                    lambda r, c: _sum(_mul(a.cell(r, k), b.cell(k, c)) for k in inner),
                )
            return _cellwise(a, b, _mul)
        if not b.is_scalar:
            raise Unsupported
        return a.map(lambda c: _div(c, b.value))

    def _Power(self, node) -> Grid:
        base = self.of(node.base)
        if not base.is_scalar:
            raise Unsupported
        exponent = n.literal(node.exponent)
        if exponent is None:
            raise Unsupported
        return Grid.scalar(_power(base.value, exponent[0]))

    def _Sum(self, node) -> Grid:
        inner = self.of(node.operand)
        return Grid.scalar(_sum(inner.values()))

    def _Call(self, node) -> Grid:
        function = node.function
        if function == "max" and len(node.arguments) == 2:
            a, b = (self.of(x) for x in node.arguments)
            return _cellwise(a, b, lambda x, y: (max(x[0], y[0]), max(x[1], y[1])))
        if len(node.arguments) != 1:
            raise Unsupported
        if function in ("activation", "activation_prime"):
            if self.activation is None:
                raise Unsupported
            name = self.activation(node.layer)
            if name == "identity":
                if function == "activation":
                    return self.of(node.arguments[0])
                return self.of(node.arguments[0]).map(lambda _: (mpmath.mpf(1), mpmath.mpf(1)))
            function = name + ("_prime" if function == "activation_prime" else "")
        inner = self.of(node.arguments[0])
        return inner.map(lambda box: _function(function, box))


def _cellwise(a: Grid, b: Grid, f) -> Grid:
    if not (a.is_scalar or b.is_scalar) and a.shape != b.shape:
        raise Unsupported
    return a.zip_with(b, f)


def _add(a: Box, b: Box, sign: int = 1) -> Box:
    if sign > 0:
        return (a[0] + b[0], a[1] + b[1])
    return (a[0] - b[1], a[1] - b[0])


def _mul(a: Box, b: Box) -> Box:
    products = [a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]]
    return (min(products), max(products))


def _div(a: Box, b: Box) -> Box:
    if b[0] <= 0 <= b[1]:
        raise Unsupported
    return _mul(a, (1 / b[1], 1 / b[0]))


def _sum(boxes) -> Box:
    lo = hi = mpmath.mpf(0)
    for box in boxes:
        lo, hi = lo + box[0], hi + box[1]
    return (lo, hi)


def _power(base: Box, exponent: Fraction) -> Box:
    lo, hi = base
    if exponent.denominator != 1:
        if lo < 0:
            raise Unsupported
        values = [lo**exponent, hi**exponent] if exponent > 0 else [hi**exponent, lo**exponent]
        return (min(values), max(values))
    k = int(exponent)
    if k < 0:
        if lo <= 0 <= hi:
            raise Unsupported
        lo, hi = 1 / hi, 1 / lo
        k = -k
    values = [lo**k, hi**k]
    if k % 2 == 0 and lo <= 0 <= hi:
        return (mpmath.mpf(0), max(values))
    return (min(values), max(values))


def _function(function: str, box: Box) -> Box:
    lo, hi = box
    if function in ("exp", "sinh", "sigmoid", "tanh") and max(abs(lo), abs(hi)) > _EXP_LIMIT:
        raise Unsupported
    if function in MONOTONIC:
        f = MONOTONIC[function]
        return (f(lo), f(hi))
    if function == "abs":
        if lo >= 0:
            return box
        if hi <= 0:
            return (-hi, -lo)
        return (mpmath.mpf(0), max(-lo, hi))
    if function in ("log", "sqrt"):
        if (lo <= 0 and function == "log") or lo < 0:
            raise Unsupported
        f = mpmath.log if function == "log" else mpmath.sqrt
        return (f(lo), f(hi))
    if function == "cosh":
        values = [mpmath.cosh(lo), mpmath.cosh(hi)]
        return (mpmath.mpf(1) if lo <= 0 <= hi else min(values), max(values))
    if function in ("sigmoid_prime", "tanh_prime"):
        # σ′ = σ(1 − σ) and tanh′ = 1 − tanh² rise up to z = 0 and fall after it
        f = _DERIVATIVES[function]
        values = [f(lo), f(hi)]
        top = f(mpmath.mpf(0)) if lo <= 0 <= hi else max(values)
        return (min(values), top)
    raise Unsupported


def _sigmoid_prime(z):
    s = 1 / (1 + mpmath.exp(-z))
    return s * (1 - s)


_DERIVATIVES = {"sigmoid_prime": _sigmoid_prime, "tanh_prime": lambda z: 1 - mpmath.tanh(z) ** 2}
