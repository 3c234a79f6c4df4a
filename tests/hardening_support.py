"""Shared pieces of the hardening tests: a small valid spec, and the promise every bad input keeps.

The promise: exit code 2, exactly one line on stderr naming the problem, nothing on stdout, no
traceback, no "None", and no file created or changed in the folders the command was given.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

from test_spec_errors import SLIDES as LECTURE
from test_spec_errors import _set as set_at  # noqa: F401 - re-exported for the hardening tests

from conftest import ROOT, run_cli

#: the lecture's 2-2-1 network (the built-in slides example) as a dict
SLIDES = {**LECTURE, "title": "一个简单的神经网络"}

#: a 2-2-1 sigmoid network with biases (every value a spec can hold is exercised)
SIGMOID = {
    "name": "sig",
    "inputs": 2,
    "layers": [
        {
            "units": 2,
            "activation": "sigmoid",
            "bias": [0.1, -0.1],
            "weights": [[0.11, 0.21], [0.12, 0.08]],
        },
        {"units": 1, "activation": "sigmoid", "bias": [0.2], "weights": [[0.14, 0.15]]},
    ],
    "learning_rate": 0.5,
    "example": {"x": [2, 3], "y": [1]},
}


def spec_with(base: dict, change=None, **fields) -> dict:
    """A deep copy of ``base`` with top-level ``fields`` replaced and ``change(spec)`` applied."""
    spec = copy.deepcopy(base)
    spec.update(fields)
    if change is not None:
        change(spec)
    return spec


def write_json(path: Path, spec: dict) -> Path:
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


def run_in(folder: Path, *args: str):
    """``nnderive ARGS`` run from ``folder``, importing this checkout (not another install)."""
    return run_cli(*args, cwd=folder, env={"PYTHONPATH": str(ROOT)})


def snapshot(*folders: Path) -> dict[str, str]:
    """sha256 of every file below the folders (links listed by their target's text)."""
    found = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_symlink():
                found[str(path)] = "link:" + str(path.readlink())
            elif path.is_file():
                found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif not path.is_dir():
                found[str(path)] = "special"
    return found


def assert_one_line_error(result, *fragments: str) -> str:
    """The promise for bad input; returns the error line."""
    assert result.returncode == 2, (result.returncode, result.stdout[-500:], result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr[-2000:]
    assert result.stdout == "", result.stdout[-500:]
    line = lines[0]
    assert "None" not in line, line
    for fragment in fragments:
        assert fragment in line, (fragment, line)
    return line
