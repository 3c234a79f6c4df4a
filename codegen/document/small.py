"""The document of a small network: every unit, matrix and parameter spelled out, as the lecture."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .arithmetic import MAX_DETAILED_SAMPLES, arithmetic_of
from .backprop import (
    delta_equations,
    delta_matrix_equations,
    derivation_blocks,
    gradient_matrix_equations,
    matrix_update_equations,
    update_list,
    uses_delta,
)
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
from .equations import equation
from .error_section import error_section
from .forms import SmallNetworkForms
from .iterations import small_iterations
from .output_layer import output_layer_section
from .samples import (
    SampleStep,
    elided_samples,
    gradient_mean_group,
    several_sample_iterations,
)
from .sections import BackpropSection, Document, Group, IterationsSection, Section

#: networks with at most this many parameters get a SmallDocument
MAX_SPELLED_PARAMETERS = 50


@dataclass(frozen=True)
class SmallDocument(Document):
    """Every parameter's derivation, the matrices with all their entries, every number."""

    @classmethod
    def fits(cls, network) -> bool:
        return network.count_parameters() <= MAX_SPELLED_PARAMETERS

    @classmethod
    def build(cls, ctx: DocumentContext) -> SmallDocument:
        forms = SmallNetworkForms(ctx.derivation)
        steps = ctx.numbers.worked_steps(ctx.steps + 1)
        with_delta = uses_delta(ctx.derivation)
        rule = descent_rule(ctx)
        title, pdf_title, subtitle = titles(ctx)
        sections = (
            network_section(ctx, small=True),
            _forward(ctx, forms, steps[0]),
            error_section(ctx, forms, steps[0]),
            output_layer_section(ctx),  # None for most networks
            _backprop(ctx, rule, with_delta),
            _updates(ctx, forms, rule),
            IterationsSection(
                ctx.words["sec_iterations"],
                iterations_intro(ctx, arithmetic_of(steps)),
                _iterations(ctx, forms, steps, with_delta),
            ),
            plot_section(ctx),
        )
        present = tuple(section for section in sections if section is not None)
        return cls(ctx.lang, title, pdf_title, subtitle, present)


def _iterations(ctx: DocumentContext, forms: SmallNetworkForms, steps, with_delta: bool):
    if ctx.several:
        vector = lambda symbols, values: given_vector(ctx, symbols, values)  # noqa: E731
        return several_sample_iterations(ctx, forms, steps, with_delta, vector)
    return small_iterations(forms, steps, ctx.steps, ctx.digits, ctx.words, with_delta)


def _forward(ctx: DocumentContext, forms: SmallNetworkForms, first) -> Section:
    network, names, words = ctx.network, ctx.names, ctx.words
    units = [
        equation(
            eq[0].lhs,
            eq[0].rhs,
            names,
            side=sp.Eq(*eq[1], evaluate=False) if len(eq) > 1 else None,
        )
        for eq in forms.unit_equations()
    ]
    has_bias = any(layer.has_bias for layer in network.layers)
    layers = range(len(network.layers))
    matrix = [equation(*forms.forward(k), names) for k in layers]

    def numbers(step):
        return tuple(
            equation(forms.forward(k)[0], forms.forward_numbers(step, k, ctx.digits), names)
            for k in layers
        )

    if ctx.several:  # each sample of iteration 1 (the first few)
        with_numbers = [
            Group(words["forward_numbers_sample"].format(n=n + 1), numbers(SampleStep(first, n)))
            for n in first.samples[:MAX_DETAILED_SAMPLES]
        ]
        if len(first.samples) > 1:  # a full-batch step: say which samples are not written out
            with_numbers += elided_samples(ctx)
    else:
        with_numbers = [Group(words["forward_numbers"], numbers(first))]
    return Section(
        words["sec_forward"],
        (
            Group(words["forward_units"], tuple(units)),
            Group(words["forward_matrix_bias" if has_bias else "forward_matrix"], tuple(matrix)),
            *with_numbers,
        ),
    )


def _backprop(ctx: DocumentContext, rule: str, with_delta: bool) -> BackpropSection:
    derivation, words = ctx.derivation, ctx.words
    groups = backprop_opening(ctx, rule)
    if ctx.several:
        groups.append(gradient_mean_group(ctx, with_delta))
    if with_delta:
        groups += [
            Group(delta_recursion_text(ctx), tuple(delta_equations(derivation))),
            Group(
                words["delta_matrix"].format(circ="$\\circ$"),
                tuple(delta_matrix_equations(derivation)),
            ),
            *(
                Group(
                    words["gradient_matrix"].format(layer=k + 1),
                    tuple(gradient_matrix_equations(derivation, k, ctx.sample_error)),
                )
                for k in range(len(ctx.network.layers))
            ),
        ]
    return BackpropSection(
        words["sec_backprop"],
        tuple(groups),
        words["per_parameter"],
        tuple(derivation_blocks(derivation, derivation.parameter_names(), ctx.for_one_sample)),
    )


def _updates(ctx: DocumentContext, forms: SmallNetworkForms, rule: str) -> Section:
    words = ctx.words
    parameters = ctx.derivation.parameter_names()
    return Section(
        words["sec_updates"],
        (
            Group(
                words["updates_text"].format(rule=rule),
                tuple(update_list(ctx.derivation, parameters, forms.count)),
            ),
            Group(words["updates_matrix"], tuple(matrix_update_equations(forms))),
        ),
    )
