"""The teacher's exercise template (``exercise:`` in a spec) and the reproducible draws."""

from __future__ import annotations

import hashlib
from fractions import Fraction as F

import pytest

from symbolic import load_network
from symbolic.errors import SpecError
from symbolic.exercise import (
    Draws,
    NumberRange,
    candidate_variants,
    default_template,
    variant_data,
)

SLIDES_LIKE = {
    "name": "two-two-one",
    "notation": "slides",
    "inputs": 2,
    "layers": [
        {"units": 2, "weights": [[0.11, 0.21], [0.12, 0.08]]},
        {"units": 1, "weights": [[0.14, 0.15]]},
    ],
    "example": {"x": [2, 3], "y": [1]},
}


def spec(**exercise):
    return {**SLIDES_LIKE, "exercise": exercise}


def test_a_spec_without_exercise_has_none_and_the_default_is_the_lecture_exercise():
    network = load_network("slides")
    assert network.exercise is None
    template = default_template(network)
    assert template.tasks == ("forward", "error", "gradients", "update")
    assert template.parameters is None and template.steps == 1 and template.decimals == 4
    assert template.inputs.decimals == 0 and template.weights.decimals == 2


def test_a_sigmoid_network_is_asked_for_delta_too():
    template = default_template(load_network("layered-3-3-1"))
    assert "deltas" in template.tasks and template.decimals == 6


def test_the_template_is_read_with_every_default_filled_in():
    network = load_network(
        spec(tasks=["update", "forward"], parameters=["w5", "w2"], steps=2, weights={"max": 0.3})
    )
    t = network.exercise
    assert t.tasks == ("forward", "update")  # in the sheet's order
    assert t.parameters == ("w5", "w2") and t.steps == 2
    assert (t.weights.low, t.weights.high, t.weights.decimals) == (F("0.05"), F("0.3"), 2)
    assert t.biases == t.weights
    written = t.as_dict()
    assert written["weights"] == {"min": 0.05, "max": 0.3, "decimals": 2}
    assert load_network({**SLIDES_LIKE, "exercise": written}).exercise == t


@pytest.mark.parametrize(
    ("exercise", "field", "words"),
    [
        ({"task": ["forward"]}, "exercise.task", "unknown field"),
        ({"tasks": ["backward"]}, "exercise.tasks[0]", "unknown task"),
        ({"tasks": []}, "exercise.tasks", "non-empty"),
        ({"tasks": ["forward", "forward"]}, "exercise.tasks", "twice"),
        ({"tasks": ["deltas"]}, "exercise.tasks", "written with Δ"),
        ({"parameters": ["w9"]}, "exercise.parameters[0]", "not a trainable parameter"),
        ({"steps": 4}, "exercise.steps", "from 1 to 3"),
        ({"steps": True}, "exercise.steps", "whole number"),
        ({"decimals": 9}, "exercise.decimals", "from 0 to 6"),
        ({"weights": {"min": 0.1, "max": 0.11}}, "exercise.weights", "only 2 different"),
        ({"weights": {"min": 1, "max": 0}}, "exercise.weights", "min is larger"),
        ({"inputs": {"low": 1}}, "exercise.inputs.low", "unknown field"),
        ({"inputs": {"min": "x"}}, "exercise.inputs.min", "expected a number"),
        ({"targets": {"min": 10**6}}, "exercise.targets.min", "between -1000 and 1000"),
    ],
)
def test_a_bad_template_is_one_line_naming_the_field(exercise, field, words):
    with pytest.raises(SpecError) as caught:
        load_network(spec(**exercise))
    message = str(caught.value)
    assert f"{field}:" in message and words in message and "\n" not in message


def test_binary_cross_entropy_needs_targets_in_the_unit_interval():
    data = {
        "inputs": 1,
        "layers": [{"units": 1, "activation": "sigmoid"}],
        "loss": "binary_cross_entropy",
        "example": {"x": [1], "y": [1]},
        "exercise": {"targets": {"min": 0, "max": 2}},
    }
    with pytest.raises(SpecError, match=r"exercise\.targets: binary_cross_entropy"):
        load_network(data)


def test_draws_are_sha256_of_seed_id_attempt_and_counter():
    """The stream is SHA-256, computed here independently: the same on every machine."""
    draws = Draws(7, "s1", 3)
    for counter in range(5):
        digest = hashlib.sha256(f"nnderive-exercise\0{7}\0s1\0{3}\0{counter}".encode()).digest()
        raw = int.from_bytes(digest[:8], "big")
        limit = (1 << 64) - (1 << 64) % 1000
        if raw >= limit:  # (practically never) rejected: the stream moves on
            break
        assert draws.below(1000) == raw % 1000


def test_drawn_numbers_stay_in_their_range_with_their_decimals():
    numbers = NumberRange(F("-0.5"), F("0.5"), 2, nonzero=True)
    draws = Draws(0, "x", 0)
    values = [draws.number(numbers) for _ in range(2000)]
    assert all(-F(1, 2) <= v <= F(1, 2) and v != 0 and (v * 100).denominator == 1 for v in values)
    assert min(values) == F("-0.5") and max(values) == F("0.5")  # both ends are reachable


def test_variants_are_reproducible_and_differ_between_ids():
    network = load_network(SLIDES_LIKE)
    template = default_template(network)
    first = next(candidate_variants(network, template, 5, "s1"))
    again = next(candidate_variants(network, template, 5, "s1"))
    other = next(candidate_variants(network, template, 5, "s2"))
    reseeded = next(candidate_variants(network, template, 6, "s1"))
    assert first == again and first != other and first != reseeded


def test_a_variant_keeps_the_architecture_and_replaces_the_numbers():
    network = load_network(SLIDES_LIKE)
    template = default_template(network)
    _, numbers = next(candidate_variants(network, template, 0, "s1"))
    variant = load_network(variant_data(SLIDES_LIKE, numbers, template))
    assert variant.widths == network.widths and variant.notation == "slides"
    assert [layer.weights for layer in variant.layers] == list(numbers.weights)
    assert variant.example_x == numbers.samples[0][0] and variant.exercise == template
    assert all(1 <= x <= 5 and x.denominator == 1 for x in variant.example_x)
