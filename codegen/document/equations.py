"""Displayed equations as the template receives them: printed left side, printed right sides.

An ``Equation`` is ``lhs = rhs₁ = rhs₂ …``; each right side is a list of lines (a long product or
sum broken to fit the page). The template lays them out in ``align*``; nothing here is LaTeX
layout beyond the printed formulas themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .layout import LINE_BUDGET, break_lines
from .printer import tex


@dataclass(frozen=True)
class Equation:
    lhs: str
    rows: list[list[str]]
    #: a second formula shown on the same line (e.g. a = σ(z) beside z = Σ w a + b)
    side: str = ""
    tag: str = field(default="")


def equation(lhs, rhs, names, side=None, budget: float = LINE_BUDGET) -> Equation:
    """``lhs = rhs[0] = rhs[1] …`` printed in the network's notation (rhs may be one expression)."""
    if not isinstance(rhs, (list, tuple)):
        rhs = [rhs]

    def printer(expr):
        return tex(expr, names)

    rows = [break_lines(r, printer, budget) for r in rhs]
    return Equation(printer(lhs), rows, "" if side is None else printer(side))


def inline(expr, names) -> str:
    """A formula for running text: $…$."""
    return f"${tex(expr, names)}$"
