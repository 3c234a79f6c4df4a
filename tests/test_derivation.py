"""The derivation against independent oracles: SymPy's own diff of the substituted error,
central finite differences of a hand-written NumPy forward pass, and the matrix-form rules."""

from __future__ import annotations

import numpy as np
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings

import naive
from strategies import network_specs
from symbolic import Derivation, WorkedExample, load_network
from symbolic.numbers import to_mpf

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _values_at_example(network, model):
    """Symbol → exact value for inputs, targets and parameters at the example."""
    values = {}
    for j, x in enumerate(network.example_x):
        values[model.input(j)] = sp.Rational(x.numerator, x.denominator)
    for i, y in enumerate(network.example_y):
        values[model.target(i)] = sp.Rational(y.numerator, y.denominator)
    for p in network.parameters():
        values[model.parameter(p)] = sp.Rational(p.initial.numerator, p.initial.denominator)
    return values


def _kink_free(network):
    """No ReLU or |x| unit sits exactly on its kink at the example (derivative undefined)."""
    zs, _ = naive.forward(network, naive.params_of(network), [float(v) for v in network.example_x])
    return all(
        layer.activation.is_identity
        or layer.activation.name in ("sigmoid", "tanh")
        or np.min(np.abs(z)) > 1e-3
        for layer, z in zip(network.layers, zs)
    )


@PROPERTY
@given(network_specs())
def test_gradients_match_finite_differences(spec):
    network = load_network(spec)
    assume(_kink_free(network))
    params = naive.params_of(network)
    x = [float(v) for v in network.example_x]
    y = [float(v) for v in network.example_y]
    step = WorkedExample(network).step(1)
    reference = naive.gradients(network, params, x, y)
    for p in network.parameters(trainable_only=True):
        ours = float(to_mpf(step.gradient(p.kind, p.layer, p.row, p.col)))
        fd = naive.finite_difference(network, params, x, y, p.layer, p.kind, p.row, p.col)
        by_hand = (
            reference[p.layer][0][p.row, p.col]
            if p.kind == "weight"
            else reference[p.layer][1][p.row]
        )
        assert abs(ours - fd) <= 1e-5 * max(1.0, abs(fd)), (p.name, ours, fd)
        assert abs(ours - by_hand) <= 1e-9 * max(1.0, abs(by_hand)), (p.name, ours, by_hand)


@PROPERTY
@given(network_specs(max_layers=2, max_units=2))
def test_symbolic_gradient_is_the_derivative_of_the_error(spec):
    network = load_network(spec)
    assume(_kink_free(network))
    derivation = Derivation(network)
    model = derivation.model
    error = model.substituted(model.error_expr)
    values = _values_at_example(network, model)
    step = WorkedExample(network).step(1)
    for name in derivation.parameter_names():
        gradient = derivation.gradient(name)
        direct = sp.diff(error, gradient.symbol).xreplace(values)
        chained = gradient.substituted.xreplace(values)
        assert abs(sp.N(direct - chained, 30)) < 1e-20, name
        worked = to_mpf(step.value("d" + name))
        assert abs(float(sp.N(chained, 30)) - float(worked)) <= 1e-12 * max(1, abs(float(worked)))
    assert derivation.check_matrix_form() == []


@PROPERTY
@given(network_specs())
def test_per_parameter_results_agree_with_matrix_form(spec):
    derivation = Derivation(load_network(spec))
    assert derivation.check_matrix_form() == []


def test_matrix_form_check_can_fail():
    """check_matrix_form compares two computations: corrupting one of them is caught."""
    derivation = Derivation(load_network("layered-3-3-1"))
    gradient = derivation.gradient("w1_2_3")
    gradient.__dict__["in_units"] = gradient.in_units * 2
    assert derivation.check_matrix_form(["w1_2_3", "w2_1_1"]) == ["w1_2_3"]


def test_slides_shorthand_is_the_lecture_chain_rule():
    """∂E/∂w1..w6 = Δ·w5·i1, Δ·w5·i2, Δ·w6·i1, Δ·w6·i2, Δ·h1, Δ·h2 (the lecture's results)."""
    derivation = Derivation(load_network("slides"))
    d, i1, i2, h1, h2, w5, w6 = sp.symbols("Delta i1 i2 h1 h2 w5 w6", real=True)
    expected = {
        "w1": d * w5 * i1,
        "w2": d * w5 * i2,
        "w3": d * w6 * i1,
        "w4": d * w6 * i2,
        "w5": d * h1,
        "w6": d * h2,
    }
    for name, formula in expected.items():
        gradient = derivation.gradient(name)
        assert gradient.uses_residual_form
        assert sp.expand(gradient.shorthand - formula) == 0
        first = gradient.paths[0].partials[0]
        assert (str(first.of), str(first.by)) == ("E", "out")


def test_slides_chain_has_three_partials_per_hidden_weight():
    gradient = Derivation(load_network("slides")).gradient("w1")
    (path,) = gradient.paths
    assert [(str(p.of), str(p.by)) for p in path.partials] == [
        ("E", "out"),
        ("out", "h1"),
        ("h1", "w1"),
    ]
    # each partial written out is the derivative of that quantity's definition
    written = [sp.srepr(p.written.expr) for p in path.partials]
    i1, i2, w1, w2 = sp.symbols("i1 i2 w1 w2", real=True)
    assert sp.srepr(i1 * w1 + i2 * w2) == written[2]


def test_sigmoid_uses_the_textbook_derivative():
    derivation = Derivation(load_network("layered-3-3-1"))
    a = derivation.model.unit(2, 0)
    assert derivation.model.derivative_factor(2, 0) == a * (1 - a)
    gradient = derivation.gradient("b2_1")
    assert sp.expand(gradient.in_units - derivation.model.residual(0) * a * (1 - a)) == 0


def test_several_outputs_sum_over_paths():
    spec = {
        "notation": "slides",
        "inputs": 2,
        "layers": [
            {"units": 2, "weights": [[1, 2], [3, 4]]},
            {"units": 2, "weights": [[5, 6], [7, 8]]},
        ],
        "example": {"x": [1, 1], "y": [0, 0]},
    }
    derivation = Derivation(load_network(spec))
    gradient = derivation.gradient("w1")
    d1, d2, w5, w7, i1 = sp.symbols("Delta1 Delta2 w5 w7 i1", real=True)
    assert len(gradient.paths) == 2
    assert sp.expand(gradient.in_units - (d1 * w5 + d2 * w7) * i1) == 0


def test_large_network_derives_one_parameter_lazily(tmp_path):
    """784-256-10: one gradient without building the other 200k parameters' expressions."""
    from conftest import DATA

    network = load_network(DATA / "sigmoid-784-256-10.yaml")
    derivation = Derivation(network)
    gradient = derivation.gradient("w1_17_300")
    assert len(gradient.paths) == 10
    assert gradient.substituted_size > 10**6  # far too big to print: the CLI omits it
    assert derivation.check_matrix_form(["w1_17_300", "b2_3"]) == []
    assert len(derivation.model._net_inputs) == 11  # z of unit 17 and of the 10 outputs
