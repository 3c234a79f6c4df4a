"""Numbers of a claim: evaluating a SymPy value at given quantities, comparing, rounding, printing.

A value is an exact ``Fraction`` where everything stays rational, an ``mpmath.mpf`` (60 digits)
otherwise, or a grid (tuple of rows) of those for a matrix. Two values are "the same" when equal
exactly, or — for non-rational values — to 45 significant digits.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import sympy as sp

from ..numbers import WORKING_DIGITS, format_decimal, terminates, to_mpf
from .evaluation import evaluate_scalar

TOLERANCE_DIGITS = 45


def evaluate(value, lookup):
    """The number (or grid of numbers) of a SymPy value with each symbol s replaced by lookup(s)."""
    if isinstance(value, sp.MatrixBase):
        return tuple(
            tuple(_scalar(value[r, c], lookup) for c in range(value.cols))
            for r in range(value.rows)
        )
    return _scalar(value, lookup)


def _scalar(expr, lookup):
    return evaluate_scalar(expr, lookup)


def is_grid(value) -> bool:
    return isinstance(value, tuple)


def shape(value) -> tuple[int, int] | None:
    return (len(value), len(value[0])) if is_grid(value) else None


def squeeze(value):
    """A 1×1 grid as its number."""
    if is_grid(value) and shape(value) == (1, 1):
        return value[0][0]
    return value


def transpose(grid):
    return tuple(zip(*grid))


def cells(value):
    """(row, col, number) for every entry; a number is the single cell (0, 0)."""
    if not is_grid(value):
        return [(0, 0, value)]
    return [(r, c, x) for r, row in enumerate(value) for c, x in enumerate(row)]


def same(a, b) -> bool:
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a == b
    with mpmath.workdps(WORKING_DIGITS):
        x, y = to_mpf(a), to_mpf(b)
        scale = max(abs(x), abs(y), mpmath.mpf(1))
        return abs(x - y) <= scale * mpmath.mpf(10) ** (-TOLERANCE_DIGITS)


def rounds_to(true, written: Fraction, places: int) -> bool:
    """Whether ``written`` is ``true`` correctly rounded to ``places`` decimals.

    Any correct rounding is accepted: |written − true| ≤ half a unit in the last written place
    (so at an exact tie both neighbours pass, whether the writer rounds half up or half to even).
    A written 0 never stands for a non-zero value.
    """
    if written == 0 and not same(true, Fraction(0)):
        return False
    half = Fraction(1, 2 * 10**places)
    if isinstance(true, Fraction):
        return abs(true - written) <= half
    with mpmath.workdps(WORKING_DIGITS):
        slack = mpmath.mpf(10) ** (-TOLERANCE_DIGITS)
        return abs(to_mpf(true) - to_mpf(written)) <= to_mpf(half) + slack


def differ(a, b) -> bool:
    return not same(a, b)


def number_text(value, places: int | None = None) -> str:
    """A number for people: exact when short, else about 10 significant digits."""
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


def value_text(value) -> str:
    """A number, a row [a, b], a column [a; b] or a matrix [a, b; c, d]."""
    if not is_grid(value):
        return number_text(value)
    rows = [", ".join(number_text(x) for x in row) for row in value]
    return "[" + "; ".join(rows) + "]"


def cell(value, r, c):
    return value[r][c] if is_grid(value) else value


def same_cells(x, y) -> bool:
    if shape(x) != shape(y):
        return False
    return all(same(p, q) for (_, _, p), (_, _, q) in zip(cells(x), cells(y)))


def literal_cell(literal, r: int, c: int):
    if literal is None:
        return None
    if isinstance(literal, tuple) and literal and isinstance(literal[0], tuple):
        return literal[r][c]
    return literal


def matches(value, claimed, literal) -> bool:
    return same(value, claimed) or (literal is not None and rounds_to(value, *literal))
