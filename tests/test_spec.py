"""Reading specs: the same network from YAML, TOML, JSON and a dict; exact numbers; seeding."""

from __future__ import annotations

import json
import math
from fractions import Fraction

import yaml

from symbolic import builtin_examples, load_network

TOML = """
name = "slides"
notation = "slides"
inputs = 2
learning_rate = 0.05

[[layers]]
units = 2
activation = "identity"
weights = [[0.11, 0.21], [0.12, 0.08]]

[[layers]]
units = 1
weights = [[0.14, 0.15]]

[example]
x = [2, 3]
y = [1]
"""


def test_one_network_in_every_format(tmp_path):
    data = {
        "name": "slides",
        "notation": "slides",
        "inputs": 2,
        "learning_rate": 0.05,
        "layers": [
            {"units": 2, "activation": "identity", "weights": [[0.11, 0.21], [0.12, 0.08]]},
            {"units": 1, "weights": [[0.14, 0.15]]},
        ],
        "example": {"x": [2, 3], "y": [1]},
    }
    (tmp_path / "n.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    (tmp_path / "n.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "n.toml").write_text(TOML, encoding="utf-8")
    networks = [load_network(tmp_path / f"n.{s}") for s in ("yaml", "json", "toml")]
    networks.append(load_network(data))
    assert len({n.sha256 for n in networks}) == 1
    for net in networks:
        assert net.layers[0].weights == (
            (Fraction(11, 100), Fraction(21, 100)),
            (Fraction(12, 100), Fraction(8, 100)),
        )
        assert net.learning_rate == Fraction(1, 20)


def test_builtin_examples_load():
    names = builtin_examples()
    assert {"slides", "layered-3-3-1"} <= set(names)
    for name in names:
        net = load_network(name)
        assert net.name == name


def test_seeded_values_are_exact_four_decimal_numbers():
    spec = {
        "inputs": 9,
        "layers": [{"units": 4, "bias": True}, {"units": 2}],
        "example": {"x": [0] * 9, "y": [0, 0]},
        "seed": 3,
    }
    first, again = load_network(spec), load_network(spec)
    other = load_network({**spec, "seed": 4})
    assert first.layers[0].weights == again.layers[0].weights
    assert first.layers[0].weights != other.layers[0].weights
    for layer in first.layers:
        bound = Fraction(1) / math.sqrt(layer.fan_in)
        values = [v for row in layer.weights for v in row] + list(layer.bias or ())
        assert all((v * 10_000).denominator == 1 for v in values)
        assert all(abs(v) <= bound for v in values)
        assert not layer.weights_given


def test_custom_names_and_formula():
    net = load_network(
        {
            "notation": "slides",
            "inputs": ["p", "q"],
            "layers": [{"units": ["u", "v"], "activation": "x/(1+abs(x))"}, {"units": 1}],
            "example": {"x": [1, 2], "y": [1]},
        }
    )
    assert [net.names.unit(1, i).ascii for i in range(2)] == ["u", "v"]
    assert net.names.input(1).latex == "q"
    assert net.layers[0].activation.formula == "x/(1+abs(x))"


def test_title_per_language():
    spec = {"inputs": 1, "layers": [{"units": 1}], "example": {"x": [1], "y": [1]}}
    both = load_network({**spec, "title": {"en": "A network", "zh": "一个网络"}})
    assert (both.title_for("zh"), both.title_for("en")) == ("一个网络", "A network")
    assert both.title == "一个网络"  # the first language in zh, en order
    english = load_network({**spec, "title": {"en": "A network"}})
    assert english.title == english.title_for("zh") == "A network"
    plain = load_network({**spec, "title": "网络"})
    assert plain.title_for("en") == plain.title == "网络"
    assert load_network(spec).title_for("en") == "network"  # the name when no title is given
