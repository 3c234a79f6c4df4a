"""Layer-wise formulas for networks too big to spell out parameter by parameter (LargeDocument).

Each layer's rules are printed from their one home, ``Derivation.matrix_rules``
(symbolic/layers.py): one symbol per matrix (W^{(l)}, a^{(l)}, δ^{(l)}), the same rules that
``Derivation.layer_rule`` gives as explicit matrices for small networks. A few representative
parameters get the full per-parameter derivation.
"""

from __future__ import annotations

import sympy as sp

from .equations import equation
from .marks import MeanOfTerms, SampleAverage
from .values import shown, shown_given


def forward_equations(derivation) -> list:
    """z^{(l+1)} = W^{(l)} a^{(l)} + b^{(l)} beside a^{(l+1)} = f(z^{(l+1)}), layer by layer."""
    names, out = derivation.names, []
    for rules in derivation.matrix_rules:
        side = None
        if rules.activation is not None:
            side = sp.Eq(rules.activation.lhs, rules.activation.rhs, evaluate=False)
        out.append(equation(rules.forward.lhs, rules.forward.rhs, names, side=side))
    return out


def backward_equations(derivation) -> list:
    """Δ = a − y (for the losses written with Δ), then δ of every layer, the output layer first."""
    names, network = derivation.names, derivation.network
    rules = derivation.matrix_rules
    out = []
    residual = rules[-1].residual
    if residual is not None and not network.loss.delta_is_residual:
        out.append(equation(residual.lhs, residual.rhs, names))
    for layer in reversed(rules):
        out.append(equation(layer.delta_rule.lhs, layer.delta_rule.rhs, names))
    return out


def gradient_equations(derivation) -> list:
    """∂E/∂W^{(l)} = δ^{(l+1)} a^{(l)ᵀ} and ∂E/∂b^{(l)} = δ^{(l+1)} (means over the samples)."""
    return _rule_equations(derivation, lambda rules: (rules.weight_gradient, rules.bias_gradient))


def update_equations(derivation) -> list:
    """W' = W − η ∂E/∂W and b' = b − η ∂E/∂b for every trainable matrix."""
    return _rule_equations(derivation, lambda rules: (rules.weight_update, rules.bias_update))


def _rule_equations(derivation, pick) -> list:
    """lhs = rhs of the rules ``pick`` chooses from every layer's rules (None: left out)."""
    return [
        equation(rule.lhs, rule.rhs, derivation.names)
        for rules in derivation.matrix_rules
        for rule in pick(rules)
        if rule is not None
    ]


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


def parameter_update_values(derivation, iteration, digits: int, count: int = 1) -> list:
    """θ' = θ − η·(∂E/∂θ) with one iteration's numbers for its chosen parameters; over ``count``
    samples ∂E/∂θ is their mean, written (1/N)(g₁ + g₂ + …) when every sample's is known."""
    notation, rate_symbol = derivation.names, derivation.model.rate
    rate = shown_given(derivation.network.learning_rate, digits)
    out = []
    for change in iteration.changes:
        gradient = derivation.gradient(change.name)
        new, rhs = gradient.update
        value = shown(change.gradient, digits)
        if count > 1:
            mean = SampleAverage(gradient.shorthand, count)
            rhs = sp.Add(
                gradient.symbol, sp.Mul(-1, rate_symbol, mean, evaluate=False), evaluate=False
            )
            if len(change.per_sample) == count:
                value = MeanOfTerms(count, *(shown(g, digits) for _, g in change.per_sample))
        step = sp.Mul(rate, value, evaluate=False)
        numbers = sp.Add(
            shown(change.before, digits), sp.Mul(-1, step, evaluate=False), evaluate=False
        )
        out.append(equation(new, [rhs, numbers, shown(change.after, digits)], notation))
    return out
