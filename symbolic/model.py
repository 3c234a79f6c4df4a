"""The network as SymPy expressions, built one layer at a time and only where asked.

Every unit has a symbol (h1, out, a_1^{(2)}, …) and a definition in terms of the previous layer:
z = Σ_j w_ij a_j + b_i and a = f(z). A linear (identity) unit has no separate z: its definition
is the weighted sum itself, as on the lecture's slides. ``substituted`` replaces unit symbols by
their definitions recursively, down to inputs, targets and parameters.
"""

from __future__ import annotations

from functools import cached_property

import sympy as sp

from .activations import Z
from .quantity import Quantity


class SymbolicModel:
    """SymPy symbols and definitions for one Network; expressions are made lazily and cached."""

    def __init__(self, network):
        self.network = network
        self.names = network.names
        self.depth = len(network.layers)
        self._net_inputs: dict[tuple[int, int], sp.Expr] = {}
        self._full: dict[sp.Symbol, sp.Expr] = {}

    # --------------------------------------------------------------- symbols
    def input(self, j: int) -> sp.Symbol:
        return self.names.input(j).symbol

    def symbol(self, q: Quantity) -> sp.Symbol:
        return self.names.symbol(q)

    def quantity(self, symbol: sp.Basic) -> Quantity | None:
        """What a symbol of this model stands for (None for symbols of no quantity)."""
        return self.names.quantity_of(symbol)

    def unit(self, m: int, i: int) -> sp.Symbol:
        """Activation of unit i in unit layer m (m = 0: the inputs)."""
        return self.names.unit(m, i).symbol

    def has_pre(self, m: int) -> bool:
        """Whether units of layer m ≥ 1 have a z separate from a (non-identity activation)."""
        return not self.network.layers[m - 1].activation.is_identity

    def pre(self, m: int, i: int) -> sp.Symbol:
        """z of unit i in unit layer m; for a linear layer this is the unit itself."""
        if not self.has_pre(m):
            return self.unit(m, i)
        return self.names.pre(m, i).symbol

    def weight(self, k: int, i: int, j: int) -> sp.Symbol:
        return self.names.weight(k, i, j).symbol

    def bias(self, k: int, i: int) -> sp.Symbol:
        return self.names.bias(k, i).symbol

    def parameter(self, parameter) -> sp.Symbol:
        return self.names.parameter_name(
            parameter.kind, parameter.layer, parameter.row, parameter.col
        ).symbol

    def target(self, i: int) -> sp.Symbol:
        return self.names.target(i).symbol

    def residual(self, i: int) -> sp.Symbol:
        return self.names.residual(i).symbol

    def delta(self, m: int, i: int) -> sp.Symbol:
        return self.names.delta(m, i).symbol

    @property
    def error(self) -> sp.Symbol:
        return self.names.error.symbol

    @property
    def rate(self) -> sp.Symbol:
        return self.names.rate.symbol

    @property
    def outputs(self) -> tuple[sp.Symbol, ...]:
        return tuple(self.unit(self.depth, i) for i in range(self.network.n_outputs))

    @property
    def targets(self) -> tuple[sp.Symbol, ...]:
        return tuple(self.target(i) for i in range(self.network.n_outputs))

    # --------------------------------------------------------------- definitions
    def net_input(self, m: int, i: int) -> sp.Expr:
        """Σ_j w_ij a_j (+ b_i) for unit i of layer m ≥ 1, in the previous layer's symbols."""
        key = (m, i)
        if key not in self._net_inputs:
            k = m - 1
            layer = self.network.layers[k]
            terms = [self.unit(k, j) * self.weight(k, i, j) for j in range(layer.fan_in)]
            if layer.has_bias:
                terms.append(self.bias(k, i))
            self._net_inputs[key] = sp.Add(*terms)
        return self._net_inputs[key]

    def activation_of(self, m: int, i: int) -> sp.Expr:
        """The definition of unit (m, i): f(z), or the weighted sum itself for a linear unit."""
        if not self.has_pre(m):
            return self.net_input(m, i)
        activation = self.network.layers[m - 1].activation
        if activation.is_layer_function:
            return activation.apply_layer([self.pre(m, j) for j in range(self.network.widths[m])])[
                i
            ]
        return activation.apply(self.pre(m, i))

    @cached_property
    def error_expr(self) -> sp.Expr:
        """E for the example, in the output symbols and targets."""
        return self.network.loss.expr(self.outputs, self.targets)

    def residual_definition(self, i: int) -> sp.Expr:
        """Δ_i = out_i − y_i."""
        return self.outputs[i] - self.targets[i]

    def derivative_factor(self, m: int, i: int) -> sp.Expr:
        """∂a/∂z of unit (m, i) in unit form: textbook a(1 − a), 1 − a², or f'(z)."""
        if not self.has_pre(m):
            return sp.Integer(1)
        activation = self.network.layers[m - 1].activation
        if activation.is_layer_function:
            raise ValueError(f"{activation.name} has no derivative of one unit's own z")
        textbook = activation.derivative_in_output
        if textbook is not None:
            from .activations import A

            return textbook.xreplace({A: self.unit(m, i)})
        return activation.derivative.xreplace({Z: self.pre(m, i)})

    def definition(self, q: Quantity | sp.Symbol) -> sp.Expr | None:
        """What ``q`` (a Quantity or its symbol) stands for one level down; None for the leaves
        (inputs, targets, η, parameters) and for symbols of no quantity. Total: it answers for
        every quantity, whatever was asked before."""
        if not isinstance(q, Quantity):
            q = self.quantity(q)
            if q is None:
                return None
        kind, m, i = q.kind, q.layer, q.row
        if kind == "unit" and m > 0:
            return self.activation_of(m, i)
        if kind == "pre":
            return self.net_input(m, i)
        if kind == "residual":
            return self.residual_definition(i)
        if kind == "error":
            return self.error_expr
        return None

    def _inner(self, symbol: sp.Basic) -> Quantity | None:
        """The quantity of a symbol that ``substituted`` expands (a unit above the inputs, z, Δ)."""
        q = self.quantity(symbol)
        if q is None or q.kind not in ("unit", "pre", "residual") or q.layer == 0:
            return None
        return q

    # --------------------------------------------------------------- substitution
    def full(self, symbol: sp.Symbol) -> sp.Expr:
        """A unit/z/Δ symbol written in inputs, targets and parameters only."""
        if symbol not in self._full:
            q = self._inner(symbol)
            if q is None:
                return symbol
            self._full[symbol] = self.substituted(self.definition(q))
        return self._full[symbol]

    def substituted(self, expr: sp.Expr) -> sp.Expr:
        """``expr`` with every unit, z and Δ symbol replaced by its full definition."""
        inner = [s for s in expr.free_symbols if self._inner(s) is not None]
        if not inner:
            return expr
        return expr.xreplace({s: self.full(s) for s in inner})

    def full_size(self, symbol: sp.Symbol) -> int:
        """Leaves in ``full(symbol)``'s tree, counted without building it."""
        q = self._inner(symbol)
        if q is None:
            return 1
        if q.kind == "residual":
            return self._unit_size(self.depth) + 1
        return self._unit_size(q.layer)

    def _unit_size(self, m: int) -> int:
        size = 1
        for k in range(m):
            layer = self.network.layers[k]
            size = layer.fan_in * (size + 1) + (1 if layer.has_bias else 0)
            if layer.activation.is_layer_function:  # e^{z_i} / Σ_j e^{z_j}
                size = (layer.units + 1) * (size + 1)
            elif not layer.activation.is_identity:
                size += sp.count_ops(layer.activation.expr) + 1
        return size

    def substituted_size(self, expr: sp.Expr) -> int:
        """Leaves ``substituted(expr)`` would have."""
        total = 0
        for node in sp.preorder_traversal(expr):
            if node.is_Atom:
                total += self.full_size(node) if isinstance(node, sp.Symbol) else 1
        return total
