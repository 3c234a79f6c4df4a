"""The parted mini-batch step: a network whose products are large enough (codegen.trainer.layered
.PARTED_WORK) gets a training step whose every layer's units are split into PARTS fixed parts,
run side by side on Numba's threads.

What must hold: the step is the same gradient descent as the NumPy reference (tests/naive.py, no
nnderive code), for every loss and kind of layer; the trained weights are bit for bit the same
whatever the number of threads that runs the parts (the machine's load picks that number); a
NaN stops before the update as in the one-thread step; and the thread choice follows the
measured speed.
"""

from __future__ import annotations

import numpy as np
import pytest

import naive
from codegen.trainer.layered import PARTED_WORK, PARTS
from trainer_support import load, trainer_for

#: (loss, output activation, hidden activations): every loss, linear and ReLU hidden layers
CASES = [
    ("half_sse", "sigmoid", ("tanh", "sigmoid")),
    ("cross_entropy", "softmax", ("sigmoid", "relu")),
    ("binary_cross_entropy", "sigmoid", ("identity", "tanh")),
    ("mse", "identity", ("tanh", "identity")),
    ("sse", "softmax", ("relu", "sigmoid")),
]
WIDTHS = (40, 300, 90, 4)  # 40·300 + 300·90 + 90·4 = 39,360 multiply-adds per sample
LR = 0.3


def spec(loss: str, output: str, hidden: tuple[str, str], seed: int = 5) -> dict:
    example_y = [1, 0, 0, 0] if loss == "cross_entropy" else [0.5] * 4
    return {
        "name": f"parted-{loss}",
        "notation": "layered",
        "inputs": WIDTHS[0],
        "layers": [
            {"units": WIDTHS[1], "activation": hidden[0], "bias": True},
            # no bias, and frozen weights in the middle: the parts skip what does not train
            {"units": WIDTHS[2], "activation": hidden[1], "bias": False, "freeze": ["weights"]},
            {"units": WIDTHS[3], "activation": output, "bias": True, "freeze": ["bias"]},
        ],
        "loss": loss,
        "learning_rate": LR,
        "example": {"x": [0.1] * WIDTHS[0], "y": example_y},
        "seed": seed,
    }


def targets(rng, loss: str, rows: int) -> np.ndarray:
    if loss == "cross_entropy":
        weights = rng.uniform(0, 1, (rows, WIDTHS[-1]))
        return weights / weights.sum(axis=1, keepdims=True)
    if loss == "binary_cross_entropy":
        return rng.uniform(0, 1, (rows, WIDTHS[-1]))
    return rng.uniform(-1, 1, (rows, WIDTHS[-1]))


def reference_training(network, X, Y, batch: int, epochs: int):
    """Mini-batch gradient descent by the NumPy reference: batches in order, each the mean of
    the per-sample gradients; frozen arrays kept."""
    params = naive.params_of(network)
    for _ in range(epochs):
        for start in range(0, len(X), batch):
            samples = list(zip(X[start : start + batch], Y[start : start + batch]))
            grads = naive.mean_gradients(network, params, samples)
            params = [
                (
                    W if "weights" in layer.freeze else W - LR * gW,
                    b if b is None or "bias" in layer.freeze else b - LR * gb,
                )
                for (W, b), (gW, gb), layer in zip(params, grads, network.layers)
            ]
    flat = []
    for (W, b), layer in zip(params, network.layers):
        flat.append(W)
        if layer.has_bias:
            flat.append(b)
    return flat


@pytest.fixture(scope="module", params=CASES, ids=[c[0] for c in CASES])
def case(request):
    loss, output, hidden = request.param
    network = load(spec(loss, output, hidden))
    rng = np.random.default_rng(3)
    X = rng.uniform(-1, 1, (37, WIDTHS[0]))  # 37 rows: batches of 8 and a last one of 5
    return network, X, targets(rng, loss, len(X))


def test_the_network_is_large_enough_to_be_parted(case):
    network = case[0]
    assert sum(layer.units * layer.fan_in for layer in network.layers) >= PARTED_WORK
    trainer = trainer_for(network)
    assert trainer.STRATEGY == "layered"
    assert trainer.PARTS == PARTS == 2
    small = spec("half_sse", "sigmoid", ("tanh", "tanh"))
    small = trainer_for(load({**small, "inputs": 3, "example": {"x": [0.1] * 3, "y": [0.5] * 4}}))
    assert not hasattr(small, "PARTS")  # 3·300 + 300·90 + 90·4 < PARTED_WORK: one thread


def test_parted_training_is_the_reference_gradient_descent(case):
    network, X, Y = case
    trainer = trainer_for(network)
    expected = reference_training(network, X, Y, batch=8, epochs=2)
    params = trainer.init_params()
    trainer.train(params, X, Y, LR, 2, batch_size=8)
    for got, want in zip(params, expected):
        np.testing.assert_allclose(got, want, rtol=1e-11, atol=1e-13)
    first = reference_training(network, X[:8], Y[:8], batch=8, epochs=1)
    params = trainer.init_params()
    trainer.sgd_step(params, X[:8], Y[:8], LR)  # one parted step on the batch it is given
    for got, want in zip(params, first):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


def test_the_thread_count_does_not_change_a_bit(case, monkeypatch):
    """THREADS = 1 runs the parts in _train_batches_one (compiled without Numba's parallel
    machinery), 2 in _train_batches on two threads, None in either (by the call's steps, then
    by measured speed): all train the same weights, bit for bit."""
    network, X, Y = case
    trainer = trainer_for(network)
    runs = [(1, 64), (2, 64), (None, 64), (None, 1), (1, 1)]  # (THREADS, PARALLEL_MIN_STEPS)
    results = []
    for threads, least in runs:
        monkeypatch.setattr(trainer, "THREADS", threads)
        monkeypatch.setattr(trainer, "PARALLEL_MIN_STEPS", least)
        params = trainer.init_params()
        history = trainer.train(params, X, Y, LR, 3, batch_size=8, shuffle=True, seed=4)
        results.append((params, history["train_loss_running"]))
    (first, first_loss), *others = results
    for params, loss in others:
        assert all(np.array_equal(a, b) for a, b in zip(first, params))
        assert np.array_equal(first_loss, loss)


def test_a_short_call_does_not_use_the_parallel_step(case, monkeypatch):
    """With THREADS = None, a call of fewer than PARALLEL_MIN_STEPS steps (here 3 epochs of 5)
    runs _train_batches_one, so a short first call does not compile the parallel function; a
    longer one and THREADS = 2 run _train_batches."""
    network, X, Y = case
    trainer = trainer_for(network)
    called = []
    real = trainer._train_batches
    monkeypatch.setattr(trainer, "_train_batches", lambda *a: (called.append(1), real(*a))[1])
    monkeypatch.setattr(trainer, "THREADS", None)
    trainer.train(trainer.init_params(), X, Y, LR, 3, batch_size=8)
    assert called == [] and trainer.PARALLEL_MIN_STEPS > 3 * 5
    monkeypatch.setattr(trainer, "PARALLEL_MIN_STEPS", 15)
    trainer.train(trainer.init_params(), X, Y, LR, 3, batch_size=8)
    assert called
    called.clear()
    monkeypatch.setattr(trainer, "THREADS", 2)
    trainer.train(trainer.init_params(), X[:8], Y[:8], LR, 1, batch_size=8)
    assert called


def test_two_threads_do_run_the_parts(case, monkeypatch):
    """THREADS = 2 sets Numba's thread count to 2 for the step (when Numba has 2 threads)."""
    import numba

    network, X, Y = case
    trainer = trainer_for(network)
    seen = []
    real = numba.set_num_threads
    monkeypatch.setattr(numba, "set_num_threads", lambda n: (seen.append(n), real(n))[1])
    monkeypatch.setattr(trainer, "THREADS", 2)
    trainer.train(trainer.init_params(), X, Y, LR, 1, batch_size=8)
    assert min(2, numba.config.NUMBA_NUM_THREADS) in seen


@pytest.mark.parametrize("which", [0, 3], ids=["half_sse", "mse"])
def test_an_infinite_loss_stops_before_the_update(which):
    """A target of 1e308 makes a squared error infinite in batch 3: the parameters are those
    after the two batches before it, as the one-thread step leaves them."""
    loss, output, hidden = CASES[which]
    network = load(spec(loss, output, hidden))
    rng = np.random.default_rng(3)
    X = rng.uniform(-1, 1, (37, WIDTHS[0]))
    Y = targets(rng, loss, len(X))
    trainer = trainer_for(network)
    bad = Y.copy()
    bad[20, 2] = 1e308  # row 20 is in batch 3 (rows 16..23)
    params = trainer.init_params()
    with pytest.raises(trainer.TrainingDiverged) as stopped:
        trainer.train(params, X, bad, LR, 1, batch_size=8)
    assert (stopped.value.epoch, stopped.value.step) == (1, 3)
    before = trainer.init_params()
    trainer.train(before, X[:16], Y[:16], LR, 1, batch_size=8)  # the two steps before it
    for got, want in zip(params, before):
        assert np.array_equal(got, want)


def test_float32_parted_training_follows_the_reference():
    network = load(spec("cross_entropy", "softmax", ("sigmoid", "tanh")))
    rng = np.random.default_rng(8)
    X = rng.uniform(-1, 1, (24, WIDTHS[0]))
    Y = targets(rng, "cross_entropy", 24)
    trainer = trainer_for(network, dtype="float32")
    assert trainer.PARTS == 2
    params = trainer.init_params()
    trainer.train(params, X.astype(np.float32), Y.astype(np.float32), LR, 1, batch_size=8)
    expected = reference_training(network, X.astype(np.float32).astype(np.float64), Y, 8, 1)
    for got, want in zip(params, expected):
        np.testing.assert_allclose(got, want, rtol=2e-4, atol=2e-6)


def test_the_thread_choice_follows_the_measured_speed(case):
    """_ThreadChoice with made-up timings (seconds per sample): a faster probe takes over, a
    slower one waits twice as long before the next try; on two threads, one is tried when the
    pieces get slower by a quarter, else only every PROBE_MAX pieces."""
    trainer = trainer_for(case[0])
    choice = trainer._ThreadChoice()
    choice.most = 2  # as on a machine with two cores, whatever this one has
    choice.current = 2
    trainer_threads = trainer.THREADS
    assert trainer_threads is None
    choice._learn(2, 9.0)  # the first piece of a process: may include compiling, not learned
    assert choice.speed is None
    choice._learn(2, 1.0)
    assert choice._choose() == 1  # the early probe
    choice._learn(1, 0.5)  # one thread was faster: a busy machine
    assert choice.current == 1 and choice._choose() == 1
    choice._learn(1, 0.5)
    assert choice._choose() == 1
    choice._learn(1, 0.5)
    assert choice._choose() == 2  # two pieces later, the count it left is tried again
    choice._learn(2, 0.48)  # not faster by a tenth: stay, and wait twice as long
    assert choice.current == 1 and choice.interval == 2 * choice.PROBE
    for _ in range(2 * choice.PROBE - 1):
        choice._learn(1, 0.5)
        assert choice._choose() == 1
    choice._learn(1, 0.5)
    assert choice._choose() == 2  # the next try, after twice PROBE pieces
    choice._learn(2, 0.3)  # the machine got idle: two threads take over
    assert choice.current == 2 and choice.interval == choice.PROBE
    choice._learn(2, 0.3)
    assert choice._choose() == 2
    choice._learn(2, 0.3)
    assert choice._choose() == 1  # two pieces later, one thread is tried again
    choice._learn(1, 0.5)  # and loses: the next try only after PROBE_MAX pieces
    for _ in range(choice.PROBE_MAX):
        assert choice._choose() == 2
        choice._learn(2, 0.31)
    assert choice._choose() == 1
    choice._learn(1, 0.5)
    for _ in range(5):
        assert choice._choose() == 2
        choice._learn(2, 0.31)
    choice._learn(2, 0.9)  # another process takes a core: the pieces get much slower
    assert choice._choose() == 1  # tried at once, and compared with the latest piece (0.9),
    choice._learn(1, 0.5)  # not only the smoothed speed (0.49), which lags behind
    assert choice.current == 1
