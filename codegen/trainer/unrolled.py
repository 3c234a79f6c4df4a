"""The `unrolled` strategy: straight-line scalar code from the Derivation, one line per quantity.

Forward lines come from the SymbolicModel's unit definitions (z = Σ w·a + b, a = f(z)); the
backward lines are every trainable parameter's ``in_units`` gradient (Δ, δ factors and unit
values) after SymPy's common-subexpression elimination. Each line carries a comment naming the
derivation step it implements, printed by ``symbolic.printing.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from symbolic.derivation import Derivation
from symbolic.printing import text

from .plan import ParamArray, identifier
from .printer import NumbaPrinter

#: prefix of the temporaries common-subexpression elimination introduces
CSE_PREFIX = "cse_"


@dataclass(frozen=True)
class Line:
    """``target = code  # comment``"""

    target: str
    code: str
    comment: str


@dataclass(frozen=True)
class Scalar:
    """A parameter held in a local variable: ``var = array[index]``."""

    var: str
    array: str
    index: str
    trainable: bool


@dataclass(frozen=True)
class Gradient:
    """One trainable parameter's gradient line and the accumulator it adds to."""

    var: str  # the parameter's variable
    line: Line  # d_<var> = …
    accumulator: str  # g_<var>
    array: str
    index: str


@dataclass
class UnrolledPlan:
    scalars: list[Scalar] = field(default_factory=list)
    inputs: list[tuple[str, int]] = field(default_factory=list)
    targets: list[tuple[str, int]] = field(default_factory=list)
    forward: list[Line] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    error: Line | None = None
    backward: list[Line] = field(default_factory=list)
    gradients: list[Gradient] = field(default_factory=list)
    imports: tuple[str, ...] = ()


def _index(array: ParamArray, i: int, j: int | None) -> str:
    return f"{i}, {j}" if array.kind == "weight" else f"{i}"


def build_unrolled(derivation: Derivation, arrays: list[ParamArray], dtype: str) -> UnrolledPlan:
    """Every line of the unrolled kernels, printed by the Numba printer."""
    network, model = derivation.network, derivation.model
    notation = network.names
    names: dict[str, str] = {}
    plan = UnrolledPlan()

    def var(symbol: sp.Symbol) -> str:
        if symbol.name not in names:
            names[symbol.name] = identifier(symbol.name, _taken(arrays))
        return names[symbol.name]

    by_layer = {(a.layer, a.kind): a for a in arrays}
    for parameter in network.parameters():
        array = by_layer[(parameter.layer, parameter.kind)]
        symbol = model.parameter(parameter)
        plan.scalars.append(
            Scalar(
                var(symbol),
                array.name,
                _index(array, parameter.row, parameter.col),
                parameter.trainable,
            )
        )
    plan.inputs = [(var(model.input(j)), j) for j in range(network.n_inputs)]
    plan.targets = [(var(t), i) for i, t in enumerate(model.targets)]

    printer = NumbaPrinter({"names": names, "dtype": dtype})

    def line(symbol: sp.Symbol, expr: sp.Expr, comment: str | None = None) -> Line:
        """``symbol = expr``, commented with the equation in the notation (unless given)."""
        if comment is None:
            comment = f"{text(symbol, notation)} = {text(expr, notation)}"
        return Line(var(symbol), printer.doprint(expr), comment)

    for m in range(1, len(network.layers) + 1):
        for i in range(network.widths[m]):
            unit = model.unit(m, i)
            if model.has_pre(m):
                pre = model.pre(m, i)
                definition = model.net_input(m, i)
                plan.forward.append(line(pre, definition))
            definition = model.activation_of(m, i)
            plan.forward.append(line(unit, definition))
    plan.outputs = [var(o) for o in model.outputs]

    error_symbol = model.error
    plan.error = Line(
        "e_sample",
        printer.doprint(model.error_expr),
        f"{text(error_symbol, notation)} = {text(model.error_expr, notation)}",
    )

    gradients = list(derivation.gradients())
    if network.loss.residual:
        for i in range(network.n_outputs):
            residual = model.residual(i)
            definition = model.residual_definition(i)
            plan.backward.append(line(residual, definition))
    temporaries = sp.numbered_symbols(CSE_PREFIX)
    replacements, reduced = sp.cse(
        [g.in_units for g in gradients], symbols=temporaries, order="canonical"
    )
    for symbol, expr in replacements:
        names[symbol.name] = symbol.name
        plan.backward.append(line(symbol, expr, f"shared factor {text(expr, notation)}"))
    for gradient, expr in zip(gradients, reduced):
        parameter = gradient.parameter
        array = by_layer[(parameter.layer, parameter.kind)]
        target = var(gradient.symbol)
        comment = f"{text(gradient.derivative, notation)} = {text(gradient.shorthand, notation)}"
        plan.gradients.append(
            Gradient(
                target,
                Line(f"d_{target}", printer.doprint(expr), comment),
                f"g_{target}",
                array.name,
                _index(array, parameter.row, parameter.col),
            )
        )
    plan.imports = printer.imports
    return plan


def _taken(arrays: list[ParamArray]) -> frozenset[str]:
    from .plan import TEMPLATE_NAMES

    return TEMPLATE_NAMES | {a.name for a in arrays}
