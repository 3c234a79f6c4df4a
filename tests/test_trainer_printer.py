"""The Numba printer: exact strings for small expressions, one clear error for the rest."""

from __future__ import annotations

import pytest
import sympy as sp

from codegen.trainer.printer import NumbaPrinter, UnsupportedExpression, numba_code
from symbolic.activations import BUILTIN, activation_from_spec

z, a = sp.symbols("z a", real=True)
NAMES = {"z": "z", "a": "a"}


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        (BUILTIN["sigmoid"].expr, "1/(1 + _exp(-z))"),
        (BUILTIN["sigmoid"].derivative_in_output, "a*(1 - a)"),
        (BUILTIN["tanh"].expr, "_tanh(z)"),
        (BUILTIN["tanh"].derivative_in_output, "1 - (a*a)"),
        (BUILTIN["relu"].expr, "((z) if (z > 0) else (0))"),
        (sp.Rational(1, 2) * z**2, "(0.5)*(z*z)"),
        (sp.Max(z, 0), "max(0, z)"),
    ],
)
def test_prints_scalar_numba_code(expr, expected):
    assert numba_code(expr.xreplace({sp.Symbol("z", real=True): z}), NAMES) == expected


def test_float32_wraps_every_number():
    assert numba_code(BUILTIN["sigmoid"].expr, NAMES, "float32") == (
        "np.float32(1)/(np.float32(1) + np.float32(_exp(-z)))"
    )


def test_erf_records_the_math_import():
    printer = NumbaPrinter({"names": NAMES})
    assert printer.doprint(activation_from_spec("erf(x)").expr) == "math.erf(z)"
    assert printer.imports == ("math",)


def test_unknown_symbol_is_refused_by_name():
    with pytest.raises(UnsupportedExpression, match="symbol 'q'"):
        numba_code(sp.Symbol("q") + z, NAMES)


@pytest.mark.parametrize(
    ("expr", "type_name"),
    [(sp.gamma(z), "gamma"), (sp.Derivative(sp.Function("f")(z), z), "Derivative")],
)
def test_unsupported_expression_names_its_type(expr, type_name):
    with pytest.raises(UnsupportedExpression, match=type_name) as info:
        numba_code(expr, NAMES)
    assert "\n" not in str(info.value)
