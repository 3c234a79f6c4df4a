"""The generated module's API in both strategies: predict, predict_labels, evaluate, save/load,
seeded init_params, class labels, NaN rows, validation history and callbacks.

Oracles: tests/naive.py (hand-written NumPy forward pass and backprop, trained here by a plain
loop), exact properties of the spec's seeded values (whole multiples of 1/10,000 within
±1/√fan-in), and the spec's own values drawn by symbolic.spec.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pytest

import naive
from trainer_support import load, spec_dict, trainer_for

STRATEGIES = ("unrolled", "layered")


@pytest.fixture(scope="module")
def network():
    rng = np.random.default_rng(5)
    return load(spec_dict([3, 4, 3], ["tanh", "sigmoid"], [True, True], [(), ()], 9, rng))


@pytest.fixture
def data(rng):
    X = rng.uniform(-1, 1, (12, 3))
    labels = rng.integers(0, 3, 12)
    return X, labels, np.eye(3)[labels]


def naive_train(network, X, Y, lr, epochs, batch_size):
    """Plain mini-batch SGD with tests/naive.py: final params and the history train() reports."""
    params = naive.params_of(network)
    running, right = [], []
    for _ in range(epochs):
        total = correct = 0.0
        for start in range(0, len(X), batch_size):
            rows = range(start, min(start + batch_size, len(X)))
            grads = None
            for r in rows:
                _, acts = naive.forward(network, params, X[r])
                total += naive.loss(network, params, X[r], Y[r])
                correct += np.argmax(acts[-1]) == np.argmax(Y[r])
                sample = naive.gradients(network, params, X[r], Y[r])
                grads = (
                    sample
                    if grads is None
                    else [
                        (gw + sw, None if gb is None else gb + sb)
                        for (gw, gb), (sw, sb) in zip(grads, sample)
                    ]
                )
            scale = lr / len(rows)
            params = [
                (w - scale * gw, None if b is None else b - scale * gb)
                for (w, b), (gw, gb) in zip(params, grads)
            ]
        running.append(total / len(X))
        right.append(correct / len(X))
    flat = [a for w, b in params for a in (w, b) if a is not None]
    return flat, {"train_loss_running": running, "train_accuracy_running": right}


def naive_metrics(network, params, X, Y):
    nested = [(params[2 * k], params[2 * k + 1]) for k in range(len(network.layers))]
    outputs = np.array([naive.forward(network, nested, x)[1][-1] for x in X])
    loss = np.mean([0.5 * np.sum((o - y) ** 2) for o, y in zip(outputs, Y)])
    return loss, np.mean(np.argmax(outputs, axis=1) == np.argmax(Y, axis=1)), outputs


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize("batch_size", [1, 5])
def test_training_history_matches_the_numpy_oracle(network, data, strategy, batch_size):
    X, labels, Y = data
    trainer = trainer_for(network, strategy)
    params = trainer.init_params()
    history = trainer.train(
        params, X, labels, 0.3, 3, batch_size=batch_size, X_val=X[:5], Y_val=Y[:5]
    )
    expected, oracle = naive_train(network, X, Y, 0.3, 3, batch_size)
    for got, want in zip(params, expected):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)
    assert set(history) == {
        "train_loss_running",
        "train_accuracy_running",
        "val_loss",
        "val_accuracy",
    }
    np.testing.assert_allclose(history["train_loss_running"], oracle["train_loss_running"], 1e-12)
    np.testing.assert_array_equal(
        history["train_accuracy_running"], oracle["train_accuracy_running"]
    )
    loss, accuracy, outputs = naive_metrics(network, params, X[:5], Y[:5])
    assert history["val_loss"][-1] == pytest.approx(loss, rel=1e-12)
    assert history["val_accuracy"][-1] == accuracy
    result = trainer.evaluate(params, X[:5], labels[:5])
    assert result == {"loss": pytest.approx(loss, rel=1e-12), "accuracy": accuracy}
    np.testing.assert_allclose(trainer.predict(params, X[:5]), outputs, rtol=1e-12)
    np.testing.assert_array_equal(trainer.predict_labels(params, X[:5]), np.argmax(outputs, axis=1))


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_validation_is_evaluated_after_each_epoch(network, data, strategy):
    X, labels, Y = data
    trainer = trainer_for(network, strategy)
    params = trainer.init_params()
    history = trainer.train(params, X, Y, 0.3, 3, batch_size=4, X_val=X[:6], Y_val=labels[:6])
    replay = trainer.init_params()
    for epoch in range(3):
        trainer.train(replay, X, Y, 0.3, 1, batch_size=4)
        expected = trainer.evaluate(replay, X[:6], labels[:6])
        assert history["val_loss"][epoch] == expected["loss"]
        assert history["val_accuracy"][epoch] == expected["accuracy"]


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_regression_targets_have_no_accuracy(network, rng, strategy):
    trainer = trainer_for(network, strategy)
    X, Y = rng.uniform(-1, 1, (6, 3)), rng.uniform(0.1, 0.9, (6, 3))
    history = trainer.train(trainer.init_params(), X, Y, 0.1, 2, X_val=X, Y_val=Y)
    assert set(history) == {"train_loss_running", "val_loss"}
    assert trainer.evaluate(trainer.init_params(), X, Y)["accuracy"] is None


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_a_callback_that_returns_true_stops_training_there(network, data, strategy):
    X, labels, _ = data
    trainer = trainer_for(network, strategy)
    seen = []

    def stop_at_two(epoch, metrics, params):
        seen.append((epoch, sorted(metrics)))
        return epoch == 2

    params = trainer.init_params()
    history = trainer.train(params, X, labels, 0.3, 10, shuffle=True, seed=4, callback=stop_at_two)
    assert [epoch for epoch, _ in seen] == [1, 2]
    assert seen[0][1] == ["train_accuracy_running", "train_loss_running"]
    assert len(history["train_loss_running"]) == 2
    replay = trainer.init_params()
    expected = trainer.train(replay, X, labels, 0.3, 2, shuffle=True, seed=4)
    for got, want in zip(params, replay):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_allclose(history["train_loss_running"], expected["train_loss_running"])


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_progress_reports_within_epochs_and_changes_nothing(rng, strategy):
    network = load(spec_dict([2, 3, 1], ["tanh", "sigmoid"], [True, True], [(), ()], 3, rng))
    trainer = trainer_for(network, strategy)
    X, Y = rng.uniform(-1, 1, (1000, 2)), rng.integers(0, 2, 1000)
    calls = []
    params = trainer.init_params()
    history = trainer.train(
        params,
        X,
        Y,
        0.2,
        2,
        batch_size=3,
        shuffle=True,
        seed=1,
        progress=lambda *args: calls.append(args),
    )
    assert calls[-1] == (2, 1000, 1000) and len(calls) > 4
    assert all(done % 3 == 0 for _, done, total in calls if done < total)
    plain = trainer.init_params()
    expected = trainer.train(plain, X, Y, 0.2, 2, batch_size=3, shuffle=True, seed=1)
    for got, want in zip(params, plain):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_allclose(history["train_loss_running"], expected["train_loss_running"])
    np.testing.assert_array_equal(
        history["train_accuracy_running"], expected["train_accuracy_running"]
    )


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_save_and_load_round_trip(network, data, strategy, tmp_path):
    X, labels, _ = data
    trainer = trainer_for(network, strategy)
    params = trainer.init_params()
    trainer.train(params, X, labels, 0.3, 2)
    trainer.save(params, tmp_path / "params.npz")
    loaded = trainer.load(tmp_path / "params.npz")
    assert [p.dtype for p in loaded] == [np.float64] * len(params)
    for got, want in zip(loaded, params):
        np.testing.assert_array_equal(got, want)
        assert got.flags.writeable and got.flags.c_contiguous
    with np.load(tmp_path / "params.npz") as archive:
        assert archive.files == list(trainer.PARAM_NAMES)
    buffer = io.BytesIO()
    trainer.save(params, buffer)
    buffer.seek(0)
    np.testing.assert_array_equal(trainer.load(buffer)[0], params[0])
    assert list(tmp_path.iterdir()) == [tmp_path / "params.npz"]  # no temporary file left


@pytest.mark.parametrize(
    ("arrays", "message"),
    [
        ({"W1": np.zeros((4, 3))}, "needs exactly"),
        ("W1-wrong-shape", "has shape (3, 4)"),
        ("float32", "dtype float32"),
        ("nan", "NaN or infinite"),
    ],
)
def test_load_refuses_a_file_that_does_not_fit(network, tmp_path, arrays, message):
    trainer = trainer_for(network, "layered")
    params = dict(zip(trainer.PARAM_NAMES, trainer.init_params()))
    if arrays == "W1-wrong-shape":
        arrays = {**params, "W1": np.zeros((3, 4))}
    elif arrays == "float32":
        arrays = {name: value.astype(np.float32) for name, value in params.items()}
    elif arrays == "nan":
        arrays = {**params, "b2": np.full(3, np.nan)}
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(trainer.TrainerInputError, match="load: ") as info:
        trainer.load(tmp_path / "bad.npz")
    assert message in str(info.value) and "\n" not in str(info.value)


def test_load_refuses_a_file_that_is_not_npz(tmp_path):
    import generated.slides as slides

    (tmp_path / "text.npz").write_text("not a zip")
    with pytest.raises(slides.TrainerInputError, match=r"not a \.npz file"):
        slides.load(tmp_path / "text.npz")


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_seeded_init_is_reproducible_and_within_the_rule(network, strategy):
    trainer = trainer_for(network, strategy)
    first, again, other = (trainer.init_params(seed=s) for s in (7, 7, 8))
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
    assert any(not np.array_equal(a, b) for a, b in zip(first, other))
    fan_ins = [3, 3, 4, 4]  # W1, b1, W2, b2 of the 3-4-3 network
    for array, fan_in in zip(first, fan_ins):
        # each value is the double nearest to a whole number of ten-thousandths
        np.testing.assert_array_equal(array, np.round(array * 10_000) / 10_000)
        assert np.abs(array).max() <= 1 / math.sqrt(fan_in)
        if array.ndim == 2:  # 12 weights each: spread over the range, not bunched near 0
            assert np.abs(array).max() > 0.5 / math.sqrt(fan_in)
    for bad in (-5, 1.5, "3"):
        with pytest.raises(trainer.TrainerInputError, match="seed must be a whole number"):
            trainer.init_params(seed=bad)


def test_seeded_init_draws_the_values_a_spec_without_weights_gets(rng):
    spec = spec_dict([5, 4, 2], ["tanh", "identity"], [True, False], [(), ()], 31, rng)
    network = load(spec)  # symbolic.spec draws every weight and bias from seed 31
    trainer = trainer_for(network, "layered")
    for drawn, spec_value in zip(trainer.init_params(seed=31), trainer.init_params()):
        np.testing.assert_array_equal(drawn, spec_value)


@pytest.mark.parametrize("strategy", STRATEGIES)
def test_integer_labels_train_like_one_hot_rows(network, data, strategy):
    X, labels, Y = data
    trainer = trainer_for(network, strategy)
    by_label, by_row = trainer.init_params(), trainer.init_params()
    history = trainer.train(by_label, X, labels, 0.3, 2, batch_size=3)
    expected = trainer.train(by_row, X, Y, 0.3, 2, batch_size=3)
    for a, b in zip(by_label, by_row):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(history["train_loss_running"], expected["train_loss_running"])
    assert trainer.evaluate(by_label, X, labels) == trainer.evaluate(by_label, X, Y)
    float_labels = labels.astype(np.float64)
    assert trainer.loss(by_label, X, float_labels) == trainer.loss(by_label, X, Y)


def test_one_output_takes_0_1_labels(rng):
    network = load(spec_dict([2, 2, 1], ["tanh", "sigmoid"], [True, True], [(), ()], 4, rng))
    trainer = trainer_for(network, "layered")
    X, labels = rng.uniform(-1, 1, (8, 2)), rng.integers(0, 2, 8)
    params = trainer.init_params()
    outputs = trainer.predict(params, X)[:, 0]
    result = trainer.evaluate(params, X, labels)
    assert result["accuracy"] == np.mean((outputs > 0.5) == (labels == 1))
    np.testing.assert_array_equal(trainer.predict_labels(params, X), (outputs > 0.5).astype(int))
    assert result["loss"] == trainer.loss(params, X, labels.reshape(-1, 1).astype(float))


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (np.array([0, 1, 3, 0]), "Y[2] = 3 is not a class label 0..2"),
        (np.array([0, 1, -1, 0]), "Y[2] = -1 is not a class label"),
        (np.array([0, 1.5, 2, 0]), "Y[1] = 1.5 is not a class label"),
        (np.array([0, 1, 2]), "X has 4 samples but Y has 3"),
    ],
)
def test_bad_labels_are_refused_by_row(network, rng, labels, message):
    trainer = trainer_for(network, "layered")
    params = trainer.init_params()
    with pytest.raises(trainer.TrainerInputError) as info:
        trainer.train(params, rng.uniform(-1, 1, (4, 3)), labels, 0.1, 1)
    assert message in str(info.value) and "\n" not in str(info.value)
    np.testing.assert_array_equal(params[0], trainer.init_params()[0])


@pytest.mark.parametrize("strategy", STRATEGIES)
@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        ("X", np.nan, "train: X holds nan at row 3, column 1"),
        ("Y", np.inf, "train: Y holds inf at row 3, column 1"),
        ("X_val", -np.inf, "train: X_val holds -inf at row 3, column 1"),
    ],
)
def test_nan_or_inf_is_refused_before_training_naming_row_and_column(
    network, data, strategy, where, value, message
):
    X, _, Y = data
    arrays = {"X": X.copy(), "Y": Y.copy(), "X_val": X.copy()}
    arrays[where][3, 1] = value
    trainer = trainer_for(network, strategy)
    params = trainer.init_params()
    with pytest.raises(trainer.TrainerInputError) as info:
        trainer.train(params, arrays["X"], arrays["Y"], 0.1, 1, X_val=arrays["X_val"], Y_val=Y)
    assert message in str(info.value) and "\n" not in str(info.value)
    np.testing.assert_array_equal(params[0], trainer.init_params()[0])


def test_the_first_bad_entry_is_named_when_the_check_goes_block_by_block(network, rng, monkeypatch):
    """The check reads blocks of rows on two threads: the message still names the first bad
    entry in row order, whichever block holds it."""
    trainer = trainer_for(network, "layered")
    monkeypatch.setattr(trainer, "_CHECK_BLOCK", 6)  # 2 rows of 3 columns a block
    X = rng.uniform(-1, 1, (40, 3))
    X[35, 0], X[31, 2], X[31, 1] = np.nan, np.inf, 1e308
    with pytest.raises(trainer.TrainerInputError) as info:
        trainer.train(trainer.init_params(), X, rng.uniform(0, 1, (40, 2)), 0.1, 1)
    assert "X holds inf at row 31, column 2" in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seed": -5, "shuffle": True}, "seed must be a whole number >= 0"),
        ({"epochs": 10**7}, "epochs must be at most 1,000,000"),
        ({"X_val": np.zeros((2, 3))}, "give both X_val and Y_val"),
        ({"callback": 3}, "callback must be a function"),
    ],
)
def test_train_options_are_checked(network, data, kwargs, message):
    X, labels, _ = data
    trainer = trainer_for(network, "layered")
    options = {"epochs": 1, **kwargs}
    epochs = options.pop("epochs")
    with pytest.raises(trainer.TrainerInputError, match=message):
        trainer.train(trainer.init_params(), X, labels, 0.1, epochs, **options)


def test_a_batch_larger_than_the_data_is_the_whole_set(network, data):
    X, labels, _ = data
    trainer = trainer_for(network, "layered")
    huge, whole = trainer.init_params(), trainer.init_params()
    trainer.train(huge, X, labels, 0.1, 2, batch_size=10**20)
    trainer.train(whole, X, labels, 0.1, 2, batch_size=len(X))
    for a, b in zip(huge, whole):
        np.testing.assert_array_equal(a, b)


def _scipy_blas_threads() -> int:
    from threadpoolctl import threadpool_info

    (scipy_blas,) = [i for i in threadpool_info() if "scipy.libs" in i["filepath"]]
    return scipy_blas["num_threads"]


def test_training_runs_blas_on_one_thread_and_restores_the_count():
    from threadpoolctl import threadpool_limits

    import generated.digits as digits

    X = np.random.default_rng(1).uniform(0, 1, (20, 64))
    labels = np.arange(20) % 10
    during = []
    with threadpool_limits(2, user_api="blas"):
        digits.train(
            digits.init_params(),
            X,
            labels,
            0.5,
            2,
            batch_size=4,
            callback=lambda *args: during.append(_scipy_blas_threads()),
        )
        after = _scipy_blas_threads()
    assert during == [1, 1] and after == 2


def test_the_oracle_tests_pass_in_plain_python_too():
    """The same module code with NUMBA_DISABLE_JIT=1 (every kernel as plain Python) against
    the NumPy oracle: the history, validation, callback and label tests above, run again."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    chosen = "numpy_oracle or validation_is_evaluated or callback_that or integer_labels"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__, "-k", chosen],
        cwd=ROOT,
        env={**os.environ, "NUMBA_DISABLE_JIT": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert " passed" in done.stdout and "failed" not in done.stdout
