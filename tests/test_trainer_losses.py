"""Every loss in both strategies: one full-batch step of the generated trainer against the
independent NumPy reference (tests/naive.py: hand-written backprop, softmax and losses).

A 3-3-3 network with biases and the spec's two samples (softmax output for the cross-entropy and
for one squared error, so the softmax Jacobian path is exercised too). Each module runs jitted
and as plain Python: a second import of the same source whose kernels are replaced by their
``.py_func``, so no compiled code runs at all.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import naive
from codegen.trainer.cache import import_module_from
from trainer_support import load, trainer_for

#: (loss, output activation) — every loss, and the squared errors on each kind of output layer
CASES = [
    ("half_sse", "sigmoid"),
    ("sse", "identity"),
    ("mse", "softmax"),
    ("binary_cross_entropy", "sigmoid"),
    ("cross_entropy", "softmax"),
]
LR = 0.5


def spec(loss: str, output: str) -> dict:
    targets = {
        "cross_entropy": ([1, 0, 0], [0.25, 0.25, 0.5]),
        "binary_cross_entropy": ([1, 0, 0.3], [0, 1, 1]),
    }.get(loss, ([0.9, -0.2, 0.4], [0.1, 0.5, 0.7]))
    return {
        "name": f"three-{loss}",
        "notation": "layered",
        "inputs": 3,
        "layers": [
            {"units": 3, "activation": "tanh", "bias": True},
            {"units": 3, "activation": output, "bias": True},
        ],
        "loss": loss,
        "learning_rate": LR,
        "examples": [
            {"x": [0.5, -1.2, 2.0], "y": targets[0]},
            {"x": [-0.3, 0.8, 1.5], "y": targets[1]},
        ],
        "seed": 12,
    }


def plain_python(trainer):
    """The same module imported again with every Numba kernel replaced by its .py_func."""
    copy = import_module_from(trainer.__file__, trainer.__name__ + "_plain")
    for name, value in list(vars(copy).items()):
        if hasattr(value, "py_func"):
            setattr(copy, name, value.py_func)
    return copy


@pytest.fixture(scope="module", params=CASES, ids=[f"{loss}-{out}" for loss, out in CASES])
def case(request):
    network = load(spec(*request.param))
    samples = naive.samples_of(network)
    X = np.array([x for x, _ in samples])
    Y = np.array([y for _, y in samples])
    return network, samples, X, Y


@pytest.fixture(
    scope="module",
    params=[(s, m) for s in ("unrolled", "layered") for m in ("jit", "py_func")],
    ids=lambda p: "-".join(p),
)
def trainer(request, case):
    strategy, mode = request.param
    generated = trainer_for(case[0], strategy)
    assert strategy == generated.STRATEGY
    return generated if mode == "jit" else plain_python(generated)


def _flat(arrays) -> np.ndarray:
    return np.concatenate([np.ravel(a) for a in arrays])


def _reference(network, params, samples):
    """(mean loss, mean gradients flat) of the NumPy reference at ``params`` [(W, b)]."""
    grads = naive.mean_gradients(network, params, samples)
    return naive.mean_loss(network, params, samples), _flat([g for pair in grads for g in pair])


def test_loss_and_gradients_are_the_means_over_samples(case, trainer):
    network, samples, X, Y = case
    params = trainer.init_params()
    loss, grads = _reference(network, naive.params_of(network), samples)
    assert trainer.loss(params, X, Y) == pytest.approx(loss, rel=1e-13)
    assert trainer.evaluate(params, X, Y)["loss"] == pytest.approx(loss, rel=1e-13)
    got = _flat(trainer.gradients(params, X, Y))
    np.testing.assert_allclose(got, grads, rtol=0, atol=1e-13 * np.abs(grads).max())


def test_one_full_batch_step_equals_the_reference_step(case, trainer):
    network, samples, X, Y = case
    before, grads = _reference(network, naive.params_of(network), samples)
    expected = _flat([a for pair in naive.params_of(network) for a in pair]) - LR * grads
    params = trainer.init_params()
    assert trainer.sgd_step(params, X, Y, LR) == pytest.approx(before, rel=1e-13)
    np.testing.assert_allclose(_flat(params), expected, rtol=1e-13, atol=1e-15)
    again = trainer.init_params()
    history = trainer.train(again, X, Y, LR, 1, batch_size=2)
    assert history["train_loss_running"][0] == pytest.approx(before, rel=1e-13)
    np.testing.assert_allclose(_flat(again), expected, rtol=1e-13, atol=1e-15)


def test_per_sample_steps_equal_the_reference_steps(case, trainer):
    """batch_size=1: one step per sample in turn (the vector kernel of the layered strategy)."""
    network, samples, X, Y = case
    params = naive.params_of(network)
    losses = []
    for x, y in samples:
        losses.append(naive.loss(network, params, x, y))
        grads = naive.gradients(network, params, x, y)
        params = [(W - LR * gW, b - LR * gb) for (W, b), (gW, gb) in zip(params, grads)]
    got = trainer.init_params()
    history = trainer.train(got, X, Y, LR, 1, batch_size=1)
    assert history["train_loss_running"][0] == pytest.approx(np.mean(losses), rel=1e-13)
    np.testing.assert_allclose(_flat(got), _flat([a for pair in params for a in pair]), rtol=1e-13)


OUTPUTS = {  # loss → output activations it is generated with here
    "half_sse": ["identity", "tanh", "softmax"],
    "sse": ["sigmoid", "relu"],
    "mse": ["identity", "softmax"],
    "binary_cross_entropy": ["sigmoid"],
    "cross_entropy": ["softmax"],
}


@st.composite
def random_networks(draw):
    """A random small network with any loss, its output layer and targets to match."""
    loss = draw(st.sampled_from(sorted(OUTPUTS)))
    output = draw(st.sampled_from(OUTPUTS[loss]))
    depth = draw(st.integers(1, 3))
    widths = [draw(st.integers(1, 3)) for _ in range(depth)]
    widths.append(draw(st.integers(2 if output == "softmax" else 1, 3)))
    hidden = [draw(st.sampled_from(["identity", "sigmoid", "tanh"])) for _ in range(depth - 1)]
    layers = [
        {
            "units": units,
            "activation": activation,
            "bias": draw(st.booleans()),
            "freeze": draw(st.sampled_from([[], ["weights"]])),
        }
        for units, activation in zip(widths[1:], [*hidden, output])
    ]
    seed = draw(st.integers(0, 1000))
    return loss, widths, layers, seed


def _targets(rng, loss: str, rows: int, columns: int) -> np.ndarray:
    if loss == "cross_entropy":
        weights = rng.uniform(0, 1, (rows, columns))
        return weights / weights.sum(axis=1, keepdims=True)
    if loss == "binary_cross_entropy":
        return rng.uniform(0, 1, (rows, columns))
    return rng.uniform(-1, 1, (rows, columns))


@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(random_networks())
def test_random_networks_with_every_loss_match_the_reference(rng, drawn):
    loss, widths, layers, seed = drawn
    Y = _targets(rng, loss, 3, widths[-1])
    X = rng.uniform(-2, 2, (3, widths[0]))
    network = load(
        {
            "name": "random",
            "notation": "layered",
            "inputs": widths[0],
            "layers": layers,
            "loss": loss,
            "learning_rate": 0.1,
            "examples": [{"x": x.round(3).tolist(), "y": [0.5] * widths[-1]} for x in X[:1]]
            if loss != "cross_entropy"
            else [{"x": X[0].round(3).tolist(), "y": [1] + [0] * (widths[-1] - 1)}],
            "seed": seed,
        }
    )
    samples = list(zip(X, Y))
    grads = naive.mean_gradients(network, naive.params_of(network), samples)
    mask = [("weights" not in layer.freeze, "bias" not in layer.freeze) for layer in network.layers]
    expected = []
    for (gW, gb), (weights, bias) in zip(grads, mask):
        expected.append(gW if weights else np.zeros_like(gW))
        if gb is not None:
            expected.append(gb if bias else np.zeros_like(gb))
    expected = _flat(expected)
    loss_value = naive.mean_loss(network, naive.params_of(network), samples)
    for strategy in ("unrolled", "layered"):
        trainer = trainer_for(network, strategy)
        got = _flat(trainer.gradients(trainer.init_params(), X, Y))
        scale = max(1.0, np.abs(expected).max())
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12 * scale)
        assert trainer.loss(trainer.init_params(), X, Y) == pytest.approx(loss_value, rel=1e-12)
