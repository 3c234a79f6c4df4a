"""Spec files are parsed with bounded work: every oversized or malformed file is one line.

Nesting 10,000 deep (JSON, TOML, YAML flow and block), YAML anchors that refer to themselves or
expand exponentially, files over the size limit, integer literals beyond Python's 4,300-digit
conversion limit, too many YAML values, repeated keys (both lines named), a FIFO given as the
spec: each through the real CLI, each one line with exit 2.
"""

from __future__ import annotations

import json
import os

import pytest
from hardening_support import SLIDES, assert_one_line_error, spec_with, write_json

from symbolic.spec_files import MAX_SPEC_BYTES
from symbolic.spec_yaml import MAX_YAML_NODES

DEEP = 10_000

#: (file name, text, fragments the error line must contain)
FILES = [
    ("deep.json", "[" * DEEP + "]" * DEEP, ["deep.json:1", "nested more than 32 levels"]),
    ("deep-object.json", '{"a":' * DEEP + "1" + "}" * DEEP, ["nested more than 32 levels"]),
    ("deep.toml", "a = " + "[" * DEEP + "]" * DEEP, ["deep.toml:1", "nested more than"]),
    ("deep-inline.toml", "a = " + "{b = " * DEEP + "1" + "}" * DEEP, ["nested more than"]),
    ("deep-keys.toml", "a" + ".a" * DEEP + " = 1\n", ["nested more than"]),
    ("deep-flow.yaml", "a: " + "[" * DEEP + "]" * DEEP, ["deep-flow.yaml:1", "nested more"]),
    (
        "deep-block.yaml",
        "".join("  " * i + "-\n" for i in range(2000)),
        ["deep-block.yaml:", "nested more than 32 levels"],
    ),
    ("deep-dash.yaml", "- " * DEEP + "x\n", ["nested more than 32 levels"]),
    ("self-anchor.yaml", "inputs: &a [*a]\n", ["self-anchor.yaml:1", "alias *a"]),
    (
        "laughs.yaml",
        "".join(
            f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else '1, 1, 1, 1, 1, 1, 1'}]\n"
            for prev, name in zip([None, *"abcdefgh"], "abcdefghi")
        ),
        ["laughs.yaml:2", "alias *a is not accepted"],
    ),
    ("merge-key.yaml", "base: &b {units: 2}\nlayers: [{<<: *b}]\n", ["alias *b"]),
    ("int.json", '{"learning_rate": ' + "7" * 5000 + "}", ["int.json:1", "1,000 digits"]),
    ("int.yaml", "learning_rate: " + "7" * 5000 + "\n", ["int.yaml:1", "1,000 digits"]),
    ("int.toml", "learning_rate = " + "7_" * 2500 + "7\n", ["int.toml:1", "1,000 digits"]),
    ("dup.json", '{\n"inputs": 2,\n"inputs": 3\n}', ["dup.json:3", "'inputs'", "lines 2 and 3"]),
    ("dup-flow.json", '{"a": {"b": 1, "b": 2}}', ["key 'b' appears twice on line 1"]),
    ("dup.yaml", "inputs: 2\nlayers: []\ninputs: 3\n", ["dup.yaml:3", "lines 1 and 3"]),
    ("dup-nested.yaml", "example: {x: [1], x: [2]}\n", ["'x' appears twice on line 1"]),
    ("dup.toml", "inputs = 2\ninputs = 3\n", ["dup.toml", "broken TOML", "line 2"]),
    ("two-docs.yaml", "inputs: 2\n---\ninputs: 3\n", ["two-docs.yaml:", "single document"]),
    ("latin1.yaml", None, ["latin1.yaml", "not UTF-8", "byte 10"]),
]


@pytest.mark.parametrize(("name", "text", "fragments"), FILES, ids=[f[0] for f in FILES])
def test_bad_spec_file_is_one_line(cli, tmp_path, name, text, fragments):
    path = tmp_path / name
    if text is None:
        path.write_bytes("title: caf\u00e9\n".encode("latin-1"))
    else:
        path.write_text(text, encoding="utf-8")
    assert_one_line_error(cli("derive", str(path)), *fragments)


def test_a_file_over_the_size_limit_is_refused_before_reading(cli, tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:  # sparse: no disk space, no time
        handle.truncate(MAX_SPEC_BYTES + 1)
    assert_one_line_error(cli("derive", str(path)), "huge.json", "more than the 8 MiB")


def test_too_many_yaml_values_are_refused(cli, tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text("title: x\nextra: [" + "0," * MAX_YAML_NODES + "0]\n", encoding="utf-8")
    assert_one_line_error(cli("derive", str(path)), "many.yaml:2", "more than 100,000 values")


def test_a_fifo_given_as_spec_is_refused_without_blocking(cli, tmp_path):
    path = tmp_path / "spec.yaml"
    os.mkfifo(path)
    assert_one_line_error(cli("derive", str(path)), "spec.yaml", "not a regular file")


def test_a_spec_file_that_is_a_folder_is_refused(cli, tmp_path):
    (tmp_path / "spec.yaml").mkdir()
    assert_one_line_error(cli("derive", str(tmp_path / "spec.yaml")), "is a directory")


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".toml"])
def test_anchors_without_aliases_and_ordinary_files_still_load(cli, tmp_path, suffix):
    """The bounds refuse nothing a real spec needs (here: the slides spec in each format)."""
    path = tmp_path / f"s{suffix}"
    if suffix == ".json":
        write_json(path, spec_with(SLIDES, title="[[[{{{ not nesting }}}]]]"))
    elif suffix == ".yaml":
        path.write_text(
            'name: slides\nnotation: slides\ntitle: "[[[{{{ not nesting"\ninputs: 2\nlayers:\n'
            "  - &hidden {units: 2, weights: [[0.11, 0.21], [0.12, 0.08]]}\n"
            "  - {units: 1, weights: [[0.14, 0.15]]}\n"
            "learning_rate: 0.05\nexample: {x: [2, 3], y: [1]}\n",
            encoding="utf-8",
        )
    else:
        path.write_text(
            'name = "slides"\nnotation = "slides"\ntitle = "[[[{{{ # not nesting"\ninputs = 2\n'
            "learning_rate = 0.05\nexample = {x = [2, 3], y = [1]}\n"
            "[[layers]]\nunits = 2\nweights = [[0.11, 0.21], [0.12, 0.08]]\n"
            "[[layers]]\nunits = 1\nweights = [[0.14, 0.15]]\n",
            encoding="utf-8",
        )
    result = cli("derive", str(path), "--param", "w5", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["parameters"][0]["value"] == "-0.68765"
