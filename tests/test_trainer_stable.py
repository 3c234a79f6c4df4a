"""Logits of ±1000: the generated kernels stay finite and exact where the mathematics is finite.

Weights and inputs are chosen so that the output layer's weighted inputs reach about ±1000, where
e^{z} overflows and a softmax or sigmoid output rounds to exactly 0 or 1 (so log(a) is −inf). The
oracle is independent of the generated code and of tests/naive.py: the forward pass and the loss
in 600-digit mpmath, and the gradients by central differences of that loss (h = 1e-20). Also:
the stable forms of codegen.trainer.stable, printed as exact strings.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp

import naive
from codegen.trainer.printer import numba_code
from codegen.trainer.stable import LogSumExp, Softplus, output_term_in_pre, softmax_entry
from symbolic.activations import BUILTIN, SOFTMAX
from symbolic.losses import BUILTIN as LOSSES
from trainer_support import load, trainer_for

#: digits of the reference: 1 − σ(1000) is about 1e-435, so 50 digits would round it to 0
DIGITS = 600
H = "1e-20"

#: hidden layer linear, so the huge logits flow back into W1's gradients as well
W1 = [[10, -10, 0], [0, 10, 10], [-10, 0, 10]]
W2 = [[50, 25, 0], [-50, 0, -25], [0, -25, 50]]
SAMPLES = {
    "cross_entropy": [([1, -1, 1], [0, 1, 0]), ([-1, 1, 2], [0.5, 0, 0.5])],
    "binary_cross_entropy": [([1, -1, 1], [0, 1, 0.5]), ([-1, 1, 2], [1, 0, 0])],
}
OUTPUT = {"cross_entropy": "softmax", "binary_cross_entropy": "sigmoid"}


def spec(loss: str) -> dict:
    return {
        "name": f"extreme-{loss}",
        "notation": "layered",
        "inputs": 3,
        "layers": [
            {"units": 3, "activation": "identity", "bias": [0, 0, 0], "weights": W1},
            {"units": 3, "activation": OUTPUT[loss], "bias": [0.5, -0.5, 0], "weights": W2},
        ],
        "loss": loss,
        "learning_rate": 0.1,
        "examples": [{"x": x, "y": y} for x, y in SAMPLES[loss]],
    }


def precise_loss(loss: str, params, samples) -> mpmath.mpf:
    """The mean loss in mpmath: z = W a + b, then softmax/sigmoid and the loss as written."""
    with mpmath.workdps(DIGITS):
        return _precise_loss(loss, params, samples)


def _precise_loss(loss: str, params, samples) -> mpmath.mpf:
    total = mpmath.mpf(0)
    for x, y in samples:
        a = [mpmath.mpf(v) for v in x]
        for W, b in params:
            a = [sum(W[i][j] * a[j] for j in range(len(a))) + b[i] for i in range(len(W))]
        if loss == "cross_entropy":
            scale = sum(mpmath.exp(z) for z in a)
            total -= sum(t * mpmath.log(mpmath.exp(z) / scale) for z, t in zip(a, y))
        else:
            out = [1 / (1 + mpmath.exp(-z)) for z in a]
            total -= sum(t * mpmath.log(o) + (1 - t) * mpmath.log(1 - o) for o, t in zip(out, y))
    return total / len(samples)


def precise_gradients(loss: str, params, samples) -> list[float]:
    """Central differences of precise_loss for every parameter, in the trainer's order."""
    with mpmath.workdps(DIGITS):
        return _precise_gradients(loss, params, samples, mpmath.mpf(H))


def _precise_gradients(loss: str, params, samples, h) -> list[float]:
    grads = []
    for W, b in params:
        cells = [(W, i, j) for i in range(len(W)) for j in range(len(W[0]))]
        cells += [(b, i, None) for i in range(len(b))]
        for array, i, j in cells:
            values = []
            for step in (h, -h):
                if j is None:
                    array[i] += step
                else:
                    array[i][j] += step
                values.append(_precise_loss(loss, params, samples))
                if j is None:
                    array[i] -= step
                else:
                    array[i][j] -= step
            grads.append(float((values[0] - values[1]) / (2 * h)))
    return grads


def _precise(value) -> mpmath.mpf:
    """An exact Fraction of the spec as an mpmath number."""
    with mpmath.workdps(DIGITS):
        return mpmath.mpf(value.numerator) / value.denominator


@pytest.fixture(scope="module", params=sorted(SAMPLES))
def extreme(request):
    loss = request.param
    network = load(spec(loss))
    X = np.array([x for x, _ in SAMPLES[loss]], dtype=float)
    Y = np.array([y for _, y in SAMPLES[loss]], dtype=float)
    params = [
        ([[_precise(v) for v in row] for row in layer.weights], [_precise(v) for v in layer.bias])
        for layer in network.layers
    ]
    return loss, network, X, Y, params


def test_the_logits_are_extreme_and_the_naive_loss_overflows(extreme):
    _, network, X, Y, _ = extreme
    with np.errstate(all="ignore"):
        zs, _ = naive.forward(network, naive.params_of(network), X[0])
        assert np.abs(zs[-1]).max() >= 900
        naive_losses = [naive.loss(network, naive.params_of(network), x, y) for x, y in zip(X, Y)]
    assert not np.all(np.isfinite(naive_losses))


@pytest.mark.parametrize("strategy", ["unrolled", "layered"])
def test_losses_and_gradients_are_finite_and_exact(extreme, strategy):
    loss, network, X, Y, params = extreme
    trainer = trainer_for(network, strategy)
    p = trainer.init_params()
    expected_loss = float(precise_loss(loss, params, list(zip(X.tolist(), Y.tolist()))))
    assert trainer.loss(p, X, Y) == pytest.approx(expected_loss, rel=1e-13)
    expected = np.array(precise_gradients(loss, params, list(zip(X.tolist(), Y.tolist()))))
    got = np.concatenate([g.ravel() for g in trainer.gradients(p, X, Y)])
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12 * np.abs(expected).max())
    for batch_size in (1, 2):
        q = trainer.init_params()
        history = trainer.train(q, X, Y, 0.1, 2, batch_size=batch_size)
        assert np.all(np.isfinite(history["train_loss_running"]))
        assert all(np.all(np.isfinite(a)) for a in q)


def test_float32_stays_finite(extreme):
    _, network, X, Y, _ = extreme
    for strategy in ("unrolled", "layered"):
        trainer = trainer_for(network, strategy, "float32")
        p = trainer.init_params()
        assert np.isfinite(trainer.loss(p, X, Y))
        assert all(np.all(np.isfinite(g)) for g in trainer.gradients(p, X, Y))


# ----------------------------------------------------------------------------- stable forms
z1, z2, z3 = sp.symbols("z1 z2 z3", real=True)
y1, y2, y3 = sp.symbols("y1 y2 y3", real=True)
NAMES = {s.name: s.name for s in (z1, z2, z3, y1, y2, y3)}


def test_the_cross_entropies_are_rewritten_in_z():
    bce = output_term_in_pre(LOSSES["binary_cross_entropy"], BUILTIN["sigmoid"], [z1], [y1], 0)
    assert bce == Softplus(z1) - y1 * z1
    ce = output_term_in_pre(LOSSES["cross_entropy"], SOFTMAX, [z1, z2], [y1, y2], 1)
    assert sp.expand(ce - y2 * (LogSumExp(z1, z2) - z2)) == 0
    assert output_term_in_pre(LOSSES["half_sse"], BUILTIN["sigmoid"], [z1], [y1], 0) is None


def test_stable_forms_print_shifted():
    assert numba_code(LogSumExp(z1, z2), NAMES) == (
        "(max(z1, z2) + np.log(_exp(z1 - max(z1, z2)) + _exp(z2 - max(z1, z2))))"
    )
    assert numba_code(Softplus(-z1), NAMES) == "(max(-z1, 0) + np.log1p(_exp(-abs(-z1))))"
    assert numba_code(Softplus(z1), NAMES, "float32") == (
        "(max(z1, np.float32(0)) + np.log1p(np.float32(_exp(-abs(z1)))))"
    )
    assert softmax_entry([z1, z2, z3], 2) == sp.exp(z3 - LogSumExp(z1, z2, z3))
