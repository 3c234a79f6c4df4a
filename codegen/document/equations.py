"""Displayed equations as the template receives them: printed left side, printed right sides.

An ``Equation`` is ``lhs = rhs₁ ≈ rhs₂ …``; each right side is printed and broken into lines that
fit the page, and gets "=" or "≈" by whether it shows a rounded number (see values.py).
"""

from __future__ import annotations

from .layout import LINE_BUDGET, break_lines
from .printer import tex
from .sections import Equation, Row
from .values import relation


def equation(lhs, rhs, names, side=None, budget: float = LINE_BUDGET) -> Equation:
    """``lhs = rhs[0] ≈ rhs[1] …`` printed in the network's notation (rhs may be one expression)."""
    if not isinstance(rhs, (list, tuple)):
        rhs = [rhs]

    def printer(expr):
        return tex(expr, names)

    rows = tuple(Row(relation(r), tuple(break_lines(r, printer, budget))) for r in rhs)
    return Equation(printer(lhs), rows, "" if side is None else printer(side))


def inline(expr, names) -> str:
    """A formula for running text: $…$."""
    return f"${tex(expr, names)}$"


def inline_relation(lhs, rhs, names) -> str:
    """``lhs = rhs`` (or ``lhs ≈ rhs`` when rhs is rounded) printed without the dollars."""
    return f"{tex(lhs, names)} {relation(rhs)} {tex(rhs, names)}"
