"""Generated gradients on random networks against independent oracles.

Oracles: the hand-written NumPy backprop in tests/naive.py and central finite differences of its
loss. Also: unrolled against layered (1e-12 relative in float64), float32 against float64, and
frozen parameters. Example counts are small: every example compiles fresh Numba kernels.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import naive
from trainer_support import frozen_mask, load, naive_mean_gradients, spec_dict, trainer_for

ACTIVATIONS = ["identity", "sigmoid", "tanh", "relu", "x/(1+abs(x))"]
FREEZES = [(), ("weights",), ("bias",)]


@st.composite
def networks(draw):
    depth = draw(st.integers(1, 3))
    widths = [draw(st.integers(1, 3)) for _ in range(depth + 1)]
    activations = [draw(st.sampled_from(ACTIVATIONS)) for _ in range(depth)]
    biases = [draw(st.booleans()) for _ in range(depth)]
    freeze = [draw(st.sampled_from(FREEZES)) for _ in range(depth)]
    seed = draw(st.integers(0, 1000))
    return widths, activations, biases, freeze, seed


def _flat(arrays) -> np.ndarray:
    return np.concatenate([np.ravel(a) for a in arrays])


def _data(rng, widths, n=3):
    return rng.uniform(-1, 1, (n, widths[0])), rng.uniform(-1, 1, (n, widths[-1]))


@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(networks())
def test_both_strategies_match_the_numpy_reference_and_each_other(rng, drawn):
    widths, activations, biases, freeze, seed = drawn
    network = load(spec_dict(widths, activations, biases, freeze, seed, rng))
    X, Y = _data(rng, widths)
    reference = naive_mean_gradients(network, X, Y)
    mask = frozen_mask(network)
    expected = _flat([g if trains else np.zeros_like(g) for g, trains in zip(reference, mask)])
    results = {}
    for strategy in ("unrolled", "layered"):
        trainer = trainer_for(network, strategy)
        grads = trainer.gradients(trainer.init_params(), X, Y)
        results[strategy] = _flat(grads)
        scale = max(1.0, np.abs(expected).max())
        # naive.py differentiates custom formulas by central differences (h = 1e-6)
        tolerance = 1e-7 if "x/(1+abs(x))" in activations else 1e-12
        np.testing.assert_allclose(results[strategy], expected, rtol=0, atol=tolerance * scale)
        mean_loss = np.mean(
            [naive.loss(network, naive.params_of(network), x, y) for x, y in zip(X, Y)]
        )
        assert trainer.loss(trainer.init_params(), X, Y) == np_approx(mean_loss)
    scale = max(1e-300, np.abs(results["layered"]).max())
    assert np.abs(results["unrolled"] - results["layered"]).max() <= 1e-12 * scale


def np_approx(value):
    import pytest

    return pytest.approx(value, rel=1e-12, abs=1e-15)


@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(networks())
def test_gradients_match_central_finite_differences(rng, drawn):
    widths, activations, biases, freeze, seed = drawn
    activations = [a if a != "relu" else "tanh" for a in activations]  # no kinks for differences
    network = load(spec_dict(widths, activations, biases, freeze, seed, rng))
    X, Y = _data(rng, widths, n=2)
    trainer = trainer_for(network, "layered")
    grads = _flat(trainer.gradients(trainer.init_params(), X, Y))
    params = naive.params_of(network)
    differences = []
    for k, layer in enumerate(network.layers):
        for kind in ("weight", "bias"):
            if kind == "bias" and not layer.has_bias:
                continue
            frozen = ("weights" if kind == "weight" else "bias") in layer.freeze
            cells = (
                [(i, j) for i in range(layer.units) for j in range(layer.fan_in)]
                if kind == "weight"
                else [(i, None) for i in range(layer.units)]
            )
            for i, j in cells:
                value = np.mean(
                    [
                        naive.finite_difference(network, params, x, y, k, kind, i, j)
                        for x, y in zip(X, Y)
                    ]
                )
                differences.append(0.0 if frozen else value)
    np.testing.assert_allclose(grads, differences, rtol=1e-6, atol=1e-8)


def test_frozen_parameters_never_move(rng):
    spec = spec_dict(
        [3, 3, 2], ["tanh", "sigmoid"], [True, True], [("weights",), ("bias",)], 5, rng
    )
    network = load(spec)
    X, Y = _data(rng, [3, 3, 2], n=8)
    for strategy in ("unrolled", "layered"):
        trainer = trainer_for(network, strategy)
        params = trainer.init_params()
        initial = [p.copy() for p in params]
        trainer.train(params, X, Y, 0.3, 3, batch_size=3, shuffle=True, seed=1)
        W1, b1, W2, b2 = params
        np.testing.assert_array_equal(W1, initial[0])
        np.testing.assert_array_equal(b2, initial[3])
        assert not np.array_equal(b1, initial[1]) and not np.array_equal(W2, initial[2])


def test_unrolled_and_layered_train_the_same_way(rng):
    network = load(spec_dict([3, 4, 2], ["sigmoid", "tanh"], [True, False], [(), ()], 11, rng))
    X, Y = _data(rng, [3, 4, 2], n=10)
    finals = {}
    for strategy in ("unrolled", "layered"):
        for batch_size in (1, 4):
            trainer = trainer_for(network, strategy)
            params = trainer.init_params()
            history = trainer.train(
                params, X, Y, 0.2, 5, batch_size=batch_size, shuffle=True, seed=3
            )
            losses = history["train_loss_running"]
            finals[strategy, batch_size] = (_flat(params), losses)
    for batch_size in (1, 4):
        unrolled, layered = finals["unrolled", batch_size], finals["layered", batch_size]
        np.testing.assert_allclose(unrolled[0], layered[0], rtol=1e-12)
        np.testing.assert_allclose(unrolled[1], layered[1], rtol=1e-12)
    assert not np.allclose(finals["layered", 1][0], finals["layered", 4][0])


def test_float32_is_within_its_tolerance_of_float64(rng):
    network = load(spec_dict([4, 5, 3], ["tanh", "sigmoid"], [True, True], [(), ()], 2, rng))
    X, Y = _data(rng, [4, 5, 3], n=16)
    for strategy in ("unrolled", "layered"):
        double = trainer_for(network, strategy, "float64")
        single = trainer_for(network, strategy, "float32")
        assert single.DTYPE is np.float32
        g64 = _flat(double.gradients(double.init_params(), X, Y))
        g32 = _flat(single.gradients(single.init_params(), X.astype(np.float32), Y))
        assert g32.dtype == np.float32
        np.testing.assert_allclose(g32, g64, rtol=0, atol=1e-5 * np.abs(g64).max())
        p64, p32 = double.init_params(), single.init_params()
        double.train(p64, X, Y, 0.1, 3, batch_size=2)
        single.train(p32, X, Y, 0.1, 3, batch_size=2)
        np.testing.assert_allclose(_flat(p32), _flat(p64), rtol=0, atol=1e-5)
