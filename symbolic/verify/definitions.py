"""What each named quantity stands for, and ∂X/∂Y between any two quantities of the network.

One level down: a unit is f(z) or its weighted sum, z is Σ w·a + b, Δ is out − actual, E is the
loss, δ is the spec's δ rule, ∂E/∂θ is the Derivation's result in unit form, θ' is θ − η·∂E/∂θ.
``leaves`` applies these until only inputs, targets, parameters and η remain (refusing when the
result would be too large). ``partial`` applies the chain rule through those definitions, so
∂out/∂h1 = w5, ∂E/∂h1 = Δ·w5 and ∂E/∂w1 = Δ·w5·i1 come out in the units' own names.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from .errors import ClaimSyntaxError, ClaimTooLarge
from .limits import MAX_LEAVES
from .nodes import Quantity

LEAF_ROLES = frozenset({"input", "target", "rate", "weight", "bias"})
#: what ∂/∂(…) may be taken with respect to
DIFFERENTIABLE_BY = frozenset({"input", "target", "weight", "bias", "unit", "pre"})


def _rational(value: Fraction) -> sp.Rational:
    return sp.Rational(value.numerator, value.denominator)


class Definitions:
    """Definitions of one network's quantities, their leaves and partial derivatives (cached)."""

    def __init__(self, derivation):
        self.derivation = derivation
        self.network = derivation.network
        self.model = derivation.model
        self.names = self.network.names
        model, widths = self.model, self.network.widths
        for m in range(1, len(widths)):  # registers every unit's role with the model
            for i in range(widths[m]):
                model.unit(m, i)
                model.pre(m, i)
        for i in range(widths[-1]):
            model.residual(i)
        self._roles: dict[str, tuple] = {}
        self._gradients: dict[sp.Symbol, tuple] = {}
        self._one_level: dict[sp.Symbol, sp.Expr | None] = {}
        self._full: dict[sp.Symbol, sp.Expr] = {}
        self._count: dict[sp.Symbol, int] = {}
        self._depends: dict[tuple, bool] = {}
        self._partials: dict[tuple, sp.Expr] = {}
        net = self.network
        self.data = {model.input(j): _rational(v) for j, v in enumerate(net.example_x)}
        self.data.update({model.target(i): _rational(v) for i, v in enumerate(net.example_y)})
        self.data[model.rate] = _rational(net.learning_rate)

    # ------------------------------------------------------------------ symbols and roles
    @staticmethod
    def symbol(quantity: Quantity) -> sp.Symbol:
        return sp.Symbol(quantity.ascii, real=True)

    def gradient_symbol(self, parameter_role: tuple) -> sp.Symbol:
        """∂E/∂θ as one symbol (its definition is the Derivation's result)."""
        name = self.names.parameter_name(*parameter_role).ascii
        symbol = sp.Symbol(f"∂E/∂{name}", real=True)
        self._gradients[symbol] = ("gradient", *parameter_role)
        return symbol

    def role(self, symbol) -> tuple | None:
        """The role of a symbol (None for anything that is not one of the network's symbols)."""
        if not isinstance(symbol, sp.Symbol):
            return None
        if symbol in self._gradients:
            return self._gradients[symbol]
        name = symbol.name
        if name not in self._roles:
            self._roles[name] = self.names.locate(name)
        return self._roles[name]

    def value_name(self, symbol: sp.Symbol) -> str:
        """The name ``Step.value`` knows this symbol by."""
        role = self.role(symbol)
        if role and role[0] == "gradient":
            return "d" + self.names.parameter_name(*role[1:]).ascii
        return symbol.name

    def is_leaf(self, symbol: sp.Symbol) -> bool:
        role = self.role(symbol)
        return role is None or role[0] in LEAF_ROLES

    # ------------------------------------------------------------------ one level down
    def one_level(self, symbol: sp.Symbol) -> sp.Expr | None:
        if symbol not in self._one_level:
            self._one_level[symbol] = self._define(symbol)
        return self._one_level[symbol]

    def _define(self, symbol: sp.Symbol) -> sp.Expr | None:
        role = self.role(symbol)
        if role is None or role[0] in LEAF_ROLES:
            return None
        kind, model = role[0], self.model
        if kind in ("unit", "pre", "residual"):
            return model.definition(symbol)
        if kind == "error":
            return model.error_expr
        if kind == "delta":
            return self.derivation.delta_rule(role[1], role[2])
        if kind == "gradient":
            return self.gradient_in_units(role[1:])
        if kind == "updated":
            parameter = self.names.parameter_name(*role[1:]).symbol
            if not self.trainable(role[1:]):
                return parameter
            return parameter - model.rate * self.gradient_symbol(role[1:])
        return None

    def trainable(self, parameter_role: tuple) -> bool:
        kind, k = parameter_role[0], parameter_role[1]
        return ("weights" if kind == "weight" else "bias") not in self.network.layers[k].freeze

    def gradient_in_units(self, parameter_role: tuple) -> sp.Expr:
        name = self.names.parameter_name(*parameter_role).ascii
        if self.trainable(parameter_role):
            return self.derivation.gradient(name).in_units
        return self.partial(self.model.error, self.names.parameter_name(*parameter_role).symbol)

    def unit_form(self, expr):
        """``expr`` with ∂E/∂θ and θ' written out (Δ·w5·i1, w5 − η·Δ·h1); units kept."""
        if isinstance(expr, sp.MatrixBase):
            return expr.applyfunc(self.unit_form)
        replace = {}
        for symbol in expr.free_symbols:
            role = self.role(symbol)
            if role and role[0] == "gradient":
                replace[symbol] = self.one_level(symbol)
            elif role and role[0] == "updated":
                replace[symbol] = self.unit_form(self.one_level(symbol))
        return expr.xreplace(replace) if replace else expr

    def in_units(self, expr):
        """``expr`` with ∂E/∂θ, θ′, δ, Δ and E written out; units, z, parameters kept."""
        expr = self.unit_form(expr)
        if isinstance(expr, sp.MatrixBase):
            return expr.applyfunc(self.in_units)
        replace = {}
        for symbol in expr.free_symbols:
            role = self.role(symbol)
            if role and role[0] == "delta":
                replace[symbol] = self.in_units(self.derivation.expanded_delta(role[1], role[2]))
            elif role and role[0] in ("residual", "error"):
                replace[symbol] = self.in_units(self.one_level(symbol))
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
            self._full[symbol] = self._leaves(self.one_level(symbol))
        return self._full[symbol]

    # ------------------------------------------------------------------ partial derivatives
    def check_differentiable_by(self, quantity: Quantity, pos: int) -> None:
        if quantity.kind not in DIFFERENTIABLE_BY:
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
        role, model = self.role(symbol), self.model
        if role[0] == "error" and self.network.loss.residual:
            return sp.Add(
                *[
                    model.residual(k) * self._d(out, by)
                    for k, out in enumerate(model.outputs)
                    if self.depends(out, by)
                ]
            )
        if role[0] == "unit" and model.has_pre(role[1]):
            pre = model.pre(role[1], role[2])
            return model.derivative_factor(role[1], role[2]) * self._d(pre, by)
        return self.partial(self.one_level(symbol), by)

    def _d(self, symbol: sp.Symbol, by: sp.Symbol) -> sp.Expr:
        return sp.Integer(1) if symbol == by else self._partial_symbol(symbol, by)


def display_form(definitions, expr):
    """``expr`` for showing: ∂E/∂θ as the lecture orders it (Δ·w5·i1), θ' as θ − η·(…)."""
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(lambda e: display_form(definitions, e))
    replace = {}
    for symbol in expr.free_symbols:
        role = definitions.role(symbol)
        if not role or role[0] not in ("gradient", "updated"):
            continue
        parameter = role[1:]
        name = definitions.names.parameter_name(*parameter)
        if definitions.trainable(parameter):
            gradient = definitions.derivation.gradient(name.ascii).in_units_ordered
        else:
            gradient = definitions.gradient_in_units(parameter)
        if role[0] == "gradient":
            replace[symbol] = gradient
        elif not definitions.trainable(parameter):
            replace[symbol] = name.symbol
        else:
            step = sp.Mul(definitions.model.rate, gradient, evaluate=False)
            replace[symbol] = sp.Add(name.symbol, sp.Mul(-1, step, evaluate=False), evaluate=False)
    if not replace:
        return expr
    if expr in replace:
        return replace[expr]
    return expr.xreplace(replace)
