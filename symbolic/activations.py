"""Activation functions: one small registered entry each (SymPy form, derivative, LaTeX name).

The derivative always comes from SymPy. Where a textbook form in the unit's own output exists
(σ' = a(1 − a), tanh' = 1 − a²), the entry lists it and SymPy proves it equal to the derivative
before it is ever used.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

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

    #: an elementwise function of each unit's own z (softmax is a function of the whole layer)
    is_layer_function = False

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


@dataclass(frozen=True, eq=False)
class LayerFunction:
    """An activation of a whole layer, a = f(z_1, …, z_n): softmax, a_i = e^{z_i} / Σ_k e^{z_k}.

    It has no derivative of one unit's own z; its Jacobian ∂a_i/∂z_j comes from SymPy, and the
    textbook form a_i(δ_ij − a_j) in the layer's outputs is proved equal to it before use.
    """

    name: str
    latex_name: str
    formula: str | None = None
    is_layer_function = True
    is_identity = False
    textbook = None
    derivative_in_output = None

    def apply_layer(self, zs) -> list[sp.Expr]:
        """a_i for every unit i of a layer with weighted inputs ``zs``."""
        total = sp.Add(*[sp.exp(z) for z in zs])
        return [sp.exp(z) / total for z in zs]

    def jacobian(self, zs) -> sp.Matrix:
        """∂a_i/∂z_j as SymPy differentiates it."""
        outputs = self.apply_layer(zs)
        return sp.Matrix(len(zs), len(zs), lambda i, j: sp.diff(outputs[i], zs[j]))

    def jacobian_in_output(self, outputs) -> sp.Matrix:
        """∂a_i/∂z_j = a_i(δ_ij − a_j) in the layer's outputs (proved, see ``_prove_softmax``)."""
        _prove_softmax()
        n = len(outputs)
        return sp.Matrix(n, n, lambda i, j: outputs[i] * (sp.KroneckerDelta(i, j) - outputs[j]))


@cache
def _prove_softmax() -> None:
    """SymPy proves ∂a_i/∂z_j = a_i(δ_ij − a_j) for softmax layers of any size n ≥ 2.

    a_i = e^{z_i}/S. On the diagonal S = e^{z_i} + R, off it S = e^{z_i} + e^{z_j} + R, where
    R ≥ 0 is the sum over the other units, which depends on neither z_i nor z_j.
    """
    zi, zj = sp.symbols("z_i z_j", real=True)
    rest = sp.Symbol("R", nonnegative=True)
    total = sp.exp(zi) + rest
    ai = sp.exp(zi) / total
    if sp.simplify(sp.diff(ai, zi) - ai * (1 - ai)) != 0:
        raise AssertionError("softmax: ∂a_i/∂z_i is not a_i(1 − a_i)")
    total = sp.exp(zi) + sp.exp(zj) + rest
    ai, aj = sp.exp(zi) / total, sp.exp(zj) / total
    if sp.simplify(sp.diff(ai, zj) + ai * aj) != 0:
        raise AssertionError("softmax: ∂a_i/∂z_j is not −a_i a_j")


SOFTMAX = LayerFunction("softmax", r"\operatorname{softmax}")


def _relu() -> sp.Expr:
    return sp.Piecewise((Z, Z > 0), (0, True))


#: built-in activations by name
BUILTIN: dict[str, Activation] = {
    "identity": Activation("identity", Z, ""),
    "sigmoid": Activation("sigmoid", 1 / (1 + sp.exp(-Z)), r"\sigma", textbook=A * (1 - A)),
    "tanh": Activation("tanh", sp.tanh(Z), r"\tanh", textbook=1 - A**2),
    "relu": Activation("relu", _relu(), r"\operatorname{ReLU}"),
}


#: activations of a whole layer, by name (allowed on the output layer only)
LAYER_FUNCTIONS: dict[str, LayerFunction] = {"softmax": SOFTMAX}


def activation_from_spec(text: str) -> Activation | LayerFunction:
    """A built-in activation by name, or a custom formula in x parsed by the whitelisting parser.

    Raises FormulaError when the text is neither.
    """
    if text in BUILTIN:
        return BUILTIN[text]
    if text in LAYER_FUNCTIONS:
        return LAYER_FUNCTIONS[text]
    expr = parse_formula(text, Z, variable_name="x")
    check_activation(expr, Z, "x")  # real, finite and of bounded size; raises FormulaError
    return Activation(f"custom:{text}", expr, "f", formula=text)
