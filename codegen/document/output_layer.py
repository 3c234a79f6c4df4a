"""The section on the output layer's δ where it is more than Δ ∘ f': the softmax Jacobian, and why
δ = a − y for softmax + cross-entropy and for sigmoid + binary cross-entropy.

Every formula comes from the symbolic core: the Jacobian from ``SOFTMAX.jacobian`` (SymPy's
derivative) and ``jacobian_in_output`` (the textbook form a_i(δ_ij − a_j), proved by SymPy for any
layer size), the steps of δ = ∂E/∂z = … = a − y from ``losses.delta_proof`` (each proved there),
and the matrix rule of δ from ``Derivation.matrix_rules``.
"""

from __future__ import annotations

import sympy as sp

from symbolic.layers import LayerSymbol, SoftmaxJacobian
from symbolic.losses import delta_proof
from symbolic.quantity import Quantity

from .equations import equation, inline
from .marks import SAMPLE_INDEX, OfSample
from .sections import Group, Section

#: the whole Jacobian is written out for an output layer of at most this many units
MAX_JACOBIAN_UNITS = 4


def output_layer_section(ctx) -> Section | None:
    """The section for a softmax output layer or a loss whose δ is a − y; None otherwise."""
    network, words = ctx.network, ctx.words
    activation, loss = network.layers[-1].activation, network.loss
    if activation.is_layer_function:
        groups = _jacobian_groups(ctx)
        groups += _delta_proof_groups(ctx) if loss.delta_is_residual else _squared_groups(ctx)
        return Section(words["sec_softmax"], tuple(groups))
    if loss.delta_is_residual:
        return Section(words["sec_sigmoid_bce"], tuple(_delta_proof_groups(ctx)))
    return None


def _jacobian_groups(ctx) -> list[Group]:
    """∂a_1/∂z_1 and ∂a_1/∂z_2 from SymPy and in the outputs, the general form, the matrix."""
    network, model, names, words = ctx.network, ctx.model, ctx.names, ctx.words
    activation, depth = network.layers[-1].activation, model.depth
    zs = [model.pre(depth, j) for j in range(network.n_outputs)]
    outputs = list(model.outputs)
    derived, written = activation.jacobian(zs), activation.jacobian_in_output(outputs)
    partials = [
        equation(
            sp.Derivative(outputs[0], zs[j], evaluate=False), [derived[0, j], written[0, j]], names
        )
        for j in (0, 1)
    ]
    i, j = (sp.Symbol(name, real=True) for name in ("i", "j"))
    a_i, a_j = (sp.Symbol(f"a_{index}", positive=True) for index in ("i", "j"))
    z_i, z_j = (sp.Symbol(f"z_{index}", real=True) for index in ("i", "j"))
    general = activation.jacobian_in_output([a_i, a_j])
    text = words["softmax_general"].format(
        diagonal=inline(sp.Eq(sp.Derivative(a_i, z_i), general[0, 0], evaluate=False), None),
        off=inline(sp.Eq(sp.Derivative(a_i, z_j), general[0, 1], evaluate=False), None),
        i=inline(i, None),
        j=inline(j, None),
    )
    groups = [Group(words["softmax_jacobian"], tuple(partials))]
    if network.n_outputs > MAX_JACOBIAN_UNITS:
        return [*groups, Group(text)]
    outputs_symbol = LayerSymbol.of(network, Quantity.unit(depth))
    matrix = equation(SoftmaxJacobian(outputs_symbol), sp.ImmutableMatrix(written), names)
    return [*groups, Group(f"{text} {words['softmax_matrix']}", (matrix,))]


def _sample_error(ctx):
    """E, or E^{[n]} (one sample's error) when the step uses several samples."""
    error = ctx.model.error
    return OfSample(error, SAMPLE_INDEX) if _several(ctx) else error


def _several(ctx) -> bool:
    return len(ctx.network.samples) > 1


def _delta_proof_groups(ctx) -> list[Group]:
    """δ_1 = ∂E/∂z_1 = … = a_1 − y_1 (delta_proof, in the network's symbols), then δ = a − y."""
    network, model, names, words = ctx.network, ctx.model, ctx.names, ctx.words
    activation, depth, n = network.layers[-1].activation, model.depth, network.n_outputs
    error, z1 = _sample_error(ctx), model.pre(depth, 0)
    generic = {
        **{sp.Symbol(f"a_{k + 1}", positive=True): model.outputs[k] for k in range(n)},
        **{sp.Symbol(f"y_{k + 1}", real=True): model.targets[k] for k in range(n)},
        sp.Symbol("z_1", real=True): z1,
        sp.Symbol("E", real=True): error,
    }
    steps = delta_proof(network.loss, activation, n)
    with sp.evaluate(False):  # keep each step as delta_proof built it
        steps = [step.xreplace(generic) for step in steps]
    proof = equation(
        model.delta(depth, 0), [sp.Derivative(error, z1, evaluate=False), *steps], names
    )
    if activation.is_layer_function:
        text = words["delta_proof_softmax"].format(z=inline(z1, names))
        after = words["delta_proof_targets"].format(
            total=inline(sp.Eq(sp.Add(*model.targets), 1, evaluate=False), names)
        )
    else:
        partial = sp.Derivative(error, model.outputs[0], evaluate=False)
        text, after = words["delta_proof_sigmoid"].format(partial=inline(partial, names)), ""
    rule = ctx.derivation.matrix_rules[-1].delta_rule
    result = (after + " " if after else "") + words["delta_is_residual"]
    return [Group(text, (proof,)), Group(result, (equation(rule.lhs, rule.rhs, names),))]


def _squared_groups(ctx) -> list[Group]:
    """Softmax with a squared error: δ_1 = Σ_k c·Δ_k·∂a_k/∂z_1, and δ = J(a)(c·Δ)."""
    model, names, words, derivation = ctx.model, ctx.names, ctx.words, ctx.derivation
    loss = ctx.network.loss.name
    unit = equation(model.delta(model.depth, 0), derivation.output_delta(0), names)
    rule = derivation.matrix_rules[-1].delta_rule
    text = words["softmax_squared"].format(loss=words.get(f"loss_{loss}", loss))
    return [Group(text, (unit, equation(rule.lhs, rule.rhs, names)))]
