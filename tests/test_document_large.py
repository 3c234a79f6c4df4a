"""Large documents within a work budget: the 784-256-10 network's numbers in float64 (checked
against an independent NumPy reference), exact/60-digit steps only as far as the budget allows,
the plot's length (--plot-steps) and a plot that stops where float64 training diverges."""

from __future__ import annotations

import re
from decimal import Decimal

import numpy as np
import pytest

import naive
from codegen.document import DocumentOptions, render_latex
from codegen.document import arithmetic as document_arithmetic
from conftest import DATA
from pdf_support import significant
from symbolic import load_network
from symbolic.worked import WorkedExample


@pytest.fixture
def worked_steps_built(monkeypatch):
    """The largest worked-example step any document asks for while the test runs."""
    built = [0]

    class Counting(WorkedExample):
        def step(self, number):
            built[0] = max(built[0], number)
            return super().step(number)

    monkeypatch.setattr(document_arithmetic, "WorkedExample", Counting)
    return built


def iteration(tex: str, n: int) -> str:
    start = tex.index(f"\\subsection{{Iteration {n}}}")
    end = tex.find("\\subsection", start + 1)
    return tex[start : end if end > 0 else tex.index("\\section", start)]


def test_784_256_10_document_uses_float64_and_no_60_digit_step(worked_steps_built):
    net = load_network(DATA / "sigmoid-784-256-10.yaml")
    tex = render_latex(net, DocumentOptions(lang="en", steps=1))
    assert worked_steps_built[0] == 0
    assert "every value in float64 (IEEE 754 double precision) arithmetic" in tex
    assert "20 iterations, computed by the program in float64" in tex
    assert len(re.findall(r"\(\d+, [0-9.e-]+\)", tex)) == 20

    params = naive.params_of(net)
    x, y = [float(v) for v in net.example_x], [float(v) for v in net.example_y]
    _, acts = naive.forward(net, params, x)
    first = iteration(tex, 1)
    shown_outputs = re.search(r"&\\approx \\left\[\\begin\{matrix\}([^]]*?)\\end\{matrix\}", first)
    assert shown_outputs.group(1).split(r"\\") == [significant(v) for v in acts[-1]]
    assert f"E &\\approx {significant(naive.loss(net, params, x, y))}" in first
    # w' = w − η ∂E/∂w for the first weight of the output layer, with the reference gradient
    grads = naive.gradients(net, params, x, y)
    before, gradient = params[1][0][0, 0], grads[1][0][0, 0]
    after = before - float(net.learning_rate) * gradient
    rows = first.split("{w_{1,1}^{(2)}}'")[1].split("\\\\")
    given = net.layers[1].weights[0][0]  # the spec's exact value, shown as it is
    given_text = format(Decimal(given.numerator) / Decimal(given.denominator), "f")
    assert rows[1].strip() == f"&\\approx {given_text} - 0.1 \\cdot {significant(gradient)}"
    assert rows[2].strip() == f"&\\approx {significant(after)}"


def test_worked_steps_stay_within_the_budget_and_the_plot_goes_float64(worked_steps_built):
    spec = {
        "name": "medium",
        "inputs": 100,
        "layers": [{"units": 50, "activation": "tanh", "bias": True}, {"units": 10, "bias": True}],
        "learning_rate": 0.01,
        "example": {"x": [0.01 * (n % 7) for n in range(100)], "y": [1] + [0] * 9},
        "seed": 3,
    }
    net = load_network(spec)
    assert net.count_parameters() * 4 <= document_arithmetic.PRECISE_WORK_BUDGET
    assert net.count_parameters() * 20 > document_arithmetic.PRECISE_WORK_BUDGET
    tex = render_latex(net, DocumentOptions(lang="en", steps=3))
    assert worked_steps_built[0] == 4  # the three shown steps and the prediction after them
    assert "with 60 significant digits otherwise; values are shown" in tex
    assert "20 iterations, computed by the program in float64" in tex


def test_plot_steps_sets_the_plot_length(cli, tmp_path):
    out = tmp_path / "s.tex"
    result = cli("latex", "slides", "--plot-steps", "7", "-o", str(out))
    assert result.returncode == 0, result.stderr
    tex = out.read_text(encoding="utf-8")
    points = re.search(r"coordinates \{(.*)\};", tex).group(1)
    assert points.count("(") == 7 and "(7, " in points
    assert "--plot-steps 7" in tex.splitlines()[2]


def test_a_plot_stops_where_float64_training_diverges():
    spec = {
        "name": "diverging",
        "inputs": 200,
        "layers": [{"units": 50}, {"units": 10}],
        "learning_rate": 1000,
        "example": {"x": [1] * 200, "y": [1] + [0] * 9},
        "seed": 5,
    }
    tex = render_latex(spec, DocumentOptions(lang="en", steps=1))
    points = re.search(r"coordinates \{(.*)\};", tex).group(1)
    count = points.count("(")
    assert 1 <= count < 20
    assert f"Iteration {count + 1} gave an infinite or undefined (NaN) value" in tex
    assert all(np.isfinite(float(v)) for v in re.findall(r", ([^)]+)\)", points))
