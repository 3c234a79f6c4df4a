"""Printers that know the network's notation: LaTeX for documents, Unicode text for terminals.

Both keep products in the order the derivation built them (Δ·w5·i1, the order of the chain),
print a partial derivative as the lecture does (∂E/∂w5, ∂(h1 w5 + h2 w6)/∂h1) and print
terminating rationals as decimals (11/100 → 0.11) so that numbers look like the slides.
"""

from __future__ import annotations

from fractions import Fraction
from typing import ClassVar

import sympy as sp
from sympy.printing.latex import LatexPrinter
from sympy.printing.str import StrPrinter

from .numbers import format_decimal, terminates


class NotationLatexPrinter(LatexPrinter):
    """LaTeX in the network's notation: w_{5}, a_{1}^{(2)}, \\Delta, \\partial."""

    printmethod = "_nnderive_latex"
    _default_settings: ClassVar[dict] = {
        **LatexPrinter._default_settings,
        "order": "none",
        "mul_symbol": "dot",
        "notation": None,
        "decimals": True,
    }

    def _print_Symbol(self, expr, style="plain"):
        notation = self._settings["notation"]
        latex = notation.latex_of(expr.name) if notation is not None else None
        return latex if latex is not None else super()._print_Symbol(expr, style)

    def _print_Derivative(self, expr):
        ((variable, count),) = expr.variable_count
        of = expr.expr
        top = r"\partial" if count == 1 else rf"\partial^{{{count}}}"
        bottom = rf"\partial {self._print(variable)}" + (f"^{{{count}}}" if count > 1 else "")
        if isinstance(of, sp.Symbol):
            return rf"\frac{{{top} {self._print(of)}}}{{{bottom}}}"
        return rf"\frac{{{top} \left({self._print(of)}\right)}}{{{bottom}}}"

    def _print_Rational(self, expr):
        if self._settings["decimals"] and terminates(Fraction(int(expr.p), int(expr.q))):
            text = format_decimal(Fraction(int(expr.p), int(expr.q)))
            mantissa, _, exponent = text.partition("e")  # 1.5e+45 → 1.5 \cdot 10^{45}
            return rf"{mantissa} \cdot 10^{{{int(exponent)}}}" if exponent else text
        return super()._print_Rational(expr)

    # the matrix-form rules of symbolic.layers
    def _print_LayerSymbol(self, expr):
        notation = self._settings["notation"]
        if notation is None:
            raise TypeError("printing a layer's matrix needs the network's notation")
        return notation.name(expr.quantity).latex

    def _print_Applied(self, expr):
        notation = self._settings["notation"]
        activation = notation.network.layers[expr.layer - 1].activation
        name = activation.latex_name or "f"
        prime = "'" if expr.derivative else ""
        return rf"{name}{prime}\left({self._print(expr.argument)}\right)"

    def _print_SoftmaxJacobian(self, expr):
        return rf"J\left({self._print(expr.outputs)}\right)"

    def _print_SampleMean(self, expr):
        """(1/N) Σ_n (…)^{[n]}: samples are marked [n], since (l) marks layers."""
        inner = self._print(expr.argument)
        n = expr.count
        return rf"\frac{{1}}{{{n}}} \sum_{{n=1}}^{{{n}}} \left({inner}\right)^{{[n]}}"

    def _matrix_factor(self, arg) -> str:
        """A factor of a matrix product: composite expressions in parentheses, symbols bare."""
        printed = self._print(arg)
        if isinstance(arg, (sp.MatAdd, sp.MatMul, sp.HadamardProduct)):
            return rf"\left({printed}\right)"
        return printed

    def _print_Transpose(self, expr):
        return rf"{{{self._matrix_factor(expr.arg)}}}^{{\mathsf{{T}}}}"

    def _print_HadamardProduct(self, expr):
        return r" \circ ".join(self._matrix_factor(arg) for arg in expr.args)


class NotationTextPrinter(StrPrinter):
    """Unicode text for terminals: Δ·w5·i1, ∂E/∂w5, ∂(h1·w5 + h2·w6)/∂h1, η."""

    _default_settings: ClassVar[dict] = {
        **StrPrinter._default_settings,
        "order": "none",
        "notation": None,
    }
    _greek: ClassVar[dict] = {"Delta": "Δ", "delta": "δ", "eta": "η"}

    def _print_Symbol(self, expr):
        name = expr.name
        for ascii_name, greek in self._greek.items():
            if name == ascii_name or (
                name.startswith(ascii_name) and name[len(ascii_name)].isdigit()
            ):
                return greek + name[len(ascii_name) :]
            if name.startswith(ascii_name + "_"):
                return greek + name[len(ascii_name) :]
        if name.endswith("_new"):
            return name[: -len("_new")] + "'"
        return name

    def _print_Derivative(self, expr):
        ((variable, count),) = expr.variable_count
        of = expr.expr
        power = "" if count == 1 else str(count)
        top = self._print(of) if isinstance(of, sp.Symbol) else f"({self._print(of)})"
        return f"∂{power}{top}/∂{self._print(variable)}{power}"

    def _print_Rational(self, expr):
        if terminates(Fraction(int(expr.p), int(expr.q))):
            return format_decimal(Fraction(int(expr.p), int(expr.q)))
        return super()._print_Rational(expr)

    def _print_Mul(self, expr):
        if any(isinstance(arg, sp.Derivative) for arg in expr.args):  # a chain of partials
            return " · ".join(
                f"({self._print(arg)})" if isinstance(arg, sp.Add) else self._print(arg)
                for arg in expr.args
            )
        return super()._print_Mul(expr)


def latex(expr, notation, **settings) -> str:
    """LaTeX of a SymPy expression in a network's notation (``network.names``).

    The notation is required: the same symbol is written differently in each notation
    (``w1_2_3`` is w_{23}^{(1)}), so printing without one would silently print the ASCII name.
    Pass ``None`` explicitly for an expression with no network symbols, or use the shorthand
    ``network.latex(expr)`` / ``Derivation.latex(expr)``.
    """
    return NotationLatexPrinter({"notation": notation, **settings}).doprint(expr)


def text(expr, notation=None) -> str:
    """Unicode text of a SymPy expression, for people."""
    printed = NotationTextPrinter({"notation": notation}).doprint(expr)
    return printed.replace("**", "^").replace("*", "·")


def plain(expr) -> str:
    """SymPy's string form, keeping the derivation's factor order (for JSON)."""
    return sp.sstr(expr, order="none")
