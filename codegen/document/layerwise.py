"""Layer-wise formulas for networks too big to spell out parameter by parameter (LargeDocument).

Each layer's rules are written with one symbol per matrix (W^{(l)}, a^{(l)}, δ^{(l)}) — the same
rules ``Derivation.layer_rule`` gives as explicit matrices for small networks — and a few
representative parameters get the full per-parameter derivation.
"""

from __future__ import annotations

import sympy as sp

from .equations import equation
from .printer import AppliedVector, Elementwise, LayerMatrix
from .values import shown, shown_given

Matrix = sp.ImmutableMatrix


class LayerSymbols:
    """W^{(l)}, b^{(l)}, a^{(l)}, z^{(l)}, δ^{(l)} (layers from 1; inputs are 1)."""

    def __init__(self, network):
        self.network = network
        self.widths = network.widths

    def weights(self, k):
        return LayerMatrix("W", k + 1, self.widths[k + 1], self.widths[k])

    def bias(self, k):
        return LayerMatrix("b", k + 1, self.widths[k + 1], 1)

    def units(self, m):
        return LayerMatrix("a", m + 1, self.widths[m], 1)

    def pre(self, m):
        return LayerMatrix("z", m + 1, self.widths[m], 1)

    def delta(self, m):
        return LayerMatrix(r"\delta", m + 1, self.widths[m], 1)

    def factor(self, m):
        """f'(z^{(l)}) as a vector: f' applied entrywise."""
        activation = self.network.layers[m - 1].activation
        return AppliedVector(rf"{activation.latex_name or 'f'}'", self.pre(m))


def forward_equations(network, names) -> list:
    s = LayerSymbols(network)
    out = []
    for k, layer in enumerate(network.layers):
        m = k + 1
        product = sp.MatMul(s.weights(k), s.units(k), evaluate=False)
        rhs = sp.MatAdd(product, s.bias(k), evaluate=False) if layer.has_bias else product
        if layer.activation.is_identity:
            out.append(equation(s.units(m), rhs, names))
        else:
            out.append(
                equation(
                    s.pre(m),
                    rhs,
                    names,
                    side=sp.Eq(
                        s.units(m),
                        Elementwise(layer.activation.latex_name, s.pre(m)),
                        evaluate=False,
                    ),
                )
            )
    return out


def backward_equations(network, names) -> list:
    """δ^{(L)} = Δ ∘ f'(z^{(L)}); δ^{(l)} = (W^{(l)ᵀ} δ^{(l+1)}) ∘ f'(z^{(l)}); gradients."""
    s = LayerSymbols(network)
    depth = len(network.layers)
    residual = LayerMatrix(r"\Delta", 0, network.n_outputs, 1)
    out = []
    for m in range(depth, 0, -1):
        layer = network.layers[m - 1]
        if m == depth:
            upstream = residual
        else:
            upstream = sp.MatMul(sp.Transpose(s.weights(m)), s.delta(m + 1), evaluate=False)
        rhs = (
            upstream
            if layer.activation.is_identity
            else sp.HadamardProduct(upstream, s.factor(m), evaluate=False)
        )
        out.append(equation(s.delta(m), rhs, names))
    targets = LayerMatrix("y", 0, network.n_outputs, 1)
    definition = sp.MatAdd(s.units(depth), sp.MatMul(-1, targets, evaluate=False), evaluate=False)
    return [equation(residual, definition, names), *out]


def gradient_equations(network, names, error) -> list:
    s = LayerSymbols(network)
    out = []
    for k, layer in enumerate(network.layers):
        out.append(
            equation(
                _derivative_of(error, s.weights(k)),
                sp.MatMul(s.delta(k + 1), sp.Transpose(s.units(k)), evaluate=False),
                names,
            )
        )
        if layer.has_bias:
            out.append(equation(_derivative_of(error, s.bias(k)), s.delta(k + 1), names))
    return out


def update_equations(network, names, rate) -> list:
    s = LayerSymbols(network)
    out = []
    for k, layer in enumerate(network.layers):
        step = sp.MatMul(-1, rate, s.delta(k + 1), sp.Transpose(s.units(k)), evaluate=False)
        if "weights" not in layer.freeze:
            out.append(
                equation(
                    _updated(s.weights(k)), sp.MatAdd(s.weights(k), step, evaluate=False), names
                )
            )
        if layer.has_bias and "bias" not in layer.freeze:
            bstep = sp.MatMul(-1, rate, s.delta(k + 1), evaluate=False)
            out.append(
                equation(_updated(s.bias(k)), sp.MatAdd(s.bias(k), bstep, evaluate=False), names)
            )
    return out


def _derivative_of(error, matrix: LayerMatrix):
    return sp.Derivative(error, matrix, evaluate=False)


def _updated(matrix: LayerMatrix):
    return matrix.after_update()


def representative_parameters(network) -> list[str]:
    """The first weight and the first bias of every layer, and the last weight of the network
    (trainable ones only; found without listing every parameter)."""
    names, chosen = network.names, []
    for k, layer in enumerate(network.layers):
        if "weights" not in layer.freeze:
            chosen.append(names.weight(k, 0, 0).ascii)
        if layer.has_bias and "bias" not in layer.freeze:
            chosen.append(names.bias(k, 0).ascii)
    k = len(network.layers) - 1
    last = network.layers[k]
    final = names.weight(k, last.units - 1, last.fan_in - 1).ascii
    if "weights" not in last.freeze and final not in chosen:
        chosen.append(final)
    return chosen


def parameter_update_values(derivation, iteration, digits: int) -> list:
    """θ' = θ − η·(∂E/∂θ) with one iteration's numbers for its chosen parameters."""
    notation = derivation.names
    rate = shown_given(derivation.network.learning_rate, digits)
    out = []
    for change in iteration.changes:
        new, rhs = derivation.gradient(change.name).update
        step = sp.Mul(rate, shown(change.gradient, digits), evaluate=False)
        numbers = sp.Add(
            shown(change.before, digits), sp.Mul(-1, step, evaluate=False), evaluate=False
        )
        out.append(equation(new, [rhs, numbers, shown(change.after, digits)], notation))
    return out
