"""Bad specs: each one exits 2 through the real CLI with one line naming the file and field."""

from __future__ import annotations

import json

import pytest
import yaml

SLIDES = {
    "name": "slides",
    "notation": "slides",
    "inputs": 2,
    "layers": [
        {"units": 2, "activation": "identity", "weights": [[0.11, 0.21], [0.12, 0.08]]},
        {"units": 1, "activation": "identity", "weights": [[0.14, 0.15]]},
    ],
    "learning_rate": 0.05,
    "example": {"x": [2, 3], "y": [1]},
}


def mutated(change):
    spec = json.loads(json.dumps(SLIDES))
    change(spec)
    return spec


def _set(path, value):
    def change(spec):
        node = spec
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


def _delete(key):
    return lambda spec: spec.pop(key)


# (id, spec mutation, text that the one error line must contain)
BAD_SPECS = [
    ("weights-rows", _set(["layers", 0, "weights"], [[0.1, 0.2]]), "layers[0].weights"),
    (
        "weights-row-length",
        _set(["layers", 1, "weights"], [[0.1, 0.2, 0.3]]),
        "layers[1].weights[0]",
    ),
    ("unknown-activation", _set(["layers", 0, "activation"], "sigmod"), "layers[0].activation"),
    ("zero-units", _set(["layers", 0, "units"], 0), "layers[0].units"),
    ("negative-units", _set(["layers", 1, "units"], -3), "layers[1].units"),
    (
        "string-for-number",
        _set(["layers", 0, "weights"], [[0.1, "abc"], [0.1, 0.2]]),
        "layers[0].weights[0][1]",
    ),
    ("boolean-for-number", _set(["learning_rate"], True), "learning_rate"),
    ("no-example", _delete("example"), "example"),
    (
        "malicious-formula",
        _set(["layers", 0, "activation"], "__import__('os').system('touch PWNED')"),
        "layers[0].activation",
    ),
    ("unknown-function", _set(["layers", 0, "activation"], "system(x)"), "layers[0].activation"),
    ("typo-field", lambda s: s["layers"][0].update(activaton="tanh"), "layers[0].activaton"),
    ("slides-two-hidden", lambda s: s["layers"].insert(0, {"units": 2}), "notation"),
    ("example-x-length", _set(["example", "x"], [1, 2, 3]), "example.x"),
    ("example-y-length", _set(["example", "y"], [1, 0]), "example.y"),
    ("bias-length", _set(["layers", 0, "bias"], [0.1]), "layers[0].bias"),
    ("freeze-missing-bias", _set(["layers", 0, "freeze"], ["bias"]), "layers[0].freeze"),
    ("freeze-unknown", _set(["layers", 0, "freeze"], ["everything"]), "layers[0].freeze"),
    ("negative-rate", _set(["learning_rate"], -0.1), "learning_rate"),
    ("unknown-loss", _set(["loss"], "hinge"), "loss"),
    ("duplicate-names", _set(["layers", 0, "units"], ["h", "h"]), "layers[0].units"),
    ("reserved-name", _set(["inputs"], ["w1", "i2"]), "inputs[0]"),
    ("no-inputs", _delete("inputs"), "inputs"),
    ("empty-layers", _set(["layers"], []), "layers"),
    ("negative-seed", _set(["seed"], -1), "seed"),
    ("bad-notation", _set(["notation"], "fancy"), "notation"),
    ("huge-exponent", _set(["layers", 0, "activation"], "x^(10^10)"), "layers[0].activation"),
    ("title-number", _set(["title"], 3), "title"),
    ("title-unknown-language", _set(["title"], {"zh": "网络", "fr": "réseau"}), "title.fr"),
    ("title-language-not-text", _set(["title"], {"en": ["a", "b"]}), "title.en"),
    ("title-no-language", _set(["title"], {}), "title"),
]


def _one_line(result):
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    return lines[0]


@pytest.mark.parametrize("case", BAD_SPECS, ids=[c[0] for c in BAD_SPECS])
def test_bad_spec_is_one_line_exit_2(case, cli, tmp_path):
    _, change, field = case
    path = tmp_path / "net.yaml"
    path.write_text(yaml.safe_dump(mutated(change), allow_unicode=True), encoding="utf-8")
    line = _one_line(cli("derive", str(path)))
    assert str(path) in line
    assert field in line
    assert not (tmp_path / "PWNED").exists()


def test_yaml_error_names_the_line(cli, tmp_path):
    path = tmp_path / "net.yaml"
    path.write_text(yaml.safe_dump(SLIDES).replace("units: 2", "units: 0"), encoding="utf-8")
    expected_line = 1 + path.read_text().splitlines().index("- activation: identity")
    line = _one_line(cli("derive", str(path)))
    assert f"{path}:" in line and "layers[0].units" in line
    assert f":{expected_line}:" in line or f":{expected_line + 1}:" in line


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("broken.yaml", "inputs: 2\nlayers: [\n  - units: 2\n", "broken YAML"),
        ("broken.json", '{"inputs": 2, "layers": [}', "broken JSON"),
        ("broken.toml", "inputs = 2\nlayers = [[\n", "broken TOML"),
        ("spec.txt", "inputs: 2", "unknown spec format"),
        ("list.yaml", "- 1\n- 2\n", "expected a mapping"),
    ],
)
def test_unreadable_files(cli, tmp_path, name, text, expected):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    line = _one_line(cli("derive", str(path)))
    assert expected in line and str(path) in line


def test_missing_file_lists_examples(cli, tmp_path):
    line = _one_line(cli("derive", str(tmp_path / "nope.yaml")))
    assert "no such file" in line and "slides" in line


def test_unknown_parameter_and_bad_options(cli):
    assert "w7" in _one_line(cli("derive", "slides", "--param", "w7"))
    assert "--format" in _one_line(cli("derive", "slides", "--format", "pdf"))
    assert "--steps" in _one_line(cli("train", "slides", "--steps", "0"))
    assert "--digits" in _one_line(cli("train", "slides", "--digits", "many"))


def test_frozen_parameter_has_no_derivation(cli, tmp_path):
    path = tmp_path / "frozen.json"
    spec = mutated(_set(["layers", 1, "freeze"], ["weights"]))
    path.write_text(json.dumps(spec), encoding="utf-8")
    assert "frozen" in _one_line(cli("derive", str(path), "--param", "w5"))
    listed = cli("derive", str(path), "--list-params").stdout.split()
    assert listed == ["w1", "w2", "w3", "w4"]
