"""The document's LaTeX printer: the notation printer plus matrix layout as the lecture writes it.

``NotationLatexPrinter`` (symbolic.printing) knows the names (w_{5}, a_{1}^{(2)}, Δ); this subclass
keeps matrix sums and products exactly as built (W − ηΔ·a·w, never multiplied out), prints a
negative number factor in parentheses as the slides do (0.05(−0.809)), writes a layer-wide matrix
symbol with its layer index (W^{(2)}, W^{(2)\\mathsf{T}}) and an activation applied to a whole
vector as σ(…). Unsupported expressions fall through to SymPy's printer.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import ClassVar

import sympy as sp

from symbolic.printing import NotationLatexPrinter

from .marks import SAMPLE_INDEX, OfSample
from .values import ShownNumber

#: a symbol whose only superscript is its layer: W^{(2)}, a^{(1)}
_LAYER_SUPERSCRIPT = re.compile(r"([A-Za-z]+|\\[A-Za-z]+)\^\{\((\d+)\)\}")


class DocumentLatexPrinter(NotationLatexPrinter):
    """NotationLatexPrinter with unevaluated, slide-style matrix arithmetic."""

    _default_settings: ClassVar[dict] = {
        **NotationLatexPrinter._default_settings,
        "mat_delim": "[",
        "long_frac_ratio": 2,
        "ln_notation": True,  # the natural logarithm of the cross-entropies, as ln
    }

    def _factor(self, arg) -> str:
        printed = self._print(arg)
        if arg.is_number and getattr(arg, "is_negative", False):
            return rf"\left({printed}\right)"
        if isinstance(arg, (sp.Add, sp.MatAdd)):
            return rf"\left({printed}\right)"
        return printed

    def _print_Mul(self, expr):
        """−y·ln(a) with numbers put in stays "−1 · ln(0.4318)", not "(−1) · 1 · ln(0.4318)"."""
        args = expr.args
        if len(args) > 1 and args[0] == -1 and any(a.is_number for a in args[1:]):
            if len(args) > 2:
                return "- " + self._print(sp.Mul(*args[1:], evaluate=False))
            return "- " + self._factor(args[1])
        return super()._print_Mul(expr)

    def _print_MatMul(self, expr):
        args = list(expr.args)
        sign = ""
        if args and args[0] == -1:
            sign, args = "- ", args[1:]
        parts = [self._factor(a) for a in args]
        out = parts[0] if parts else ""
        for previous, part in zip(args, parts[1:]):
            both_numbers = previous.is_number and out and not out.endswith(r"\right)")
            dotted = (both_numbers and part[0].isdigit()) or part.startswith(r"\frac")
            out += (r" \cdot " if dotted else " ") + part
        return sign + out

    def _print_MatAdd(self, expr):
        out = ""
        for k, term in enumerate(expr.args):
            negative = isinstance(term, sp.MatMul) and term.args and term.args[0] == -1
            if negative:
                rest = term.args[1:]
                body = (
                    self._print(rest[0])
                    if len(rest) == 1
                    else self._print_MatMul(sp.MatMul(*rest, evaluate=False))
                )
                out += (" - " if k else "- ") + body
            else:
                out += (" + " if k else "") + self._print(term)
        return out

    def _print_Float(self, expr):
        """A shown number as the document shows it (0.2770, 0.09820); any other Float in plain
        decimal digits, never 1e-6."""
        if isinstance(expr, ShownNumber):
            mantissa, _, exponent = expr.text().partition("e")
            return rf"{mantissa} \times 10^{{{exponent}}}" if exponent else mantissa
        text = format(Decimal(str(expr)), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text

    def _print_HadamardProduct(self, expr):
        def factor(arg):
            if isinstance(arg, sp.MatMul):
                return rf"\left({self._print(arg)}\right)"
            return self._factor(arg)

        return r" \circ ".join(factor(a) for a in expr.args)

    def _print_Transpose(self, expr):
        """Aᵀ; a layer's vector or matrix keeps one superscript: W^{(2)\\mathsf{T}}."""
        printed = self._factor(expr.arg)
        layered = _LAYER_SUPERSCRIPT.fullmatch(printed)
        if layered:
            return rf"{layered.group(1)}^{{({layered.group(2)})\mathsf{{T}}}}"
        if "^" in printed:
            printed = f"{{{printed}}}"
        return rf"{printed}^{{\mathsf{{T}}}}"

    # several samples (marks.py): sample n is marked ^{[n]}, layers keep ^{(l)}
    def _of_sample(self, expr, sample) -> str:
        printed = self._print(expr)
        if isinstance(expr, (sp.Add, sp.Mul, sp.MatAdd, sp.MatMul, sp.HadamardProduct)):
            printed = rf"\left({printed}\right)"
        elif "^" in printed and not isinstance(expr, sp.MatrixBase):  # a^{(2)} → {a^{(2)}}^{[n]}
            printed = f"{{{printed}}}"
        return rf"{printed}^{{[{self._print(sample)}]}}"

    def _print_OfSample(self, expr):
        return self._of_sample(expr.expr, expr.sample)

    def _mean_over_samples(self, expr, count: int) -> str:
        """(1/N) Σ_n expr^{[n]}; an expression already marked (∂E^{[n]}/∂w) is not marked twice."""
        marked = isinstance(expr, sp.Basic) and expr.has(OfSample)
        inner = self._print(expr) if marked else self._of_sample(expr, SAMPLE_INDEX)
        return rf"\frac{{1}}{{{count}}} \sum_{{n=1}}^{{{count}}} {inner}"

    def _print_SampleAverage(self, expr):
        return self._mean_over_samples(expr.expr, expr.count)

    def _print_SampleMean(self, expr):
        return self._mean_over_samples(expr.argument, expr.count)

    def _print_MeanOfTerms(self, expr):
        terms = []
        for k, term in enumerate(expr.terms):
            printed = self._print(term)
            if k and not printed.startswith("-"):
                printed = "+ " + printed
            elif k:
                printed = "- " + printed[1:].lstrip()
            terms.append(printed)
        return rf"\frac{{1}}{{{expr.count}}} \left({' '.join(terms)}\right)"

    def _print_Updated(self, expr):
        return f"{{{self._print(expr.args[0])}}}'"

    def _print_Dots(self, expr):
        return r"\cdots"

    def _print_Derivative(self, expr):
        if isinstance(expr.expr, OfSample):  # ∂E^{[n]}/∂w, without parentheses
            ((variable, count),) = expr.variable_count
            if count == 1:
                of, by = self._print(expr.expr), self._print(variable)
                return rf"\frac{{\partial {of}}}{{\partial {by}}}"
        return super()._print_Derivative(expr)

    def _print_Function(self, expr, exp=None):
        name = type(expr).__name__
        if name == "sigma":
            return rf"\sigma\left({', '.join(self._print(a) for a in expr.args)}\right)"
        return super()._print_Function(expr, exp)


def tex(expr, notation=None, **settings) -> str:
    """LaTeX of ``expr`` in the network's notation, with slide-style matrices."""
    return DocumentLatexPrinter({"notation": notation, **settings}).doprint(expr)
