"""The softmax + cross-entropy document (tests/data/softmax-3-3-3.yaml, two samples) as real PDFs
in both languages: every number of iterations 1–3 against the independent NumPy reference
(tests/naive.py), the plotted mean errors, the softmax Jacobian and the steps of δ = a − y; and
the same steps for sigmoid + binary cross-entropy.

Each PDF is compiled once per module.
"""

from __future__ import annotations

import re
from fractions import Fraction

import numpy as np
import pytest

import naive
from codegen.document import DocumentOptions, compile_pdf, render_latex
from conftest import DATA
from pdf_support import has_number, pdf_text, rounded, significant
from symbolic import load_network

SPEC = DATA / "softmax-3-3-3.yaml"


@pytest.fixture(scope="module")
def network():
    return load_network(SPEC)


@pytest.fixture(scope="module", params=["en", "zh"])
def document(request, tmp_path_factory):
    tex = render_latex(SPEC, DocumentOptions(lang=request.param))
    pdf = compile_pdf(tex)
    return request.param, tex, pdf_text(pdf, tmp_path_factory)


def reference_iterations(network, count: int):
    """Per iteration, from tests/naive.py: each sample's activations, loss and gradients, the
    mean loss and gradients, and the parameters after the full-batch update."""
    params = naive.params_of(network)
    samples = naive.samples_of(network)
    rate = float(network.learning_rate)
    out = []
    for _ in range(count):
        each = []
        for x, y in samples:
            _, acts = naive.forward(network, params, x)
            each.append(
                {
                    "acts": acts[1:],
                    "loss": naive.loss(network, params, x, y),
                    "grads": naive.gradients(network, params, x, y),
                }
            )
        mean = naive.mean_gradients(network, params, samples)
        params = [(w - rate * dw, b - rate * db) for (w, b), (dw, db) in zip(params, mean)]
        error = float(np.mean([one["loss"] for one in each]))
        out.append({"samples": each, "mean": mean, "after": params, "error": error})
    return out


def shown_values(iteration) -> list[float]:
    """Every transcendental number an iteration shows (units after σ/softmax, losses, δ-based
    gradients per sample and their means, the updated parameters)."""
    values = [iteration["error"]]
    for one in iteration["samples"]:
        values += [v for layer in one["acts"] for v in layer]
        values.append(one["loss"])
        for dw, db in one["grads"]:
            values += [*dw.ravel(), *db]
    for dw, db in iteration["mean"]:
        values += [*dw.ravel(), *db]
    for w, b in iteration["after"]:
        values += [*w.ravel(), *b]
    return values


def test_every_number_of_iterations_1_to_3(network, document):
    _, _, text = document
    missing = []
    for n, iteration in enumerate(reference_iterations(network, 3), start=1):
        for value in shown_values(iteration):
            if not has_number(text, significant(value)):
                missing.append((n, significant(value)))
    assert missing == []


def test_first_iteration_weighted_inputs_are_exact(network, document):
    """z of the hidden layer in iteration 1 is exact (rational inputs and weights): shown with
    its own digits, computed here with Fractions."""
    _, _, text = document
    hidden = network.layers[0]
    for sample in network.samples:
        for row, bias in zip(hidden.weights, hidden.bias):
            z = sum((w * x for w, x in zip(row, sample.x)), Fraction(0)) + bias
            assert has_number(text, rounded(z)), rounded(z)


def test_plot_is_the_mean_error_of_every_iteration(network, document):
    _, tex, _ = document
    points = re.search(r"coordinates \{(.*)\};", tex).group(1)
    shown = [float(v) for v in re.findall(r", ([^)]+)\)", points)]
    params, samples = naive.params_of(network), naive.samples_of(network)
    rate = float(network.learning_rate)
    expected = []
    for _ in range(20):
        expected.append(naive.mean_loss(network, params, samples))
        mean = naive.mean_gradients(network, params, samples)
        params = [(w - rate * dw, b - rate * db) for (w, b), (dw, db) in zip(params, mean)]
    assert len(shown) == 20
    assert shown == pytest.approx(expected, rel=1e-5)


def test_softmax_jacobian_and_the_steps_of_delta(document):
    lang, tex, text = document
    # the Jacobian in the outputs, entry (1, 2), and its general entries
    assert r"J\left(a^{(3)}\right) &= " in tex
    assert r"- a_{1}^{(3)} \cdot a_{2}^{(3)}" in tex
    assert r"\frac{\partial a_{i}}{\partial z_{j}} = - a_{i} \cdot a_{j}" in tex
    # δ_1 = ∂E/∂z_1 = Σ_k ∂E/∂a_k ∂a_k/∂z_1 = … = −y_1 + a_1 (y_1 + y_2 + y_3) = a_1 − y_1
    proof = tex[tex.index(r"\delta_{1}^{(3)} &= \frac{\partial E^{[n]}}{\partial z_{1}^{(3)}}") :]
    proof = proof[: proof.index(r"\end{align*}")]
    steps = [
        r"\frac{\partial E^{[n]}}{\partial a_{3}^{(3)}} \cdot "
        r"\frac{\partial a_{3}^{(3)}}{\partial z_{1}^{(3)}}",
        r"- \frac{y_{1}}{a_{1}^{(3)}} \cdot a_{1}^{(3)} \cdot \left(1 - a_{1}^{(3)}\right)",
        r"&= - y_{1} + a_{1}^{(3)} \cdot \left(y_{1} + y_{2} + y_{3}\right)",
        r"&= a_{1}^{(3)} - y_{1}",
    ]
    positions = [proof.index(step) for step in steps]
    assert positions == sorted(positions)
    assert "y_{1} + y_{2} + y_{3} = 1" in tex
    assert r"\delta^{(3)} &= a^{(3)} - y" in tex
    words = {
        "en": ["Softmax and the output layer", "SymPy checks every step", "targets sum to 1"],
        "zh": ["归一化指数函数（softmax）", "交叉熵", "SymPy 验证了每一步", "目标值之和为 1"],
    }[lang]
    flat = text.replace("\n", "")
    assert all(word in flat for word in words), [w for w in words if w not in flat]


def test_samples_are_marked_with_square_brackets(document):
    lang, tex, _ = document
    assert r"\left[\begin{matrix}x_{1} & x_{2} & x_{3}\end{matrix}\right]^{[2]}" in tex
    assert r"E &= \frac{1}{2} \left(E^{[1]} + E^{[2]}\right)" in tex
    assert (
        r"\frac{\partial E}{\partial \theta} &= \frac{1}{2} \sum_{n=1}^{2} "
        r"\frac{\partial E^{[n]}}{\partial \theta}"
    ) in tex
    marking = {"en": "a superscript $[n]$ marks sample $n$", "zh": "上标 $[n]$ 表示第 $n$ 个样本"}
    assert marking[lang] in tex


def test_sigmoid_binary_cross_entropy_shows_why_delta_is_a_minus_y():
    spec = {
        "name": "bce",
        "notation": "layered",
        "inputs": 2,
        "layers": [
            {"units": 2, "activation": "tanh", "bias": True},
            {"units": 2, "activation": "sigmoid", "bias": True},
        ],
        "loss": "binary_cross_entropy",
        "example": {"x": [1, 0.5], "y": [1, 0]},
    }
    tex = render_latex(spec, DocumentOptions(lang="en", steps=1))
    assert r"\section{Sigmoid outputs, the binary cross-entropy" in tex
    proof = tex[tex.index(r"\delta_{1}^{(3)} &= \frac{\partial E}{\partial z_{1}^{(3)}}") :]
    steps = [
        r"&= \frac{\partial E}{\partial a_{1}^{(3)}} \cdot "
        r"\frac{\partial a_{1}^{(3)}}{\partial z_{1}^{(3)}}",
        r"\cdot a_{1}^{(3)} \cdot \left(1 - a_{1}^{(3)}\right)",
        r"&= a_{1}^{(3)} - y_{1}",
    ]
    positions = [proof.index(step) for step in steps]
    assert positions == sorted(positions)
    assert r"- y_{1} \cdot \ln{\left(a_{1}^{(3)} \right)}" in tex


def test_softmax_with_a_squared_error_shows_the_jacobian_times_the_residual():
    spec = {
        "name": "softmax-sse",
        "notation": "layered",
        "inputs": 2,
        "layers": [{"units": 2, "activation": "softmax", "bias": True}],
        "loss": "sse",
        "example": {"x": [1, -1], "y": [1, 0]},
    }
    tex = render_latex(spec, DocumentOptions(lang="en", steps=1))
    assert r"\delta^{(2)} &= J\left(a^{(2)}\right) 2 \Delta" in tex
    assert "Sigmoid outputs" not in tex and "SymPy checks every step" not in tex
