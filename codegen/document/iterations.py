"""The worked iterations of a small network: every number of forward pass, error, Δ/δ and update,
step by step; and the sentence on how the prediction moved (both document classes)."""

from __future__ import annotations

import sympy as sp

from symbolic.numbers import to_mpf
from symbolic.quantity import Quantity

from .backprop import delta_display
from .equations import equation, inline
from .forms import SmallNetworkForms
from .sections import Group, Iteration
from .values import column, shown


def error_in_output_order(model, loss) -> sp.Expr:
    """One sample's E as the loss's terms for outputs 1, 2, …, 10 in that order (SymPy's sum
    would sort a_10 before a_2); checked equal to the model's E."""
    terms = [loss.output_term(model.outputs, model.targets, k) for k in range(len(model.outputs))]
    written = terms[0] if len(terms) == 1 else sp.Add(*terms, evaluate=False)
    if sp.expand(written - model.error_expr) != 0:
        raise AssertionError("the loss's terms do not add up to E")
    return written


def error_equations(forms: SmallNetworkForms, step, digits: int, error=None) -> list:
    """E = ½(out − actual)² = ½(0.191 − 1)² ≈ 0.3272, and Δ = out − actual = … per output
    (``error``: what E is written as, E^{[2]} for one of several samples)."""
    model, names, network = forms.model, forms.names, forms.network
    written = error_in_output_order(model, network.loss)
    out = [
        equation(
            model.error if error is None else error,
            [written, forms.at(step, written, digits), shown(step.error, digits)],
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
                        shown(step.value(Quantity.residual(i)), digits),
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


def update_value_equations(forms: SmallNetworkForms, step, digits: int, means=None) -> list:
    """W' = W − η·(gradient) with the step's numbers, output layer first; ``means`` maps layer k
    to the (weight, bias) gradients averaged over the samples, shown instead of δ·aᵀ."""
    out = []
    for k in range(len(forms.network.layers) - 1, -1, -1):
        layer = forms.network.layers[k]
        weights, bias_mean = means[k] if means is not None else (None, None)
        if "weights" not in layer.freeze:
            lhs, _ = forms.weight_update(k)
            numbers = forms.weight_update_numbers(step, k, digits, weights)
            out.append(equation(lhs, numbers, forms.names))
        bias = forms.bias_update(k) if "bias" not in layer.freeze else None
        if bias is not None:
            numbers = forms.bias_update_numbers(step, k, digits, bias_mean)
            out.append(equation(bias[0], numbers, forms.names))
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
    # exact, 60-digit and float64 values compare as mpf (an mpf and a Fraction cannot be compared)
    closer = to_mpf(distance_after) < to_mpf(distance_before)
    key = ("moved_closer" if closer else "moved_away") + size
    return words[key].format(
        new=value(after.prediction),
        old=value(before.prediction),
        target=value(targets),
        old_error=inline(shown(before.error, digits), names),
        new_error=inline(shown(after.error, digits), names),
    )


def pass_groups(forms: SmallNetworkForms, step, digits: int, words, with_delta: bool, error=None):
    """The forward pass, the error (written ``error``) and δ of one step, or of one sample of it."""
    forward = []
    for k in range(len(forms.network.layers)):
        lhs, _ = forms.forward(k)
        forward.append(equation(lhs, forms.forward_numbers(step, k, digits), forms.names))
    groups = [
        Group(words["iteration_forward"], tuple(forward)),
        Group(words["iteration_error"], tuple(error_equations(forms, step, digits, error))),
    ]
    if with_delta:
        deltas = delta_value_equations(forms, step, digits)
        groups.append(Group(words["iteration_delta"], tuple(deltas)))
    return groups


def small_iterations(
    forms: SmallNetworkForms, steps, count: int, digits: int, words, with_delta: bool
) -> tuple[Iteration, ...]:
    """Iterations 1…count of a small network with one sample, every matrix with its numbers."""
    items = []
    targets = forms.network.example_y
    for n in range(1, count + 1):
        step, following = steps[n - 1], steps[n]
        groups = pass_groups(forms, step, digits, words, with_delta)
        updates = update_value_equations(forms, step, digits)
        groups.append(Group(words["iteration_update"], tuple(updates)))
        sentence = movement_sentence(words, forms.names, targets, step, following, digits)
        items.append(Iteration(words["iteration"].format(n=n), tuple(groups), sentence))
    return tuple(items)
