"""The matrix-form rules of backpropagation, one layer at a time: their one home.

For weight layer k (unit layer l = k+1 fed by unit layer k)::

    z^{(l)} = W^{(l-1)} a^{(l-1)} + b^{(l-1)}        a^{(l)} = f(z^{(l)})
    δ^{(L)} = c·Δ ∘ f'(z^{(L)})   (squared errors; Δ = a^{(L)} − y, c from the loss)
            = J(a^{(L)}) (c·Δ)    (softmax output with a squared error; J = diag(a) − a aᵀ)
            = a^{(L)} − y         (binary cross-entropy + sigmoid, cross-entropy + softmax)
    δ^{(l)} = (W^{(l)ᵀ} δ^{(l+1)}) ∘ f'(z^{(l)})
    ∂E/∂W^{(l-1)} = δ^{(l)} a^{(l-1)ᵀ}   (the mean over the samples when there are several)
    W' = W − η ∂E/∂W

Every vector and matrix is a ``LayerSymbol`` whose SymPy args carry its ``Quantity`` (kind, layer,
updated) and shape, so printers and checkers read the structure from the args, never from a
symbol's name. ``Applied`` is an activation (or its derivative) applied entrywise, naming the unit
layer whose activation it is. The LaTeX printers and the trainer's Numba printer print these
same objects; ``explicit`` writes them out entry by entry in a network's notation, and
``Derivation.check_layer_rules`` proves them equal to the per-parameter chain rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from .quantity import Quantity
from .quantity import shape as quantity_shape


class LayerSymbol(sp.MatrixExpr):
    """A layer's vector or matrix (W^{(l)}, a^{(l)}, δ^{(l)}, Δ, y, ∂E/∂W …) as one symbol."""

    is_symbol = True

    def __new__(cls, kind, layer, rows, cols, updated=False):
        # SymPy rebuilds objects as ``func(*args)``, so the args are the constructor's arguments
        return super().__new__(
            cls,
            kind if isinstance(kind, sp.Symbol) else sp.Symbol(kind),
            sp.Integer(layer),
            sp.Integer(rows),
            sp.Integer(cols),
            sp.true if updated else sp.false,
        )

    @classmethod
    def for_quantity(cls, quantity: Quantity, rows: int, cols: int) -> LayerSymbol:
        if not quantity.is_whole:
            raise ValueError(f"{quantity} is one entry, not a whole vector or matrix")
        layer = -1 if quantity.layer is None else quantity.layer
        return cls(quantity.kind, layer, rows, cols, quantity.updated)

    @classmethod
    def of(cls, network, quantity: Quantity) -> LayerSymbol:
        """The whole quantity of ``network`` as a column vector or a matrix."""
        dims = quantity_shape(network, quantity)
        return cls.for_quantity(quantity, dims[0], dims[1] if len(dims) == 2 else 1)

    @property
    def quantity(self) -> Quantity:
        kind, layer = self.args[0].name, int(self.args[1])
        return Quantity(kind, None if layer < 0 else layer, updated=bool(self.args[4]))

    @property
    def shape(self):
        return (self.args[2], self.args[3])

    @property
    def free_symbols(self):
        return {self}

    def _entry(self, i, j, **kwargs):
        raise TypeError("a LayerSymbol has no entries of its own: use layers.explicit")


class Applied(sp.MatrixExpr):
    """f(v) or f'(v) entrywise, f being the activation of unit layer ``layer``."""

    def __new__(cls, layer: int, argument: sp.MatrixExpr, derivative: bool = False):
        return super().__new__(
            cls, sp.Integer(layer), argument, sp.true if derivative else sp.false
        )

    @property
    def layer(self) -> int:
        return int(self.args[0])

    @property
    def argument(self) -> sp.MatrixExpr:
        return self.args[1]

    @property
    def derivative(self) -> bool:
        return bool(self.args[2])

    @property
    def shape(self):
        return self.argument.shape


class SoftmaxJacobian(sp.MatrixExpr):
    """J = diag(a) − a aᵀ, the Jacobian ∂a/∂z of a softmax layer, written in its outputs a."""

    def __new__(cls, outputs: LayerSymbol):
        return super().__new__(cls, outputs)

    @property
    def outputs(self) -> LayerSymbol:
        return self.args[0]

    @property
    def shape(self):
        n = self.outputs.shape[0]
        return (n, n)


class SampleMean(sp.MatrixExpr):
    """The mean over the N samples of a per-sample matrix: (1/N) Σ_n M_n."""

    def __new__(cls, argument: sp.MatrixExpr, count: int):
        return super().__new__(cls, argument, sp.Integer(count))

    @property
    def argument(self) -> sp.MatrixExpr:
        return self.args[0]

    @property
    def count(self) -> int:
        return int(self.args[1])

    @property
    def shape(self):
        return self.argument.shape


@dataclass(frozen=True)
class Rule:
    """lhs = rhs, kept unevaluated (sp.Eq would try to decide matrix equalities)."""

    lhs: sp.Basic
    rhs: sp.Basic


@dataclass(frozen=True)
class LayerRules:
    """The matrix-form rules of weight layer k: forward, δ, gradients and updates."""

    layer: int
    weights: LayerSymbol
    bias: LayerSymbol | None
    inputs: LayerSymbol  # a^{(k)}
    pre: LayerSymbol  # z^{(k+1)} (a^{(k+1)} itself for a linear layer)
    outputs: LayerSymbol  # a^{(k+1)}
    delta: LayerSymbol  # δ^{(k+1)}
    forward: Rule  # z = W a + b
    activation: Rule | None  # a = f(z); None for a linear layer
    residual: Rule | None  # Δ = a − y (output layer only)
    delta_rule: Rule
    weight_gradient: Rule
    bias_gradient: Rule | None
    weight_update: Rule | None  # None when frozen
    bias_update: Rule | None
    notation: object = field(default=None, repr=False, compare=False)

    def _repr_latex_(self) -> str:
        """Notebook display: the rules, one per line, in the network's notation."""
        from .display import layer_rules_latex

        return layer_rules_latex(self, self.notation)

    @property
    def rules(self) -> list[Rule]:
        """Every rule of the layer, in the order a derivation shows them."""
        out = [self.forward, self.activation, self.residual, self.delta_rule]
        out += [self.weight_gradient, self.bias_gradient, self.weight_update, self.bias_update]
        return [r for r in out if r is not None]


def _minus(x: sp.MatrixExpr, y: sp.MatrixExpr) -> sp.MatrixExpr:
    return sp.MatAdd(x, sp.MatMul(-1, y, evaluate=False), evaluate=False)


def layer_rules(network) -> list[LayerRules]:
    """The matrix-form rules of every weight layer of ``network``, first layer first."""
    depth = len(network.layers)
    count = len(network.samples) if network.update == "full_batch" else 1

    def symbol(q: Quantity) -> LayerSymbol:
        return LayerSymbol.of(network, q)

    out = []
    for k, layer in enumerate(network.layers):
        m = k + 1
        weights = symbol(Quantity.weight(k))
        bias = symbol(Quantity.bias(k)) if layer.has_bias else None
        inputs, outputs = symbol(Quantity.unit(k)), symbol(Quantity.unit(m))
        identity = layer.activation.is_identity
        pre = outputs if identity else symbol(Quantity.pre(m))
        delta = symbol(Quantity.delta(m))
        product = sp.MatMul(weights, inputs, evaluate=False)
        forward = Rule(pre, product if bias is None else sp.MatAdd(product, bias, evaluate=False))
        activation = None if identity else Rule(outputs, Applied(m, pre))
        residual = None
        if m == depth:
            residual_symbol = symbol(Quantity.residual())
            residual = Rule(residual_symbol, _minus(outputs, symbol(Quantity.target())))
            upstream = _output_delta(network, outputs, residual_symbol)
        else:
            above = symbol(Quantity.weight(m))
            upstream = sp.MatMul(sp.Transpose(above), symbol(Quantity.delta(m + 1)), evaluate=False)
        needs_slope = m != depth or not _output_delta_is_final(network)
        if needs_slope and not identity:
            upstream = sp.HadamardProduct(upstream, Applied(m, pre, True), evaluate=False)
        per_sample = sp.MatMul(delta, sp.Transpose(inputs), evaluate=False)
        gradient_w = symbol(Quantity.weight(k).gradient())
        gradient_b = symbol(Quantity.bias(k).gradient()) if bias is not None else None
        rate = sp.Symbol("eta", real=True)
        out.append(
            LayerRules(
                layer=k,
                weights=weights,
                bias=bias,
                inputs=inputs,
                pre=pre,
                outputs=outputs,
                delta=delta,
                forward=forward,
                activation=activation,
                residual=residual,
                delta_rule=Rule(delta, upstream),
                weight_gradient=Rule(gradient_w, _mean(per_sample, count)),
                bias_gradient=None if bias is None else Rule(gradient_b, _mean(delta, count)),
                weight_update=None
                if "weights" in layer.freeze
                else Rule(
                    symbol(Quantity.weight(k).after_update()),
                    _minus(weights, sp.MatMul(rate, gradient_w, evaluate=False)),
                ),
                bias_update=None
                if bias is None or "bias" in layer.freeze
                else Rule(
                    symbol(Quantity.bias(k).after_update()),
                    _minus(bias, sp.MatMul(rate, gradient_b, evaluate=False)),
                ),
                notation=network.names,
            )
        )
    return out


def _mean(expr: sp.MatrixExpr, count: int) -> sp.MatrixExpr:
    return SampleMean(expr, count) if count > 1 else expr


def _output_delta_is_final(network) -> bool:
    """Whether the output δ needs no f'(z) factor: a − y (proved), or a softmax Jacobian."""
    return network.loss.delta_is_residual or network.layers[-1].activation.is_layer_function


def _output_delta(network, outputs: LayerSymbol, residual: LayerSymbol) -> sp.MatrixExpr:
    """δ^{(L)} before any f'(z) factor: a − y, J(a)(c·Δ), or c·Δ (the loss's proved claims)."""
    loss = network.loss
    if loss.delta_is_residual:
        target = LayerSymbol.of(network, Quantity.target())
        return _minus(outputs, target)
    factor = loss.factor(network.n_outputs)
    scaled = residual if factor == 1 else sp.MatMul(factor, residual, evaluate=False)
    if network.layers[-1].activation.is_layer_function:
        return sp.MatMul(SoftmaxJacobian(outputs), scaled, evaluate=False)
    return scaled


# --------------------------------------------------------------------------- written out
def explicit(expr: sp.Basic, model, sample_mean=None) -> sp.Basic:
    """``expr`` written out entry by entry in the model's symbols (small networks).

    ``sample_mean`` maps the per-sample matrix inside a ``SampleMean`` to its written form;
    by default the mean of one generic sample is the sample's own matrix.
    """
    network = model.network
    names = network.names

    def walk(node):
        if isinstance(node, LayerSymbol):
            q = node.quantity
            rows, cols = int(node.shape[0]), int(node.shape[1])
            if q.kind in ("weight", "weight_gradient"):
                return sp.ImmutableMatrix(rows, cols, lambda i, j: names.symbol(q.entry(i, j)))
            if q.kind == "pre":
                return sp.ImmutableMatrix(rows, 1, lambda i, _: model.pre(q.layer, i))
            return sp.ImmutableMatrix(rows, 1, lambda i, _: names.symbol(q.entry(i)))
        if isinstance(node, Applied):
            argument = walk(node.argument)
            activation = network.layers[node.layer - 1].activation
            if node.derivative:
                return sp.ImmutableMatrix(
                    argument.rows, 1, lambda i, _: model.derivative_factor(node.layer, i)
                )
            if activation.is_layer_function:
                return sp.ImmutableMatrix(activation.apply_layer(list(argument)))
            return argument.applyfunc(activation.apply)
        if isinstance(node, SoftmaxJacobian):
            outputs = walk(node.outputs)
            activation = network.layers[-1].activation
            return sp.ImmutableMatrix(activation.jacobian_in_output(list(outputs)))
        if isinstance(node, SampleMean):
            inner = walk(node.argument)
            return sample_mean(inner) if sample_mean is not None else inner
        if isinstance(node, sp.Transpose):
            return walk(node.arg).T
        if isinstance(node, sp.MatMul):
            result = sp.Integer(1)
            for arg in node.args:
                result = result * walk(arg)
            return sp.ImmutableMatrix(result) if isinstance(result, sp.MatrixBase) else result
        if isinstance(node, sp.MatAdd):
            parts = [walk(arg) for arg in node.args]
            total = parts[0]
            for part in parts[1:]:
                total = total + part
            return sp.ImmutableMatrix(total)
        if isinstance(node, sp.HadamardProduct):
            parts = [walk(arg) for arg in node.args]
            total = parts[0]
            for part in parts[1:]:
                total = total.multiply_elementwise(part)
            return sp.ImmutableMatrix(total)
        return node

    return walk(expr)
