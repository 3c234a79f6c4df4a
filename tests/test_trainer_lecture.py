"""The lecture's run with the committed and freshly generated trainers, against exact arithmetic.

Oracle: symbolic.WorkedExample (Fractions, independent of the generated kernels). The lecture's
network is linear, so every value is exact there and float64 must agree to rounding.
"""

from __future__ import annotations

import numpy as np
import pytest

import generated.slides
from symbolic import WorkedExample, load_network
from trainer_support import trainer_for


@pytest.fixture(scope="module")
def lecture():
    network = load_network("slides")
    X = np.array([[float(v) for v in network.example_x]])
    Y = np.array([[float(v) for v in network.example_y]])
    return network, WorkedExample(network), X, Y


def _weights_after(example: WorkedExample, step: int) -> list[float]:
    weights, _ = example.step(step).updated
    return [float(w) for layer in weights for row in layer for w in row]


@pytest.mark.parametrize("strategy", ["committed", "unrolled", "layered"])
def test_one_epoch_matches_exact_weights_and_two_epochs_the_prediction(lecture, strategy):
    network, example, X, Y = lecture
    trainer = generated.slides if strategy == "committed" else trainer_for(network, strategy)
    params = trainer.init_params()
    losses = trainer.train(params, X, Y, 0.05, 1, batch_size=1)["train_loss_running"]
    got = np.concatenate([p.ravel() for p in params])
    np.testing.assert_allclose(got, _weights_after(example, 1), rtol=1e-13, atol=0)
    assert losses[0] == pytest.approx(float(example.step(1).error), rel=1e-13)
    trainer.train(params, X, Y, 0.05, 1, batch_size=1)
    prediction = trainer.forward(params, X)[0, 0]
    assert prediction == pytest.approx(float(example.step(3).prediction[0]), rel=1e-13)


def test_gradients_match_the_exact_first_step(lecture):
    network, example, X, Y = lecture
    grads = generated.slides.gradients(generated.slides.init_params(), X, Y)
    step = example.step(1)
    expected = [float(step.value("d" + p.name)) for p in network.parameters()]
    np.testing.assert_allclose(np.concatenate([g.ravel() for g in grads]), expected, rtol=1e-14)


def test_sgd_step_is_one_epoch_of_one_sample(lecture):
    _, example, X, Y = lecture
    params = generated.slides.init_params()
    before = generated.slides.sgd_step(params, X, Y, 0.05)
    assert before == pytest.approx(float(example.step(1).error), rel=1e-14)
    np.testing.assert_allclose(
        np.concatenate([p.ravel() for p in params]), _weights_after(example, 1), rtol=1e-13
    )


def test_module_api_shapes(lecture):
    _, example, X, Y = lecture
    trainer = generated.slides
    assert trainer.PARAM_NAMES == ("W1", "W2")
    assert [p.shape for p in trainer.init_params()] == [(2, 2), (1, 2)]
    assert trainer.forward(trainer.init_params(), np.vstack([X, X])).shape == (2, 1)
    assert trainer.init_params()[0] is not trainer.init_params()[0]
    expected = float(example.step(1).error)
    assert trainer.loss(trainer.init_params(), X, Y) == pytest.approx(expected, rel=1e-14)
