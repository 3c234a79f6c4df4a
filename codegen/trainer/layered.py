"""The `layered` strategy: per-layer loops and BLAS from the matrix-form rules, for any size.

z^{(l+1)} = W^{(l)} a^{(l)} + b^{(l)} and ∂E/∂W = δ aᵀ are matrix products (``np.dot`` inside
njit); δ^L = ∂E/∂a ∘ f'(z) and δ^{(l)} = (Wᵀ δ^{(l+1)}) ∘ f'(z) are a matrix product followed by an
elementwise loop. The elementwise pieces — each layer's activation, its derivative factor, the
loss and its derivative — come from the Derivation for unit 0 of the layer, with the unit's own
symbols replaced by the loop variables ``z``, ``a``, ``o`` and ``t``. Nothing per parameter is
built, so generating a 784-256-10 trainer costs the same as a 2-2-1 one.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symbolic.derivation import Derivation
from symbolic.printing import text

from .printer import NumbaPrinter, UnsupportedExpression

#: loop variables of the elementwise kernels
Z_VAR, A_VAR, O_VAR, T_VAR = "z", "a", "o", "t"


@dataclass(frozen=True)
class LayerCode:
    """Elementwise code of one layer (1-based number ``l`` = k + 1 of W_l)."""

    number: int
    units: int
    fan_in: int
    identity: bool
    activation: str  # f(z), in z
    activation_text: str
    derivative: str  # f', in a (textbook form) or z
    derivative_text: str
    derivative_uses_z: bool
    has_bias: bool
    weights_trainable: bool
    bias_trainable: bool


@dataclass(frozen=True)
class LayeredPlan:
    layers: tuple[LayerCode, ...]
    error: str  # e(o, t): one output's share of E
    error_text: str
    output_delta: str  # ∂E/∂o · f'(…) for one output, in o, t and z or a
    output_delta_text: str
    imports: tuple[str, ...]


def _generic(expr: sp.Expr, mapping: dict[sp.Symbol, sp.Symbol]) -> sp.Expr:
    return expr.xreplace(mapping)


def build_layered(derivation: Derivation, dtype: str) -> LayeredPlan:
    """The elementwise formulas of every layer, printed by the Numba printer."""
    network, model = derivation.network, derivation.model
    z, a, o, t = (sp.Symbol(n, real=True) for n in (Z_VAR, A_VAR, O_VAR, T_VAR))
    printer = NumbaPrinter({"names": {n: n for n in (Z_VAR, A_VAR, O_VAR, T_VAR)}, "dtype": dtype})
    depth = len(network.layers)
    layers = []
    for k, layer in enumerate(network.layers):
        m = k + 1
        unit, pre = model.unit(m, 0), model.pre(m, 0)
        local = {unit: a, pre: z} if model.has_pre(m) else {unit: a}
        if model.has_pre(m):
            activation = _generic(model.activation_of(m, 0), local)
        else:
            activation = z
        factor = _generic(model.derivative_factor(m, 0), local)
        layers.append(
            LayerCode(
                number=m,
                units=layer.units,
                fan_in=layer.fan_in,
                identity=not model.has_pre(m),
                activation=printer.doprint(activation),
                activation_text=text(activation),
                derivative=printer.doprint(factor),
                derivative_text=text(factor),
                derivative_uses_z=z in factor.free_symbols,
                has_bias=layer.has_bias,
                weights_trainable="weights" not in layer.freeze,
                bias_trainable="bias" not in layer.freeze,
            )
        )

    outputs, targets = model.outputs, model.targets
    output_local = {outputs[0]: o, targets[0]: t}
    if model.has_pre(depth):
        output_local[model.pre(depth, 0)] = z
    error = _separable_error(model, outputs, targets)
    delta = derivation.delta_rule(depth, 0)
    if network.loss.residual:
        delta = delta.xreplace({model.residual(0): model.residual_definition(0)})
    delta = _generic(delta, output_local)
    extra = delta.free_symbols - {o, t, z}
    if extra:
        raise UnsupportedExpression(
            f"the layered strategy needs a loss that is a sum over outputs; ∂E/∂out1 also uses "
            f"{', '.join(sorted(s.name for s in extra))} (use --strategy unrolled)"
        )
    error = _generic(error, output_local)
    return LayeredPlan(
        layers=tuple(layers),
        error=printer.doprint(error),
        error_text=text(error),
        output_delta=printer.doprint(delta),
        output_delta_text=text(delta),
        imports=printer.imports,
    )


def _separable_error(model, outputs, targets) -> sp.Expr:
    """One output's share e(out_1, y_1) of E, checked by SymPy: E = Σ_k e(out_k, y_k)."""
    full = model.error_expr
    shares = []
    for k in range(len(outputs)):
        others = {outputs[j]: targets[j] for j in range(len(outputs)) if j != k}
        shares.append(full.xreplace(others))
    rebuilt = sum(
        (
            shares[0].xreplace({outputs[0]: outputs[k], targets[0]: targets[k]})
            for k in range(len(outputs))
        ),
        sp.Integer(0),
    )
    if len(outputs) > 1 and sp.expand(rebuilt - full) != 0:
        raise UnsupportedExpression(
            "the layered strategy needs a loss that is a sum over outputs (use --strategy unrolled)"
        )
    return shares[0]
