"""The worked example: training steps on the spec's sample, in exact arithmetic where possible.

Values stay exact (``Fraction``) as long as every operation maps rationals to rationals (linear
and ReLU units, the half squared error); sigmoid, tanh and other transcendental units switch to
``mpmath`` numbers carried at ``WORKING_DIGITS`` significant digits. Every formula evaluated here
is a SymPy expression from the activation and loss registries; the sums are the layer rules
z = W a + b, δ = (Wᵀ δ') ∘ f'(z), ∂E/∂W = δ aᵀ.
"""

from __future__ import annotations

import math
import operator
from fractions import Fraction
from functools import cached_property, lru_cache

import mpmath
import sympy as sp

from .activations import Z
from .errors import UnknownParameterError
from .network import Network
from .numbers import WORKING_DIGITS, Number, from_sympy, to_mpf
from .quantity import Quantity


def _all_exact(values) -> bool:
    return all(isinstance(v, Fraction) for v in values)


def dot(weights, values) -> Number:
    """Σ w·v, exactly (one common denominator, integer arithmetic) when every term is exact."""
    if _all_exact(weights) and _all_exact(values):
        dw = math.lcm(*(w.denominator for w in weights))
        dv = math.lcm(*(v.denominator for v in values))
        wn = [w.numerator * (dw // w.denominator) for w in weights]
        vn = [v.numerator * (dv // v.denominator) for v in values]
        return Fraction(sum(map(operator.mul, wn, vn)), dw * dv)
    with mpmath.workdps(WORKING_DIGITS):
        return mpmath.fsum(to_mpf(w) * to_mpf(v) for w, v in zip(weights, values))


def _rational_closed(expr: sp.Expr) -> bool:
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Pow) and not node.exp.is_Integer:
            return False
        if isinstance(node, sp.Function) and not isinstance(
            node, (sp.Abs, sp.Max, sp.Min, sp.Piecewise, sp.Heaviside, sp.sign)
        ):
            return False
        if node in (sp.E, sp.pi):
            return False
    return True


@lru_cache(maxsize=256)
def _compiled(expr: sp.Expr, variables: tuple[sp.Symbol, ...]):
    """(exactness, mpmath function) for one SymPy expression; made once per expression."""
    return _rational_closed(expr), sp.lambdify(variables, expr, modules="mpmath")


def evaluate(expr: sp.Expr, variables: tuple[sp.Symbol, ...], values) -> Number:
    """``expr`` at ``values``: exact when the values are exact and the expression keeps them so."""
    closed, function = _compiled(expr, variables)
    if closed and _all_exact(values):
        result = expr.xreplace(
            {s: sp.Rational(v.numerator, v.denominator) for s, v in zip(variables, values)}
        )
        if result.is_Rational:
            return Fraction(int(result.p), int(result.q))
        return from_sympy(result)
    with mpmath.workdps(WORKING_DIGITS):
        return mpmath.mpf(function(*(to_mpf(v) for v in values)))


@lru_cache(maxsize=32)
def _loss_forms(loss, n_outputs: int):
    """(variables, E, [∂E/∂out_k]) for a loss over n outputs, built and differentiated once."""
    outputs = tuple(sp.Symbol(f"out{k}", real=True) for k in range(n_outputs))
    targets = tuple(sp.Symbol(f"y{k}", real=True) for k in range(n_outputs))
    derivatives = [loss.derivative(outputs, targets, k) for k in range(n_outputs)]
    return (*outputs, *targets), loss.expr(outputs, targets), derivatives


class Step:
    """One training step: forward pass, error, backward pass, gradients, update."""

    def __init__(self, network: Network, number: int, weights, biases):
        self.network = network
        self.number = number
        self.weights = weights  # per layer: rows of values (before this step's update)
        self.biases = biases  # per layer: values or None
        depth = len(network.layers)

        # forward: z = W a + b, a = f(z)
        self.z: list[list[Number] | None] = [None]
        self.a: list[list[Number]] = [list(network.example_x)]
        for k, layer in enumerate(network.layers):
            z = [dot(row, self.a[k]) for row in weights[k]]
            if biases[k] is not None:
                z = [_add(zi, b) for zi, b in zip(z, biases[k])]
            if layer.activation.is_identity:
                self.z.append(None)
                self.a.append(z)
            else:
                self.z.append(z)
                self.a.append([evaluate(layer.activation.expr, (Z,), (v,)) for v in z])

        # error and ∂E/∂out (Δ for the half squared error)
        args, error, derivatives = _loss_forms(network.loss, network.n_outputs)
        values = (*self.a[depth], *network.example_y)
        self.error: Number = evaluate(error, args, values)
        self.residuals: list[Number] = [evaluate(d, args, values) for d in derivatives]

        # backward: δ^{(L)} = ∂E/∂out ∘ f'(z), δ^{(m)} = (W^{(m)ᵀ} δ^{(m+1)}) ∘ f'(z)
        self.deltas: list[list[Number] | None] = [None] * (depth + 1)
        upstream = self.residuals
        for m in range(depth, 0, -1):
            layer = network.layers[m - 1]
            if layer.activation.is_identity:
                delta = list(upstream)
            else:
                factors = [evaluate(layer.activation.derivative, (Z,), (v,)) for v in self.z[m]]
                delta = [_mul(u, f) for u, f in zip(upstream, factors)]
            self.deltas[m] = delta
            if m > 1:
                rows = weights[m - 1]
                upstream = [dot([row[j] for row in rows], delta) for j in range(len(rows[0]))]

    # ------------------------------------------------------------------ results
    @property
    def prediction(self) -> tuple[Number, ...]:
        return tuple(self.a[-1])

    def gradient(self, kind: str, k: int, i: int, j: int | None = None) -> Number:
        """∂E/∂θ at this step: δ_i^{(k+1)} a_j^{(k)} for a weight, δ_i^{(k+1)} for a bias."""
        delta = self.deltas[k + 1][i]
        return delta if kind == "bias" else _mul(delta, self.a[k][j])

    def _update(self, kind: str, k: int, i: int, j: int | None) -> Number:
        layer = self.network.layers[k]
        old = self.weights[k][i][j] if kind == "weight" else self.biases[k][i]
        if ("weights" if kind == "weight" else "bias") in layer.freeze:
            return old
        step = _mul(self.network.learning_rate, self.gradient(kind, k, i, j))
        return _add(old, _mul(Fraction(-1), step))

    @cached_property
    def updated(self) -> tuple[list, list]:
        """(weights, biases) after this step's update θ ← θ − η ∂E/∂θ (frozen ones unchanged)."""
        weights = [
            [[self._update("weight", k, i, j) for j in range(len(row))] for i, row in enumerate(w)]
            for k, w in enumerate(self.weights)
        ]
        biases = [
            None if b is None else [self._update("bias", k, i, None) for i in range(len(b))]
            for k, b in enumerate(self.biases)
        ]
        return weights, biases

    def parameter_value(self, kind: str, k: int, i: int, j: int | None, after: bool = False):
        weights, biases = self.updated if after else (self.weights, self.biases)
        return weights[k][i][j] if kind == "weight" else biases[k][i]

    def value(self, q: Quantity | str) -> Number:
        """Any quantity at this step: units, z, Δ, δ, E, η, parameters, updated ones, gradients.

        ``q`` is a Quantity or its ASCII name in the network's notation (``w5``, ``w5_new``,
        ``dw5`` for ∂E/∂w5). A parameter's value is the one before this step's update; its
        updated quantity the one after it.
        """
        net = self.network
        if isinstance(q, str):
            name, q = q, net.names.quantity(q)
            if q is None:
                raise UnknownParameterError(f"{net.name}: no quantity named {name!r}")
        kind, m, i = q.kind, q.layer, q.row
        if kind == "error":
            return self.error
        if kind == "rate":
            return net.learning_rate
        if kind in ("weight", "bias"):
            return self.parameter_value(kind, m, i, q.col, after=q.updated)
        if kind in ("weight_gradient", "bias_gradient"):
            return self.gradient(kind[: -len("_gradient")], m, i, q.col)
        if kind == "unit":
            return self.a[m][i]
        if kind == "pre":
            return self.z[m][i] if self.z[m] is not None else self.a[m][i]
        if kind == "delta":
            return self.deltas[m][i]
        if kind == "target":
            return net.example_y[i]
        if kind == "residual":
            return _add(self.a[-1][i], _mul(Fraction(-1), net.example_y[i]))
        raise UnknownParameterError(f"{net.name}: no value for {kind}")


def _add(a: Number, b: Number) -> Number:
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a + b
    with mpmath.workdps(WORKING_DIGITS):
        return to_mpf(a) + to_mpf(b)


def _mul(a: Number, b: Number) -> Number:
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a * b
    with mpmath.workdps(WORKING_DIGITS):
        return to_mpf(a) * to_mpf(b)


#: exact fractions grow about threefold in size per step; once a parameter's denominator passes
#: this many bits the following steps are carried at WORKING_DIGITS significant digits instead
MAX_EXACT_BITS = 1024


def _carried(weights, biases) -> tuple[list, list]:
    """The parameters for the next step: exact while the fractions stay small, else mpf."""
    flat = [v for layer in weights for row in layer for v in row]
    flat += [v for b in biases if b is not None for v in b]
    if not any(
        isinstance(v, Fraction) and v.denominator.bit_length() > MAX_EXACT_BITS for v in flat
    ):
        return weights, biases
    with mpmath.workdps(WORKING_DIGITS):
        return (
            [[[to_mpf(v) for v in row] for row in layer] for layer in weights],
            [None if b is None else [to_mpf(v) for v in b] for b in biases],
        )


class WorkedExample:
    """Training steps 1, 2, … on the spec's example, made on demand.

    Values are exact Fractions while every operation keeps them rational and their size stays
    below MAX_EXACT_BITS (the lecture's network: steps 1–4); from then on, and for
    transcendental units from the start, they are mpmath numbers of WORKING_DIGITS digits.
    """

    def __init__(self, network: Network):
        self.network = network
        self._steps: list[Step] = []

    def step(self, number: int) -> Step:
        """Step ``number`` (1-based): its forward pass uses the parameters after step number−1."""
        if number < 1:
            raise ValueError("steps are numbered from 1")
        while len(self._steps) < number:
            if self._steps:
                weights, biases = _carried(*self._steps[-1].updated)
            else:
                weights = [[list(row) for row in layer.weights] for layer in self.network.layers]
                biases = [
                    None if layer.bias is None else list(layer.bias)
                    for layer in self.network.layers
                ]
            self._steps.append(Step(self.network, len(self._steps) + 1, weights, biases))
        return self._steps[number - 1]

    def steps(self, count: int) -> list[Step]:
        return [self.step(n) for n in range(1, count + 1)]
