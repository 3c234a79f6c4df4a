"""Documents of several samples: the lecture's network with a second sample as a real PDF (every
number of iterations 1–3 against exact Fraction arithmetic written here), ``update: per_sample``
(which sample each iteration uses, its numbers from tests/naive.py), many samples, a large
network's predictions per sample, and how the sample marks print."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
import sympy as sp

import naive
from codegen.document import DocumentOptions, compile_pdf, render_latex
from codegen.document.marks import SAMPLE_INDEX, MeanOfTerms, OfSample, SampleAverage, mean_of
from codegen.document.printer import tex as printed
from conftest import DATA
from pdf_support import has_number, pdf_text, rounded, significant
from symbolic import load_network

TWO_SAMPLES = DATA / "half-sse-2-2-1-two-samples.yaml"
SOFTMAX = DATA / "softmax-3-3-3.yaml"


def two_sample_iterations(count: int):
    """The lecture's 2-2-1 network on samples ⟨2, 3⟩ → 1 and ⟨1, −1⟩ → 0, full batch, by hand in
    exact arithmetic: per sample h, out, E, Δ and ∂E/∂w; the means; the updated weights."""
    w = [Fraction(v) for v in ("0.11", "0.21", "0.12", "0.08", "0.14", "0.15")]
    samples = [
        ((Fraction(2), Fraction(3)), Fraction(1)),
        ((Fraction(1), Fraction(-1)), Fraction(0)),
    ]
    eta = Fraction("0.05")
    out = []
    for _ in range(count):
        each = []
        for (i1, i2), target in samples:
            h1, h2 = i1 * w[0] + i2 * w[1], i1 * w[2] + i2 * w[3]
            prediction = h1 * w[4] + h2 * w[5]
            delta = prediction - target
            grads = [delta * w[4] * i1, delta * w[4] * i2, delta * w[5] * i1, delta * w[5] * i2]
            grads += [delta * h1, delta * h2]
            each.append(
                {"h": (h1, h2), "out": prediction, "E": delta**2 / 2, "D": delta, "g": grads}
            )
        mean = [sum(one["g"][k] for one in each) / len(each) for k in range(6)]
        error = sum(one["E"] for one in each) / len(each)
        w = [p - eta * g for p, g in zip(w, mean)]
        out.append({"samples": each, "mean": mean, "E": error, "new": w})
    return out


@pytest.fixture(scope="module")
def two_samples_en(tmp_path_factory):
    tex = render_latex(TWO_SAMPLES, DocumentOptions(lang="en"))
    return tex, pdf_text(compile_pdf(tex), tmp_path_factory)


def test_two_sample_pdf_has_every_number_of_iterations_1_to_3(two_samples_en):
    _, text = two_samples_en
    missing = []
    for n, it in enumerate(two_sample_iterations(3), start=1):
        values = [it["E"], *it["mean"], *it["new"]]
        for one in it["samples"]:
            values += [*one["h"], one["out"], one["E"], one["D"], *one["g"]]
        missing += [(n, rounded(v)) for v in values if not has_number(text, rounded(v))]
    assert missing == []


def test_two_sample_document_states_the_mean(two_samples_en):
    tex, text = two_samples_en
    assert "the training set has 2 samples (a superscript $[n]$ marks sample $n$):" in tex
    assert "(l)" not in tex[: tex.index(r"\section{Forward pass}")]  # no layers in slides names
    assert (
        r"\text{Error} &= \frac{1}{2} \left(\text{Error}^{[1]} + \text{Error}^{[2]}\right)" in tex
    )
    assert (
        r"{w_{1}}' &= w_{1} - \eta \cdot \frac{1}{2} \sum_{n=1}^{2} "
        r"\left(\Delta \cdot w_{5} \cdot i_{1}\right)^{[n]}"
    ) in tex
    assert "is one gradient-descent step on all samples" in text.replace("\n", " ")


def per_sample_spec():
    spec = load_network(SOFTMAX)
    return {
        "name": "softmax-per-sample",
        "notation": "layered",
        "inputs": 3,
        "layers": [
            {
                "units": 3,
                "activation": "sigmoid",
                "bias": [float(b) for b in spec.layers[0].bias],
                "weights": [[float(w) for w in row] for row in spec.layers[0].weights],
            },
            {
                "units": 3,
                "activation": "softmax",
                "bias": [float(b) for b in spec.layers[1].bias],
                "weights": [[float(w) for w in row] for row in spec.layers[1].weights],
            },
        ],
        "loss": "cross_entropy",
        "learning_rate": 0.5,
        "update": "per_sample",
        "examples": [
            {"x": [1, 0.5, -1], "y": [1, 0, 0]},
            {"x": [-0.5, 1, 0.5], "y": [0, 0, 1]},
        ],
    }


def test_per_sample_iterations_name_their_sample_and_use_its_numbers():
    network = load_network(per_sample_spec())
    tex = render_latex(network, DocumentOptions(lang="en", steps=3, plot_steps=6))
    used = re.findall(r"This iteration uses sample (\d+)", tex)
    assert used == ["1", "2", "1"]
    assert "iteration 3 uses sample 1 again" in tex
    assert r"{\theta}' &= \theta - \eta \cdot \frac{\partial E^{[n]}}{\partial \theta}" in tex
    # iteration 2: the outputs for sample 2 after one step on sample 1 alone (naive reference)
    params, samples = naive.params_of(network), naive.samples_of(network)
    rate = float(network.learning_rate)
    errors = []
    for n in range(6):
        errors.append(naive.mean_loss(network, params, samples))
        x, y = samples[n % 2]
        if n == 1:
            _, acts = naive.forward(network, params, x)
            second = tex[tex.index(r"\subsection{Iteration 2}") :]
            second = second[: second.index(r"\subsection{Iteration 3}")]
            for value in acts[-1]:
                assert significant(value) in second
            assert "E^{[2]} &= " in second
            assert significant(naive.loss(network, params, x, y)) in second
        grads = naive.gradients(network, params, x, y)
        params = [(w - rate * dw, b - rate * db) for (w, b), (dw, db) in zip(params, grads)]
    # the plot shows the mean over both samples, not the loss of the step's sample
    points = re.search(r"coordinates \{(.*)\};", tex).group(1)
    shown = [float(v) for v in re.findall(r", ([^)]+)\)", points)]
    assert shown == pytest.approx(errors, rel=1e-5)
    assert "the mean of the 2 samples' errors before each iteration" in tex


def test_many_samples_write_out_three_and_average_all():
    spec = {
        "name": "five",
        "inputs": 1,
        "layers": [{"units": 1, "bias": True}],
        "learning_rate": 0.1,
        "examples": [{"x": [n], "y": [2 * n]} for n in range(1, 6)],
    }
    tex = render_latex(spec, DocumentOptions(lang="en", steps=1, plot_steps=2))
    assert r"E^{[1]} + E^{[2]} + E^{[3]} + \cdots + E^{[5]}" in tex
    assert tex.count("Samples 4 to 5 are computed the same way") == 2  # forward pass, iteration
    assert r"\text{Sample 4" not in tex and "Sample 4 (input" not in tex
    # the mean error over all five samples, exactly: w = 0.1·… from the seed, so by the network
    network = load_network(spec)
    (w,), b = network.layers[0].weights[0], network.layers[0].bias[0]
    mean = sum(
        ((w * x + b - y) ** 2 / 2 for x, y in ((n, 2 * n) for n in range(1, 6))), Fraction(0)
    )
    assert f"&= {rounded(mean / 5)}" in tex or f"&\\approx {rounded(mean / 5)}" in tex


def test_large_network_shows_each_samples_prediction_and_the_mean_error():
    spec = {
        "name": "wide",
        "notation": "layered",
        "inputs": 12,
        "layers": [
            {"units": 6, "activation": "tanh", "bias": True},
            {"units": 3, "activation": "softmax", "bias": True},
        ],
        "loss": "cross_entropy",
        "learning_rate": 0.1,
        "examples": [
            {"x": [0.1 * (n % 5) for n in range(12)], "y": [1, 0, 0]},
            {"x": [0.5] * 12, "y": [0, 1, 0]},
        ],
        "seed": 2,
    }
    network = load_network(spec)
    tex = render_latex(network, DocumentOptions(lang="en", steps=1, plot_steps=2))
    assert "This network has 99 parameters" in tex
    first = tex[tex.index(r"\subsection{Iteration 1}") :]
    params, samples = naive.params_of(network), naive.samples_of(network)
    for n, (x, _) in enumerate(samples, start=1):
        _, acts = naive.forward(network, params, x)
        row = " & ".join(significant(v) for v in acts[-1])
        assert f"\\right]^{{[{n}]}} &\\approx \\left[\\begin{{matrix}}{row}\\end{{matrix}}" in first
    assert f"E &\\approx {significant(naive.mean_loss(network, params, samples))}" in first
    # the matrix rules from their one home: δ = a − y, gradients as means over the samples
    assert r"\delta^{(3)} &= a^{(3)} - y" in tex
    assert (
        r"\frac{\partial E}{\partial W^{(2)}} &= \frac{1}{2} \sum_{n=1}^{2} "
        r"\left(\delta^{(3)} a^{(2)\mathsf{T}}\right)^{[n]}"
    ) in tex


E, W, X, Y = sp.symbols("E w x y")


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        (OfSample(E, 2), "E^{[2]}"),
        (OfSample(sp.Symbol("a_1"), 2), "a_{1}^{[2]}"),
        (OfSample(X + Y, 1), r"\left(x + y\right)^{[1]}"),
        (
            sp.Derivative(OfSample(E, SAMPLE_INDEX), W, evaluate=False),
            r"\frac{\partial E^{[n]}}{\partial w}",
        ),
        (SampleAverage(X * Y, 3), r"\frac{1}{3} \sum_{n=1}^{3} \left(x \cdot y\right)^{[n]}"),
        (
            mean_of([OfSample(E, n) for n in range(1, 7)], 4),
            r"\frac{1}{6} \left(E^{[1]} + E^{[2]} + E^{[3]} + \cdots + E^{[6]}\right)",
        ),
        (MeanOfTerms(2, sp.Integer(1), sp.Integer(-3)), r"\frac{1}{2} \left(1 - 3\right)"),
    ],
)
def test_sample_marks_print(expr, expected):
    assert printed(expr) == expected
