"""The ``nnderive`` command end to end, through a real subprocess."""

from __future__ import annotations

import json

import sympy as sp

import lecture
from conftest import DATA


def test_examples_lists_the_slides(cli):
    result = cli("examples")
    assert result.returncode == 0
    assert any(line.split()[0] == "slides" for line in result.stdout.splitlines())


def test_derive_json_for_the_slides(cli):
    result = cli("derive", "slides", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    _, _, out, error, _, grads, _ = lecture.run(1)[0]
    assert report["prediction"][0]["value"] == lecture.rounded(out, 30)
    assert report["error"]["value"] == lecture.rounded(error, 30)

    names = "i1 i2 w1 w2 w3 w4 w5 w6 actual Delta eta h1 h2"
    s = dict(zip(names.split(), sp.symbols(names, real=True)))
    # the test parses the tool's output (test code, not product code, may sympify)
    parse = lambda text: sp.sympify(text, locals=s)  # noqa: E731
    out_full = s["w5"] * (s["i1"] * s["w1"] + s["i2"] * s["w2"]) + s["w6"] * (
        s["i1"] * s["w3"] + s["i2"] * s["w4"]
    )
    delta_full = out_full - s["actual"]
    expected = {
        "w1": s["w5"] * s["i1"],
        "w2": s["w5"] * s["i2"],
        "w3": s["w6"] * s["i1"],
        "w4": s["w6"] * s["i2"],
        "w5": s["i1"] * s["w1"] + s["i2"] * s["w2"],
        "w6": s["i1"] * s["w3"] + s["i2"] * s["w4"],
    }
    shorthand = {
        "w1": "Delta*w5*i1",
        "w2": "Delta*w5*i2",
        "w3": "Delta*w6*i1",
        "w4": "Delta*w6*i2",
        "w5": "Delta*h1",
        "w6": "Delta*h2",
    }
    records = {r["name"]: r for r in report["parameters"]}
    assert list(records) == ["w1", "w2", "w3", "w4", "w5", "w6"]
    for (name, factor), grad in zip(expected.items(), grads):
        record = records[name]
        assert sp.expand(parse(record["gradient"]) - delta_full * factor) == 0
        assert record["shorthand"] == shorthand[name]
        assert record["value"] == lecture.rounded(grad, 30)
        assert record["exact"] is True
        assert record["update"] == f"{name}_new = {name} - eta*{shorthand[name]}"
        assert record["latex"].startswith(r"\frac{\partial \text{Error}}{\partial w_{")


def test_derive_param_and_list_params(cli):
    listed = cli("derive", "slides", "--list-params")
    assert listed.stdout.split() == ["w1", "w2", "w3", "w4", "w5", "w6"]
    one = json.loads(cli("derive", "slides", "--format", "json", "--param", "w5").stdout)
    assert [r["name"] for r in one["parameters"]] == ["w5"]


def test_derive_text_and_latex(cli):
    text = cli("derive", "slides", "--param", "w1").stdout
    assert "∂E/∂w1 = ∂E/∂out · ∂out/∂h1 · ∂h1/∂w1" in text
    assert "= Δ·w5·i1" in text
    latex = cli("derive", "slides", "--format", "latex", "--param", "w6").stdout
    assert r"\begin{align*}" in latex and r"\Delta \cdot h_{2}" in latex


def test_train_table_shows_the_three_predictions(cli):
    result = cli("train", "slides", "--steps", "3")
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()[2:5]]
    expected = [lecture.rounded(h[2], 10) for h in lecture.run(3)]
    assert [row[1] for row in rows] == expected
    assert [row[2] for row in rows] == [lecture.rounded(h[3], 10) for h in lecture.run(3)]


def test_train_says_which_parameter_columns_it_hides(cli):
    shown = cli("train", "slides", "--steps", "1").stdout
    assert "not shown" not in shown and shown.splitlines()[0].split()[-1] == "w6"
    hidden = cli("train", "layered-3-3-1", "--steps", "1")
    assert hidden.returncode == 0, hidden.stderr
    note = hidden.stdout.splitlines()[-1]
    assert "16 parameters are not shown as columns" in note
    assert "--param w1_1_1 w1_1_2" in note and "layered-3-3-1 --list-params" in note
    chosen = cli("train", "layered-3-3-1", "--steps", "1", "--param", "w1_1_1").stdout
    assert "not shown" not in chosen and "w1_1_1" in chosen.splitlines()[0]


def test_train_digits_option(cli):
    rows = cli("train", "slides", "--steps", "2", "--digits", "3").stdout.splitlines()
    assert rows[3].split()[1] == lecture.rounded(lecture.run(2)[1][2], 3)


def test_large_network_single_parameter(cli):
    result = cli(
        "derive",
        str(DATA / "sigmoid-784-256-10.yaml"),
        "--format",
        "json",
        "--param",
        "w1_17_300",
        "b2_3",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    record = report["parameters"][0]
    assert record["gradient"] is None and record["gradient_terms"] > 10**6
    assert record["shorthand"] == "delta2_17*x300"
    refused = cli("derive", str(DATA / "sigmoid-784-256-10.yaml"))
    assert refused.returncode == 2 and "--param" in refused.stderr
