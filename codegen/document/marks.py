"""SymPy objects only documents print: one sample's quantity, a mean over samples, an ellipsis.

A document marks sample n with a superscript in square brackets — x^{[2]}, E^{[2]},
∂E^{[2]}/∂w — because the layered notation already uses round brackets for layers (a^{(2)} is
layer 2). These objects hold structure in their args and carry no mathematics of their own: they
wrap expressions the Derivation built, for the document printer (printer.py) to lay out.
"""

from __future__ import annotations

import sympy as sp

#: the index of a generic sample in a document: E^{[n]}
SAMPLE_INDEX = sp.Symbol("n", integer=True, positive=True)


class OfSample(sp.Expr):
    """``expr`` for sample ``n`` (an Integer, or ``SAMPLE_INDEX``): printed expr^{[n]}."""

    def __new__(cls, expr, sample):
        sample = sp.Integer(sample) if isinstance(sample, int) else sample
        return super().__new__(cls, expr, sample)

    @property
    def expr(self):
        return self.args[0]

    @property
    def sample(self):
        return self.args[1]


class SampleAverage(sp.Expr):
    """(1/N) Σ_{n=1}^{N} expr^{[n]}: the mean over the samples of a per-sample scalar."""

    def __new__(cls, expr, count: int):
        return super().__new__(cls, expr, sp.Integer(count))

    @property
    def expr(self):
        return self.args[0]

    @property
    def count(self) -> int:
        return int(self.args[1])


class Updated(sp.Expr):
    """A generic parameter after one update, θ' (a network's own parameters have their names)."""

    def __new__(cls, expr):
        return super().__new__(cls, expr)


class Dots(sp.Expr):
    """⋯ in a sum of many samples' terms."""

    def __new__(cls):
        return super().__new__(cls)


class MeanOfTerms(sp.Expr):
    """(1/N)(t₁ + t₂ + …): the mean of N samples' terms (numbers, formulas or matrices), with ⋯
    standing for the terms left out (see ``mean_of``)."""

    def __new__(cls, count: int, *terms):
        return super().__new__(cls, sp.Integer(count), *terms)

    @property
    def count(self) -> int:
        return int(self.args[0])

    @property
    def terms(self) -> tuple:
        return self.args[1:]


def mean_of(terms, shown: int) -> MeanOfTerms:
    """The mean of every sample's term; with more than ``shown`` terms the first ``shown − 1`` and
    the last are written, with ⋯ between them."""
    terms = list(terms)
    count = len(terms)
    if count > shown:
        terms = [*terms[: shown - 1], Dots(), terms[-1]]
    return MeanOfTerms(count, *terms)
