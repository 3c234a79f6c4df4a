"""The document's LaTeX printer: the notation printer plus matrix layout as the lecture writes it.

``NotationLatexPrinter`` (symbolic.printing) knows the names (w_{5}, a_{1}^{(2)}, Δ); this subclass
keeps matrix sums and products exactly as built (W − ηΔ·a·w, never multiplied out), prints a
negative number factor in parentheses as the slides do (0.05(−0.809)), writes a layer-wide matrix
symbol with its layer index (W^{(2)}, W^{(2)\\mathsf{T}}) and an activation applied to a whole
vector as σ(…). Unsupported expressions fall through to SymPy's printer.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

import sympy as sp

from symbolic.printing import NotationLatexPrinter

from .values import ShownNumber


class Elementwise(sp.Basic):
    """f applied to every entry of a matrix, printed f(M); f is an activation's LaTeX name."""

    def __new__(cls, latex_name: str, argument: sp.Basic):
        obj = sp.Basic.__new__(cls, sp.Symbol(latex_name), argument)
        return obj

    @property
    def latex_name(self) -> str:
        return self.args[0].name

    @property
    def argument(self) -> sp.Basic:
        return self.args[1]


class LayerMatrix(sp.MatrixSymbol):
    """A layer-wide matrix or vector (W^{(l)}, a^{(l)}, δ^{(l)}) of a big network."""

    def __new__(cls, base: str, layer: int, rows: int, cols: int, updated: bool = False):
        name = f"{base}__{layer}" + ("__new" if updated else "")
        return super().__new__(cls, name, rows, cols)

    @property
    def base_latex(self) -> str:
        return self.name.split("__")[0]

    @property
    def layer(self) -> str:
        return self.name.split("__")[1]

    @property
    def updated(self) -> bool:
        return self.name.endswith("__new")

    def after_update(self) -> LayerMatrix:
        return LayerMatrix(self.base_latex, int(self.layer), self.rows, self.cols, updated=True)


class AppliedVector(sp.MatrixSymbol):
    """f applied entrywise to a layer vector, as a matrix expression: σ'(z^{(2)})."""

    def __new__(cls, latex_name: str, inner: LayerMatrix):
        return super().__new__(cls, f"{latex_name}|{inner.name}", inner.rows, inner.cols)

    @property
    def latex_name(self) -> str:
        return self.name.split("|", 1)[0]

    @property
    def inner(self) -> LayerMatrix:
        base, layer = self.name.split("|", 1)[1].split("__")[:2]
        return LayerMatrix(base, int(layer), self.rows, self.cols)


class DocumentLatexPrinter(NotationLatexPrinter):
    """NotationLatexPrinter with unevaluated, slide-style matrix arithmetic."""

    _default_settings: ClassVar[dict] = {
        **NotationLatexPrinter._default_settings,
        "mat_delim": "[",
        "long_frac_ratio": 2,
    }

    def _factor(self, arg) -> str:
        printed = self._print(arg)
        if arg.is_number and getattr(arg, "is_negative", False):
            return rf"\left({printed}\right)"
        if isinstance(arg, (sp.Add, sp.MatAdd)):
            return rf"\left({printed}\right)"
        return printed

    def _print_MatMul(self, expr):
        args = list(expr.args)
        sign = ""
        if args and args[0] == -1:
            sign, args = "- ", args[1:]
        parts = [self._factor(a) for a in args]
        out = parts[0] if parts else ""
        for previous, part in zip(args, parts[1:]):
            both_numbers = previous.is_number and out and not out.endswith(r"\right)")
            out += (r" \cdot " if both_numbers and part[0].isdigit() else " ") + part
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

    def _print_LayerMatrix(self, expr, transposed: bool = False):
        top = r"\mathsf{T}" if transposed else ""
        if expr.layer == "0":  # a vector of the whole network (Δ, y): no layer index
            printed = expr.base_latex + (f"^{{{top}}}" if top else "")
        else:
            printed = rf"{expr.base_latex}^{{({expr.layer}){top}}}"
        return f"{{{printed}}}'" if expr.updated else printed

    def _print_AppliedVector(self, expr):
        return rf"{expr.latex_name}\left({self._print(expr.inner)}\right)"

    def _print_Transpose(self, expr):
        if isinstance(expr.arg, LayerMatrix):
            return self._print_LayerMatrix(expr.arg, transposed=True)
        return rf"{self._factor(expr.arg)}^{{\mathsf{{T}}}}"

    def _print_Elementwise(self, expr):
        if not expr.latex_name:
            return self._print(expr.argument)
        return rf"{expr.latex_name}\left({self._print(expr.argument)}\right)"

    def _print_Function(self, expr, exp=None):
        name = type(expr).__name__
        if name == "sigma":
            return rf"\sigma\left({', '.join(self._print(a) for a in expr.args)}\right)"
        return super()._print_Function(expr, exp)


def tex(expr, notation=None, **settings) -> str:
    """LaTeX of ``expr`` in the network's notation, with slide-style matrices."""
    return DocumentLatexPrinter({"notation": notation, **settings}).doprint(expr)
