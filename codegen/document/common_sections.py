"""Sections and groups both document classes share: titles, the network and its drawing, the
gradient-descent rule and the activation derivative, the iterations' intro and the error plot."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symbolic.derivation import Derivation

from ..provenance import tex_text
from .arithmetic import DocumentNumbers
from .backprop import activation_definition, activation_derivative
from .diagram import network_drawing
from .equations import equation, inline, inline_relation
from .marks import SAMPLE_INDEX, OfSample
from .plot import error_plot
from .printer import tex
from .samples import sample_paragraphs
from .sections import Figure, Group, NetworkSection, PlotSection
from .values import column, consistent, shown_given

#: a sample vector longer than this is not written out in the introduction
MAX_SHOWN_VECTOR = 10


@dataclass(frozen=True)
class DocumentContext:
    """What every section builder reads: the derivation, the prose, the options, the numbers."""

    derivation: Derivation
    words: dict
    lang: str
    steps: int
    digits: int
    plot_steps: int
    numbers: DocumentNumbers

    @property
    def network(self):
        return self.derivation.network

    @property
    def model(self):
        return self.derivation.model

    @property
    def names(self):
        return self.derivation.names

    @property
    def several(self) -> bool:
        """Whether the spec has several samples (then E is their mean, E^{[n]} one's error)."""
        return len(self.network.samples) > 1

    @property
    def sample_error(self):
        """What one sample's error is written as: E, or E^{[n]} with several samples."""
        error = self.model.error
        return OfSample(error, SAMPLE_INDEX) if self.several else error

    def for_one_sample(self, expr):
        """``expr`` (a formula in E) written for one sample n: E → E^{[n]} with several samples."""
        if not self.several:
            return expr
        with sp.evaluate(False):
            return expr.xreplace({self.model.error: self.sample_error})


def titles(ctx: DocumentContext) -> tuple[str, str, str]:
    """(title, PDF metadata title, subtitle), TeX-safe; the title in the document's language."""
    network, words = ctx.network, ctx.words
    title = words["doc_title"].format(title=tex_text(network.title_for(ctx.lang)))
    subtitle = words["doc_subtitle"].format(source=f"\\texttt{{{tex_text(network.name)}}}")
    return title, title, subtitle


def layer_names(network, words) -> list[str]:
    hidden = len(network.layers) - 1
    numbered = [words["hidden_layer_n"].format(n=h + 1) for h in range(hidden)]
    hidden_names = numbered if hidden > 1 else [words["hidden_layer"]] * hidden
    return [words["input_layer"], *hidden_names, words["output_layer"]]


def network_section(ctx: DocumentContext, small: bool) -> NetworkSection:
    """The spec in words, the transfer functions and the drawing with its caption.

    The initial values of layers drawn without edge labels are listed under the drawing, unless
    the drawing shows only some units of a large network (they would fill pages).
    """
    return NetworkSection(ctx.words["sec_network"], tuple(_intro(ctx)), _figure(ctx, small))


def _intro(ctx: DocumentContext) -> list[str]:
    network, model, names, words = ctx.network, ctx.model, ctx.names, ctx.words
    inputs = sp.ImmutableMatrix([[model.input(j) for j in range(network.n_inputs)]])
    targets = sp.ImmutableMatrix([list(model.targets)])
    rate = shown_given(network.learning_rate, ctx.digits)
    facts = {
        "inputs": network.n_inputs,
        "layers": len(network.layers),
        "widths": "\\text{-}".join(map(str, network.widths)).join("$$"),
        "params": f"{network.count_parameters():,}",
        "rate": f"${inline_relation(model.rate, rate, names)}$",
    }
    if ctx.several:
        # in the layered notation round superscripts mark layers
        marking = words[
            "marking_samples_layers" if network.notation == "layered" else "marking_samples"
        ]
        intro = words["network_intro_samples"].format(
            **facts, count=len(network.samples), marking=marking
        )
        paragraphs = [intro]
        paragraphs += sample_paragraphs(ctx, lambda s, v: given_vector(ctx, s, v))
    else:
        x = given_vector(ctx, inputs, network.example_x)
        y = given_vector(ctx, targets, network.example_y)
        paragraphs = [words["network_intro"].format(**facts, x=x, y=y)]
    if network.is_linear:
        paragraphs.append(words["network_linear"])
    elif (
        len({layer.activation.name for layer in network.layers}) == 1
        and not network.layers[0].activation.is_layer_function
    ):
        activation = network.layers[0].activation
        paragraphs.append(_transfer_sentence(ctx, "network_activation_all", activation))
    else:
        layer_words = layer_names(network, words)
        for k, layer in enumerate(network.layers):
            activation = layer.activation
            if activation.is_identity:
                continue
            if activation.is_layer_function:  # a_1 = e^{z_1} / Σ_k e^{z_k}, from the model
                first = sp.Eq(model.unit(k + 1, 0), model.activation_of(k + 1, 0), evaluate=False)
                paragraphs.append(
                    words["network_softmax"].format(
                        layer=layer_words[k + 1], definition=inline(first, names)
                    )
                )
                continue
            paragraphs.append(
                _transfer_sentence(ctx, "network_activation", activation, layer=layer_words[k + 1])
            )
    return paragraphs


def _transfer_sentence(ctx: DocumentContext, key: str, activation, **facts) -> str:
    """ "… use(s) the transfer function σ: σ(z) = 1/(1 + e^{−z})", without the definition where
    it would only repeat the name (tanh(z) = tanh(z))."""
    definition = activation_definition(activation, ctx.names)
    name = f"${activation.latex_name or 'f'}$"
    if tex(definition.lhs, ctx.names) == tex(definition.rhs, ctx.names):
        return ctx.words[f"{key}_plain"].format(name=name, **facts)
    return ctx.words[key].format(name=name, definition=inline(definition, ctx.names), **facts)


def given_vector(ctx: DocumentContext, symbols, values) -> str:
    """``symbols = values`` of a given vector (a sample's inputs or targets), for a sentence."""
    if len(values) > MAX_SHOWN_VECTOR:
        return ctx.words["vector_elided"].format(n=len(values))
    shown = consistent(
        sp.ImmutableMatrix([[shown_given(v, ctx.digits) for v in values]]), ctx.digits
    )
    return f"${inline_relation(symbols, shown, ctx.names)}$"


def _figure(ctx: DocumentContext, small: bool) -> Figure:
    network, names, words = ctx.network, ctx.names, ctx.words

    def value(symbol):
        return shown_given(network.parameter(symbol.name).initial, ctx.digits)

    def named(symbol):
        return inline_relation(symbol, value(symbol), names)

    def bare(symbol):
        return tex(value(symbol), names)

    layer_words = layer_names(network, words)
    drawing, style, labelled = network_drawing(ctx.derivation, named, bare, layer_words)
    listed = [k for k in range(len(network.layers)) if k not in labelled]
    listed_parameters = small or not drawing.elided
    if drawing.elided:
        key = "caption_elided_listed" if listed_parameters else "caption_elided"
        caption = words[key].format(params=f"{network.count_parameters():,}")
    elif not labelled:
        caption = words["caption_listed"]
    else:
        caption = words[f"caption_{style}"] + (words["caption_bias"] if drawing.biases else "")
        if listed:
            caption += words["caption_some"].format(
                labelled=_connections(labelled, layer_words, words),
                listed=_connections(listed, layer_words, words),
            )
    parameters = (
        Group(equations=tuple(_initial_parameters(ctx, listed))) if listed_parameters else Group()
    )
    return Figure(drawing, caption, parameters)


def _connections(layers, layer_words, words) -> str:
    return words["and"].join(
        words["connection"].format(source=layer_words[k], target=layer_words[k + 1]) for k in layers
    )


def _initial_parameters(ctx: DocumentContext, layers) -> list:
    """W = values and b = values of the given layers, from the spec (exact)."""
    out = []
    for k in layers:
        layer, rule = ctx.network.layers[k], ctx.derivation.layer_rule(k)
        weights = consistent(
            sp.ImmutableMatrix(
                [[shown_given(v, ctx.digits) for v in row] for row in layer.weights]
            ),
            ctx.digits,
        )
        out.append(equation(sp.ImmutableMatrix(rule.weights), weights, ctx.names))
        if rule.bias is not None:
            out.append(
                equation(sp.ImmutableMatrix(rule.bias), column(layer.bias, ctx.digits), ctx.names)
            )
    return out


def descent_rule(ctx: DocumentContext) -> str:
    """θ = θ − η ∂E/∂θ illustrated with a weight, as the lecture does with w6 (the last trainable
    weight; a bias only when every weight is frozen)."""
    network, derivation = ctx.network, ctx.derivation
    k = next(
        (
            k
            for k in reversed(range(len(network.layers)))
            if "weights" not in network.layers[k].freeze
        ),
        None,
    )
    if k is not None:
        layer = network.layers[k]
        name = ctx.names.weight(k, layer.units - 1, layer.fan_in - 1).ascii
    else:
        k = next(k for k in reversed(range(len(network.layers))) if network.layers[k].has_bias)
        name = ctx.names.bias(k, network.layers[k].units - 1).ascii
    gradient = derivation.gradient(name)
    descent = sp.Add(
        gradient.symbol,
        sp.Mul(-1, sp.Mul(ctx.model.rate, gradient.derivative, evaluate=False), evaluate=False),
        evaluate=False,
    )
    rule = sp.Eq(gradient.symbol, descent, evaluate=False)
    if network.update == "per_sample":  # a step follows one sample's error E^{[n]}
        rule = ctx.for_one_sample(rule)
    return inline(rule, ctx.names)


def backprop_opening(ctx: DocumentContext, rule: str) -> list[Group]:
    """The rule, Δ = prediction − actual, and the activation derivative in output form."""
    network, model, names, words = ctx.network, ctx.model, ctx.names, ctx.words
    text = words["backprop_intro"].format(rule=rule)
    if network.loss.residual:
        residuals = [
            inline(sp.Eq(model.residual(i), model.residual_definition(i), evaluate=False), names)
            for i in range(min(network.n_outputs, 3))
        ]
        text += "\n" + words["delta_defined"].format(delta=", ".join(residuals))
    groups = [Group(text)]
    activation = _activation_groups(ctx)
    return groups + activation


def _activation_groups(ctx: DocumentContext) -> list[Group]:
    network, names, words, model = ctx.network, ctx.names, ctx.words, ctx.model
    seen, derivatives = set(), []
    for layer in network.layers:
        activation = layer.activation
        # softmax's derivative is a Jacobian, shown in its own section (output_layer.py)
        if activation.is_identity or activation.is_layer_function or activation.name in seen:
            continue
        seen.add(activation.name)
        derivatives.append(activation_derivative(activation, names))
    if not derivatives:
        return []
    m = next(
        m
        for m in range(1, len(network.widths))
        if model.has_pre(m) and not network.layers[m - 1].activation.is_layer_function
    )
    partial = sp.Derivative(model.unit(m, 0), model.pre(m, 0), evaluate=False)
    example = sp.Eq(partial, model.derivative_factor(m, 0), evaluate=False)
    factor = words["activation_factor"].format(
        partial=inline(sp.Derivative(sp.Symbol("a"), sp.Symbol("z"), evaluate=False), names),
        example=inline(example, names),
    )
    return [Group(words["activation_derivative"], tuple(derivatives)), Group(factor)]


def delta_recursion_text(ctx: DocumentContext) -> str:
    """The sentence defining δ = ∂E/∂z (with the output unit's δ as the example)."""
    model = ctx.model
    definition = sp.Eq(
        model.delta(model.depth, 0),
        sp.Derivative(ctx.sample_error, model.pre(model.depth, 0), evaluate=False),
        evaluate=False,
    )
    return ctx.words["delta_recursion"].format(delta=inline(definition, ctx.names))


def iterations_intro(ctx: DocumentContext, arithmetic: str) -> str:
    words = ctx.words
    key = "iterations_intro_samples" if ctx.several else "iterations_intro"
    return words[key].format(
        steps=ctx.steps, arithmetic=words[f"arithmetic_{arithmetic}"], digits=ctx.digits
    )


def plot_section(ctx: DocumentContext) -> PlotSection:
    words = ctx.words
    errors, arithmetic = ctx.numbers.mean_errors(ctx.plot_steps)
    text = words["plot_text_samples" if ctx.several else "plot_text"].format(
        steps=len(errors),
        arithmetic=words[f"arithmetic_{arithmetic}"],
        count=len(ctx.network.samples),
    )
    if len(errors) < ctx.plot_steps:
        text = words["plot_diverged"].format(n=len(errors) + 1) + text
    return PlotSection(
        words["sec_plot"], text, error_plot(errors, words["plot_x"], words["plot_y"])
    )
