"""The document of a large network: the layer-wise matrix derivation, a few representative
parameters derived one by one, and iterations showing the prediction, the error and those
parameters — in exact/60-digit arithmetic within the work budget, in float64 beyond it."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .backprop import derivation_blocks, update_list
from .common_sections import (
    DocumentContext,
    backprop_opening,
    delta_recursion_text,
    descent_rule,
    iterations_intro,
    network_section,
    plot_section,
    titles,
)
from .equations import equation
from .iterations import MAX_INLINE_OUTPUTS, movement_sentence
from .layerwise import (
    backward_equations,
    forward_equations,
    gradient_equations,
    parameter_update_values,
    representative_parameters,
    update_equations,
)
from .sections import BackpropSection, Document, Group, Iteration, IterationsSection, Section
from .small import error_text
from .values import column, row, shown


@dataclass(frozen=True)
class LargeDocument(Document):
    """Layer-wise rules and representative parameters; no per-parameter listing."""

    @classmethod
    def build(cls, ctx: DocumentContext) -> LargeDocument:
        network, words, names, model = ctx.network, ctx.words, ctx.names, ctx.model
        chosen = representative_parameters(network)
        iterations, arithmetic = ctx.numbers.large_iterations(ctx.steps, chosen)
        rule = descent_rule(ctx)
        title, pdf_title, subtitle = titles(ctx)
        first_error = shown(iterations[0].error, ctx.digits)
        sections = (
            network_section(ctx, small=False),
            Section(
                words["sec_forward"],
                (Group(words["forward_matrix"], tuple(forward_equations(network, names))),),
            ),
            Section(
                words["sec_error"],
                (
                    Group(
                        error_text(ctx),
                        (equation(model.error, [model.error_expr, first_error], names),),
                    ),
                ),
            ),
            _backprop(ctx, rule, chosen),
            Section(
                words["sec_updates"],
                (
                    Group(
                        words["updates_text"].format(rule=rule),
                        tuple(update_list(ctx.derivation, chosen)),
                    ),
                    Group(
                        words["updates_matrix"],
                        tuple(update_equations(network, names, model.rate)),
                    ),
                ),
            ),
            IterationsSection(
                words["sec_iterations"],
                iterations_intro(ctx, arithmetic),
                _iterations(ctx, iterations),
            ),
            plot_section(ctx),
        )
        return cls(ctx.lang, title, pdf_title, subtitle, sections)


def _backprop(ctx: DocumentContext, rule: str, chosen) -> BackpropSection:
    network, words, names, model = ctx.network, ctx.words, ctx.names, ctx.model
    groups = [
        *backprop_opening(ctx, rule),
        Group(words["representative"].format(params=f"{network.count_parameters():,}")),
        Group(delta_recursion_text(ctx)),
        Group(
            words["delta_matrix"].format(circ="$\\circ$"),
            tuple(backward_equations(network, names)),
        ),
        Group(
            words["gradient_matrix_all"],
            tuple(gradient_equations(network, names, model.error)),
        ),
    ]
    return BackpropSection(
        words["sec_backprop"],
        tuple(groups),
        words["per_parameter"],
        tuple(derivation_blocks(ctx.derivation, chosen)),
    )


def _iterations(ctx: DocumentContext, values) -> tuple[Iteration, ...]:
    """Iterations 1…steps: the prediction, the error and the representative parameters' updates
    (``values`` has one more entry: the prediction after the last update)."""
    model, names, words, digits = ctx.model, ctx.names, ctx.words, ctx.digits
    outputs = sp.ImmutableMatrix([list(model.outputs)])
    wide = len(model.outputs) > MAX_INLINE_OUTPUTS
    items = []
    for n in range(1, ctx.steps + 1):
        current, following = values[n - 1], values[n]
        if wide:  # a column fits the page where a row of ten numbers does not
            forward = equation(outputs.T, column(current.prediction, digits), names)
        else:
            forward = equation(outputs, row(current.prediction, digits), names)
        groups = (
            Group(words["iteration_forward"], (forward,)),
            Group(
                words["iteration_error"],
                (equation(model.error, shown(current.error, digits), names),),
            ),
            Group(
                words["iteration_update_some"],
                tuple(parameter_update_values(ctx.derivation, current, digits)),
            ),
        )
        sentence = movement_sentence(
            words, names, ctx.network.example_y, current, following, digits
        )
        items.append(Iteration(words["iteration"].format(n=n), groups, sentence))
    return tuple(items)
