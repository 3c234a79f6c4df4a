"""The error section of both document classes, for every loss: E of one sample as SymPy gives it
(the mean over the samples when there are several), its value, and for the squared errors with a
factor (sse, mse) ∂E/∂out = c·Δ as SymPy derives and proves it."""

from __future__ import annotations

import sympy as sp

from symbolic.derivation import ordered_product

from .equations import equation, inline
from .iterations import error_equations, error_in_output_order
from .samples import mean_error_equation
from .sections import Group, Section
from .values import shown

#: outputs whose ∂E/∂out is written out
MAX_SHOWN_OUTPUTS = 3


def loss_text(ctx) -> str:
    """The loss's name as a teacher says it (误差平方和的一半 for ½·SSE, 交叉熵 …)."""
    loss = ctx.network.loss.name
    return ctx.words.get(f"loss_{loss}", loss)


def error_section(ctx, forms=None, step=None) -> Section:
    """The error section; ``forms`` and ``step`` (iteration 1) put a small network's numbers
    into the formula, a large network shows the value alone."""
    words, model, names = ctx.words, ctx.model, ctx.names
    errors, _ = ctx.numbers.mean_errors(1)
    if ctx.several:
        one = ctx.sample_error
        groups = [
            Group(
                words["error_text_sample"].format(symbol=inline(one, names), loss=loss_text(ctx)),
                (equation(one, error_in_output_order(model, ctx.network.loss), names),),
            ),
            Group(
                words["error_mean"].format(
                    symbol=inline(model.error, names), count=len(ctx.network.samples)
                ),
                (mean_error_equation(ctx, errors[0], _losses(ctx, step)),),
            ),
        ]
    else:
        if forms is not None:
            equations = tuple(error_equations(forms, step, ctx.digits))
        else:
            value = shown(errors[0], ctx.digits)
            written = error_in_output_order(model, ctx.network.loss)
            equations = (equation(model.error, [written, value], names),)
        groups = [Group(words["error_text"].format(loss=loss_text(ctx)), equations)]
    gradient = _loss_gradient(ctx)
    if gradient is not None:
        groups.insert(1, gradient)
    return Section(words["sec_error"], tuple(groups))


def _losses(ctx, step):
    """Every sample's loss at the initial parameters (None for a large document)."""
    if step is None:
        return None
    count = len(ctx.network.samples)
    return [
        step.passes[n].loss if n in step.passes else ctx.numbers.sample_pass(step, n).loss
        for n in range(count)
    ]


def _loss_gradient(ctx) -> Group | None:
    """∂E/∂out_i = SymPy's derivative = c·Δ_i, for a squared error with c ≠ 1 (sse, mse)."""
    network, model, names = ctx.network, ctx.model, ctx.names
    loss = network.loss
    if not loss.residual or loss.factor(network.n_outputs) == 1:
        return None
    factor = loss.factor(network.n_outputs)
    equations = []
    for i in range(min(network.n_outputs, MAX_SHOWN_OUTPUTS)):
        derived = loss.derivative(model.outputs, model.targets, i)  # c·Δ proved on the way
        lhs = sp.Derivative(ctx.sample_error, model.outputs[i], evaluate=False)
        equations.append(
            equation(lhs, [derived, ordered_product([factor, model.residual(i)])], names)
        )
    return Group(ctx.words["loss_gradient"], tuple(equations))
