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
    given_vector,
    iterations_intro,
    network_section,
    plot_section,
    titles,
)
from .equations import equation, inline
from .error_section import error_section
from .iterations import MAX_INLINE_OUTPUTS, movement_sentence
from .layerwise import (
    backward_equations,
    forward_equations,
    gradient_equations,
    parameter_update_values,
    representative_parameters,
    update_equations,
)
from .marks import OfSample
from .output_layer import output_layer_section
from .samples import gradient_mean_group, sample_vectors
from .sections import BackpropSection, Document, Group, Iteration, IterationsSection, Section
from .values import column, row, shown


@dataclass(frozen=True)
class LargeDocument(Document):
    """Layer-wise rules and representative parameters; no per-parameter listing."""

    @classmethod
    def build(cls, ctx: DocumentContext) -> LargeDocument:
        network, words = ctx.network, ctx.words
        chosen = representative_parameters(network)
        iterations, arithmetic = ctx.numbers.large_iterations(ctx.steps, chosen)
        rule = descent_rule(ctx)
        title, pdf_title, subtitle = titles(ctx)
        count = len(network.samples) if network.update == "full_batch" else 1
        sections = (
            network_section(ctx, small=False),
            Section(
                words["sec_forward"],
                (Group(words["forward_matrix"], tuple(forward_equations(ctx.derivation))),),
            ),
            error_section(ctx),
            output_layer_section(ctx),  # None for most networks
            _backprop(ctx, rule, chosen),
            Section(
                words["sec_updates"],
                (
                    Group(
                        words["updates_text"].format(rule=rule),
                        tuple(update_list(ctx.derivation, chosen, count)),
                    ),
                    Group(
                        words["updates_matrix"],
                        tuple(update_equations(ctx.derivation)),
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
        present = tuple(section for section in sections if section is not None)
        return cls(ctx.lang, title, pdf_title, subtitle, present)


def _backprop(ctx: DocumentContext, rule: str, chosen) -> BackpropSection:
    network, words = ctx.network, ctx.words
    groups = [
        *backprop_opening(ctx, rule),
        *([gradient_mean_group(ctx)] if ctx.several else []),
        Group(words["representative"].format(params=f"{network.count_parameters():,}")),
        Group(delta_recursion_text(ctx)),
        Group(
            words["delta_matrix"].format(circ="$\\circ$"),
            tuple(backward_equations(ctx.derivation)),
        ),
        Group(
            words["gradient_matrix_all"],
            tuple(gradient_equations(ctx.derivation)),
        ),
    ]
    return BackpropSection(
        words["sec_backprop"],
        tuple(groups),
        words["per_parameter"],
        tuple(derivation_blocks(ctx.derivation, chosen, ctx.for_one_sample)),
    )


def _iterations(ctx: DocumentContext, values) -> tuple[Iteration, ...]:
    """Iterations 1…steps: the predictions, the error and the representative parameters' updates
    (``values`` has one more entry: the prediction after the last update)."""
    names, words, digits = ctx.names, ctx.words, ctx.digits
    count = len(ctx.network.samples) if ctx.network.update == "full_batch" else 1
    mean_errors = ctx.numbers.mean_errors(ctx.steps + 1)[0] if ctx.several else None
    items = []
    for n in range(1, ctx.steps + 1):
        current, following = values[n - 1], values[n]
        groups = [
            *_uses_sample(ctx, current),
            Group(words["iteration_forward"], tuple(_predictions(ctx, current))),
            Group(words["iteration_error"], (_error(ctx, current),)),
            Group(
                words["iteration_update_some"],
                tuple(parameter_update_values(ctx.derivation, current, digits, count)),
            ),
        ]
        if ctx.several:
            before, after = mean_errors[n - 1], mean_errors[n]
            sentence = words["moved_mean"].format(
                count=len(ctx.network.samples),
                old_error=inline(shown(before, digits), names),
                new_error=inline(shown(after, digits), names),
                verb=words["verb_down"] if after < before else words["verb_up"],
            )
        else:
            sentence = movement_sentence(
                words, names, ctx.network.example_y, current, following, digits
            )
        items.append(Iteration(words["iteration"].format(n=n), tuple(groups), sentence))
    return tuple(items)


def _uses_sample(ctx: DocumentContext, current) -> list[Group]:
    """ "This iteration uses sample n" for ``update: per_sample`` with several samples."""
    if not ctx.several or ctx.network.update != "per_sample":
        return []
    (sample,) = current.samples
    x, y = sample_vectors(ctx, sample, lambda s, v: given_vector(ctx, s, v))
    return [Group(ctx.words["iteration_uses_sample"].format(n=sample + 1, x=x, y=y))]


def _predictions(ctx: DocumentContext, current) -> list:
    """The outputs for each detailed sample of the step (marked ^{[n]} with several samples)."""
    model, names, digits = ctx.model, ctx.names, ctx.digits
    outputs = sp.ImmutableMatrix([list(model.outputs)])
    wide = len(model.outputs) > MAX_INLINE_OUTPUTS
    out = []
    for sample, prediction in current.predictions:
        if wide:  # a column fits the page where a row of ten numbers does not
            lhs, rhs = outputs.T, column(prediction, digits)
        else:
            lhs, rhs = outputs, row(prediction, digits)
        out.append(equation(OfSample(lhs, sample + 1) if ctx.several else lhs, rhs, names))
    return out


def _error(ctx: DocumentContext, current):
    """E (the mean over the step's samples), or E^{[n]} for a step on one of several samples."""
    error = ctx.model.error
    if ctx.several and len(current.samples) == 1:
        error = OfSample(error, current.samples[0] + 1)
    return equation(error, shown(current.error, ctx.digits), ctx.names)
