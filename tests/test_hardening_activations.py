"""Custom activations: bounded after SymPy combines them, real and finite on the real line.

Formulas that parse but would blow up later (an exponent of 65536 after powers combine, an
exponential tower, a square root of a negative number, a power tower of x) are one line naming
the layer's activation; formulas a real network uses still load and derive.
"""

from __future__ import annotations

import json

import pytest
from hardening_support import SIGMOID, assert_one_line_error, spec_with, write_json


def with_activation(formula: str) -> dict:
    def change(spec):
        spec["layers"][0]["activation"] = formula

    return spec_with(SIGMOID, change)


REFUSED = [
    ("((((1+x)^16)^16)^16)^16", "exponent 65536"),
    ("exp(exp(exp(exp(exp(x)))))", "too large for a float at x = 0"),
    ("exp(exp(x))", "too large for a float at x = 10"),
    ("sqrt(-1-x^2)", "not a real number at x = -10"),
    ("x^x^x^x^x", "not a real number at x = -10"),
    ("x^x", "not a real number"),
    ("x^(1/3)", "not a real number at x = -10"),
    ("log(x)", "undefined at x = -10"),
    ("1/x", "undefined at x = 0"),
    ("abs(x)^0.5", "its derivative is undefined at x = 0"),
    ("x^16*x^16", "exponent 32"),
]


@pytest.mark.parametrize(("formula", "reason"), REFUSED, ids=[r[0] for r in REFUSED])
def test_formula_that_is_not_a_bounded_real_function_is_one_line(cli, tmp_path, formula, reason):
    spec = write_json(tmp_path / "s.json", with_activation(formula))
    assert_one_line_error(cli("derive", str(spec)), "layers[0].activation", reason)


ACCEPTED = ["x/(1+abs(x))", "max(0, x)", "x*sigmoid(x)", "(1+x)^16", "erf(x)", "softplus(x)"]


@pytest.mark.parametrize("formula", ACCEPTED)
def test_formulas_a_network_uses_still_derive(cli, tmp_path, formula):
    spec = write_json(tmp_path / "s.json", with_activation(formula))
    result = cli("derive", str(spec), "--format", "json", "--param", "w1_1_1")
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout)["parameters"][0]["name"] == "w1_1_1"
