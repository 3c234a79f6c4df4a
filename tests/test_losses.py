"""Losses beyond ½·SSE, softmax and several samples, against independent oracles.

Oracles: the hand-written NumPy forward pass, losses and backprop in tests/naive.py (softmax's
Jacobian written out there by hand), and central finite differences of its mean loss.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings

import naive
from strategies import loss_specs
from symbolic import Derivation, WorkedExample, load_network
from symbolic.activations import BUILTIN as ACTIVATIONS
from symbolic.activations import SOFTMAX
from symbolic.losses import BUILTIN as LOSSES
from symbolic.losses import prove_delta_is_residual
from symbolic.numbers import to_mpf

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _kink_free(network, samples, params):
    for x, _ in samples:
        zs, _ = naive.forward(network, params, x)
        for layer, z in zip(network.layers, zs):
            kinked = layer.activation.name in ("relu", "custom:x/(1+abs(x))")
            if kinked and np.min(np.abs(z)) < 1e-3:
                return False
    return True


def _step_samples(network, number):
    samples = naive.samples_of(network)
    if network.update == "per_sample":
        return [samples[(number - 1) % len(samples)]]
    return samples


@PROPERTY
@given(loss_specs())
def test_mean_gradients_match_the_numpy_reference_and_finite_differences(spec):
    network = load_network(spec)
    params = naive.params_of(network)
    samples = _step_samples(network, 1)
    assume(_kink_free(network, samples, params))
    step = WorkedExample(network).step(1)
    reference = naive.mean_gradients(network, params, samples)
    assert float(to_mpf(step.error)) == pytest.approx(
        naive.mean_loss(network, params, samples), rel=1e-12, abs=1e-12
    )
    for p in network.parameters(trainable_only=True):
        ours = float(to_mpf(step.gradient(p.kind, p.layer, p.row, p.col)))
        by_hand = (
            reference[p.layer][0][p.row, p.col]
            if p.kind == "weight"
            else reference[p.layer][1][p.row]
        )
        fd = naive.finite_difference(
            network, params, None, None, p.layer, p.kind, p.row, p.col, samples=samples
        )
        assert abs(ours - by_hand) <= 1e-9 * max(1.0, abs(by_hand)), (p.name, ours, by_hand)
        assert abs(ours - fd) <= 1e-5 * max(1.0, abs(fd)), (p.name, ours, fd)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(loss_specs(max_units=2))
def test_chain_rule_delta_recursion_and_matrix_rules_agree(spec):
    derivation = Derivation(load_network(spec))
    assert derivation.check_matrix_form() == []
    assert derivation.check_layer_rules() == []


def test_the_checks_can_fail():
    """A corrupted output δ is caught by both checks (they are not vacuous)."""
    network = load_network(_spec("cross_entropy", "softmax"))
    derivation = Derivation(network)
    model = derivation.model
    derivation.output_delta = lambda i: model.outputs[i] + model.targets[i]  # wrong sign of y
    assert derivation.check_layer_rules() != []
    derivation._gradients.clear()
    derivation._expanded_deltas.clear()
    derivation.output_partials = lambda i: Derivation(network).output_partials(i)
    assert derivation.check_matrix_form() != []


@pytest.mark.parametrize(
    ("loss", "activation"),
    [("binary_cross_entropy", ACTIVATIONS["sigmoid"]), ("cross_entropy", SOFTMAX)],
)
def test_delta_is_a_minus_y_is_proved(loss, activation):
    prove_delta_is_residual(LOSSES[loss], activation)


@pytest.mark.parametrize(
    ("loss", "activation"),
    [
        ("half_sse", ACTIVATIONS["sigmoid"]),
        ("binary_cross_entropy", ACTIVATIONS["tanh"]),
        ("sse", SOFTMAX),
        ("binary_cross_entropy", SOFTMAX),
    ],
)
def test_the_proof_refuses_a_false_claim(loss, activation):
    with pytest.raises(AssertionError):
        prove_delta_is_residual(LOSSES[loss], activation)


def _spec(loss, output, samples=None, units=3):
    """A 3-3-3 network with biases (the issue's case), two samples by default."""
    targets = {
        "cross_entropy": ([1, 0, 0], [0, 0, 1]),
        "binary_cross_entropy": ([1, 0, 1], [0, 1, 0.5]),
    }.get(loss, ([0.5, -0.25, 1], [0.1, 0.2, -0.3]))
    return {
        "name": f"net-{loss}",
        "inputs": 3,
        "layers": [
            {
                "units": 3,
                "activation": "tanh",
                "bias": [0.1, -0.2, 0.05],
                "weights": [[0.1, 0.2, -0.1], [-0.3, 0.1, 0.2], [0.2, -0.2, 0.3]],
            },
            {
                "units": units,
                "activation": output,
                "bias": [0.1, 0.0, -0.1][:units],
                "weights": [[0.3, -0.2, 0.4], [0.1, 0.2, -0.3], [-0.2, 0.1, 0.1]][:units],
            },
        ],
        "loss": loss,
        "learning_rate": 0.5,
        "examples": samples
        or [{"x": [1, 0.5, -1], "y": targets[0]}, {"x": [0.2, -0.4, 0.6], "y": targets[1]}],
    }


CASES = {
    "half_sse": "sigmoid",
    "sse": "identity",
    "mse": "tanh",
    "binary_cross_entropy": "sigmoid",
    "cross_entropy": "softmax",
}


@pytest.mark.parametrize("loss", CASES)
def test_derive_json_values_are_the_mean_gradients(cli, tmp_path, loss):
    """The issue's done-when: a 3-3-3 net with biases and two samples, for each loss."""
    spec = _spec(loss, CASES[loss])
    path = tmp_path / "net.json"
    path.write_text(json.dumps(spec))
    result = cli("derive", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    network = load_network(spec)
    params = naive.params_of(network)
    samples = naive.samples_of(network)
    reference = naive.mean_gradients(network, params, samples)
    for record, p in zip(report["parameters"], network.parameters(trainable_only=True)):
        assert record["name"] == p.name
        expected = (
            reference[p.layer][0][p.row, p.col]
            if p.kind == "weight"
            else reference[p.layer][1][p.row]
        )
        assert float(record["value"]) == pytest.approx(expected, rel=1e-10, abs=1e-14)
        per_sample = [naive.gradients(network, params, x, y) for x, y in samples]
        for value, grads in zip(record["values"], per_sample):
            one = (
                grads[p.layer][0][p.row, p.col] if p.kind == "weight" else grads[p.layer][1][p.row]
            )
            assert float(value) == pytest.approx(one, rel=1e-10, abs=1e-14)
    assert float(report["error"]["value"]) == pytest.approx(
        naive.mean_loss(network, params, samples), rel=1e-12
    )


@pytest.mark.parametrize("loss", CASES)
def test_train_json_step_one_error_is_the_mean_loss(cli, tmp_path, loss):
    spec = _spec(loss, CASES[loss])
    path = tmp_path / "net.json"
    path.write_text(json.dumps(spec))
    result = cli("train", str(path), "--steps", "2", "--format", "json", "--digits", "15")
    assert result.returncode == 0, result.stderr
    steps = json.loads(result.stdout)["steps"]
    network = load_network(spec)
    params = naive.params_of(network)
    samples = naive.samples_of(network)
    assert float(steps[0]["error"]) == pytest.approx(
        naive.mean_loss(network, params, samples), rel=1e-12
    )
    for record, (x, y) in zip(steps[0]["predictions"], samples):
        _, acts = naive.forward(network, params, x)
        assert [float(v) for v in record["outputs"].values()] == pytest.approx(acts[-1], rel=1e-12)
        assert float(record["loss"]) == pytest.approx(naive.loss(network, params, x, y), rel=1e-12)
    # step 2 starts from one full-batch gradient-descent step on the mean loss
    gradients = naive.mean_gradients(network, params, samples)
    lr = float(network.learning_rate)
    stepped = [
        (w - lr * dw, None if b is None else b - lr * db)
        for (w, b), (dw, db) in zip(params, gradients)
    ]
    assert float(steps[1]["error"]) == pytest.approx(
        naive.mean_loss(network, stepped, samples), rel=1e-12
    )


def test_per_sample_updates_take_the_samples_in_turn(cli, tmp_path):
    spec = _spec("half_sse", "sigmoid")
    spec["update"] = "per_sample"
    path = tmp_path / "net.json"
    path.write_text(json.dumps(spec))
    result = cli("train", str(path), "--steps", "3", "--format", "json", "--digits", "15")
    steps = json.loads(result.stdout)["steps"]
    assert [s["samples"] for s in steps] == [[1], [2], [1]]
    network = load_network(spec)
    params = naive.params_of(network)
    lr = float(network.learning_rate)
    for number, (x, y) in enumerate(naive.samples_of(network) + naive.samples_of(network)[:1]):
        assert float(steps[number]["error"]) == pytest.approx(
            naive.loss(network, params, x, y), rel=1e-12
        )
        grads = naive.gradients(network, params, x, y)
        params = [
            (w - lr * dw, None if b is None else b - lr * db)
            for (w, b), (dw, db) in zip(params, grads)
        ]


def test_cross_entropy_shows_delta_as_a_minus_y(cli, tmp_path):
    path = tmp_path / "net.json"
    path.write_text(json.dumps(_spec("cross_entropy", "softmax")))
    result = cli("derive", str(path), "--param", "w2_1_1")
    assert result.returncode == 0, result.stderr
    assert "δ₁⁽³⁾" in result.stdout or "delta3_1 = a3_1 - y1" in result.stdout.replace("δ", "delta")


BAD = {
    "cross-entropy without softmax": (
        lambda s: s["layers"][1].update(activation="sigmoid"),
        "loss",
        "needs a softmax output layer",
    ),
    "softmax on a hidden layer": (
        lambda s: s["layers"][0].update(activation="softmax"),
        "layers[0].activation",
        "output layer only",
    ),
    "targets not summing to 1": (
        lambda s: s["examples"][1].update(y=[0, 0.5, 0]),
        "examples[1].y",
        "sum to 1",
    ),
    "example and examples": (
        lambda s: s.update(example={"x": [1, 2, 3], "y": [1, 0, 0]}),
        "examples",
        "either example",
    ),
    "no samples": (lambda s: s.update(examples=[]), "examples", "non-empty list"),
    "unknown update": (lambda s: s.update(update="online"), "update", "full_batch, per_sample"),
    "unknown loss": (lambda s: s.update(loss="hinge"), "loss", "unknown loss"),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_loss_and_sample_specs_are_one_line(cli, tmp_path, case):
    spec = _spec("cross_entropy", "softmax")
    change, field, words = BAD[case]
    change(spec)
    path = tmp_path / "net.json"
    path.write_text(json.dumps(spec))
    result = cli("derive", str(path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert field in lines[0] and words in lines[0], lines[0]


def test_binary_cross_entropy_needs_targets_in_the_unit_interval(cli, tmp_path):
    spec = _spec("binary_cross_entropy", "sigmoid")
    spec["examples"][0]["y"] = [1, 2, 0]
    path = tmp_path / "net.json"
    path.write_text(json.dumps(spec))
    result = cli("derive", str(path))
    assert result.returncode == 2 and "between 0 and 1" in result.stderr


def test_softmax_of_one_unit_is_refused(cli, tmp_path):
    spec = _spec("half_sse", "softmax", samples=[{"x": [1, 2, 3], "y": [1]}], units=1)
    path = tmp_path / "net.json"
    path.write_text(json.dumps(spec))
    result = cli("derive", str(path))
    assert result.returncode == 2 and "always 1" in result.stderr


@pytest.mark.parametrize(
    ("loss", "activation", "n"),
    [("cross_entropy", SOFTMAX, 3), ("binary_cross_entropy", ACTIVATIONS["sigmoid"], 1)],
)
def test_the_delta_proof_steps_are_equal_and_end_in_a_minus_y(loss, activation, n):
    import sympy as sp

    from symbolic.losses import delta_proof

    steps = delta_proof(LOSSES[loss], activation, n)
    a1, y1 = sp.Symbol("a_1", positive=True), sp.Symbol("y_1", real=True)
    assert steps[-1] == a1 - y1
    assert any(isinstance(d, sp.Derivative) for d in steps[0].atoms(sp.Derivative))
    with pytest.raises(AssertionError):
        delta_proof(LOSSES["half_sse"], ACTIVATIONS["sigmoid"], 1)
