"""Notebook displays: every object of the symbolic API shows itself, through IPython's own
display formatter, and the LaTeX it shows compiles with a real TeX engine."""

from __future__ import annotations

import subprocess

import pytest
from IPython.core.formatters import DisplayFormatter

from symbolic import Derivation, WorkedExample, load_network

FORMAT = DisplayFormatter()


def shown(obj) -> dict:
    data, _ = FORMAT.format(obj)
    return data


def test_a_gradient_shows_its_three_line_derivation():
    data = shown(Derivation(load_network("slides")).gradient("w1"))
    latex = data["text/latex"]
    assert r"\frac{\partial \text{Error}}{\partial w_{1}}" in latex
    assert r"\Delta \cdot w_{5} \cdot i_{1}" in latex
    assert r"{w_{1}}' &= w_{1} - \eta" in latex


def test_a_big_derivation_says_where_it_is_cut():
    data = shown(Derivation(load_network("digits")))
    assert "first 50 of 2,410 parameters" in data["text/latex"]
    small = shown(Derivation(load_network("slides")))["text/latex"]
    assert "first" not in small and small.count("&=") == 6


def test_layer_rules_show_in_the_network_notation():
    derivation = Derivation(load_network("layered-3-3-1"))
    symbolic = shown(derivation.matrix_rules[0])["text/latex"]
    assert r"z^{(2)} &= W^{(1)} a^{(1)} + b^{(1)}" in symbolic
    assert (
        r"\delta^{(2)} &= \left({W^{(2)}}^{\mathsf{T}} \delta^{(3)}\right) \circ "
        r"\sigma'\left(z^{(2)}\right)"
    ) in symbolic
    explicit = shown(derivation.layer_rule(1))["text/latex"]
    assert r"\delta_{1}^{(3)}" in explicit and "w_{11}^{(2)}" in explicit


def test_worked_example_and_step_show_tables():
    example = WorkedExample(load_network("slides"))
    table = shown(example)["text/html"]
    assert "<table>" in table and "0.191" in table and "first 3 steps" in table
    step = shown(example.step(1))["text/html"]
    assert "w5" in step and "0.14 → 0.1743825" in step


def test_the_displayed_latex_compiles(tmp_path):
    derivation = Derivation(load_network("layered-3-3-1"))
    blocks = [
        shown(derivation.gradient("w1_1_1"))["text/latex"],
        shown(derivation)["text/latex"],
        shown(derivation.matrix_rules[0])["text/latex"],
        shown(derivation.matrix_rules[1])["text/latex"],
        shown(derivation.layer_rule(1))["text/latex"],
        shown(Derivation(load_network("digits")))["text/latex"],
    ]
    source = (
        "\\documentclass{article}\\usepackage{amsmath}\\begin{document}\n"
        + "\n\n".join(b.replace("$$", "\\[", 1).replace("$$", "\\]", 1) for b in blocks)
        + "\n\\end{document}\n"
    )
    (tmp_path / "d.tex").write_text(source, encoding="utf-8")
    done = subprocess.run(
        ["xelatex", "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "d.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:]


@pytest.mark.parametrize("network", ["slides", "layered-3-3-1"])
def test_latex_needs_the_notation(network):
    """The easy call is the right one: network.latex / Derivation.latex know the notation."""
    from symbolic.printing import latex

    derivation = Derivation(load_network(network))
    w = derivation.model.weight(0, 0, 0)
    assert derivation.latex(w) == latex(w, derivation.names)
    with pytest.raises(TypeError):
        latex(w)  # the notation is required


def test_a_verify_report_shows_a_coloured_table():
    from symbolic.verify import verify_claims

    claims = "$$E = 0.327$$\n$$E = 0.5$$\n$$\\frac{\\partial E}{\\partial w_6} = -0.38832$$\n"
    report = verify_claims(load_network("slides"), claims)
    table = shown(report)["text/html"]
    assert "3 claims: 1 correct, 1 rounded, 1 wrong" in table
    assert table.count("<tr style=") == 3
    assert 'background-color:#f8d7da"><td>2</td>' in table  # the wrong line is red
    one = shown(report[0])["text/html"]
    assert "rounded" in one and "0.327" in one


def test_a_long_verify_report_says_it_is_cut():
    from symbolic.verify import verify_claims

    report = verify_claims(load_network("slides"), "$$E = 0.327$$\n" * 60)
    table = shown(report)["text/html"]
    assert "first 50 of 60 claims" in table and table.count("<tr style=") == 50
