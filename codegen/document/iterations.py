"""The worked iterations of a small network: every number of forward pass, error, Δ/δ and update,
step by step; and the sentence on how the prediction moved (both document classes)."""

from __future__ import annotations

import sympy as sp

from .backprop import delta_display
from .equations import equation, inline
from .forms import SmallNetworkForms
from .sections import Group, Iteration
from .values import column, shown


def error_equations(forms: SmallNetworkForms, step, digits: int) -> list:
    """E = ½(out − actual)² = ½(0.191 − 1)² ≈ 0.3272, and Δ = out − actual = … per output."""
    model, names, network = forms.model, forms.names, forms.network
    out = [
        equation(
            model.error,
            [model.error_expr, forms.at(step, model.error_expr, digits), shown(step.error, digits)],
            names,
        )
    ]
    if network.loss.residual:
        for i in range(network.n_outputs):
            definition = model.residual_definition(i)
            out.append(
                equation(
                    model.residual(i),
                    [
                        definition,
                        forms.at(step, definition, digits),
                        shown(step.residuals[i], digits),
                    ],
                    names,
                )
            )
    return out


def delta_value_equations(forms: SmallNetworkForms, step, digits: int) -> list:
    """δ of each layer with the step's numbers (networks written with δ only)."""
    derivation, names = forms.derivation, forms.names
    out = []
    for m in range(len(forms.network.widths) - 1, 0, -1):
        rows = []
        for i in range(forms.network.widths[m]):
            rows.append(forms.at(step, delta_display(derivation, m, i), digits))
        rule = derivation.layer_rule(m - 1)
        out.append(
            equation(
                sp.ImmutableMatrix(rule.delta),
                [sp.ImmutableMatrix([[r] for r in rows]), column(step.deltas[m], digits)],
                names,
            )
        )
    return out


def update_value_equations(forms: SmallNetworkForms, step, digits: int) -> list:
    out = []
    for k in range(len(forms.network.layers) - 1, -1, -1):
        layer = forms.network.layers[k]
        if "weights" not in layer.freeze:
            lhs, _ = forms.weight_update(k)
            out.append(equation(lhs, forms.weight_update_numbers(step, k, digits), forms.names))
        bias = forms.bias_update(k) if "bias" not in layer.freeze else None
        if bias is not None:
            out.append(equation(bias[0], forms.bias_update_numbers(step, k, digits), forms.names))
    return out


#: predictions with more outputs than this are not written inside a sentence (they would overflow)
MAX_INLINE_OUTPUTS = 4


def movement_sentence(words, names, targets, before, after, digits: int) -> str:
    """One sentence: how the prediction moved toward (or away from) the target.

    ``before`` and ``after`` have a ``prediction`` and an ``error`` (a worked step, or the
    values of one).
    """
    distance_before = sum(abs(p - y) for p, y in zip(before.prediction, targets))
    distance_after = sum(abs(p - y) for p, y in zip(after.prediction, targets))
    single = len(targets) == 1

    def value(values):
        if single:
            return inline(shown(values[0], digits), names)
        return inline(sp.ImmutableMatrix([[shown(v, digits) for v in values]]), names)

    size = "" if single else "_many" if len(targets) <= MAX_INLINE_OUTPUTS else "_wide"
    key = ("moved_closer" if distance_after < distance_before else "moved_away") + size
    return words[key].format(
        new=value(after.prediction),
        old=value(before.prediction),
        target=value(targets),
        old_error=inline(shown(before.error, digits), names),
        new_error=inline(shown(after.error, digits), names),
    )


def small_iterations(
    forms: SmallNetworkForms, steps, count: int, digits: int, words, with_delta: bool
) -> tuple[Iteration, ...]:
    """Iterations 1…count of a small network, every matrix with its numbers."""
    items = []
    targets = forms.network.example_y
    for n in range(1, count + 1):
        step, following = steps[n - 1], steps[n]
        forward = []
        for k in range(len(forms.network.layers)):
            lhs, _ = forms.forward(k)
            forward.append(equation(lhs, forms.forward_numbers(step, k, digits), forms.names))
        groups = [
            Group(words["iteration_forward"], tuple(forward)),
            Group(words["iteration_error"], tuple(error_equations(forms, step, digits))),
        ]
        if with_delta:
            deltas = delta_value_equations(forms, step, digits)
            groups.append(Group(words["iteration_delta"], tuple(deltas)))
        updates = update_value_equations(forms, step, digits)
        groups.append(Group(words["iteration_update"], tuple(updates)))
        sentence = movement_sentence(words, forms.names, targets, step, following, digits)
        items.append(Iteration(words["iteration"].format(n=n), tuple(groups), sentence))
    return tuple(items)
