"""Numbers for the document: training steps from the worked example, rounded only for display.

Exact rational arithmetic doubles or triples the size of every fraction per training step (the
lecture's network needs 5 million bits by step 12), so a document that plots 20 steps cannot stay
exact to the end. ``training_steps`` therefore runs ``symbolic.worked.Step`` exactly while the
fractions stay small and continues from there at ``WORKING_DIGITS`` (60) significant digits —
still 56 digits more than any number the document shows.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from symbolic.numbers import format_decimal, to_mpf
from symbolic.worked import Step, WorkedExample

#: a fraction whose denominator exceeds this many bits is carried as a 60-digit number from then on
MAX_EXACT_BITS = 1024


def _too_big(values) -> bool:
    return any(
        isinstance(v, Fraction) and v.denominator.bit_length() > MAX_EXACT_BITS for v in values
    )


def _approximate(parameters):
    weights, biases = parameters
    return (
        [[[to_mpf(v) for v in row] for row in layer] for layer in weights],
        [None if b is None else [to_mpf(v) for v in b] for b in biases],
    )


def training_steps(network, count: int) -> list[Step]:
    """Steps 1..count of the worked example (exact while cheap, then 60 significant digits)."""
    example = WorkedExample(network)
    steps = [example.step(1)]
    while len(steps) < count:
        weights, biases = steps[-1].updated
        flat = [v for layer in weights for row in layer for v in row]
        flat += [v for b in biases if b is not None for v in b]
        if _too_big(flat):
            weights, biases = _approximate((weights, biases))
        steps.append(Step(network, len(steps) + 1, weights, biases))
    return steps


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
