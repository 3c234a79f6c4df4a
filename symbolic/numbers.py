"""Exact numbers from spec values, and decimal strings for display.

Values in a spec are kept exact: the float 0.11 read from YAML becomes Fraction(11, 100) through
its shortest decimal representation, so 0.191 stays 0.191. Approximate values (from sigmoid, tanh,
exp, ...) are ``mpmath.mpf`` numbers computed at ``WORKING_DIGITS`` significant digits.
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction

import mpmath
import sympy as sp

#: significant digits carried by approximate (non-rational) arithmetic
WORKING_DIGITS = 60

Number = Fraction | mpmath.mpf


#: the magnitudes a spec's numbers may have: 0, or MIN_MAGNITUDE ≤ |value| ≤ MAX_MAGNITUDE
MAX_MAGNITUDE = Fraction(10**6)
MIN_MAGNITUDE = Fraction(1, 10**30)
#: significant digits a written number may have (and digits of each side of "p/q")
MAX_SIGNIFICANT_DIGITS = 30
#: a number written as text is at most this long
MAX_TEXT_LENGTH = 64
#: how the accepted range reads in messages and docs/spec.md
ACCEPTED_RANGE = "0, or 1e-30 ≤ |value| ≤ 1e6 with at most 30 significant digits"

_DECIMAL = re.compile(r"([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?")
_RATIO = re.compile(r"([+-]?[0-9]{1,30})/([0-9]{1,30})")


class NumberError(ValueError):
    """A spec value that is not a number, or a number outside the accepted range."""


def exact(value: object) -> Fraction:
    """An exact Fraction from an int, a float (through its shortest repr) or a numeric string.

    Only ACCEPTED_RANGE is accepted: the digits and the exponent of a string are bounded before
    any Fraction is built, so "1e9999999" costs nothing. Raises NumberError (a ValueError)
    whose message says what is wrong; callers add the field.
    """
    if isinstance(value, bool):
        raise NumberError(f"expected a number, got the boolean {str(value).lower()}")
    if isinstance(value, int):
        if abs(value) > MAX_MAGNITUDE:
            raise NumberError(f"{_short(value)} is out of range ({ACCEPTED_RANGE})")
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NumberError(f"the number {value} is out of range ({ACCEPTED_RANGE})")
        return _in_range(Fraction(repr(value)), f"the number {value!r}")
    if isinstance(value, str):
        return _in_range(_from_text(value.strip()), f"the number {value.strip()!r}")
    if isinstance(value, numbers.Rational):
        number = Fraction(int(value.numerator), int(value.denominator))
        for part in (number.numerator, number.denominator):
            if abs(part) > 10**MAX_SIGNIFICANT_DIGITS:
                raise NumberError(f"{_short(number)} has too many digits ({ACCEPTED_RANGE})")
        return _in_range(number, _short(number))
    raise NumberError(f"expected a number, got a {type(value).__name__}")


def _short(value) -> str:
    """A number for a message, cut to a readable length (never converting a huge int to text)."""
    if isinstance(value, int) and value.bit_length() > 200:
        return f"a whole number of about {int(value.bit_length() * 0.30103) + 1} digits"
    text = str(value)
    return "the number " + (text if len(text) <= 40 else text[:37] + "...")


def _from_text(text: str) -> Fraction:
    """A decimal ("0.11", "-3", "1e-3") or a ratio ("1/3"), digits and exponent bounded first."""
    shown = text if len(text) <= 40 else text[:37] + "..."
    if len(text) > MAX_TEXT_LENGTH:
        raise NumberError(f"the number {shown!r} is longer than {MAX_TEXT_LENGTH} characters")
    ratio = _RATIO.fullmatch(text)
    if ratio:
        if int(ratio.group(2)) == 0:
            raise NumberError(f"the fraction {shown!r} divides by zero")
        return Fraction(int(ratio.group(1)), int(ratio.group(2)))
    match = _DECIMAL.fullmatch(text)
    if not match or not (match.group(2) or match.group(3)):
        raise NumberError(f"expected a number, got the text {shown!r}")
    sign, whole, fraction, exponent = match.groups()
    digits = (whole + (fraction or "")).lstrip("0")
    if len(digits.rstrip("0")) > MAX_SIGNIFICANT_DIGITS:
        raise NumberError(
            f"the number {shown!r} has more than {MAX_SIGNIFICANT_DIGITS} significant digits"
        )
    if not digits:
        return Fraction(0)
    power = int(exponent or 0) - len(fraction or "")
    if abs(power) > 100:  # far outside the range: refused before 10^power is computed
        raise NumberError(f"the number {shown!r} is out of range ({ACCEPTED_RANGE})")
    number = Fraction(int(digits)) * Fraction(10) ** power
    return -number if sign == "-" else number


def _in_range(number: Fraction, shown: str) -> Fraction:
    if number != 0 and not MIN_MAGNITUDE <= abs(number) <= MAX_MAGNITUDE:
        raise NumberError(f"{shown} is out of range ({ACCEPTED_RANGE})")
    return number


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


#: values of at least 10^PLAIN_EXPONENT (and, without ``digits``, below 10^-PLAIN_EXPONENT) are
#: written in scientific notation, so that a diverging iteration never prints a million digits
PLAIN_EXPONENT = 40


def _power_of_ten(value: Number) -> int:
    """About log10|value| (within 1), without converting a huge number to text."""
    if isinstance(value, Fraction):
        bits = abs(value.numerator).bit_length() - value.denominator.bit_length()
    else:
        bits = int(mpmath.mag(value))
    return math.floor(bits * math.log10(2))


def _scientific(value: Number, significant: int) -> str:
    """``1.2346e+45``: the mantissa always has a decimal point."""
    with mpmath.workdps(significant + 10):
        text = mpmath.nstr(to_mpf(value), significant, min_fixed=1, max_fixed=0)
    mantissa, _, exponent = text.partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    return f"{mantissa}e{exponent}"


def format_decimal(value: Number, digits: int | None = None) -> str:
    """The value as a plain decimal string.

    With ``digits``: rounded half-to-even to that many decimal places, trailing zeros removed
    (0.191 stays "0.191"). Without: the exact expansion when it terminates, otherwise
    WORKING_DIGITS // 2 significant digits. Values beyond 10^±PLAIN_EXPONENT are written in
    scientific notation (``1.2346e+45``).
    """
    if value == 0:
        return "0"
    if isinstance(value, mpmath.mpf) and not mpmath.isfinite(value):
        return mpmath.nstr(value)
    power = _power_of_ten(value)
    if power >= PLAIN_EXPONENT or (digits is None and power < -PLAIN_EXPONENT):
        return _scientific(value, WORKING_DIGITS // 2 if digits is None else digits + 1)
    if digits is not None and power < -digits - 2:
        return "0"  # rounds to zero at this many decimal places
    if digits is None:
        if isinstance(value, Fraction) and terminates(value):
            d = _to_decimal(value)
        else:
            with localcontext() as ctx:
                ctx.prec = WORKING_DIGITS // 2
                d = +_to_decimal(value)
    else:
        with localcontext() as ctx:
            ctx.prec = WORKING_DIGITS + PLAIN_EXPONENT + digits + 10
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
