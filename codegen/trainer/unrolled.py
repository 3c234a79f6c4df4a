"""The `unrolled` strategy: straight-line scalar code from the Derivation, one line per quantity.

Forward lines come from the SymbolicModel's unit definitions (z = Σ w·a + b, a = f(z); a softmax
layer through its log Σ e^{z}, see stable.py); the backward lines are every trainable parameter's
gradient in unit values (``in_units``: Δ, δ factors and unit values; for the cross-entropies the
δ recursion from the proved output δ = a − y) after SymPy's common-subexpression elimination.
Each line carries a comment naming the derivation step it implements, printed by
``symbolic.printing.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp
from sympy.printing.precedence import PRECEDENCE

from symbolic.derivation import Derivation
from symbolic.printing import text

from .plan import ParamArray, identifier
from .printer import NumbaPrinter
from .stable import LogSumExp, check_softmax, output_term_in_pre, softmax_entry

#: prefix of the temporaries common-subexpression elimination introduces
CSE_PREFIX = "cse_"
#: the same for the training kernel's shared factors (see ``_step_lines``)
STEP_CSE_PREFIX = "_f"


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
    step: Line  # s_<var> = (lr / batch)·d_<var>, its factors in the training kernel's order
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
    residuals: list[Line] = field(default_factory=list)
    backward: list[Line] = field(default_factory=list)
    step_shared: list[Line] = field(default_factory=list)  # the training kernel's shared factors
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
    defined: list[sp.Symbol] = []  # forward and residual lines' symbols, in order

    def line(symbol: sp.Symbol, expr: sp.Expr, comment: str | None = None) -> Line:
        """``symbol = expr``, commented with the equation in the notation (unless given)."""
        if comment is None:
            comment = f"{text(symbol, notation)} = {text(expr, notation)}"
        defined.append(symbol)
        return Line(var(symbol), printer.doprint(expr), comment)

    depth = len(network.layers)
    sums = {}  # unit layer m of a softmax → the symbol of its log Σ e^{z}
    for m in range(1, depth + 1):
        activation = network.layers[m - 1].activation
        if activation.is_layer_function:
            sums[m] = _softmax_lines(plan, model, m, activation, line)
            continue
        for i in range(network.widths[m]):
            unit = model.unit(m, i)
            if model.has_pre(m):
                pre = model.pre(m, i)
                definition = model.net_input(m, i)
                plan.forward.append(line(pre, definition))
            definition = model.activation_of(m, i)
            plan.forward.append(line(unit, definition))
    plan.outputs = [var(o) for o in model.outputs]

    error = _stable_error(network, model)
    if depth in sums:
        error = error.replace(LogSumExp, lambda *args: sums[depth])
    plan.error = Line(
        "e_sample",
        printer.doprint(error),
        f"{text(model.error, notation)} = {text(model.error_expr, notation)}",
    )

    gradients = list(derivation.gradients())
    if network.loss.residual:
        for i in range(network.n_outputs):
            residual = model.residual(i)
            definition = model.residual_definition(i)
            plan.residuals.append(line(residual, definition))
    in_units = [_in_units(g, network) for g in gradients]
    temporaries = sp.numbered_symbols(CSE_PREFIX)
    replacements, reduced = sp.cse(in_units, symbols=temporaries, order="canonical")
    for symbol, expr in replacements:
        names[symbol.name] = symbol.name
        plan.backward.append(line(symbol, expr, f"shared factor {text(expr, notation)}"))
    known = {model.parameter(p) for p in network.parameters()}
    known |= {model.input(j) for j in range(network.n_inputs)} | set(model.targets)
    ranks = {symbol: k for k, symbol in enumerate(defined)}
    steps = _step_lines(in_units, known, ranks, names, printer, notation, plan.step_shared)
    for gradient, expr, step in zip(gradients, reduced, steps):
        parameter = gradient.parameter
        array = by_layer[(parameter.layer, parameter.kind)]
        target = var(gradient.symbol)
        comment = f"{text(gradient.derivative, notation)} = {text(gradient.shorthand, notation)}"
        plan.gradients.append(
            Gradient(
                target,
                Line(f"d_{target}", printer.doprint(expr), comment),
                Line(f"s_{target}", step, f"(lr / batch)·{comment}"),
                f"g_{target}",
                array.name,
                _index(array, parameter.row, parameter.col),
            )
        )
    plan.imports = printer.imports
    return plan


def _step_lines(in_units, known, ranks, names, printer, notation, shared: list[Line]):
    """The training kernel's (lr / batch)·∂E/∂θ, each as (_scale·earlier factors)·(last factor).

    A per-sample step waits on a chain of dependent operations through the weights: forward
    pass, Δ, gradient, update. Of each product's factors, the one computed last in the forward
    and residual lines (``ranks``; parameters, inputs and targets are ``known`` from the start)
    is multiplied last: the other factors and the scale are multiplied while it is being
    computed, and the chain waits for one multiplication after it instead of one per factor
    (Python multiplies left to right and Numba keeps that order). Common-subexpression
    elimination shares factors between the products; its lines are appended to ``shared``."""

    def rank(factor):
        if factor.free_symbols <= known:
            return -1
        return max(ranks.get(symbol, -1) for symbol in factor.free_symbols)

    scale = sp.Symbol("_scale")
    names[scale.name] = scale.name
    heads, tails = [], []
    for expr in in_units:
        factors = list(sp.Mul.make_args(expr))
        last = max(range(len(factors)), key=lambda k: (rank(factors[k]), -k))
        tails.append(factors.pop(last) if rank(factors[last]) >= 0 else sp.S.One)
        heads.append(sp.Mul(scale, *factors))
    temporaries = sp.numbered_symbols(STEP_CSE_PREFIX)
    replacements, reduced = sp.cse(heads + tails, temporaries, order="canonical")
    for symbol, expr in replacements:
        names[symbol.name] = symbol.name
        code = printer.doprint(expr)
        shared.append(Line(symbol.name, code, f"shared factor {text(expr, notation)}"))
    precedence = PRECEDENCE["Mul"]
    steps = []
    for head, tail in zip(reduced[: len(heads)], reduced[len(heads) :]):
        code = printer.doprint(head)
        if tail != 1:
            code = code if head.is_Atom else f"({code})"
            code = f"{code}*{printer.parenthesize(tail, precedence)}"
        steps.append(code)
    return steps


def _in_units(gradient, network) -> sp.Expr:
    """∂E/∂θ in unit values: the sum over paths, or — for a loss whose output δ the derivation
    proved to be a − y (the cross-entropies) — the δ recursion from that δ. The paths multiply
    ∂E/∂a = −y/a + (1 − y)/(1 − a) by σ' = a(1 − a), which divides by 0 once a sigmoid output
    rounds to 1 (a logit above about 37)."""
    if network.loss.delta_is_residual:
        return gradient.from_matrix_form
    return gradient.in_units


def _softmax_lines(plan, model, m: int, activation, line) -> sp.Symbol:
    """z of every unit, their log Σ e^{z} once, then a_i = e^{z_i − log Σ e^{z}}: the softmax
    without overflow (checked against the layer function by ``stable.check_softmax``)."""
    zs = [model.pre(m, i) for i in range(model.network.widths[m])]
    for i, z in enumerate(zs):
        plan.forward.append(line(z, model.net_input(m, i)))
    check_softmax(activation, zs)
    total = sp.Symbol(f"_lse{m + 1}", real=True)  # named like the layer in the notation (z3_1)
    plan.forward.append(
        line(
            total,
            LogSumExp(*zs),
            f"log Σ_k e^z_k of layer {m + 1} (stable: max + log Σ e^(z − max))",
        )
    )
    for i in range(len(zs)):
        unit = model.unit(m, i)
        stable = softmax_entry(zs, i).replace(LogSumExp, lambda *args: total)
        comment = f"{text(unit, model.names)} = {text(model.activation_of(m, i), model.names)}"
        plan.forward.append(line(unit, stable, comment))
    return total


def _stable_error(network, model) -> sp.Expr:
    """E of one sample as the kernels evaluate it: for the cross-entropies in the output layer's
    z with stable logarithms (``stable.output_term_in_pre``), else the derivation's own form."""
    depth = len(network.layers)
    if not model.has_pre(depth):
        return model.error_expr
    zs = [model.pre(depth, k) for k in range(network.n_outputs)]
    activation = network.layers[-1].activation
    terms = [
        output_term_in_pre(network.loss, activation, zs, list(model.targets), k)
        for k in range(network.n_outputs)
    ]
    if any(term is None for term in terms):
        return model.error_expr
    return sp.Add(*terms)


def _taken(arrays: list[ParamArray]) -> frozenset[str]:
    from .plan import TEMPLATE_NAMES

    return TEMPLATE_NAMES | {a.name for a in arrays}
