"""Exact numbers from spec values, and decimal strings for display.

Values in a spec are kept exact: the float 0.11 read from YAML becomes Fraction(11, 100) through
its shortest decimal representation, so 0.191 stays 0.191. Approximate values (from sigmoid, tanh,
exp, ...) are ``mpmath.mpf`` numbers computed at ``WORKING_DIGITS`` significant digits.
"""

from __future__ import annotations

import math
import numbers
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction

import mpmath
import sympy as sp

#: significant digits carried by approximate (non-rational) arithmetic
WORKING_DIGITS = 60

Number = Fraction | mpmath.mpf


def exact(value: object) -> Fraction:
    """An exact Fraction from an int, a float (through its shortest repr) or a numeric string.

    Raises ValueError (or TypeError) for anything else; callers turn that into a SpecError.
    """
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return Fraction(repr(value))
    if isinstance(value, Fraction):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text or len(text) > 64:
            raise ValueError("not a number")
        return Fraction(text)  # accepts "0.11", "-3", "1/3", "1e-3"; never evaluates code
    if isinstance(value, numbers.Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    raise TypeError(f"a {type(value).__name__} is not a number")


def is_exact(value: Number) -> bool:
    return isinstance(value, Fraction)


def to_mpf(value: Number) -> mpmath.mpf:
    """An mpf carrying WORKING_DIGITS digits, whatever precision the caller's context has."""
    if isinstance(value, Fraction):
        with mpmath.workdps(WORKING_DIGITS):
            return mpmath.mpf(value.numerator) / value.denominator
    if isinstance(value, mpmath.mpf):
        return value  # converting again would round it to the caller's precision
    with mpmath.workdps(WORKING_DIGITS):
        return mpmath.mpf(value)


def to_sympy(value: Number) -> sp.Expr:
    """A SymPy number: Rational for exact values, a Float of WORKING_DIGITS digits otherwise."""
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    return sp.Float(mpmath.nstr(value, WORKING_DIGITS, strip_zeros=False), WORKING_DIGITS)


def from_sympy(value: sp.Expr) -> Number:
    """Back from SymPy: Rational to Fraction, anything numeric to mpf."""
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    with mpmath.workdps(WORKING_DIGITS):
        return mpmath.mpf(sp.N(value, WORKING_DIGITS))


def terminates(value: Fraction) -> bool:
    """True when the fraction has a finite decimal expansion (denominator 2^a 5^b)."""
    q = value.denominator
    for p in (2, 5):
        while q % p == 0:
            q //= p
    return q == 1


def _to_decimal(value: Number) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = WORKING_DIGITS + 20
        if isinstance(value, Fraction):
            return Decimal(value.numerator) / Decimal(value.denominator)
        return Decimal(
            mpmath.nstr(
                value, WORKING_DIGITS, strip_zeros=False, min_fixed=-math.inf, max_fixed=math.inf
            )
        )


def format_decimal(value: Number, digits: int | None = None) -> str:
    """The value as a plain decimal string.

    With ``digits``: rounded half-to-even to that many decimal places, trailing zeros removed
    (0.191 stays "0.191"). Without: the exact expansion when it terminates, otherwise
    WORKING_DIGITS // 2 significant digits.
    """
    if digits is None:
        if isinstance(value, Fraction) and terminates(value):
            d = _to_decimal(value)
        else:
            with localcontext() as ctx:
                ctx.prec = WORKING_DIGITS // 2
                d = +_to_decimal(value)
    else:
        with localcontext() as ctx:
            ctx.prec = WORKING_DIGITS + 40
            d = _to_decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


def is_exact_string(value: Number) -> bool:
    """Whether ``format_decimal(value)`` (no digits) is the exact value."""
    return isinstance(value, Fraction) and terminates(value)
