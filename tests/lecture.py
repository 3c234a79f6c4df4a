"""The lecture's 2-2-1 linear network written out by hand in exact Fractions: a test oracle.

This is the arithmetic of the slides (h1 = i1·w1 + i2·w2, …, Δ = out − actual,
∂E/∂w1 = Δ·w5·i1, …) done independently of nnderive, with the lecture's initial numbers.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction as F

W0 = [F("0.11"), F("0.21"), F("0.12"), F("0.08"), F("0.14"), F("0.15")]
X = (F(2), F(3))
Y = F(1)
ETA = F("0.05")


def step(w):
    """One forward + backward + update; returns (h1, h2, out, error, delta, grads, new_w)."""
    w1, w2, w3, w4, w5, w6 = w
    i1, i2 = X
    h1 = i1 * w1 + i2 * w2
    h2 = i1 * w3 + i2 * w4
    out = h1 * w5 + h2 * w6
    error = (out - Y) ** 2 / 2
    delta = out - Y
    grads = [
        delta * w5 * i1,
        delta * w5 * i2,
        delta * w6 * i1,
        delta * w6 * i2,
        delta * h1,
        delta * h2,
    ]
    new = [wi - ETA * g for wi, g in zip(w, grads)]
    return h1, h2, out, error, delta, grads, new


def run(steps):
    w, history = list(W0), []
    for _ in range(steps):
        result = step(w)
        history.append(result)
        w = result[-1]
    return history


def rounded(value: F, digits: int) -> str:
    """Half-even rounding to ``digits`` places, trailing zeros removed."""
    with localcontext() as ctx:
        ctx.prec = 100
        d = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
            Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN
        )
    text = format(d, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
