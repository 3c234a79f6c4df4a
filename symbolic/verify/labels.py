"""Short, readable forms of what a claim says, for one-line explanations.

LaTeX as written is long ("\\begin{bmatrix} 0.14 \\\\ 0.15 \\end{bmatrix}"); explanations quote
sides as [0.14; 0.15], ∂Error/∂w_5, η Δ h_1 instead.
"""

from __future__ import annotations

import re

import sympy as sp

from ..printing import NotationTextPrinter
from .build import is_matrix

_REPLACEMENTS = [
    (re.compile(r"\\begin\{[pbBvV]?matrix\}"), "["),
    (re.compile(r"\\end\{[pbBvV]?matrix\}"), "]"),
    (re.compile(r"\\\\"), ";"),
    (re.compile(r"\s*&\s*"), ", "),
    (re.compile(r"\\(?:mathbf|boldsymbol|bm|text|mathrm|mathit|operatorname)\{([^{}]*)\}"), r"\1"),
    (re.compile(r"\\(?:left|right|big|Big|bigl|bigr|Bigl|Bigr)(?![A-Za-z])"), ""),
    (
        re.compile(
            r"\\frac\{\\partial ((?:[^{}]|\{[^{}]*\})*)\}\{\\partial ((?:[^{}]|\{[^{}]*\})*)\}"
        ),
        r"∂\1/∂\2",
    ),
    (re.compile(r"\\cdot"), "·"),
    (re.compile(r"\\times"), "×"),
    (re.compile(r"\\Delta(?![A-Za-z])"), "Δ"),
    (re.compile(r"\\delta(?![A-Za-z])"), "δ"),
    (re.compile(r"\\eta(?![A-Za-z])"), "η"),
    (re.compile(r"\\alpha(?![A-Za-z])"), "α"),
    (re.compile(r"\\(?:top|intercal)(?![A-Za-z])"), "T"),
    (re.compile(r"\\ |\\,|\\;|\\quad|~"), " "),
    (re.compile(r"\s+"), " "),
    (re.compile(r"\s*;\s*"), "; "),
    (re.compile(r"\[ "), "["),
    (re.compile(r" \]"), "]"),
]
MAX_LABEL = 70
MAX_FORMULA = 140
_ABS = re.compile(r"Abs\(([^()]*)\)")
_SIMPLE_INDEX = re.compile(r"_\{(\d)\}")


def pretty(latex: str) -> str:
    """A side's LaTeX made short for a sentence."""
    out = latex
    for pattern, replacement in _REPLACEMENTS:
        out = pattern.sub(replacement, out)
    out = out.strip()
    return out if len(out) <= MAX_LABEL else out[: MAX_LABEL - 1] + "…"


class LabelPrinter(NotationTextPrinter):
    """The text printer, with layered names as people write them (w_{12}^{(1)}, a_1^{(2)}),
    ∂E/∂θ for a gradient and a generic definition's variable by its own letter."""

    def _print_Symbol(self, expr):
        name = expr.name
        if name.startswith("var_"):
            return name[len("var_") :]
        notation = self._settings["notation"]
        q = notation.quantity(name) if notation is not None else None
        if q is not None and q.kind in ("weight_gradient", "bias_gradient"):
            return "∂E/∂" + self._print_Symbol(notation.symbol(q.parameter_of()))
        base, new = (name[:-4], True) if name.endswith("_new") else (name, False)
        latex = notation.latex_of(base) if notation is not None else None
        if latex is None or notation.style != "layered":
            return super()._print_Symbol(expr)
        shown = _SIMPLE_INDEX.sub(r"_\1", pretty(latex))
        return shown + ("′" if new else "")


def text(expr, names) -> str:
    printed = LabelPrinter({"notation": names}).doprint(expr)
    return printed.replace("**", "^").replace("*", "·")


def formula(expr, names) -> str:
    """A SymPy value in the network's names: Δ·h1, [w5 − η·Δ·h1; …]."""
    if is_matrix(expr):
        rows = [", ".join(formula(x, names) for x in expr.row(r)) for r in range(expr.rows)]
        return "[" + "; ".join(rows) + "]"
    shown = text(expr, names).replace(" - ", " − ")
    return _ABS.sub(r"|\1|", shown)


def shorten(text: str, limit: int = MAX_FORMULA) -> str:
    """A long formula cut for a one-line explanation (the JSON ``expected`` keeps it whole)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def symbol_label(name: str, names) -> str:
    return text(sp.Symbol(name), names)
