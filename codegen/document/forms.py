"""The formulas of a small network's document, as SymPy objects built from the Derivation.

Every matrix comes from ``Derivation.layer_rule(k)`` (or the model's symbols) and every number
from a training step; this module only arranges them as the lecture does — row vectors times Wᵀ
for the slides' notation, W·a with the bias as an extra column for the layered notation — and
checks with SymPy that each arrangement still equals what the Derivation derived.
"""

from __future__ import annotations

import sympy as sp

from symbolic.derivation import Derivation
from symbolic.layers import Applied, SampleMean

from .values import column, consistent, row, shown, shown_given, shown_matrix

Matrix = sp.ImmutableMatrix


class ArrangementError(AssertionError):
    """A displayed arrangement disagrees with the Derivation (a bug in this module)."""


def _check(displayed, derived, what: str) -> None:
    difference = displayed - derived
    entries = list(difference) if isinstance(difference, sp.MatrixBase) else [difference]
    if any(not _zero(entry) for entry in entries):
        raise ArrangementError(f"{what}: shown {displayed} but derived {derived}")


def _zero(expr) -> bool:
    """Whether a difference is 0: expanded, or over a common denominator (the cross-entropies'
    ∂E/∂a·f' reduce to a − y only there)."""
    return sp.expand(expr) == 0 or sp.cancel(sp.together(expr)) == 0


class SmallNetworkForms:
    """Formulas with explicit matrices (one entry per parameter) for a network of a few units."""

    def __init__(self, derivation: Derivation):
        self.derivation = derivation
        self.network = derivation.network
        self.model = derivation.model
        self.names = derivation.names
        #: slides notation writes row vectors times Wᵀ; layered writes W times column vectors
        self.rows = self.network.notation == "slides"
        #: samples a step averages over (full batch), or 1 (one sample, or one at a time)
        self.count = len(self.network.samples) if self.network.update == "full_batch" else 1

    # ----------------------------------------------------------------- helpers
    def activation(self, k: int):
        return self.network.layers[k].activation

    def apply(self, k: int, argument):
        """f(argument) for layer k's activation (nothing for a linear layer)."""
        return argument if self.activation(k).is_identity else Applied(k + 1, argument)

    def symbol_value(self, step, symbol: sp.Symbol, digits: int) -> sp.Expr:
        return shown(step.value(symbol.name), digits)

    def at(self, step, expr, digits: int):
        """``expr`` with every symbol replaced by its shown value, nothing evaluated (a matrix
        keeps its entries' trailing zeros alike)."""
        values = {s: self.symbol_value(step, s, digits) for s in expr.free_symbols}
        with sp.evaluate(False):
            substituted = expr.xreplace(values)
        if isinstance(substituted, sp.MatrixBase):
            return consistent(substituted, digits)
        return substituted

    # ----------------------------------------------------------------- forward
    def unit_definition(self, m: int, i: int) -> sp.Expr:
        """Σ_j w_ij a_j (+ b_i) for unit (m, i), terms in source order and the bias last."""
        k = m - 1
        layer = self.network.layers[k]
        terms = []
        for j in range(layer.fan_in):
            unit, weight = self.model.unit(k, j), self.model.weight(k, i, j)
            factors = (unit, weight) if self.rows else (weight, unit)
            terms.append(sp.Mul(*factors, evaluate=False))
        if layer.has_bias:
            terms.append(self.model.bias(k, i))
        shown_sum = sp.Add(*terms, evaluate=False)
        _check(shown_sum, self.model.net_input(m, i), f"net input of unit ({m}, {i})")
        return shown_sum

    def unit_equations(self) -> list[list[sp.Eq]]:
        """Per unit: [z = Σ w a + b, a = f(z)] (non-linear) or [a = Σ w a] (linear)."""
        out = []
        for m in range(1, len(self.network.widths)):
            for i in range(self.network.widths[m]):
                definition = self.unit_definition(m, i)
                if self.model.has_pre(m):
                    pre = self.model.pre(m, i)
                    activated = self.apply(m - 1, pre)
                    out.append(
                        [sp.Eq(pre, definition, evaluate=False), (self.model.unit(m, i), activated)]
                    )
                else:
                    out.append([sp.Eq(self.model.unit(m, i), definition, evaluate=False)])
        return out

    def augmented(self, k: int):
        """(weights, inputs) of layer k arranged for the forward product, bias included."""
        rule = self.derivation.layer_rule(k)
        if self.rows:
            weights, inputs = rule.weights.T, rule.inputs.T
            if rule.bias is not None:
                weights, inputs = weights.col_join(rule.bias.T), inputs.row_join(Matrix([[1]]))
        else:
            weights, inputs = rule.weights, rule.inputs
            if rule.bias is not None:
                weights, inputs = weights.row_join(rule.bias), inputs.col_join(Matrix([[1]]))
        return Matrix(weights), Matrix(inputs)

    def forward_product(self, k: int, weights, inputs):
        if self.rows:
            return sp.MatMul(inputs, weights, evaluate=False)
        return sp.MatMul(weights, inputs, evaluate=False)

    def forward(self, k: int) -> tuple[Matrix, sp.Basic]:
        """[h1 h2] = [i1 i2]·[[w1 w3],[w2 w4]] or a^{(2)} = σ([W | b]·[x; 1])."""
        rule = self.derivation.layer_rule(k)
        weights, inputs = self.augmented(k)
        product = self.forward_product(k, weights, inputs)
        pre = product.doit()
        for i in range(rule.outputs.rows):
            _check(pre[i], self.model.net_input(k + 1, i), f"forward product of layer {k + 1}")
        lhs = rule.outputs.T if self.rows else rule.outputs
        return Matrix(lhs), self.apply(k, product)

    def forward_numbers(self, step, k: int, digits: int) -> list:
        """The forward product with the step's numbers, then f(z), then the activations."""
        weights, inputs = self.augmented(k)
        product = self.forward_product(
            k, self.at(step, weights, digits), self.at(step, inputs, digits)
        )
        shape = row if self.rows else column
        rhs = [self.apply(k, product)]
        if step.z[k + 1] is not None:
            rhs.append(self.apply(k, shape(step.z[k + 1], digits)))
        rhs.append(shape(step.a[k + 1], digits))
        return rhs

    # ----------------------------------------------------------------- updates
    def residual_factor(self, k: int):
        """(leading, r) when every δ of layer k+1 is Δ times c·r_i (one output, linear path):
        leading is (Δ,), or (c, Δ) for a loss whose ∂E/∂out is c·Δ (sse: 2Δ); else None."""
        if self.network.n_outputs != 1 or not self.network.loss.residual:
            return None
        if not all(g.uses_residual_form for g in self.derivation.gradients()):
            return None
        delta = self.model.residual(0)
        ratios = []
        for i in range(self.network.widths[k + 1]):
            expanded = self.derivation.expanded_delta(k + 1, i)
            ratio = sp.cancel(expanded / delta)
            if ratio.has(delta) or not expanded.has(delta):
                return None
            ratios.append(ratio)
        factor = self.network.loss.factor(1)
        if factor == 1:
            return (delta,), Matrix([ratios])
        return (factor, delta), Matrix([[sp.cancel(r / factor) for r in ratios]])

    def weight_update(self, k: int) -> tuple[Matrix, list]:
        """W' = W − η·(∂E/∂W) arranged as on the slides; rows of the right-hand side."""
        rule = self.derivation.layer_rule(k)
        factored = self.residual_factor(k) if self.rows else None
        if self.rows:
            current = Matrix(rule.weights.T)
            if factored is not None:
                leading, ratios = factored
                tail = [Matrix(rule.inputs)] + ([] if ratios == Matrix([[1]]) else [ratios])
                step = self._descent(*leading, *tail)
                gradient = sp.Mul(*leading) * Matrix(rule.inputs) * ratios
                rhs = [sp.MatAdd(current, step, evaluate=False)]
                if len(tail) > 1:
                    expanded = Matrix(rule.inputs * ratios)
                    rhs.append(
                        sp.MatAdd(
                            current,
                            self._descent(*leading, expanded),
                            evaluate=False,
                        )
                    )
            else:
                step = self._descent(Matrix(rule.inputs), Matrix(rule.delta.T))
                gradient = Matrix(rule.inputs * rule.delta.T)
                rhs = [sp.MatAdd(current, step, evaluate=False)]
            self._check_gradient(k, gradient.T)
        else:
            current = Matrix(rule.weights)
            step = self._descent(Matrix(rule.delta), Matrix(rule.inputs.T))
            self._check_gradient(k, Matrix(rule.delta * rule.inputs.T))
            rhs = [sp.MatAdd(current, step, evaluate=False)]
        return self._new(current), rhs

    def bias_update(self, k: int) -> tuple[Matrix, list] | None:
        rule = self.derivation.layer_rule(k)
        if rule.bias is None:
            return None
        current = Matrix(rule.bias.T if self.rows else rule.bias)
        delta = Matrix(rule.delta.T if self.rows else rule.delta)
        return self._new(current), [sp.MatAdd(current, self._descent(delta), evaluate=False)]

    def _descent(self, *factors):
        """−η·(the gradient's factors), or −η·(1/N) Σ_n (…)^{[n]} over the samples of a step;
        a leading constant goes before η (−2ηΔ…)."""
        if self.count == 1:
            if factors[0].is_number:
                return sp.MatMul(-1, factors[0], self.model.rate, *factors[1:], evaluate=False)
            return sp.MatMul(-1, self.model.rate, *factors, evaluate=False)
        product = factors[0] if len(factors) == 1 else sp.MatMul(*factors, evaluate=False)
        return sp.MatMul(-1, self.model.rate, SampleMean(product, self.count), evaluate=False)

    def _new(self, matrix: Matrix) -> Matrix:
        names = self.names

        def updated(symbol):
            return names.name(names.quantity(symbol.name).after_update()).symbol

        return matrix.applyfunc(updated)

    def _check_gradient(self, k: int, gradient: Matrix) -> None:
        """Each entry of a shown ∂E/∂W (rows: units) equals the per-weight chain-rule result."""
        deltas = {
            self.model.delta(m, i): self.derivation.expanded_delta(m, i)
            for m in range(1, len(self.network.widths))
            for i in range(self.network.widths[m])
        }
        for i in range(gradient.rows):
            for j in range(gradient.cols):
                name = self.names.weight(k, i, j).ascii
                parameter = self.network.parameter(name)
                if not parameter.trainable:
                    continue
                derived = self.derivation.gradient(name).in_units
                _check(gradient[i, j].xreplace(deltas), derived, f"matrix-form gradient of {name}")

    def arranged(self, k: int, matrix):
        """A matrix shaped like layer k's weights as the update shows them (Wᵀ for the slides'
        row vectors, W for the layered notation)."""
        return Matrix(matrix.T) if self.rows else Matrix(matrix)

    def weight_gradient_factors(self, step, k: int, digits: int) -> list:
        """The factors of ∂E/∂W (arranged as the update shows W) with the step's numbers:
        Δ·[i]·[w…] where the slides factor Δ out, [a]·[δ]ᵀ or [δ]·[a]ᵀ otherwise."""
        rule = self.derivation.layer_rule(k)
        if not self.rows:
            return [
                self.at(step, Matrix(rule.delta), digits),
                self.at(step, Matrix(rule.inputs.T), digits),
            ]
        factored = self.residual_factor(k)
        if factored is None:
            return [
                self.at(step, Matrix(rule.inputs), digits),
                self.at(step, Matrix(rule.delta.T), digits),
            ]
        leading, ratios = factored
        factors = [
            *(self.at(step, factor, digits) for factor in leading),
            self.at(step, Matrix(rule.inputs), digits),
        ]
        if ratios != Matrix([[1]]):
            factors.append(self.at(step, ratios, digits))
        return factors

    def bias_gradient_factor(self, step, k: int, digits: int):
        """∂E/∂b = δ with the step's numbers (a row for the slides' notation)."""
        delta = self.derivation.layer_rule(k).delta
        return self.at(step, Matrix(delta.T) if self.rows else Matrix(delta), digits)

    def weight_update_numbers(self, step, k: int, digits: int, gradient=None) -> list:
        """The update with the step's numbers (values before the update), then the result;
        ``gradient`` (the mean over samples, arranged) replaces the product δ·aᵀ when given."""
        rule = self.derivation.layer_rule(k)
        eta = shown_given(self.network.learning_rate, digits)
        factors = (
            [gradient] if gradient is not None else self.weight_gradient_factors(step, k, digits)
        )
        current = self.at(step, self.arranged(k, rule.weights), digits)
        change = sp.MatMul(-1, eta, *factors, evaluate=False)
        after = step.updated[0][k]  # rows of values (Fractions stay exact: no SymPy matrix)
        result = shown_matrix([list(c) for c in zip(*after)] if self.rows else after, digits)
        return [sp.MatAdd(current, change, evaluate=False), result]

    def bias_update_numbers(self, step, k: int, digits: int, gradient=None) -> list | None:
        rule = self.derivation.layer_rule(k)
        if rule.bias is None:
            return None
        shape = (lambda m: Matrix(m.T)) if self.rows else Matrix
        current = self.at(step, shape(rule.bias), digits)
        factor = gradient if gradient is not None else self.bias_gradient_factor(step, k, digits)
        eta = shown_given(self.network.learning_rate, digits)
        change = sp.MatMul(-1, eta, factor, evaluate=False)
        after = step.updated[1][k]
        result = row(after, digits) if self.rows else column(after, digits)
        return [sp.MatAdd(current, change, evaluate=False), result]
