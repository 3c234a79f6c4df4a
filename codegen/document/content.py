"""Everything the document template shows, assembled from a Derivation and its training steps.

The result is a plain dict of printed formulas and prose; the template only lays it out. A network
with at most ``MAX_SPELLED_PARAMETERS`` parameters gets every matrix and every per-parameter
derivation spelled out; a bigger one gets the layer-wise matrix derivation and a few
representative parameters.
"""

from __future__ import annotations

import sympy as sp

from symbolic.derivation import Derivation
from symbolic.worked import WorkedExample

from ..provenance import tex_text
from . import large
from .backprop import (
    activation_definition,
    activation_derivative,
    delta_equations,
    delta_matrix_equations,
    derivation_blocks,
    gradient_matrix_equations,
    matrix_update_equations,
    update_list,
    uses_delta,
)
from .diagram import labelled_layer, network_diagram
from .equations import equation, inline
from .forms import SmallNetworkForms
from .iterations import (
    MAX_INLINE_OUTPUTS,
    error_equations,
    iteration_items,
    movement_sentence,
)
from .plot import error_plot
from .values import column, row, shown, shown_matrix

#: networks with more parameters get the layer-wise derivation and representative parameters
MAX_SPELLED_PARAMETERS = 50


def _layer_names(network, words_lang: str) -> list[str]:
    zh = words_lang == "zh"
    names = ["输入层" if zh else "input layer"]
    hidden = len(network.layers) - 1
    for h in range(hidden):
        suffix = "" if hidden == 1 else (f" {h + 1}" if not zh else f"{h + 1}")
        names.append(("隐藏层" if zh else "hidden layer") + suffix)
    names.append("输出层" if zh else "output layer")
    return names


def _intro(derivation, words, digits: int) -> list[str]:
    network, model, names = derivation.network, derivation.model, derivation.names
    inputs = sp.ImmutableMatrix([[model.input(j) for j in range(network.n_inputs)]])
    targets = sp.ImmutableMatrix([list(model.targets)])
    paragraphs = [
        words["network_intro"].format(
            inputs=network.n_inputs,
            layers=len(network.layers),
            widths="\\text{-}".join(map(str, network.widths)).join("$$"),
            params=network.count_parameters(),
            rate=inline(sp.Eq(model.rate, shown(network.learning_rate, 60), evaluate=False), names),
            x=_sample(inputs, network.example_x, names, words),
            y=_sample(targets, network.example_y, names, words),
        )
    ]
    if network.is_linear:
        paragraphs.append(words["network_linear"])
    elif len({layer.activation.name for layer in network.layers}) == 1:
        activation = network.layers[0].activation
        paragraphs.append(
            words["network_activation_all"].format(
                name=f"${activation.latex_name or 'f'}$",
                definition=inline(activation_definition(activation, names), names),
            )
        )
    else:
        for k, layer in enumerate(network.layers):
            if layer.activation.is_identity:
                continue
            paragraphs.append(
                words["network_activation"].format(
                    layer=k + 1,
                    name=f"${layer.activation.latex_name or 'f'}$",
                    definition=inline(activation_definition(layer.activation, names), names),
                )
            )
    return paragraphs


#: a sample vector longer than this is not written out in the introduction
MAX_SHOWN_VECTOR = 10


def _sample(symbols, values, names, words) -> str:
    if len(values) > MAX_SHOWN_VECTOR:
        return words["vector_elided"].format(n=len(values))
    return inline(sp.Eq(symbols, row(values, 60), evaluate=False), names)


def _activation_block(derivation, words) -> dict | None:
    network, names = derivation.network, derivation.names
    seen, derivatives = set(), []
    for layer in network.layers:
        activation = layer.activation
        if activation.is_identity or activation.name in seen:
            continue
        seen.add(activation.name)
        derivatives.append(activation_derivative(activation, names))
    if not derivatives:
        return None
    model = derivation.model
    m = next(m for m in range(1, len(network.widths)) if model.has_pre(m))
    partial = sp.Derivative(model.unit(m, 0), model.pre(m, 0), evaluate=False)
    example = sp.Eq(partial, model.derivative_factor(m, 0), evaluate=False)
    return {
        "text": words["activation_derivative"],
        "equations": derivatives,
        "factor": words["activation_factor"].format(
            partial=inline(sp.Derivative(sp.Symbol("a"), sp.Symbol("z"), evaluate=False), names),
            example=inline(example, names),
        ),
    }


def _delta_block(derivation, words, small: bool) -> dict:
    names, model = derivation.names, derivation.model
    m, i = model.depth, 0
    definition = sp.Eq(
        model.delta(m, i),
        sp.Derivative(model.error, model.pre(m, i), evaluate=False),
        evaluate=False,
    )
    block = {"text": words["delta_recursion"].format(delta=inline(definition, names))}
    if small:
        block["units"] = delta_equations(derivation)
        block["matrix_text"] = words["delta_matrix"].format(circ="$\\circ$")
        block["matrix"] = delta_matrix_equations(derivation)
        block["gradients"] = [
            {
                "text": words["gradient_matrix"].format(layer=k + 1),
                "equations": gradient_matrix_equations(derivation, k),
            }
            for k in range(len(derivation.network.layers))
        ]
    else:
        block["units"] = []
        block["matrix_text"] = words["delta_matrix"].format(circ="$\\circ$")
        block["matrix"] = large.backward_equations(derivation.network, names)
        block["gradients"] = [
            {
                "text": words["gradient_matrix_all"],
                "equations": large.gradient_equations(derivation.network, names, model.error),
            }
        ]
    return block


def build_content(
    network, lang_words: dict, lang: str, steps: int, digits: int, plot_steps: int
) -> dict:
    """The template's context for one network."""
    derivation = Derivation(network)
    model, names, words = derivation.model, derivation.names, lang_words
    small = network.count_parameters() <= MAX_SPELLED_PARAMETERS
    computed = WorkedExample(network).steps(max(steps + 1, plot_steps))
    first = computed[0]
    trainable = derivation.parameter_names()
    shown_parameters = trainable if small else large.representative_parameters(derivation)

    def initial(symbol):
        return shown(first.value(symbol.name), digits)

    content: dict = {
        "title": words["doc_title"].format(title=tex_text(network.title)),
        "subtitle": words["doc_subtitle"].format(source=f"\\texttt{{{tex_text(network.name)}}}"),
        "intro": _intro(derivation, words, digits),
        "diagram": network_diagram(derivation, initial, _layer_names(network, lang)),
        "figure_caption": words["figure_caption" if small else "figure_caption_large"],
        "small": small,
        "initial": _initial_parameters(derivation, first, digits) if small else [],
        "initial_text": words["initial_parameters"],
    }
    if not trainable:
        raise ValueError("no trainable parameters")
    last = derivation.gradient(trainable[-1])
    descent = sp.Add(
        last.symbol,
        sp.Mul(-1, sp.Mul(model.rate, last.derivative, evaluate=False), evaluate=False),
        evaluate=False,
    )
    rule = inline(sp.Eq(last.symbol, descent, evaluate=False), names)

    if small:
        forms = SmallNetworkForms(derivation)
        has_bias = any(layer.has_bias for layer in network.layers)
        content["forward"] = {
            "units": [
                equation(
                    eq[0].lhs,
                    eq[0].rhs,
                    names,
                    side=sp.Eq(*eq[1], evaluate=False) if len(eq) > 1 else None,
                )
                for eq in forms.unit_equations()
            ],
            "matrix_text": words["forward_matrix_bias" if has_bias else "forward_matrix"],
            "matrix": [equation(*forms.forward(k), names) for k in range(len(network.layers))],
            "numbers": [
                equation(forms.forward(k)[0], forms.forward_numbers(first, k, digits), names)
                for k in range(len(network.layers))
            ],
        }
        content["error"] = error_equations(forms, first, digits)
    else:
        content["forward"] = {
            "units": [],
            "matrix_text": words["forward_matrix"],
            "matrix": large.forward_equations(network, names),
            "numbers": [],
        }
        content["error"] = _large_error(derivation, first, digits)

    with_delta = uses_delta(derivation)
    content["backprop"] = {
        "intro": words["backprop_intro"].format(rule=rule),
        "residuals": [
            inline(sp.Eq(model.residual(i), model.residual_definition(i), evaluate=False), names)
            for i in range(min(network.n_outputs, 3))
        ]
        if network.loss.residual
        else [],
        "activation": _activation_block(derivation, words),
        "delta": _delta_block(derivation, words, small) if with_delta or not small else None,
        "representative": None
        if small
        else words["representative"].format(params=f"{network.count_parameters():,}"),
        "per_parameter": words["per_parameter"],
        "blocks": derivation_blocks(derivation, shown_parameters),
    }
    content["updates"] = {
        "text": words["updates_text"].format(rule=rule),
        "list": update_list(derivation, shown_parameters),
        "matrix": matrix_update_equations(SmallNetworkForms(derivation))
        if small
        else large.update_equations(network, names, model.rate),
    }
    if small:
        items = iteration_items(
            SmallNetworkForms(derivation), computed, steps, digits, words, with_delta
        )
    else:
        items = _large_iterations(derivation, computed, steps, digits, words, shown_parameters)
    content["iterations"] = {
        "intro": words["iterations_intro"].format(steps=steps, digits=digits),
        "items": items,
        "update_heading": words["iteration_update" if small else "iteration_update_some"],
    }
    content["plot"] = {
        "text": words["plot_text"].format(steps=plot_steps),
        "code": error_plot(
            [s.error for s in computed[:plot_steps]], words["plot_x"], words["plot_y"]
        ),
    }
    return content


def _initial_parameters(derivation, step, digits: int) -> list:
    """W = values and b = values for the layers drawn without edge labels."""
    names = derivation.names
    out = []
    for k, layer in enumerate(derivation.network.layers):
        if labelled_layer(layer):
            continue
        rule = derivation.layer_rule(k)
        out.append(
            equation(sp.ImmutableMatrix(rule.weights), shown_matrix(step.weights[k], digits), names)
        )
        if rule.bias is not None:
            out.append(
                equation(sp.ImmutableMatrix(rule.bias), column(step.biases[k], digits), names)
            )
    return out


def _large_error(derivation, step, digits: int) -> list:
    model, names = derivation.model, derivation.names
    return [equation(model.error, [model.error_expr, shown(step.error, digits)], names)]


def _large_iterations(derivation, computed, count: int, digits: int, words, parameters) -> list:
    names = derivation.names
    model = derivation.model
    items = []
    for n in range(1, count + 1):
        step, following = computed[n - 1], computed[n]
        wide = len(model.outputs) > MAX_INLINE_OUTPUTS
        outputs = sp.ImmutableMatrix([list(model.outputs)])
        values = row(step.prediction, digits)
        if wide:  # a column fits the page where a row of ten numbers does not
            outputs, values = outputs.T, column(step.prediction, digits)
        items.append(
            {
                "title": words["iteration"].format(n=n),
                "forward": [equation(outputs, values, names)],
                "error": [equation(model.error, shown(step.error, digits), names)],
                "deltas": [],
                "updates": large.parameter_update_values(derivation, step, parameters, digits),
                "sentence": movement_sentence(words, names, step, following, digits),
            }
        )
    return items
