"""The backpropagation part of the document: Δ, activation derivatives, δ recursion, and the
per-parameter chain-rule derivations, all taken from the Derivation."""

from __future__ import annotations

import sympy as sp

from symbolic import layers
from symbolic.activations import A, Z

from .equations import equation, inline
from .forms import SmallNetworkForms, _check
from .layout import LINE_BUDGET, printed_width
from .marks import SampleAverage
from .printer import tex
from .sections import ParameterDerivation

#: a gradient summed over more paths than this is derived through δ instead of path by path
MAX_SHOWN_PATHS = 4


def activation_function(activation) -> sp.Function:
    """The activation as an undefined SymPy function named like its LaTeX name (σ, tanh, ReLU)."""
    name = activation.latex_name.replace(r"\operatorname{", "").replace("}", "").lstrip("\\")
    return sp.Function(name or "f")


def activation_definition(activation, names):
    f = activation_function(activation)
    return sp.Eq(f(Z), activation.expr, evaluate=False)


def activation_derivative(activation, names) -> list:
    """∂f(z)/∂z = SymPy's derivative (= the registry's proven textbook form in f(z))."""
    f = activation_function(activation)
    rhs = [activation.derivative]
    textbook = activation.derivative_in_output
    if textbook is not None:
        with sp.evaluate(False):
            written = textbook.xreplace({A: f(Z)})
        if tex(written, names) != tex(rhs[0], names):  # tanh' is 1 − tanh² already
            rhs.append(written)
    return equation(sp.Derivative(f(Z), Z, evaluate=False), rhs, names)


def delta_display(derivation, m: int, i: int) -> sp.Expr:
    """δ_i^{(m)} as the lecture reads it: (Σ_u w_ui δ_u^{(m+1)})·f' inside, Δ·f' at the output;
    checked against ``Derivation.delta_rule``."""
    model = derivation.model
    if m == model.depth and _output_delta_is_whole(derivation):
        return derivation.output_delta(i)  # a − y, or Σ_k c·Δ_k·∂a_k/∂z_i for softmax
    factor = model.derivative_factor(m, i)
    if m == model.depth:
        first = derivation.error_partial(i).result
    else:
        terms = [
            sp.Mul(model.weight(m, u, i), model.delta(m + 1, u), evaluate=False)
            for u in range(derivation.network.widths[m + 1])
        ]
        first = terms[0] if len(terms) == 1 else sp.Add(*terms, evaluate=False)
    shown = sp.Mul(first, factor, evaluate=False) if factor != 1 else first
    _check(shown, derivation.delta_rule(m, i), f"δ rule of unit ({m}, {i})")
    return shown


def _output_delta_is_whole(derivation) -> bool:
    """Whether the output layer's δ is not c·Δ·f' unit by unit: a − y (proved for the loss) or
    a sum over a softmax layer's outputs."""
    network = derivation.network
    return network.loss.delta_is_residual or network.layers[-1].activation.is_layer_function


def _output_delta_matrix(derivation):
    """δ^{(L)} as its matrix rule (a − y, or J(a)·c·Δ) with every layer symbol written out."""
    rule = derivation.matrix_rules[-1].delta_rule.rhs
    leaves = {
        node: layers.explicit(node, derivation.model)
        for node in sp.preorder_traversal(rule)
        if isinstance(node, (layers.LayerSymbol, layers.SoftmaxJacobian))
    }
    with sp.evaluate(False):
        return rule.xreplace(leaves)


def delta_equations(derivation) -> list:
    """δ of every unit, output layer first."""
    model, widths = derivation.model, derivation.network.widths
    return [
        equation(model.delta(m, i), delta_display(derivation, m, i), derivation.names)
        for m in range(len(widths) - 1, 0, -1)
        for i in range(widths[m])
    ]


def delta_matrix_equations(derivation) -> list:
    """δ^{(l)} = Δ ∘ f'(z) at the output, (W^{(l)ᵀ} δ^{(l+1)}) ∘ f'(z^{(l)}) inside."""
    model, names = derivation.model, derivation.names
    Matrix = sp.ImmutableMatrix
    out = []
    depth = model.depth
    for k in range(depth - 1, -1, -1):
        rule = derivation.layer_rule(k)
        if k == depth - 1 and _output_delta_is_whole(derivation):
            shown = _output_delta_matrix(derivation)
            _check(Matrix(shown.doit()), Matrix(rule.delta_rule), "output δ matrix rule")
            out.append(equation(Matrix(rule.delta), shown, names))
            continue
        factors = Matrix(rule.derivative_factors)
        if k == depth - 1:
            upstream = Matrix(
                [[derivation.error_partial(i).result] for i in range(rule.delta.rows)]
            )
        else:
            above = derivation.layer_rule(k + 1)
            upstream = sp.MatMul(Matrix(above.weights.T), Matrix(above.delta), evaluate=False)
        identity = all(f == 1 for f in factors)
        shown = upstream if identity else sp.HadamardProduct(upstream, factors, evaluate=False)
        value = upstream.doit()
        for i in range(rule.delta.rows):
            entry = value[i] * (1 if identity else factors[i])
            _check(entry, rule.delta_rule[i], f"δ matrix rule of layer {k + 2}")
        out.append(equation(Matrix(rule.delta), shown, names))
    return out


def gradient_matrix_equations(derivation, k: int, error=None) -> list:
    """∂E/∂W^{(l)} = δ^{(l+1)} a^{(l)ᵀ} and ∂E/∂b^{(l)} = δ^{(l+1)}, entry by entry (``error``:
    what E is written as, E^{[n]} for one of several samples)."""
    model, names = derivation.model, derivation.names
    Matrix = sp.ImmutableMatrix
    rule = derivation.layer_rule(k)
    error = model.error if error is None else error
    lhs = Matrix(
        rule.weights.rows,
        rule.weights.cols,
        lambda i, j: sp.Derivative(error, rule.weights[i, j], evaluate=False),
    )
    product = sp.MatMul(Matrix(rule.delta), Matrix(rule.inputs.T), evaluate=False)
    out = [equation(lhs, [product, Matrix(rule.weight_gradient)], names)]
    if rule.bias is not None:
        blhs = Matrix(
            rule.bias.rows, 1, lambda i, _: sp.Derivative(error, rule.bias[i], evaluate=False)
        )
        out.append(equation(blhs, Matrix(rule.bias_gradient), names))
    return out


def parameter_derivation(derivation, name: str, for_one_sample=None):
    """The lecture's three lines for one parameter (four with the δ shorthand); with several
    samples ``for_one_sample`` writes them for one sample's error E^{[n]}."""
    gradient = derivation.gradient(name)
    names = derivation.names
    rows = []
    if (
        not _output_delta_is_whole(derivation)  # a softmax δ is a sum: derived through δ
        and gradient.n_paths <= MAX_SHOWN_PATHS
        and gradient.paths is not None
        and all(_fits(p.written, names) for path in gradient.paths for p in path.partials)
    ):
        paths = gradient.paths

        def summed(parts):
            return parts[0] if len(parts) == 1 else sp.Add(*parts, evaluate=False)

        rows.append(summed([p.chain for p in paths]))
        rows.append(summed([p.written for p in paths]))
        rows.append(gradient.in_units_ordered)
        if not gradient.uses_residual_form:
            rows.append(gradient.shorthand)
    else:
        partial = derivation.parameter_partial(gradient.parameter, gradient.symbol)
        towards = sp.Derivative(derivation.model.error, partial.of, evaluate=False)
        rows.append(sp.Mul(towards, partial.symbolic, evaluate=False))
        delta = derivation.model.delta(*gradient.target_unit)
        if _fits(partial.written, names):
            rows.append(sp.Mul(delta, partial.written, evaluate=False))
        rows.append(gradient.shorthand)
    if for_one_sample is not None:
        rows = [for_one_sample(row) for row in rows]
        return equation(for_one_sample(gradient.derivative), rows, names)
    return equation(gradient.derivative, rows, names)


#: every term of a printed sum takes at least this many glyphs (w·a and the sign between)
MIN_TERM_GLYPHS = 3


def _fits(expr, names) -> bool:
    """Whether one written-out partial fits on a line (a fraction cannot be broken); a sum of
    hundreds of terms is refused before it is printed."""
    inner = expr.expr if isinstance(expr, sp.Derivative) else expr
    if len(sp.Add.make_args(inner)) * MIN_TERM_GLYPHS > LINE_BUDGET:
        return False
    return printed_width(tex(expr, names)) <= LINE_BUDGET


def derivation_blocks(derivation, names_to_show, for_one_sample=None) -> list:
    notation = derivation.names
    return [
        ParameterDerivation(
            inline(derivation.gradient(n).symbol, notation),
            parameter_derivation(derivation, n, for_one_sample),
        )
        for n in names_to_show
    ]


def uses_delta(derivation) -> bool:
    """Whether some gradient is written with δ (non-linear units, several outputs, …)."""
    return not all(g.uses_residual_form for g in derivation.gradients())


def update_list(derivation, names_to_show, count: int = 1) -> list:
    """θ' = θ − η·(shorthand) beside ∂E/∂θ = shorthand, for every parameter shown; with a step
    over ``count`` samples the shorthand is the mean (1/N) Σ_n (shorthand)^{[n]}."""
    notation, rate = derivation.names, derivation.model.rate
    out = []
    for n in names_to_show:
        gradient = derivation.gradient(n)
        new, rhs = gradient.update
        shorthand = gradient.shorthand
        if count > 1:
            shorthand = SampleAverage(shorthand, count)
            step = sp.Mul(-1, rate, shorthand, evaluate=False)
            rhs = sp.Add(gradient.symbol, step, evaluate=False)
        side = sp.Eq(gradient.derivative, shorthand, evaluate=False)
        out.append(equation(new, rhs, notation, side=side))
    return out


def matrix_update_equations(forms: SmallNetworkForms) -> list:
    """The update in matrix form, output layer first as on the slides."""
    names = forms.names
    out = []
    for k in range(len(forms.network.layers) - 1, -1, -1):
        layer = forms.network.layers[k]
        if "weights" not in layer.freeze:
            lhs, rhs = forms.weight_update(k)
            out.append(equation(lhs, rhs, names))
        bias = forms.bias_update(k) if "bias" not in layer.freeze else None
        if bias is not None:
            out.append(equation(bias[0], bias[1], names))
    return out
