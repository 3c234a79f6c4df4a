"""Numbers in a spec: one documented range, one line for every value outside it.

Accepted: 0, or 1e-30 ≤ |value| ≤ 1e6, written with at most 30 significant digits (docs/spec.md).
Digits and exponents of a numeric string are bounded before any Fraction is built, so
"1e9999999" is refused at once; values at the edges of the range run through every command.
"""

from __future__ import annotations

import json

import pytest
from hardening_support import (
    SIGMOID,
    SLIDES,
    assert_one_line_error,
    set_at,
    spec_with,
    write_json,
)

from symbolic.numbers import ACCEPTED_RANGE

#: (id, spec change, field named by the error, extra fragment)
OUT_OF_RANGE = [
    ("lr-huge-text", set_at(["learning_rate"], "1e9999999"), "learning_rate", "'1e9999999'"),
    ("lr-tiny-text", set_at(["learning_rate"], "1e-9999999"), "learning_rate", "'1e-9999999'"),
    (
        "weight-1e9",
        set_at(["layers", 0, "weights", 0, 0], 1e9),
        "layers[0].weights[0][0]",
        "1000000000.0",
    ),
    (
        "weight-1e20",
        set_at(["layers", 0, "weights", 1, 1], 1e20),
        "layers[0].weights[1][1]",
        "1e+20",
    ),
    ("weight-1e300", set_at(["layers", 1, "weights", 0, 0], 1e300), "layers[1].weights[0][0]", ""),
    ("weight-1e200", set_at(["layers", 1, "weights", 0, 1], 1e200), "layers[1].weights[0][1]", ""),
    ("bias-1e9", set_at(["layers", 0, "bias", 1], "1e9"), "layers[0].bias[1]", "'1e9'"),
    ("input-1e300", set_at(["example", "x", 0], 1e300), "example.x[0]", ""),
    ("target-1e300", set_at(["example", "y", 0], -1e300), "example.y[0]", ""),
    ("tiny-weight", set_at(["layers", 0, "weights", 0, 1], 1e-31), "layers[0].weights[0][1]", ""),
    ("huge-int", set_at(["learning_rate"], 10**400), "learning_rate", "about 401 digits"),
    (
        "31-digits",
        set_at(["learning_rate"], "0." + "1" * 31),
        "learning_rate",
        "more than 30 significant digits",
    ),
    ("long-text", set_at(["learning_rate"], "0" * 70 + "1"), "learning_rate", "longer than 64"),
    ("ratio-by-zero", set_at(["learning_rate"], "1/0"), "learning_rate", "divides by zero"),
    ("nan", set_at(["learning_rate"], float("nan")), "learning_rate", "nan"),
    ("infinity", set_at(["learning_rate"], float("inf")), "learning_rate", "inf"),
    ("not-a-number", set_at(["learning_rate"], "fast"), "learning_rate", "'fast'"),
]


@pytest.mark.parametrize(
    ("change", "field", "fragment"), [c[1:] for c in OUT_OF_RANGE], ids=[c[0] for c in OUT_OF_RANGE]
)
def test_value_outside_the_range_is_one_line(cli, tmp_path, change, field, fragment):
    spec = write_json(tmp_path / "s.json", spec_with(SIGMOID, change))
    assert_one_line_error(cli("derive", str(spec)), field, fragment)


@pytest.mark.parametrize("command", [["train", "--steps", "3"], ["latex"]])
def test_weights_of_1e200_in_train_steps_and_latex(cli, tmp_path, command):
    spec = write_json(
        tmp_path / "s.json",
        spec_with(SLIDES, set_at(["layers", 0, "weights"], [[1e200, 1], [1, 1]])),
    )
    assert_one_line_error(
        cli(command[0], str(spec), *command[1:]), "layers[0].weights[0][0]", ACCEPTED_RANGE
    )


def test_a_yaml_float_too_large_for_a_float_is_shown_as_written(cli, tmp_path):
    text = json.dumps(SIGMOID).replace('"learning_rate": 0.5', '"learning_rate": 1.0e+400')
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    assert_one_line_error(cli("derive", str(path)), "s.yaml:1", "learning_rate", "'1.0e+400'")


def _edges(base, big, small):
    """The spec with every weight, bias, input and target at the edges of the range."""

    def change(spec):
        for layer in spec["layers"]:
            layer["weights"] = [
                [big if (i + j) % 2 else -big for j, _ in enumerate(row)]
                for i, row in enumerate(layer["weights"])
            ]
            if "bias" in layer:
                layer["bias"] = [small for _ in layer["bias"]]
        spec["example"] = {"x": [big, -small], "y": [big]}
        spec["learning_rate"] = small

    return spec_with(base, change)


@pytest.mark.parametrize(
    "command",
    [["derive", "--param", "w1_1_1"], ["train", "--steps", "3"], ["codegen"], ["latex"]],
)
def test_sigmoid_at_the_edges_of_the_range_runs(cli, tmp_path, command):
    spec = write_json(tmp_path / "s.json", _edges(SIGMOID, 1e6, 1e-30))
    result = cli(command[0], str(spec), *command[1:])
    assert result.returncode == 0, result.stderr[-2000:]
    if command[0] == "codegen":
        compile(result.stdout, "trainer.py", "exec")  # a module Python can read
    else:
        assert "nan" not in result.stdout.lower().split()


def test_large_values_are_shown_in_scientific_notation(cli, tmp_path):
    spec = spec_with(SLIDES, set_at(["layers", 1, "weights"], [[1e6, 1e6]]), learning_rate=1e6)
    result = cli(
        "train", str(write_json(tmp_path / "s.json", spec)), "--steps", "3", "--digits", "2"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    last = result.stdout.splitlines()[-1].split()
    assert all("e+" in cell for cell in last[2:]), last


INTEGERS = spec_with(
    SLIDES,
    learning_rate=1,
    layers=[
        {"units": 2, "activation": "identity", "weights": [[1, 2], [3, 4]]},
        {"units": 1, "activation": "identity", "weights": [[5, 6]]},
    ],
)


def test_a_diverging_all_integer_network_stays_within_the_exact_budget():
    """Work, not time: the exact values of step 9 stay within worked.MAX_EXACT_BITS."""
    from symbolic import WorkedExample, load_network
    from symbolic.worked import MAX_EXACT_BITS

    step = WorkedExample(load_network(INTEGERS)).step(9)
    sizes = [abs(v.numerator).bit_length() for v in step.prediction if hasattr(v, "numerator")]
    assert all(size <= 4 * MAX_EXACT_BITS for size in sizes), sizes


def test_stacked_exponential_units_end_in_a_result_or_one_line(cli, tmp_path):
    spec = _edges(SIGMOID, 1e6, 0.5)
    for layer in spec["layers"]:
        layer["activation"] = "exp(x)"
    result = cli("derive", str(write_json(tmp_path / "s.json", spec)), "--param", "w1_1_1")
    assert result.returncode in (0, 2) and "Traceback" not in result.stderr, result.stderr[-300:]


def test_latex_with_steps_past_the_exact_budget(cli):
    """From step 5 the slides' values are 60-digit numbers: the movement sentence once compared
    an mpf with a Fraction (TypeError)."""
    result = cli("latex", "slides", "--steps", "8", "--lang", "en")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.count("closer to the target") == 8  # one sentence per iteration
