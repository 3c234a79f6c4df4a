"""The layered strategy's printer: the matrix rules of symbolic.layers as exact Numba statements
and array expressions in both layouts, and one clear error for what it cannot translate."""

from __future__ import annotations

import pytest
import sympy as sp

from codegen.trainer.layout import array_name
from codegen.trainer.matrix_printer import MatrixPrinter
from codegen.trainer.printer import UnsupportedExpression
from symbolic import Derivation, load_network
from symbolic.layers import Rule, SampleMean

SPEC = {
    "name": "small",
    "notation": "layered",
    "inputs": 2,
    "layers": [
        {"units": 2, "activation": "sigmoid", "bias": True},
        {"units": 3, "activation": "softmax", "bias": False},
    ],
    "loss": "cross_entropy",
    "learning_rate": 0.5,
    "example": {"x": [1, 2], "y": [0, 1, 0]},
    "seed": 1,
}


@pytest.fixture(scope="module")
def small():
    network = load_network(SPEC)
    return network, Derivation(network).matrix_rules


def batch(network, **settings):
    return MatrixPrinter({"layout": "batch", "network": network, **settings})


def test_forward_rules_share_one_loop_over_the_batch(small):
    network, rules = small
    lines = batch(network).statements([rules[0].forward, rules[0].activation])
    assert lines == [
        "A1 = np.empty((rows, 2), dtype=DTYPE)",
        "Z1 = np.dot(A0, W1.T)",
        "for r in range(rows):",
        "    for i in range(2):",
        "        z = Z1[r, i] + b1[i]",
        "        Z1[r, i] = z",
        "        a = 1/(1 + _exp(-z))",
        "        A1[r, i] = a",
    ]


def test_softmax_is_a_stable_row_operation(small):
    network, rules = small
    lines = batch(network).statements([rules[1].forward, rules[1].activation])
    assert lines == [
        "A2 = np.empty((rows, 3), dtype=DTYPE)",
        "Z2 = np.dot(A1, W2.T)",
        "for r in range(rows):",
        "    _max = Z2[r, 0]",
        "    for i in range(1, 3):",
        "        _max = max(_max, Z2[r, i])",
        "    _sum = 0.0",
        "    for i in range(3):",
        "        _e = _exp(Z2[r, i] - _max)",
        "        A2[r, i] = _e",
        "        _sum += _e",
        "    for i in range(3):",
        "        A2[r, i] = A2[r, i] / _sum",
    ]


def test_delta_recursion_and_mean_gradient_in_the_batch_layout(small):
    network, rules = small
    printer = batch(network, preallocated=frozenset({"GW1", "Gb1"}))
    assert printer.statements([rules[0].delta_rule]) == [
        "D1 = np.dot(D2, W2)",
        "for r in range(rows):",
        "    for i in range(2):",
        "        d = A1[r, i]*D1[r, i]*(1 - A1[r, i])",
        "        D1[r, i] = d",
    ]
    mean = Rule(rules[0].weight_gradient.lhs, SampleMean(rules[0].weight_gradient.rhs, 2))
    assert printer.statements([mean]) == ["np.dot(D1.T, A0, GW1)"]
    assert printer.statements([rules[0].weight_update]) == [  # GW1 holds the sum: read / rows
        "inv_rows = DTYPE(1) / DTYPE(rows)",
        "for i in range(2):",
        "    for j in range(2):",
        "        W1[i, j] = -GW1[i, j]*inv_rows*lr + W1[i, j]",
    ]


def test_a_per_sample_update_is_one_rank_one_loop(small):
    network, rules = small
    gradient = rules[0].weight_gradient
    printer = MatrixPrinter(
        {"layout": "vector", "network": network, "inline": {gradient.lhs: gradient.rhs}}
    )
    assert printer.statements([rules[0].weight_update]) == [
        "for i in range(2):",
        "    _h0 = -d1[i]*lr",
        "    for j in range(2):",
        "        W1[i, j] = W1[i, j] + _h0*x[j]",
    ]


def test_rules_as_array_expressions(small):
    network, rules = small
    printer = batch(network)
    assert [printer.describe(rule) for rule in rules[1].rules] == [
        "Z2 = A1 @ W2.T",
        "A2 = softmax(Z2)",
        "Delta = A2 - Y",
        "D2 = A2 - Y",
        "GW2 = np.outer(D2, A1)",
        "W2 = W2 - lr*GW2",
    ]
    mean = Rule(rules[0].bias_gradient.lhs, SampleMean(rules[0].bias_gradient.rhs, 2))
    assert printer.describe(mean) == "Gb1 = D1.sum(axis=0) / rows"
    vector = MatrixPrinter({"layout": "vector", "network": network})
    assert vector.describe(rules[0].forward) == "z1 = W1 @ x + b1"
    assert vector.describe(rules[0].delta_rule) == "d1 = (W2.T @ d2) * (a1*(1 - a1))"


def test_array_names_follow_the_layout(small):
    _, rules = small
    assert [array_name(rules[0].inputs, layout) for layout in ("batch", "vector")] == ["A0", "x"]
    assert array_name(rules[1].delta, "vector") == "d2"
    assert array_name(rules[1].weight_gradient.lhs, "batch") == "GW2"


@pytest.mark.parametrize("layout", ["batch", "vector"])
def test_unsupported_nodes_are_refused_by_type(small, layout):
    network, rules = small
    weights = rules[1].weights
    for rhs, name in [(sp.Inverse(sp.MatMul(weights.T, weights)), "Inverse")]:
        printer = MatrixPrinter({"layout": layout, "network": network})
        with pytest.raises(UnsupportedExpression, match=name) as info:
            printer.statements([Rule(rules[1].weights, rhs)])
        assert "\n" not in str(info.value)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_the_docstring_forward_pass_is_the_numpy_the_kernels_compute(activation):
    """The module docstring's forward pass, run as NumPy on the arrays it names, gives what the
    compiled trainer's predict() gives (ReLU printed as np.where, not a scalar conditional)."""
    import numpy as np

    from tests.trainer_support import trainer_for

    spec = {
        "name": f"doc-{activation}",
        "inputs": 2,
        "layers": [
            {"units": 3, "activation": activation, "bias": True},
            {"units": 2, "activation": "identity", "bias": False},
        ],
        "learning_rate": 0.1,
        "example": {"x": [1, -2], "y": [0, 1]},
        "seed": 3,
    }
    module = trainer_for(load_network(spec), strategy="layered")
    lines = module.__doc__.split("Forward pass:\n")[1].split("\nOutput layer:")[0].splitlines()
    params = module.init_params()
    X = np.array([[1.0, -2.0], [0.5, 0.25], [-1.0, 3.0]])
    names = {"np": np, "A0": X, **dict(zip(module.PARAM_NAMES, params, strict=True))}
    for line in lines:
        target, expression = (part.strip() for part in line.split(" = ", 1))
        names[target] = eval(expression, {"__builtins__": {}}, names)  # the module's own text
    assert np.allclose(names["A2"], module.predict(params, X), rtol=1e-12, atol=0)
