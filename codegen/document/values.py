"""Numbers as a document shows them: significant digits, and whether the shown text is exact.

A value is shown *exactly* when it is an exact fraction whose decimal expansion needs at most the
document's significant digits (0.11, 0.191, −0.809, 2); the relation before it is then "=".
Any other value — an exact one with more digits, a 60-digit one, a float64 one — is *rounded*
half to even to that many significant digits, keeping its trailing zeros (0.2770, 0.09820), and
the relation before it is "≈". Both kinds are SymPy Floats (so the LaTeX printer treats them as
numbers: parentheses around negative factors, no fraction bars), told apart by their class.
"""

from __future__ import annotations

from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction

import mpmath
import sympy as sp
from mpmath.libmp import prec_to_dps, to_str

from symbolic.numbers import WORKING_DIGITS, terminates

#: given data (inputs, targets, η, initial parameters) is shown in full up to this many digits
MAX_GIVEN_DIGITS = 30
#: numbers from 10^SCIENTIFIC_FROM up and below 10^-SCIENTIFIC_FROM are shown as 8.410e15
SCIENTIFIC_FROM = 7


class ShownNumber(sp.Float):
    """A number exactly as the document prints it (its digits, trailing zeros included)."""

    def text(self) -> str:
        """The digits as shown: plain decimals (0.000001063, 12350), or mantissa and exponent
        (8.410e15) from ten million up and below ten millionths."""
        printed = to_str(
            self._mpf_,
            prec_to_dps(self._prec),
            strip_zeros=False,
            min_fixed=-SCIENTIFIC_FROM,
            max_fixed=SCIENTIFIC_FROM,
        )
        printed = printed.removesuffix(".").replace(".e", "e").replace("e+", "e")
        return "0" if printed in ("0.0", "-0.0", "-0") else printed


class Exact(ShownNumber):
    """A shown number that is the value itself."""


class Rounded(ShownNumber):
    """A shown number rounded from the value (so the formula before it reads ≈)."""


def _decimal(value) -> Decimal:
    """The value as a Decimal: exact for floats and terminating fractions, else 80 digits."""
    with localcontext() as ctx:
        ctx.prec = WORKING_DIGITS + 20
        if isinstance(value, Fraction):
            return Decimal(value.numerator) / Decimal(value.denominator)
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, float):
            return Decimal(value)
        # always with an exponent: a plain expansion of 1e-400000 would be 400,000 zeros
        return Decimal(
            mpmath.nstr(
                mpmath.mpf(value), WORKING_DIGITS, strip_zeros=False, min_fixed=1, max_fixed=0
            )
        )


def significant_text(value, digits: int) -> str:
    """``value`` rounded half to even to ``digits`` significant digits, trailing zeros kept."""
    d = _decimal(value)
    if d == 0:
        return "0"
    with localcontext() as ctx:
        ctx.prec = WORKING_DIGITS + 40
        ctx.Emax, ctx.Emin = MAX_EMAX, MIN_EMIN  # a diverging iteration reaches any exponent
        rounded = d.quantize(Decimal(1).scaleb(d.adjusted() - digits + 1), ROUND_HALF_EVEN)
        if rounded.adjusted() > d.adjusted():  # 9.9996 → 10.000: one digit too many
            rounded = d.quantize(Decimal(1).scaleb(rounded.adjusted() - digits + 1))
    # plain digits where ShownNumber prints them plain anyway; an exponent far out stays one
    return format(rounded, "f" if abs(rounded.adjusted()) <= 2 * SCIENTIFIC_FROM else "e")


def _exact_text(value, digits: int) -> str | None:
    """The full decimal text of an exact value that needs at most ``digits`` digits, else None."""
    if isinstance(value, int):
        value = Fraction(value)
    if not isinstance(value, Fraction) or not terminates(value):
        return None
    d = _decimal(value).normalize()
    if d == 0:
        return "0"
    if len(d.as_tuple().digits) > digits:
        return None
    return format(d, "f")


def _number(cls, text: str, digits: int) -> ShownNumber:
    """A shown number of ``text`` with ``digits`` significant digits."""
    return cls(text, max(digits, 1))


def _exact(text: str) -> ShownNumber:
    return _number(Exact, text, len(Decimal(text).normalize().as_tuple().digits))


def shown(value, digits: int) -> ShownNumber:
    """The value as the document shows it with ``digits`` significant digits."""
    exact = _exact_text(value, digits)
    if exact is not None:
        return _exact(exact)
    return _number(Rounded, significant_text(value, digits), digits)


def shown_given(value, digits: int) -> ShownNumber:
    """Given data (a sample, η, an initial parameter): in full when its expansion terminates."""
    exact = _exact_text(value, max(digits, MAX_GIVEN_DIGITS))
    return _exact(exact) if exact is not None else shown(value, digits)


def is_rounded(expr) -> bool:
    """Whether a formula shows a rounded number (and so follows a ≈). Any Float but an Exact one
    counts: a rounded number that went through SymPy arithmetic comes back as a plain Float."""
    if not isinstance(expr, sp.Basic):
        return False
    floats = [expr] if isinstance(expr, sp.Float) else expr.atoms(sp.Float)
    return any(not isinstance(f, Exact) for f in floats)


def relation(expr) -> str:
    """The LaTeX relation before ``expr``: ≈ when it shows a rounded number, else =."""
    return r"\approx" if is_rounded(expr) else "="


def consistent(matrix: sp.MatrixBase, digits: int) -> sp.ImmutableMatrix:
    """A matrix whose entries keep trailing zeros alike: when one entry is rounded (4 significant
    digits), every exact non-integer entry is written with 4 significant digits too."""
    if not any(isinstance(entry, Rounded) for entry in matrix):
        return sp.ImmutableMatrix(matrix)

    def padded(entry):
        text = entry.text() if isinstance(entry, Exact) else ""
        d = Decimal(text or 0)
        if "." not in text or len(d.as_tuple().digits) >= digits:
            return entry  # a rounded entry, an integer, or already as many digits
        padded = d.quantize(Decimal(1).scaleb(d.adjusted() - digits + 1))
        return _number(Exact, format(padded, "f"), digits)

    return sp.ImmutableMatrix(matrix.rows, matrix.cols, [padded(e) for e in matrix])


def shown_matrix(rows, digits: int) -> sp.ImmutableMatrix:
    """A matrix of shown values (rows of numbers)."""
    return consistent(sp.ImmutableMatrix([[shown(v, digits) for v in row] for row in rows]), digits)


def column(values, digits: int) -> sp.ImmutableMatrix:
    return shown_matrix([[v] for v in values], digits)


def row(values, digits: int) -> sp.ImmutableMatrix:
    return shown_matrix([list(values)], digits)
