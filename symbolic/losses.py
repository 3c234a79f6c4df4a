"""Loss functions: one small registered entry each (SymPy form of one sample's loss, claims).

The derivative ∂E/∂out_k always comes from SymPy. An entry may *claim* more, and SymPy proves
each claim before it is used:

* ``residual_factor``: ∂E/∂out_k = c·(out_k − y_k) for every k — the lecture's Δ = prediction −
  actual appears in the derivation as c·Δ (c = 1 for the half squared error);
* ``output_activation`` + ``delta_is_residual``: with that output activation (sigmoid for the
  binary cross-entropy, softmax for the cross-entropy) the output layer's δ = ∂E/∂z is a − y.

The error of a step is the mean of the per-sample losses (see ``symbolic.worked``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import sympy as sp

#: what the targets of a loss must be: any numbers, each in [0, 1], or a distribution (≥ 0, Σ = 1)
TARGETS = ("any", "unit_interval", "distribution")


@dataclass(frozen=True, eq=False)
class Loss:
    """The loss of one sample, E(out, y), and what is claimed (and proved) about it."""

    name: str
    term: Callable[[sp.Expr, sp.Expr, int], sp.Expr]  # output k's term, for n outputs
    description: str  # the formula in ASCII, for --help and errors
    residual_factor: Callable[[int], sp.Rational] | None = None  # c for n outputs
    output_activation: str | None = None  # the output activation this loss requires
    delta_is_residual: bool = False  # with output_activation: δ^{(L)} = a − y
    targets: str = "any"

    @property
    def residual(self) -> bool:
        """Whether ∂E/∂out_k is a multiple of Δ_k = out_k − y_k (the lecture's Δ form)."""
        return self.residual_factor is not None

    def expr(self, outputs: Sequence[sp.Expr], targets: Sequence[sp.Expr]) -> sp.Expr:
        """E for one sample: the sum of the outputs' terms."""
        n = len(outputs)
        return sp.Add(*[self.term(o, y, n) for o, y in zip(outputs, targets)])

    def output_term(
        self, outputs: Sequence[sp.Expr], targets: Sequence[sp.Expr], k: int
    ) -> sp.Expr:
        """Output k's term of E (E_{o1} in the net/out notation)."""
        return self.term(outputs[k], targets[k], len(outputs))

    def derivative(self, outputs: Sequence[sp.Expr], targets: Sequence[sp.Expr], k: int) -> sp.Expr:
        """∂E/∂out_k, from SymPy (and the residual claim, when made, proved on the way)."""
        result = sp.diff(self.expr(outputs, targets), outputs[k])
        if self.residual:
            factor = self.factor(len(outputs))
            if sp.expand(result - factor * (outputs[k] - targets[k])) != 0:
                raise AssertionError(
                    f"loss {self.name}: ∂E/∂out is not {factor}·(out − y) but {result}"
                )
        return result

    def factor(self, n_outputs: int) -> sp.Rational:
        """c in ∂E/∂out_k = c·Δ_k, proved for ``n_outputs`` outputs."""
        if self.residual_factor is None:
            raise ValueError(f"loss {self.name} has no residual form")
        return _proved_factor(self, n_outputs)


@cache
def _proved_factor(loss: Loss, n: int) -> sp.Rational:
    outputs, targets = _symbols(n)
    factor = sp.nsimplify(loss.residual_factor(n))
    expr = loss.expr(outputs, targets)
    for k in range(n):
        if sp.expand(sp.diff(expr, outputs[k]) - factor * (outputs[k] - targets[k])) != 0:
            raise AssertionError(f"loss {loss.name}: ∂E/∂out_{k + 1} is not {factor}·Δ")
    return factor


def _symbols(n: int) -> tuple[tuple[sp.Symbol, ...], tuple[sp.Symbol, ...]]:
    outputs = tuple(sp.Symbol(f"a{k + 1}", positive=True) for k in range(n))
    targets = tuple(sp.Symbol(f"y{k + 1}", real=True) for k in range(n))
    return outputs, targets


def _half_sse(o, y, n: int) -> sp.Expr:
    return sp.Rational(1, 2) * (o - y) ** 2


def _sse(o, y, n: int) -> sp.Expr:
    return (o - y) ** 2


def _mse(o, y, n: int) -> sp.Expr:
    return sp.Rational(1, n) * (o - y) ** 2


def _binary_cross_entropy(o, y, n: int) -> sp.Expr:
    return -(y * sp.log(o) + (1 - y) * sp.log(1 - o))


def _cross_entropy(o, y, n: int) -> sp.Expr:
    return -y * sp.log(o)


BUILTIN: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss(
            "half_sse",
            _half_sse,
            "E = 1/2 * sum_k (out_k - y_k)^2",
            residual_factor=lambda n: sp.Integer(1),
        ),
        Loss(
            "sse",
            _sse,
            "E = sum_k (out_k - y_k)^2",
            residual_factor=lambda n: sp.Integer(2),
        ),
        Loss(
            "mse",
            _mse,
            "E = 1/K * sum_k (out_k - y_k)^2 (K outputs)",
            residual_factor=lambda n: sp.Rational(2, n),
        ),
        Loss(
            "binary_cross_entropy",
            _binary_cross_entropy,
            "E = -sum_k [y_k log(out_k) + (1 - y_k) log(1 - out_k)] (sigmoid outputs)",
            output_activation="sigmoid",
            delta_is_residual=True,
            targets="unit_interval",
        ),
        Loss(
            "cross_entropy",
            _cross_entropy,
            "E = -sum_k y_k log(out_k) (softmax output layer, targets summing to 1)",
            output_activation="softmax",
            delta_is_residual=True,
            targets="distribution",
        ),
    )
}


@cache
def prove_delta_is_residual(loss: Loss, activation) -> None:
    """SymPy proves δ = ∂E/∂z = a − y for ``loss`` on an output layer of ``activation``, for any
    number of outputs; raises AssertionError when it does not hold.

    Elementwise (sigmoid + binary cross-entropy): ∂E/∂a · f'(z), with f' in the unit's output
    (σ' = a(1 − a), itself proved in ``activations``). Softmax + cross-entropy: the sum
    Σ_k ∂E/∂a_k · ∂a_k/∂z_i with ∂a_k/∂z_i = a_k(δ_ki − a_i) (proved in ``activations``) splits
    into the term k = i and the terms k ≠ i; each term k ≠ i is a_i·y_k, so with Σ_k y_k = 1 the
    sum is a_i − y_i.
    """
    a, y = sp.Symbol("a", positive=True), sp.Symbol("y", real=True)
    if not activation.is_layer_function:
        slope = activation.derivative_in_output
        if slope is None:
            raise AssertionError(f"{activation.name} has no derivative in its output")
        from .activations import A

        delta = sp.diff(loss.expr([a], [y]), a) * slope.xreplace({A: a})
        if sp.simplify(delta - (a - y)) != 0:
            raise AssertionError(f"{loss.name} + {activation.name}: δ is {delta}, not a − y")
        return
    ak, yk = sp.Symbol("a_k", positive=True), sp.Symbol("y_k", real=True)
    outputs, targets = [a, ak], [y, yk]
    jacobian = activation.jacobian_in_output(outputs)  # [[∂a/∂z_i, …], [∂a_k/∂z_i, …]]
    own = sp.diff(loss.expr(outputs, targets), a) * jacobian[0, 0]
    other = sp.diff(loss.expr(outputs, targets), ak) * jacobian[1, 0]
    if sp.simplify(other - a * yk) != 0:
        raise AssertionError(f"{loss.name} + softmax: a term k ≠ i is {other}, not a_i·y_k")
    rest = 1 - y  # Σ_{k≠i} y_k when the targets sum to 1
    if sp.simplify(own + a * rest - (a - y)) != 0:
        raise AssertionError(f"{loss.name} + softmax: δ_i is not a_i − y_i")


def delta_proof(
    loss: Loss, activation, n_outputs: int, symbols: dict | None = None
) -> list[sp.Expr]:
    """The steps of δ_1 = ∂E/∂z_1 = … = a_1 − y_1 on an output layer of ``n_outputs`` units, as
    SymPy expressions (each proved equal to the next here), for documents to print.

    Softmax + cross-entropy: Σ_k ∂E/∂a_k·∂a_k/∂z_1 → Σ_k (−y_k/a_k)·a_k(δ_k1 − a_1) →
    −y_1 + a_1·Σ_k y_k → a_1 − y_1 (the targets sum to 1). Sigmoid + binary cross-entropy:
    ∂E/∂a_1·∂a_1/∂z_1 → (∂E/∂a_1 from SymPy)·a_1(1 − a_1) → a_1 − y_1.

    ``symbols`` maps the generic symbols (a_k, y_k, z_1, E) to a network's own, for printing.
    """
    prove_delta_is_residual(loss, activation)
    outputs = [sp.Symbol(f"a_{k + 1}", positive=True) for k in range(n_outputs)]
    targets = [sp.Symbol(f"y_{k + 1}", real=True) for k in range(n_outputs)]
    z1, error = sp.Symbol("z_1", real=True), sp.Symbol("E", real=True)
    a1, y1 = outputs[0], targets[0]
    expr = loss.expr(outputs, targets)
    if activation.is_layer_function:
        jacobian = activation.jacobian_in_output(outputs)
        chain = sp.Add(
            *[
                sp.Mul(
                    sp.Derivative(error, a, evaluate=False),
                    sp.Derivative(a, z1, evaluate=False),
                    evaluate=False,
                )
                for a in outputs
            ],
            evaluate=False,
        )
        terms = sp.Add(
            *[_product(sp.diff(expr, a), jacobian[k, 0]) for k, a in enumerate(outputs)],
            evaluate=False,
        )
        collected = -y1 + a1 * sp.Add(*targets, evaluate=False)
        steps = [chain, terms, collected, a1 - y1]
        assumption = {targets[-1]: 1 - sp.Add(*targets[:-1])}  # the targets sum to 1
        checks = [(terms, collected), (collected.xreplace(assumption), a1 - y1)]
    else:
        slope = activation.derivative_in_output.xreplace({sp.Symbol("a", real=True): a1})
        chain = sp.Mul(
            sp.Derivative(error, a1, evaluate=False),
            sp.Derivative(a1, z1, evaluate=False),
            evaluate=False,
        )
        terms = _product(sp.diff(expr, a1), slope)
        steps = [chain, terms, a1 - y1]
        checks = [(terms, a1 - y1)]
    for left, right in checks:
        if sp.simplify(sp.expand(left - right)) != 0:
            raise AssertionError(f"{loss.name} + {activation.name}: {left} ≠ {right}")
    if symbols:
        with sp.evaluate(False):  # keep each step as written
            steps = [step.xreplace(symbols) for step in steps]
    return steps


def _product(first: sp.Expr, second: sp.Expr) -> sp.Expr:
    """first·second unevaluated, a leading minus sign of ``first`` pulled out front (so a sum
    prints "a − b·c", not "a + −b·c")."""
    if first.could_extract_minus_sign():
        return sp.Mul(sp.Integer(-1), -first, second, evaluate=False)
    return sp.Mul(first, second, evaluate=False)
