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
from .errors import NNDeriveError, UnknownParameterError
from .network import Network, Sample
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
    arguments = [to_mpf(v) for v in values]
    for argument in arguments if not closed else ():
        if mpmath.isfinite(argument) and argument and mpmath.mag(argument) > MAX_MAGNITUDE_BITS:
            raise ValueTooLarge(argument)
    with mpmath.workdps(WORKING_DIGITS):
        return mpmath.mpf(function(*arguments))


#: a value entering a transcendental function (exp, σ, tanh, log, …) must stay below 2^this
#: (about 1e1233): beyond it exp alone would need more memory than a worked example may take
MAX_MAGNITUDE_BITS = 4096


class ValueTooLarge(NNDeriveError):
    """A value of the worked example grew beyond what it computes (diverging weights)."""

    def __init__(self, value, where: str = ""):
        self.value = value
        self.where = where
        shown = mpmath.nstr(value, 3)
        super().__init__(
            f"{where}a value reaches {shown}, beyond the worked example's range "
            f"(|value| < 2^{MAX_MAGNITUDE_BITS}); the training diverges — use smaller weights or "
            "a smaller learning_rate, or fewer --steps"
        )


@lru_cache(maxsize=32)
def _loss_forms(loss, n_outputs: int):
    """(variables, E, [∂E/∂out_k]) for a loss over n outputs, built and differentiated once."""
    outputs = tuple(sp.Symbol(f"out{k}", real=True) for k in range(n_outputs))
    targets = tuple(sp.Symbol(f"y{k}", real=True) for k in range(n_outputs))
    derivatives = [loss.derivative(outputs, targets, k) for k in range(n_outputs)]
    return (*outputs, *targets), loss.expr(outputs, targets), derivatives


class SamplePass:
    """One sample's forward and backward pass at one step's parameters.

    ``a[m]``/``z[m]`` are unit layer m's activations and weighted inputs (``z[m]`` is None for a
    linear layer, whose units are their weighted inputs), ``loss`` the sample's loss,
    ``output_gradient`` ∂E/∂out_k and ``deltas[m]`` δ^{(m)} = ∂E/∂z^{(m)}.
    """

    def __init__(self, network: Network, weights, biases, sample: Sample):
        self.sample = sample
        depth = len(network.layers)

        # forward: z = W a + b, a = f(z)
        self.z: list[list[Number] | None] = [None]
        self.a: list[list[Number]] = [list(sample.x)]
        for k, layer in enumerate(network.layers):
            z = [dot(row, self.a[k]) for row in weights[k]]
            if biases[k] is not None:
                z = [_add(zi, b) for zi, b in zip(z, biases[k])]
            activation = layer.activation
            if activation.is_identity:
                self.z.append(None)
                self.a.append(z)
            elif activation.is_layer_function:
                self.z.append(z)
                variables, outputs = _layer_forms(activation, len(z))
                self.a.append([evaluate(expr, variables, z) for expr in outputs])
            else:
                self.z.append(z)
                self.a.append([evaluate(activation.expr, (Z,), (v,)) for v in z])

        # the sample's loss and ∂E/∂out (c·Δ for the squared errors)
        args, loss, derivatives = _loss_forms(network.loss, network.n_outputs)
        values = (*self.a[depth], *sample.y)
        self.loss: Number = evaluate(loss, args, values)
        self.output_gradient: list[Number] = [evaluate(d, args, values) for d in derivatives]

        # backward: δ^{(L)} from the loss, δ^{(m)} = (W^{(m)ᵀ} δ^{(m+1)}) ∘ f'(z^{(m)})
        self.deltas: list[list[Number] | None] = [None] * (depth + 1)
        self.deltas[depth] = self._output_delta(network)
        for m in range(depth - 1, 0, -1):
            rows = weights[m]
            upstream = [
                dot([row[j] for row in rows], self.deltas[m + 1]) for j in range(len(rows[0]))
            ]
            activation = network.layers[m - 1].activation
            if activation.is_identity:
                self.deltas[m] = upstream
            else:
                slopes = [evaluate(activation.derivative, (Z,), (v,)) for v in self.z[m]]
                self.deltas[m] = [_mul(u, f) for u, f in zip(upstream, slopes)]

    def _output_delta(self, network: Network) -> list[Number]:
        """δ^{(L)}: a − y where the loss proves it (cross-entropies), else ∂E/∂a through f'."""
        depth, loss = len(network.layers), network.loss
        a, activation = self.a[depth], network.layers[-1].activation
        if loss.delta_is_residual:  # proved for this output activation when the spec was read
            return [_add(ak, _mul(Fraction(-1), yk)) for ak, yk in zip(a, self.sample.y)]
        upstream = self.output_gradient
        if activation.is_identity:
            return list(upstream)
        if activation.is_layer_function:  # δ_i = Σ_k ∂E/∂a_k · ∂a_k/∂z_i
            variables, jacobian = _jacobian_form(activation, len(a))
            entries = [evaluate(entry, variables, a) for entry in jacobian]
            n = len(a)
            return [dot([entries[k * n + i] for k in range(n)], upstream) for i in range(n)]
        slopes = [evaluate(activation.derivative, (Z,), (v,)) for v in self.z[depth]]
        return [_mul(u, f) for u, f in zip(upstream, slopes)]

    def gradient(self, kind: str, k: int, i: int, j: int | None = None) -> Number:
        """∂E/∂θ for this sample: δ_i^{(k+1)} a_j^{(k)} for a weight, δ_i^{(k+1)} for a bias."""
        delta = self.deltas[k + 1][i]
        return delta if kind == "bias" else _mul(delta, self.a[k][j])


@lru_cache(maxsize=32)
def _layer_forms(activation, n: int):
    """(z symbols, [a_i]) of a layer function over n units, built once."""
    variables = tuple(sp.Symbol(f"z{i}", real=True) for i in range(n))
    return variables, tuple(activation.apply_layer(variables))


@lru_cache(maxsize=32)
def _jacobian_form(activation, n: int):
    """(a symbols, row-major entries ∂a_k/∂z_i in the outputs) of a layer function, built once."""
    variables = tuple(sp.Symbol(f"a{i}", real=True) for i in range(n))
    return variables, tuple(activation.jacobian_in_output(variables))


def _mean(values: list[Number]) -> Number:
    total = values[0]
    for value in values[1:]:
        total = _add(total, value)
    return _mul(Fraction(1, len(values)), total) if len(values) > 1 else total


class Step:
    """One training step: a forward and backward pass per sample, the mean error and gradients,
    and the update θ ← θ − η·mean ∂E/∂θ.

    A full-batch step uses every sample of the spec; with ``update: per_sample`` step n uses
    sample (n − 1) mod N alone. Samples are numbered from 0 in the API.
    """

    def __init__(self, network: Network, number: int, weights, biases):
        self.network = network
        self.number = number
        self.weights = weights  # per layer: rows of values (before this step's update)
        self.biases = biases  # per layer: values or None
        count = len(network.samples)
        if network.update == "per_sample":
            self.samples: tuple[int, ...] = ((number - 1) % count,)
        else:
            self.samples = tuple(range(count))
        try:
            self.passes: dict[int, SamplePass] = {
                n: SamplePass(network, weights, biases, network.samples[n]) for n in self.samples
            }
        except ValueTooLarge as exc:
            raise ValueTooLarge(exc.value, f"{network.name}: step {number}: ") from None
        self.error: Number = _mean([p.loss for p in self.passes.values()])

    def _repr_html_(self) -> str:
        """Notebook display: predictions, error, and each parameter before → after."""
        from .display import step_html

        return step_html(self)

    def sample_pass(self, sample: int | None = None) -> SamplePass:
        """The pass of one sample of this step (``None``: the step's only sample)."""
        if sample is None:
            if len(self.samples) != 1:
                raise UnknownParameterError(
                    f"{self.network.name}: step {self.number} uses {len(self.samples)} samples; "
                    "say which one"
                )
            sample = self.samples[0]
        if sample not in self.passes:
            raise UnknownParameterError(
                f"{self.network.name}: step {self.number} does not use sample {sample + 1}"
            )
        return self.passes[sample]

    # the one-sample view, as before several samples existed
    @property
    def a(self) -> list[list[Number]]:
        return self.sample_pass().a

    @property
    def z(self) -> list[list[Number] | None]:
        return self.sample_pass().z

    @property
    def deltas(self) -> list[list[Number] | None]:
        return self.sample_pass().deltas

    @property
    def residuals(self) -> list[Number]:
        """∂E/∂out_k of the step's only sample (Δ_k for the half squared error)."""
        return self.sample_pass().output_gradient

    # ------------------------------------------------------------------ results
    @property
    def prediction(self) -> tuple[Number, ...]:
        """The outputs for the step's only sample (see ``predictions`` for several)."""
        return tuple(self.a[-1])

    @property
    def predictions(self) -> dict[int, tuple[Number, ...]]:
        """The outputs for every sample of the step."""
        return {n: tuple(p.a[-1]) for n, p in self.passes.items()}

    def gradient(
        self, kind: str, k: int, i: int, j: int | None = None, sample: int | None = None
    ) -> Number:
        """∂E/∂θ at this step: the mean over the step's samples, or one sample's."""
        if sample is not None:
            return self.sample_pass(sample).gradient(kind, k, i, j)
        return _mean([p.gradient(kind, k, i, j) for p in self.passes.values()])

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

    def value(self, q: Quantity | str, sample: int | None = None) -> Number:
        """Any quantity at this step: units, z, Δ, δ, E, η, parameters, updated ones, gradients.

        ``q`` is a Quantity or its ASCII name in the network's notation (``w5``, ``w5_new``,
        ``dw5`` for ∂E/∂w5). A parameter's value is the one before this step's update; its
        updated quantity the one after it. The error and the gradients are the means over the
        step's samples unless ``sample`` names one; the per-sample quantities (units, z, δ, Δ,
        targets, the loss) need ``sample`` when the step uses several samples.
        """
        net = self.network
        if isinstance(q, str):
            name, q = q, net.names.quantity(q)
            if q is None:
                raise UnknownParameterError(f"{net.name}: no quantity named {name!r}")
        kind, m, i = q.kind, q.layer, q.row
        if kind == "rate":
            return net.learning_rate
        if kind in ("weight", "bias"):
            return self.parameter_value(kind, m, i, q.col, after=q.updated)
        if kind == "error" and sample is None:
            return self.error
        if kind in ("weight_gradient", "bias_gradient"):
            return self.gradient(kind[: -len("_gradient")], m, i, q.col, sample=sample)
        one = self.sample_pass(sample)
        if kind in ("error", "loss") and i is None:
            return one.loss
        if kind == "loss":
            return evaluate(
                *_output_loss_form(net.loss, net.n_outputs, i), (*one.a[-1], *one.sample.y)
            )
        if kind == "unit":
            return one.a[m][i]
        if kind == "pre":
            return one.z[m][i] if one.z[m] is not None else one.a[m][i]
        if kind == "delta":
            return one.deltas[m][i]
        if kind == "target":
            return one.sample.y[i]
        return _add(one.a[-1][i], _mul(Fraction(-1), one.sample.y[i]))  # residual


@lru_cache(maxsize=32)
def _output_loss_form(loss, n_outputs: int, i: int):
    """(output i's term of the loss, the loss's variables), built once."""
    variables, _, _ = _loss_forms(loss, n_outputs)
    outputs, targets = variables[:n_outputs], variables[n_outputs:]
    return loss.output_term(outputs, targets, i), variables


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


#: exact fractions grow about threefold in size per step; once a parameter's numerator or
#: denominator passes this many bits the following steps are carried at WORKING_DIGITS significant
#: digits instead
MAX_EXACT_BITS = 1024


def _carried(weights, biases) -> tuple[list, list]:
    """The parameters for the next step: exact while the fractions stay small, else mpf."""
    flat = [v for layer in weights for row in layer for v in row]
    flat += [v for b in biases if b is not None for v in b]
    if not any(
        isinstance(v, Fraction)
        and max(v.denominator.bit_length(), abs(v.numerator).bit_length()) > MAX_EXACT_BITS
        for v in flat
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

    def _repr_html_(self) -> str:
        """Notebook display: the first three steps as a table."""
        from .display import worked_html

        return worked_html(self)
