"""Activation functions: one small registered entry each (SymPy form, derivative, LaTeX name).

The derivative always comes from SymPy. Where a textbook form in the unit's own output exists
(σ' = a(1 − a), tanh' = 1 − a²), the entry lists it and SymPy proves it equal to the derivative
before it is ever used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import sympy as sp

from .formula import parse_formula
from .formula_bounds import check_activation

#: the variable of every activation formula
Z = sp.Symbol("z", real=True)
#: the unit's output, used by textbook derivative forms
A = sp.Symbol("a", real=True)


@dataclass(frozen=True, eq=False)
class Activation:
    """f(z) for one layer's units."""

    name: str
    expr: sp.Expr  # in Z
    latex_name: str  # how f is written: "\\sigma", "\\tanh", or "" for identity
    textbook: sp.Expr | None = None  # f'(z) in terms of A = f(z), proven before use
    formula: str | None = None  # the spec's text for a custom formula

    @property
    def is_identity(self) -> bool:
        return self.expr == Z

    @cached_property
    def derivative(self) -> sp.Expr:
        """f'(z) as SymPy differentiates it."""
        return sp.diff(self.expr, Z)

    @cached_property
    def derivative_in_output(self) -> sp.Expr | None:
        """f'(z) written in a = f(z) when the textbook form holds (checked by SymPy), else None."""
        if self.textbook is None:
            return None
        difference = sp.simplify(self.derivative - self.textbook.subs(A, self.expr))
        if difference != 0:
            raise AssertionError(f"textbook derivative of {self.name} is wrong: {difference}")
        return self.textbook

    def apply(self, z: sp.Expr) -> sp.Expr:
        """f(z) for an arbitrary argument."""
        return self.expr.xreplace({Z: z})


def _relu() -> sp.Expr:
    return sp.Piecewise((Z, Z > 0), (0, True))


#: built-in activations by name
BUILTIN: dict[str, Activation] = {
    "identity": Activation("identity", Z, ""),
    "sigmoid": Activation("sigmoid", 1 / (1 + sp.exp(-Z)), r"\sigma", textbook=A * (1 - A)),
    "tanh": Activation("tanh", sp.tanh(Z), r"\tanh", textbook=1 - A**2),
    "relu": Activation("relu", _relu(), r"\operatorname{ReLU}"),
}


def activation_from_spec(text: str) -> Activation:
    """A built-in activation by name, or a custom formula in x parsed by the whitelisting parser.

    Raises FormulaError when the text is neither.
    """
    if text in BUILTIN:
        return BUILTIN[text]
    expr = parse_formula(text, Z, variable_name="x")
    check_activation(expr, Z, "x")  # real, finite and of bounded size; raises FormulaError
    return Activation(f"custom:{text}", expr, "f", formula=text)
