"""Numbers for the document: values from the worked example, rounded only for display.

The worked example is exact while its fractions stay small and continues at 60 significant
digits after that (see ``symbolic.worked.MAX_EXACT_BITS``) — still 56 digits more than any number
the document shows.
"""

from __future__ import annotations

import sympy as sp

from symbolic.numbers import format_decimal


def shown(value, digits: int) -> sp.Rational:
    """The value rounded to ``digits`` decimal places, as a SymPy number the printer writes as a
    decimal (0.1743825 → 0.1744)."""
    return sp.Rational(format_decimal(value, digits))


def shown_in_formula(value, digits: int) -> sp.Expr:
    """A rounded value to substitute into a formula: an Integer, or a Float that keeps its
    decimal digits (a Rational there would print as a fraction inside products)."""
    text = format_decimal(value, digits)
    if "." not in text:
        return sp.Integer(text)
    return sp.Float(text, "")


def shown_matrix(rows, digits: int) -> sp.ImmutableMatrix:
    """A matrix of rounded values (rows of numbers)."""
    return sp.ImmutableMatrix([[shown(v, digits) for v in row] for row in rows])


def column(values, digits: int) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix([[shown(v, digits)] for v in values])


def row(values, digits: int) -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix([[shown(v, digits) for v in values]])
