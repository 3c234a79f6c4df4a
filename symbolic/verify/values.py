"""Numbers of a claim: evaluating a SymPy value at given quantities, comparing, rounding, printing.

A value is a ``Grid`` of exact ``Fraction`` cells where everything stays rational and of
``mpmath.mpf`` cells (60 digits) otherwise; a number is a 1×1 grid. Two numbers are "the same"
when equal exactly, or — for non-rational values — to 45 significant digits.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import sympy as sp

from ..numbers import WORKING_DIGITS, format_decimal, terminates, to_mpf
from .evaluation import evaluate_scalar
from .grid import Grid

TOLERANCE_DIGITS = 45


def evaluate(value, lookup) -> Grid:
    """The numbers of a SymPy value (a scalar or a matrix) with each symbol s → lookup(s)."""
    if isinstance(value, sp.MatrixBase):
        return Grid.build(value.shape, lambda r, c: evaluate_scalar(value[r, c], lookup))
    return Grid.scalar(evaluate_scalar(value, lookup))


def same(a, b) -> bool:
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a == b
    with mpmath.workdps(WORKING_DIGITS):
        x, y = to_mpf(a), to_mpf(b)
        scale = max(abs(x), abs(y), mpmath.mpf(1))
        return abs(x - y) <= scale * mpmath.mpf(10) ** (-TOLERANCE_DIGITS)


def same_grid(x: Grid, y: Grid) -> bool:
    return x.shape == y.shape and all(same(p, q) for p, q in zip(x.values(), y.values()))


def half_unit(places: int) -> Fraction:
    """Half a unit in the last of ``places`` decimal places."""
    return Fraction(1, 2 * 10**places) if places >= 0 else Fraction(10 ** (-places), 2)


#: from this many significant digits on, the last digit may be one off (double rounding)
LONG_NUMBER_DIGITS = 7


def significant_digits(written: Fraction, places: int) -> int:
    """Significant digits of a number written with ``places`` decimals (0.0190491 → 6)."""
    if written == 0:
        return 0
    scaled = abs(written) * 10**places if places >= 0 else abs(written) / 10 ** (-places)
    return len(str(int(scaled)))


def rounds_to(true, written: Fraction, places: int) -> bool:
    """Whether ``written`` is ``true`` correctly rounded to ``places`` decimals.

    Any correct rounding is accepted: |written − true| ≤ half a unit in the last written place
    (so at an exact tie both neighbours pass, whether the writer rounds half up or half to even).
    A number of 7 or more significant digits may be one unit off in its last digit: the writer
    rounded an intermediate they did not write (double rounding), which is no slip. A written 0
    never stands for a non-zero value.
    """
    if written == 0 and not same(true, Fraction(0)):
        return False
    half = half_unit(places)
    if significant_digits(written, places) >= LONG_NUMBER_DIGITS:
        half *= 2
    if isinstance(true, Fraction):
        return abs(true - written) <= half
    with mpmath.workdps(WORKING_DIGITS):
        slack = mpmath.mpf(10) ** (-TOLERANCE_DIGITS)
        return abs(to_mpf(true) - to_mpf(written)) <= to_mpf(half) + slack


def matches(value, claimed, literal) -> bool:
    """``claimed`` is ``value`` exactly, or the written literal rounds it."""
    return same(value, claimed) or (literal is not None and rounds_to(value, *literal))


def number_text(value, places: int | None = None) -> str:
    """A number for people: exact when short, else about 10 significant digits (≈ marked)."""
    if places is not None:
        return format_decimal(value, places)
    if isinstance(value, Fraction) and terminates(value):
        text = format_decimal(value)
        if len(text.lstrip("-").replace(".", "").lstrip("0")) <= 12:
            return text
    with mpmath.workdps(WORKING_DIGITS):
        text = mpmath.nstr(to_mpf(value), 10, min_fixed=-6, max_fixed=12)
    if "e" not in text and "." in text:
        text = text.rstrip("0").rstrip(".")
    return "≈" + text if text not in ("0",) else "0"


def value_text(value: Grid) -> str:
    """A number, a row [a, b], a column [a; b] or a matrix [a, b; c, d]."""
    if value.is_scalar:
        return number_text(value.value)
    rows = [", ".join(number_text(x) for x in row) for row in value.rows]
    return "[" + "; ".join(rows) + "]"


def as_number(value) -> float | str:
    """A JSON number for an exact or 60-digit value: a float when it is one, else a string."""
    with mpmath.workdps(WORKING_DIGITS):
        return float(to_mpf(value))


def json_value(value: Grid):
    """The value for ``--json``: a number, or a list of rows of numbers."""
    if value.is_scalar:
        return as_number(value.value)
    return [[as_number(x) for x in row] for row in value.rows]
