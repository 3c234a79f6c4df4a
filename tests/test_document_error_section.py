"""The error section for every loss: its name as a teacher says it (zh/en), E as SymPy gives it,
and for sse/mse the constant c of ∂E/∂out = c·Δ, which then reaches the updates' numbers."""

from __future__ import annotations

from fractions import Fraction

import pytest

from codegen.document import DocumentOptions, render_latex
from pdf_support import rounded

QUICK = {"steps": 1, "plot_steps": 1}


def spec(loss: str, outputs: int = 1, activation: str = "identity") -> dict:
    return {
        "name": f"error-{loss}",
        "notation": "layered",
        "inputs": 2,
        "layers": [{"units": outputs, "activation": activation, "bias": True}],
        "loss": loss,
        "example": {"x": [1, -1], "y": [1] + [0] * (outputs - 1)},
    }


@pytest.mark.parametrize(
    ("loss", "outputs", "activation", "zh", "en"),
    [
        ("half_sse", 1, "identity", "误差平方和的一半", "half the sum of the squared errors"),
        ("sse", 1, "identity", "误差平方和）", "the sum of the squared errors)"),
        ("mse", 2, "identity", "均方误差", "the mean squared error"),
        ("binary_cross_entropy", 1, "sigmoid", "二元交叉熵", "the binary cross-entropy"),
        ("cross_entropy", 2, "softmax", "交叉熵", "the cross-entropy"),
    ],
)
def test_each_loss_is_named_in_both_languages(loss, outputs, activation, zh, en):
    network = spec(loss, outputs, activation)
    chinese = render_latex(network, DocumentOptions(lang="zh", **QUICK))
    english = render_latex(network, DocumentOptions(lang="en", **QUICK))
    assert f"（此处使用{zh}" in chinese
    assert f"expected output ({en}" in english
    if loss != "mse":
        assert "均方误差" not in chinese


def test_sse_shows_two_delta_and_uses_it_in_the_numbers():
    slides = {
        "name": "sse",
        "notation": "slides",
        "inputs": 2,
        "layers": [
            {"units": 2, "weights": [[0.11, 0.21], [0.12, 0.08]]},
            {"units": 1, "weights": [[0.14, 0.15]]},
        ],
        "loss": "sse",
        "learning_rate": 0.05,
        "example": {"x": [2, 3], "y": [1]},
    }
    tex = render_latex(slides, DocumentOptions(lang="en", **QUICK))
    assert (
        r"\frac{\partial \text{Error}}{\partial \mathit{out}} &= "
        r"- 2 \cdot \text{actual} + 2 \cdot \mathit{out} \\" + "\n" + r" &= 2 \cdot \Delta"
    ) in tex
    assert r"\text{Error} &= \left(\mathit{out} - \text{actual}\right)^{2}" in tex
    assert r"- 2 \eta \Delta \left[\begin{matrix}h_{1}\\h_{2}\end{matrix}\right]" in tex
    # w5' = w5 − η·2Δ·h1 by hand: out = 0.191, Δ = −0.809, h1 = 0.85
    h1, delta = Fraction("0.85"), Fraction("0.191") - 1
    w5 = Fraction("0.14") - Fraction("0.05") * 2 * delta * h1
    w6 = Fraction("0.15") - Fraction("0.05") * 2 * delta * Fraction("0.48")
    assert (
        r"\left[\begin{matrix}" + rounded(w5) + r"\\" + rounded(w6) + r"\end{matrix}\right]"
    ) in tex
    assert f"\\approx {rounded((Fraction('0.191') - 1) ** 2)}" in tex


def test_mse_constant_is_two_over_the_outputs():
    tex = render_latex(spec("mse", 3), DocumentOptions(lang="en", **QUICK))
    assert r"&= \frac{2}{3} \cdot \Delta_{1}" in tex
    assert r"E &= \frac{1}{3} \cdot \left(a_{1}^{(2)} - y_{1}\right)^{2} + \frac{1}{3}" in tex


def test_half_sse_has_no_constant_line():
    tex = render_latex(spec("half_sse"), DocumentOptions(lang="en", **QUICK))
    assert "is a constant times" not in tex
