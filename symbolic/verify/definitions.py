"""What each named quantity stands for, and ∂X/∂Y between any two quantities of the network.

One level down: a unit is f(z) or its weighted sum, z is Σ w·a + b, Δ is out − actual, E is the
loss, an output's loss term E_{o1} its term of the loss, δ is the spec's δ rule, ∂E/∂θ is the
Derivation's result in unit form, θ' is θ − η·∂E/∂θ. ``leaves`` applies these until only inputs,
targets, parameters and η remain (refusing when the result would be too large). ``partial``
applies the chain rule through those definitions, so ∂out/∂h1 = w5, ∂E/∂h1 = Δ·w5 and
∂E/∂w1 = Δ·w5·i1 come out in the units' own names. Symbols are the notation's (``Notation``):
what a symbol stands for is always its ``Quantity``.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from ..quantity import Quantity
from .errors import ClaimSyntaxError, ClaimTooLarge
from .limits import MAX_LEAVES

#: what ∂/∂(…) may be taken with respect to
DIFFERENTIABLE_BY = frozenset({"unit", "pre", "target", "weight", "bias"})


def _rational(value: Fraction) -> sp.Rational:
    return sp.Rational(value.numerator, value.denominator)


class Definitions:
    """Definitions of one network's quantities, their leaves and partial derivatives (cached)."""

    def __init__(self, derivation):
        self.derivation = derivation
        self.network = derivation.network
        self.model = derivation.model
        self.names = self.network.names
        self.depth = len(self.network.layers)
        self._quantities: dict[sp.Symbol, Quantity | None] = {}
        self._one_level: dict[sp.Symbol, sp.Expr | None] = {}
        self._full: dict[sp.Symbol, sp.Expr] = {}
        self._count: dict[sp.Symbol, int] = {}
        self._depends: dict[tuple, bool] = {}
        self._partials: dict[tuple, sp.Expr] = {}
        net = self.network
        #: a frozen bias whose units all share one value is one parameter (b_1 of a layer)
        self.shared: dict[sp.Symbol, sp.Symbol] = {}
        for k, layer in enumerate(net.layers):
            if layer.has_bias and "bias" in layer.freeze and len(set(layer.bias)) == 1:
                first_bias = self.names.symbol(Quantity.bias(k, 0))
                for i in range(1, layer.units):
                    self.shared[self.names.symbol(Quantity.bias(k, i))] = first_bias
        #: whether a layer is a layer function (softmax): its identities need the z form
        self.has_layer_function = any(layer.activation.is_layer_function for layer in net.layers)
        self.data = self.data_of(0)

    def data_of(self, sample: int) -> dict:
        """symbol → value of one sample's inputs and targets, and of η."""
        model, chosen = self.model, self.network.samples[sample]
        data = {model.input(j): _rational(v) for j, v in enumerate(chosen.x)}
        data.update(self.targets_of(sample))
        data[model.rate] = _rational(self.network.learning_rate)
        return data

    def targets_of(self, sample: int) -> dict:
        """symbol → value of one sample's targets."""
        chosen = self.network.samples[sample]
        return {self.model.target(i): _rational(v) for i, v in enumerate(chosen.y)}

    # ------------------------------------------------------------------ symbols and quantities
    def symbol(self, q: Quantity) -> sp.Symbol:
        """The symbol of one entry or scalar (z of a linear unit is the unit itself)."""
        if q.kind == "pre" and not self.model.has_pre(q.layer):
            q = Quantity.unit(q.layer, q.row)
        symbol = self.names.symbol(q)
        return self.shared.get(symbol, symbol)

    def quantity(self, symbol) -> Quantity | None:
        """What a symbol stands for (None for anything that is not one of the network's)."""
        if not isinstance(symbol, sp.Symbol):
            return None
        if symbol not in self._quantities:
            self._quantities[symbol] = self.names.quantity_of(symbol)
        return self._quantities[symbol]

    def kind(self, symbol) -> str | None:
        q = self.quantity(symbol)
        return None if q is None else q.kind

    def is_leaf(self, symbol) -> bool:
        q = self.quantity(symbol)
        if q is None:
            return True
        if q.is_parameter:
            return not q.updated
        return q.kind in ("target", "rate") or q.is_input

    def trainable(self, q: Quantity) -> bool:
        kind = "weights" if q.kind in ("weight", "weight_gradient") else "bias"
        return kind not in self.network.layers[q.layer].freeze

    # ------------------------------------------------------------------ one level down
    def one_level(self, symbol: sp.Symbol) -> sp.Expr | None:
        if symbol not in self._one_level:
            definition = self._define(symbol)
            if definition is not None and self.shared:
                definition = definition.xreplace(self.shared)
            self._one_level[symbol] = definition
        return self._one_level[symbol]

    def _define(self, symbol: sp.Symbol) -> sp.Expr | None:
        q = self.quantity(symbol)
        if q is None or self.is_leaf(symbol):
            return None
        model = self.model
        if q.kind in ("unit", "pre", "residual", "error"):
            return model.definition(q)
        if q.kind == "loss":
            if q.row is None:
                return model.error_expr
            return self.network.loss.output_term(model.outputs, model.targets, q.row)
        if q.kind == "delta":
            return self.derivation.delta_rule(q.layer, q.row)
        if q.kind in ("weight_gradient", "bias_gradient"):
            return self.gradient_in_units(q.parameter_of())
        if q.updated:
            parameter = self.symbol(q.before_update())
            if not self.trainable(q):
                return parameter
            return parameter - model.rate * self.symbol(q.before_update().gradient())
        return None

    def target_constraint(self) -> dict:
        """y_n = 1 − Σ y_k when the loss wants the targets a distribution (cross-entropy):
        identities of the softmax δ hold only with it."""
        n = self.network.n_outputs
        if self.network.loss.targets != "distribution" or n < 2:
            return {}
        targets = self.model.targets
        return {targets[-1]: 1 - sp.Add(*targets[:-1])}

    def writer_definition(self, symbol: sp.Symbol) -> sp.Expr | None:
        """The definition the writer's numbers are put into: ∂E/∂θ as δ·a (so a stated δ is
        used), everything else one level down."""
        q = self.quantity(symbol)
        single = len(self.network.samples) == 1
        if single and q is not None and q.kind in ("weight_gradient", "bias_gradient"):
            m = q.layer + 1
            if self.model.has_pre(m) and not self.network.layers[q.layer].activation.is_identity:
                delta = self.model.delta(m, q.row)
                if q.kind == "bias_gradient":
                    return delta
                return delta * self.model.unit(q.layer, q.col)
        return self.one_level(symbol)

    def gradient_in_units(self, parameter: Quantity) -> sp.Expr:
        name = self.names.name(parameter).ascii
        if self.trainable(parameter):
            return self.derivation.gradient(name).in_units
        return self.partial(self.model.error, self.symbol(parameter))

    def gradient_display(self, parameter: Quantity) -> sp.Expr:
        """∂E/∂θ as the lecture orders it (Δ·w5·i1)."""
        name = self.names.name(parameter).ascii
        if self.trainable(parameter):
            return self.derivation.gradient(name).in_units_ordered
        return self.gradient_in_units(parameter)

    def unit_form(self, expr):
        """``expr`` with ∂E/∂θ and θ' written out (Δ·w5·i1, w5 − η·Δ·h1); units kept."""
        if isinstance(expr, sp.MatrixBase):
            return expr.applyfunc(self.unit_form)
        replace = {}
        for symbol in expr.free_symbols:
            q = self.quantity(symbol)
            if q is None:
                continue
            if q.kind in ("weight_gradient", "bias_gradient"):
                replace[symbol] = self.one_level(symbol)
            elif q.updated:
                replace[symbol] = self.unit_form(self.one_level(symbol))
        return expr.xreplace(replace) if replace else expr

    def in_units(self, expr):
        """``expr`` with ∂E/∂θ, θ′, δ, Δ, E and loss terms written out, z one level down (Σ w·a
        + b); units and parameters kept."""
        return self._written_out(
            expr, lambda symbol, q: self.one_level(symbol) if q.kind == "pre" else None
        )

    def layer_function_form(self, expr):
        """``expr`` with ∂E/∂θ, δ, Δ, E and loss terms written out and the units of a layer
        function (softmax) written in their layer's z (a_i = e^{z_i}/Σ_k e^{z_k}), z kept:
        the small form in which the softmax identities (δ = a − y) are rational in e^{z}."""

        def softmax_unit(symbol, q):
            if q.kind == "unit" and self.is_layer_function_unit(q):
                return self.model.activation_of(q.layer, q.row)
            return None

        return self._written_out(expr, softmax_unit)

    def _written_out(self, expr, also):
        """``expr`` with ∂E/∂θ, θ′, δ, Δ, E and loss terms written out, and every other symbol
        replaced by ``also(symbol, quantity)`` where that gives an expression (not None)."""
        expr = self.unit_form(expr)
        if isinstance(expr, sp.MatrixBase):
            return expr.applyfunc(lambda entry: self._written_out(entry, also))
        replace = {}
        for symbol in expr.free_symbols:
            q = self.quantity(symbol)
            if q is None:
                continue
            if q.kind == "delta":
                delta = self.derivation.expanded_delta(q.layer, q.row)
                replace[symbol] = self._written_out(delta, also)
            elif q.kind in ("residual", "error", "loss"):
                replace[symbol] = self._written_out(self.one_level(symbol), also)
            else:
                written = also(symbol, q)
                if written is not None:
                    replace[symbol] = written
        return expr.xreplace(replace) if replace else expr

    def is_layer_function_unit(self, q: Quantity) -> bool:
        """Whether a unit is computed by a layer function (softmax) of its layer's z."""
        if q.layer == 0 or q.row is None or not self.model.has_pre(q.layer):
            return False
        return self.network.layers[q.layer - 1].activation.is_layer_function

    def one_level_form(self, expr):
        """``expr`` with the units and z of its top layer written in the layer below:
        z = Σ w·a + b and a = f(Σ w·a + b), so that a = σ(z), f′(z) = a(1 − a) and z = W a + b
        are identities without writing the network out."""
        layers = {
            self.quantity(s).layer
            for s in expr.free_symbols
            if self.kind(s) in ("unit", "pre") and not self.is_leaf(s)
        }
        if not layers:
            return expr
        top = max(layers)
        replace = {}
        for symbol in expr.free_symbols:
            q = self.quantity(symbol)
            if q is not None and q.kind in ("unit", "pre") and q.layer == top:
                replace[symbol] = self._below(q)
        return expr.xreplace(replace)

    def _below(self, q: Quantity) -> sp.Expr:
        """A unit's or z's value in the layer below: Σ w·a + b, or f(Σ w·a + b) (cached)."""
        key = ("below", q)
        if key not in self._partials:
            model, m = self.model, q.layer
            if q.kind == "pre" or not model.has_pre(m):
                value = model.net_input(m, q.row)
            else:
                activation = model.activation_of(m, q.row)
                nets = {
                    s: model.net_input(m, self.quantity(s).row)
                    for s in activation.free_symbols
                    if self.kind(s) == "pre"
                }
                value = activation.xreplace(nets)
            self._partials[key] = value.xreplace(self.shared) if self.shared else value
        return self._partials[key]

    def layer_form(self, expr):
        """``expr`` with ∂E/∂θ written as the layer rule δ_i·a_j (δ_i for a bias) and θ′ as
        θ − η·δ_i·a_j: the cheap form in which most gradient claims are identities."""
        if isinstance(expr, sp.MatrixBase):
            return expr.applyfunc(self.layer_form)
        replace = {}
        for symbol in expr.free_symbols:
            q = self.quantity(symbol)
            if q is None:
                continue
            if q.kind in ("weight_gradient", "bias_gradient") and self.trainable(q.parameter_of()):
                replace[symbol] = self.writer_definition(symbol)
            elif q.updated and self.trainable(q.before_update()):
                gradient = self.symbol(q.before_update().gradient())
                step = self.writer_definition(gradient)
                replace[symbol] = self.symbol(q.before_update()) - self.model.rate * step
        return expr.xreplace(replace) if replace else expr

    # ------------------------------------------------------------------ leaves
    def leaf_count(self, expr) -> int:
        """Leaves ``leaves(expr)`` would have (counted through the definitions, not built)."""
        if isinstance(expr, sp.MatrixBase):
            return sum(self.leaf_count(e) for e in expr)
        total = 0
        for node in sp.preorder_traversal(expr):
            if isinstance(node, sp.Symbol):
                total += self._symbol_count(node)
            elif node.is_Atom:
                total += 1
            if total > MAX_LEAVES:
                return total
        return total

    def _symbol_count(self, symbol: sp.Symbol) -> int:
        if symbol not in self._count:
            definition = self.one_level(symbol)
            self._count[symbol] = 1 if definition is None else self.leaf_count(definition)
        return self._count[symbol]

    def leaves(self, expr):
        """``expr`` in inputs, targets, parameters and η only; ClaimTooLarge when too big."""
        if self.leaf_count(expr) > MAX_LEAVES:
            raise ClaimTooLarge(f"more than {MAX_LEAVES} terms when written out")
        return self._leaves(expr)

    def _leaves(self, expr):
        if isinstance(expr, sp.MatrixBase):
            return expr.applyfunc(self._leaves)
        replace = {s: self._full_of(s) for s in expr.free_symbols if not self.is_leaf(s)}
        return expr.xreplace(replace) if replace else expr

    def _full_of(self, symbol: sp.Symbol) -> sp.Expr:
        if symbol not in self._full:
            definition = self.one_level(symbol)
            self._full[symbol] = symbol if definition is None else self._leaves(definition)
        return self._full[symbol]

    # ------------------------------------------------------------------ partial derivatives
    def check_differentiable_by(self, q: Quantity | None, pos: int) -> None:
        if q is not None and (q.kind not in DIFFERENTIABLE_BY or q.updated):
            raise ClaimSyntaxError(
                "∂/∂(…) is understood with respect to an input, unit, z, weight or bias", pos
            )

    def depends(self, symbol: sp.Symbol, by: sp.Symbol) -> bool:
        """Whether ``symbol``'s definition involves ``by`` (at any depth)."""
        if symbol == by:
            return True
        key = (symbol, by)
        if key not in self._depends:
            definition = None if self.is_leaf(symbol) else self.one_level(symbol)
            self._depends[key] = definition is not None and any(
                self.depends(s, by) for s in definition.free_symbols
            )
        return self._depends[key]

    def partial(self, expr, by: sp.Symbol):
        """∂expr/∂by by the chain rule through the definitions, in unit form."""
        if isinstance(expr, sp.MatrixBase):
            return expr.applyfunc(lambda e: self.partial(e, by))
        total = sp.Integer(0)
        for symbol in expr.free_symbols:
            if symbol == by:
                total += sp.diff(expr, symbol)
            elif self.depends(symbol, by):
                total += sp.diff(expr, symbol) * self._partial_symbol(symbol, by)
        return total

    def _partial_symbol(self, symbol: sp.Symbol, by: sp.Symbol) -> sp.Expr:
        key = (symbol, by)
        if key not in self._partials:
            self._partials[key] = self._chain(symbol, by)
        return self._partials[key]

    def _chain(self, symbol: sp.Symbol, by: sp.Symbol) -> sp.Expr:
        q, model = self.quantity(symbol), self.model
        if q.kind in ("error", "loss") and self.network.loss.residual:
            rows = range(self.network.n_outputs) if q.row is None else [q.row]
            factor = self.network.loss.factor(self.network.n_outputs)
            return sp.Add(
                *[
                    factor * model.residual(k) * self._d(model.outputs[k], by)
                    for k in rows
                    if self.depends(model.outputs[k], by)
                ]
            )
        if (
            q.kind == "unit"
            and q.layer > 0
            and model.has_pre(q.layer)
            and not self.network.layers[q.layer - 1].activation.is_layer_function
        ):
            pre = model.pre(q.layer, q.row)
            return model.derivative_factor(q.layer, q.row) * self._d(pre, by)
        return self.partial(self.one_level(symbol), by)

    def _d(self, symbol: sp.Symbol, by: sp.Symbol) -> sp.Expr:
        return sp.Integer(1) if symbol == by else self._partial_symbol(symbol, by)


def display_form(definitions: Definitions, expr):
    """``expr`` for showing: ∂E/∂θ as the lecture orders it (Δ·w5·i1), θ' as θ − η·(…)."""
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(lambda e: display_form(definitions, e))
    replace = {}
    for symbol in expr.free_symbols:
        q = definitions.quantity(symbol)
        if q is None:
            continue
        if q.kind in ("weight_gradient", "bias_gradient"):
            replace[symbol] = definitions.gradient_display(q.parameter_of())
        elif q.updated:
            parameter = q.before_update()
            if not definitions.trainable(parameter):
                replace[symbol] = definitions.symbol(parameter)
                continue
            step = sp.Mul(
                definitions.model.rate, definitions.gradient_display(parameter), evaluate=False
            )
            replace[symbol] = sp.Add(
                definitions.symbol(parameter), sp.Mul(-1, step, evaluate=False), evaluate=False
            )
    if not replace:
        return expr
    if expr in replace:
        return replace[expr]
    return expr.xreplace(replace)
