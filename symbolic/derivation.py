"""∂E/∂θ for every trainable parameter θ, derived by SymPy along the chain rule.

For each parameter the derivation keeps what the lecture writes in three lines — the chain of
partials along every path from the error to the parameter, each partial written out, and the
result — plus the result in unit form (Δ, h1, a_i^{(l)}, …), fully substituted, and the update
rule. Per layer it keeps the matrix-form rules (forward pass, δ recursion, ∂E/∂W = δ·aᵀ) and can
check them against the per-parameter results. Everything is built lazily, one parameter at a time.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from functools import cached_property

import sympy as sp

from . import display, layers
from .model import SymbolicModel
from .network import Network, Parameter
from .quantity import Quantity

#: paths from E to one parameter beyond which the per-path chain is not enumerated
MAX_PATHS = 1024
#: a linear network's gradient is written in Δ form (the lecture's) up to this many paths
MAX_DELTA_FORM_PATHS = 8


def ordered_product(factors) -> sp.Expr:
    """A product that keeps its factors in the given order for printing (1s dropped)."""
    kept = [g for f in factors for g in (f.args if f.is_Mul else (f,)) if g != 1]
    if not kept:
        return sp.Integer(1)
    if len(kept) == 1:
        return kept[0]
    return sp.Mul(*kept, evaluate=False)


def _same(x: sp.Expr, y: sp.Expr) -> bool:
    """Whether two rational expressions are equal (expanded, then over a common denominator)."""
    difference = sp.expand(x - y)
    return difference == 0 or sp.cancel(sp.together(difference)) == 0


@dataclass(frozen=True)
class Partial:
    """One link of a chain: ∂of/∂by, the derivative written out, and its result in unit form."""

    of: sp.Symbol
    by: sp.Symbol
    written: sp.Expr  # ∂(definition of `of`)/∂by, unevaluated
    result: sp.Expr

    @property
    def symbolic(self) -> sp.Derivative:
        return sp.Derivative(self.of, self.by, evaluate=False)


@dataclass(frozen=True)
class ChainPath:
    """The partials along one path from the error to a parameter, error end first."""

    partials: tuple[Partial, ...]

    @property
    def chain(self) -> sp.Expr:
        """∂E/∂out · ∂out/∂h1 · ∂h1/∂w1 as an ordered product of Derivatives."""
        return sp.Mul(*[p.symbolic for p in self.partials], evaluate=False)

    @property
    def written(self) -> sp.Expr:
        return sp.Mul(*[p.written for p in self.partials], evaluate=False)

    @property
    def product(self) -> sp.Expr:
        """The results multiplied in path order, e.g. Δ·w5·i1."""
        return ordered_product(p.result for p in self.partials)

    @property
    def value(self) -> sp.Expr:
        return sp.Mul(*[p.result for p in self.partials])


class ParameterGradient:
    """Everything derived about ∂E/∂θ for one parameter θ."""

    def __init__(self, derivation: Derivation, parameter: Parameter):
        self.derivation = derivation
        self.model = derivation.model
        self.parameter = parameter
        self.symbol = self.model.parameter(parameter)
        self.target_unit = (parameter.layer + 1, parameter.row)

    @property
    def name(self) -> str:
        return self.parameter.name

    @property
    def quantity(self) -> Quantity:
        """θ as a Quantity (``.gradient()`` is ∂E/∂θ)."""
        p = self.parameter
        return Quantity.parameter(p.kind, p.layer, p.row, p.col)

    @cached_property
    def n_paths(self) -> int:
        widths = self.derivation.network.widths
        return math.prod(widths[self.target_unit[0] + 1 :])

    @cached_property
    def paths(self) -> tuple[ChainPath, ...] | None:
        """Every path from E to θ, or None when there are more than MAX_PATHS."""
        if self.n_paths > MAX_PATHS:
            return None
        model, widths = self.model, self.derivation.network.widths
        m0, i0 = self.target_unit
        depth = model.depth
        result = []
        later = [range(widths[m]) for m in range(depth, m0, -1)]
        derivation = self.derivation
        for units in itertools.product(*later):
            route = [*zip(range(depth, m0, -1), units), (m0, i0)]
            partials = []
            for n, (m, i) in enumerate(route):
                if m == depth:
                    partials += derivation.output_partials(i)
                else:
                    partials += derivation.unit_partials(m, i)
                if n + 1 < len(route):
                    partials.append(derivation.link_partial(m, i, route[n + 1][1]))
            partials.append(derivation.parameter_partial(self.parameter, self.symbol))
            result.append(ChainPath(tuple(partials)))
        return tuple(result)

    @cached_property
    def in_units(self) -> sp.Expr:
        """∂E/∂θ in unit values, Δ and parameters: the sum over paths, or the δ recursion."""
        if self.paths is not None:
            return sp.Add(*[path.value for path in self.paths])
        return self.from_matrix_form

    @cached_property
    def in_units_ordered(self) -> sp.Expr:
        """``in_units`` for display: each path's factors in chain order (Δ·a·(1 − a)·w·…)."""
        if self.paths is None:
            return self.in_units
        products = [path.product for path in self.paths]
        return products[0] if len(products) == 1 else sp.Add(*products, evaluate=False)

    @cached_property
    def from_matrix_form(self) -> sp.Expr:
        """The same gradient from the layer rules: δ_i^{(l+1)} a_j^{(l)} with δ expanded."""
        m, i = self.target_unit
        delta = self.derivation.expanded_delta(m, i)
        if self.parameter.kind == "bias":
            return delta
        return delta * self.model.unit(m - 1, self.parameter.col)

    @property
    def uses_residual_form(self) -> bool:
        """The lecture's Δ form (Δ·w5·i1) for linear networks with few paths; δ form otherwise."""
        return (
            self.derivation.network.is_linear
            and self.derivation.network.loss.residual
            and self.n_paths <= MAX_DELTA_FORM_PATHS
        )

    @cached_property
    def shorthand(self) -> sp.Expr:
        """The result as the lecture writes it: Δ·w5·i1, or δ_i^{(l+1)}·a_j^{(l)} in general."""
        if self.uses_residual_form:
            products = [path.product for path in self.paths]
            return products[0] if len(products) == 1 else sp.Add(*products, evaluate=False)
        m, i = self.target_unit
        delta = self.model.delta(m, i)
        if self.parameter.kind == "bias":
            return delta
        return ordered_product([delta, self.model.unit(m - 1, self.parameter.col)])

    @cached_property
    def substituted_size(self) -> int:
        return self.model.substituted_size(self.in_units)

    @cached_property
    def substituted(self) -> sp.Expr:
        """∂E/∂θ in inputs, targets and parameters only (see substituted_size: may be huge)."""
        return self.model.substituted(self.in_units)

    @property
    def update(self) -> tuple[sp.Symbol, sp.Expr]:
        """θ' = θ − η·∂E/∂θ, with the gradient in shorthand."""
        new = self.derivation.network.names.updated(
            self.derivation.network.names.parameter_name(
                self.parameter.kind, self.parameter.layer, self.parameter.row, self.parameter.col
            )
        ).symbol
        step = ordered_product([self.model.rate, self.shorthand])
        return new, sp.Add(self.symbol, sp.Mul(-1, step, evaluate=False), evaluate=False)

    @property
    def derivative(self) -> sp.Derivative:
        """∂E/∂θ as a symbol-level derivative, for printing the left-hand side."""
        return sp.Derivative(self.model.error, self.symbol, evaluate=False)

    def _repr_latex_(self) -> str:
        """Notebook display: the three-line derivation and the update rule."""
        return display.gradient_latex(self)


@dataclass(frozen=True)
class LayerRule:
    """Matrix-form rules of weight layer k (unit layer k → k+1), as explicit SymPy matrices."""

    layer: int
    weights: sp.Matrix  # W^{(l)}: rows are target units
    bias: sp.Matrix | None
    inputs: sp.Matrix  # a^{(l)} column
    pre: sp.Matrix  # z^{(l+1)} column (the units themselves for a linear layer)
    outputs: sp.Matrix  # a^{(l+1)} column
    derivative_factors: sp.Matrix | None  # f'(z^{(l+1)}) in unit form (None for softmax)
    delta: sp.Matrix  # δ^{(l+1)} symbols
    delta_rule: (
        sp.Matrix
    )  # what δ^{(l+1)} equals: Δ ∘ f' (last layer) or (W^{(l+1)ᵀ} δ^{(l+2)}) ∘ f'
    weight_gradient: sp.Matrix  # ∂E/∂W^{(l)} = δ^{(l+1)} a^{(l)ᵀ}
    bias_gradient: sp.Matrix | None  # ∂E/∂b^{(l)} = δ^{(l+1)}
    notation: object = field(default=None, repr=False, compare=False)

    def _repr_latex_(self) -> str:
        """Notebook display: the layer's rules as explicit matrices."""
        return display.layer_rule_latex(self, self.notation)

    @property
    def forward(self) -> sp.Matrix:
        """W a + b, the right-hand side of z^{(l+1)} = W^{(l)} a^{(l)} + b^{(l)}."""
        product = self.weights * self.inputs
        return product + self.bias if self.bias is not None else product


class Derivation:
    """The derivation of ∂E/∂θ for every trainable parameter of a network."""

    def __init__(self, network: Network):
        self.network = network
        self.model = SymbolicModel(network)
        self._gradients: dict[str, ParameterGradient] = {}
        self._expanded_deltas: dict[tuple[int, int], sp.Expr] = {}

    @property
    def names(self):
        return self.network.names

    def parameter_names(self) -> list[str]:
        """Names of the trainable parameters, layer by layer, weights then biases."""
        return [p.name for p in self.network.parameters(trainable_only=True)]

    def gradient(self, name: str) -> ParameterGradient:
        """The derivation for one parameter (built on first use)."""
        if name not in self._gradients:
            parameter = self.network.parameter(name)
            if not parameter.trainable:
                from .errors import UnknownParameterError

                raise UnknownParameterError(
                    f"{self.network.name}: parameter {name!r} is frozen and has no update"
                )
            self._gradients[name] = ParameterGradient(self, parameter)
        return self._gradients[name]

    def gradients(self):
        for name in self.parameter_names():
            yield self.gradient(name)

    # --------------------------------------------------------------- partials
    def error_partial(self, i: int) -> Partial:
        """∂E/∂out_i: written ∂(loss)/∂out, result c·Δ_i when the loss proves that form (the
        lecture's Δ for the half squared error), else SymPy's derivative."""
        model, loss = self.model, self.network.loss
        out = model.outputs[i]
        written = sp.Derivative(model.error_expr, out, evaluate=False)
        result = loss.derivative(model.outputs, model.targets, i)  # proves c·Δ when claimed
        if loss.residual:
            factor = loss.factor(self.network.n_outputs)
            result = ordered_product([factor, model.residual(i)])
        return Partial(model.error, out, written, result)

    def output_partials(self, i: int) -> list[Partial]:
        """From E to output unit i's z: [∂E/∂out_i, ∂out_i/∂z_i] for an elementwise output
        layer; one partial [∂E/∂z_i] — written as the chain through the outputs, its result the
        output δ — for softmax, and wherever the loss proves δ = a − y (so the result is a − y,
        never ∂E/∂a·σ' with its division by a(1 − a))."""
        model, depth = self.model, self.model.depth
        layer_function = self.network.layers[-1].activation.is_layer_function
        if not layer_function and not self.network.loss.delta_is_residual:
            return [self.error_partial(i), *self.unit_partials(depth, i)]
        z = model.pre(depth, i)
        outputs = model.outputs if layer_function else (model.outputs[i],)
        links = [
            sp.Mul(
                sp.Derivative(model.error, out, evaluate=False),
                sp.Derivative(out, z, evaluate=False),
                evaluate=False,
            )
            for out in outputs
        ]
        written = links[0] if len(links) == 1 else sp.Add(*links, evaluate=False)
        return [Partial(model.error, z, written, self.output_delta(i))]

    def output_delta(self, i: int) -> sp.Expr:
        """δ_i^{(L)} = ∂E/∂z_i^{(L)}: a_i − y_i where the loss proves it for its output layer,
        Σ_k ∂E/∂a_k·a_k(δ_ki − a_i) for softmax, else ∂E/∂a_i·f'(z_i)."""
        model, network = self.model, self.network
        depth = model.depth
        if network.loss.delta_is_residual:  # proved for this output layer when the spec was read
            return model.outputs[i] - model.targets[i]
        activation = network.layers[-1].activation
        if activation.is_layer_function:
            jacobian = activation.jacobian_in_output(list(model.outputs))
            return sp.Add(
                *[
                    ordered_product([self.error_partial(k).result, jacobian[k, i]])
                    for k in range(network.n_outputs)
                ]
            )
        return ordered_product([self.error_partial(i).result, model.derivative_factor(depth, i)])

    def unit_partials(self, m: int, i: int) -> list[Partial]:
        """[∂a/∂z] for a non-linear unit, [] for a linear one."""
        model = self.model
        if not model.has_pre(m):
            return []
        a, z = model.unit(m, i), model.pre(m, i)
        written = sp.Derivative(model.activation_of(m, i), z, evaluate=False)
        return [Partial(a, z, written, model.derivative_factor(m, i))]

    def link_partial(self, m: int, i: int, j: int) -> Partial:
        """∂z_i^{(m)}/∂a_j^{(m-1)} = w_ij."""
        model = self.model
        z, a = model.pre(m, i), model.unit(m - 1, j)
        definition = model.net_input(m, i)
        return Partial(z, a, sp.Derivative(definition, a, evaluate=False), sp.diff(definition, a))

    def parameter_partial(self, parameter: Parameter, symbol: sp.Symbol) -> Partial:
        """∂z_i/∂w_ij = a_j, or ∂z_i/∂b_i = 1."""
        m, i = parameter.layer + 1, parameter.row
        z = self.model.pre(m, i)
        definition = self.model.net_input(m, i)
        return Partial(
            z,
            symbol,
            sp.Derivative(definition, symbol, evaluate=False),
            sp.diff(definition, symbol),
        )

    # --------------------------------------------------------------- δ recursion
    def delta_rule(self, m: int, i: int) -> sp.Expr:
        """What δ_i^{(m)} equals one layer up: the output δ at the output layer (c·Δ_i·f', or
        a − y where proved), f'·Σ_u w_ui δ_u inside."""
        model = self.model
        if m == model.depth:
            return self.output_delta(i)
        first = sp.Add(
            *[
                ordered_product([model.weight(m, u, i), model.delta(m + 1, u)])
                for u in range(self.network.widths[m + 1])
            ]
        )
        return ordered_product([first, model.derivative_factor(m, i)])

    def expanded_delta(self, m: int, i: int) -> sp.Expr:
        """δ_i^{(m)} with every δ above it substituted: unit values, Δ and weights only."""
        key = (m, i)
        if key not in self._expanded_deltas:
            model = self.model
            rule = self.delta_rule(m, i)
            if m < model.depth:
                rule = rule.xreplace(
                    {
                        model.delta(m + 1, u): self.expanded_delta(m + 1, u)
                        for u in range(self.network.widths[m + 1])
                    }
                )
            self._expanded_deltas[key] = rule
        return self._expanded_deltas[key]

    def layer_rule(self, k: int) -> LayerRule:
        """Explicit matrix-form rules of weight layer k (sized by the layer: small nets only)."""
        model, layer = self.model, self.network.layers[k]
        m = k + 1
        rows, cols = layer.units, layer.fan_in
        weights = sp.Matrix(rows, cols, lambda i, j: model.weight(k, i, j))
        bias = sp.Matrix(rows, 1, lambda i, _: model.bias(k, i)) if layer.has_bias else None
        inputs = sp.Matrix(cols, 1, lambda j, _: model.unit(k, j))
        delta = sp.Matrix(rows, 1, lambda i, _: model.delta(m, i))
        return LayerRule(
            layer=k,
            weights=weights,
            bias=bias,
            inputs=inputs,
            pre=sp.Matrix(rows, 1, lambda i, _: model.pre(m, i)),
            outputs=sp.Matrix(rows, 1, lambda i, _: model.unit(m, i)),
            derivative_factors=None
            if layer.activation.is_layer_function
            else sp.Matrix(rows, 1, lambda i, _: model.derivative_factor(m, i)),
            delta=delta,
            delta_rule=sp.Matrix(rows, 1, lambda i, _: self.delta_rule(m, i)),
            weight_gradient=delta * inputs.T,
            bias_gradient=delta if layer.has_bias else None,
            notation=self.names,
        )

    def layer_rules(self) -> list[LayerRule]:
        return [self.layer_rule(k) for k in range(len(self.network.layers))]

    @cached_property
    def matrix_rules(self) -> list[layers.LayerRules]:
        """The matrix-form rules of every layer as SymPy matrix expressions (any size)."""
        return layers.layer_rules(self.network)

    def check_layer_rules(self) -> list[str]:
        """Where the matrix-form rules, written out entry by entry, disagree with the
        per-unit δ rules and the per-parameter gradients (an empty list: they agree)."""
        model, disagree = self.model, []
        for rules in self.matrix_rules:
            k, m = rules.layer, rules.layer + 1
            delta = layers.explicit(rules.delta_rule.rhs, model)
            for i in range(self.network.widths[m]):
                if not _same(delta[i], self.delta_rule(m, i)):
                    disagree.append(f"δ rule of unit {i + 1} of layer {m + 1}")
            gradient = layers.explicit(rules.weight_gradient.rhs, model)
            for i in range(gradient.rows):
                for j in range(gradient.cols):
                    expected = model.delta(m, i) * model.unit(k, j)
                    if not _same(gradient[i, j], expected):
                        disagree.append(f"∂E/∂{self.names.weight(k, i, j).ascii}")
            if rules.bias_gradient is not None:
                bias = layers.explicit(rules.bias_gradient.rhs, model)
                for i in range(bias.rows):
                    if not _same(bias[i], model.delta(m, i)):
                        disagree.append(f"∂E/∂{self.names.bias(k, i).ascii}")
        return disagree

    def check_matrix_form(self, names=None) -> list[str]:
        """Names of parameters whose per-path result disagrees with the matrix-form rules.

        An empty list means the per-parameter chain-rule results and the δ recursion agree.
        """
        disagree = []
        for name in names if names is not None else self.parameter_names():
            gradient = self.gradient(name)
            if gradient.paths is None:
                continue  # in_units is the matrix form itself
            if not _same(gradient.in_units, gradient.from_matrix_form):
                disagree.append(name)
        return disagree

    def latex(self, expr) -> str:
        """LaTeX of a SymPy expression in this network's notation."""
        return self.network.latex(expr)

    def _repr_latex_(self) -> str:
        """Notebook display: ∂E/∂θ = shorthand per trainable parameter (says when it is cut)."""
        return display.derivation_latex(self)
