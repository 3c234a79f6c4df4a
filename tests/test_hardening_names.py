"""Hardening, names: a spec's own name may never stand for another quantity of the network.

Before: an output unit named ``h1`` in slides notation (the hidden unit's name) merged two symbols
and the generated kernel computed ∂E/∂w5 = −0.154519 instead of −0.68765, with exit 0; names
``i1`` / ``out`` in the wrong layer made ``derive`` die with a RecursionError.
"""

from __future__ import annotations

import pytest

SLIDES = """\
notation: {notation}
inputs: {inputs}
layers:
  - units: {hidden}
    weights: [[0.11, 0.21], [0.12, 0.08]]
  - units: {output}
    weights: [[0.14, 0.15]]
example: {{x: [2, 3], y: [1]}}
"""

CASES = {
    "output named like the hidden unit": ("slides", "2", "2", "[h1]", "layers[1].units[0]"),
    "output named like an input": ("slides", "2", "2", "[i1]", "layers[1].units[0]"),
    "hidden unit named like the output": ("slides", "2", "[out, q]", "1", "layers[0].units[0]"),
    "hidden units swapped": ("slides", "2", "[h2, h1]", "1", "layers[0].units[0]"),
    "input named like a weight-free quantity": ("slides", "[eta, i2]", "2", "1", "inputs[0]"),
    "input named like a hidden unit": ("slides", "[h2, i2]", "2", "1", "inputs[0]"),
    "layered output named like an input": ("layered", "2", "2", "[x2]", "layers[1].units[0]"),
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("command", ["derive", "codegen"])
def test_a_name_of_another_quantity_is_refused(cli, tmp_path, case, command):
    notation, inputs, hidden, output, field = CASES[case]
    spec = tmp_path / "net.yaml"
    spec.write_text(SLIDES.format(notation=notation, inputs=inputs, hidden=hidden, output=output))
    out = tmp_path / "trainer.py"
    args = [command, str(spec)] + (["-o", str(out)] if command == "codegen" else [])
    result = cli(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert field in lines[0] and "choose another name" in lines[0]
    assert not out.exists()


def test_a_unit_may_keep_its_own_default_name(cli, tmp_path):
    """Naming the slides output ``out`` (its default) names nothing else: accepted, same numbers."""
    spec = tmp_path / "net.yaml"
    spec.write_text(SLIDES.format(notation="slides", inputs="2", hidden="2", output="[out]"))
    named = cli("derive", str(spec), "--format", "json")
    plain = cli("derive", "slides", "--format", "json")
    assert named.returncode == 0 and plain.returncode == 0
    import json

    values = [p["value"] for p in json.loads(named.stdout)["parameters"]]
    assert values == [p["value"] for p in json.loads(plain.stdout)["parameters"]]
