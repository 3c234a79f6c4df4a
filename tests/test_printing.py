"""Exact strings from the notation-aware printers."""

from __future__ import annotations

import sympy as sp

from symbolic import Derivation, load_network
from symbolic.printing import latex, plain, text


def test_slides_derivation_prints_like_the_lecture():
    d = Derivation(load_network("slides"))
    g = d.gradient("w1")
    names = d.names
    assert latex(g.derivative, names) == r"\frac{\partial \text{Error}}{\partial w_{1}}"
    assert latex(g.shorthand, names) == r"\Delta \cdot w_{5} \cdot i_{1}"
    assert latex(g.paths[0].chain, names) == (
        r"\frac{\partial \text{Error}}{\partial \mathit{out}} \cdot "
        r"\frac{\partial \mathit{out}}{\partial h_{1}} \cdot \frac{\partial h_{1}}{\partial w_{1}}"
    )
    assert text(g.paths[0].written, names) == (
        "∂((out - actual)^2/2)/∂out · ∂(h1·w5 + h2·w6)/∂h1 · ∂(i1·w1 + i2·w2)/∂w1"
    )
    new, rhs = g.update
    assert latex(sp.Eq(new, rhs, evaluate=False), names) == (
        r"{w_{1}}' = w_{1} - \eta \cdot \Delta \cdot w_{5} \cdot i_{1}"
    )
    assert plain(g.shorthand) == "Delta*w5*i1"


def test_layered_names():
    d = Derivation(load_network("layered-3-3-1"))
    names = d.names
    assert latex(d.model.weight(0, 1, 2), names) == "w_{23}^{(1)}"
    assert latex(d.model.unit(1, 0), names) == "a_{1}^{(2)}"
    assert latex(d.model.delta(2, 0), names) == r"\delta_{1}^{(3)}"
    assert latex(d.gradient("w1_2_3").shorthand, names) == r"\delta_{2}^{(2)} \cdot x_{3}"
    assert text(d.model.derivative_factor(2, 0)) == "a3_1·(1 - a3_1)"


def test_decimals_print_as_decimals():
    assert latex(sp.Rational(11, 100), None) == "0.11"
    assert latex(sp.Rational(1, 3), None) == r"\frac{1}{3}"
