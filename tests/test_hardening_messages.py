"""Every error a user can meet is one real sentence: one line, exit 2, never "None".

A battery of careless command lines and files, one per way a user can get things wrong, through
the real CLI.
"""

from __future__ import annotations

import numpy as np
import pytest
from hardening_support import SLIDES, assert_one_line_error, run_in, write_json


@pytest.fixture
def work(tmp_path):
    write_json(tmp_path / "s.json", SLIDES)
    write_json(tmp_path / "unknown-field.json", {**SLIDES, "lerning_rate": 0.1})
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "spec.txt").write_text("inputs: 2\n", encoding="utf-8")
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    (tmp_path / "list.yaml").write_text("- 1\n- 2\n", encoding="utf-8")
    (tmp_path / "claims-latin1.tex").write_bytes("w_1 = 0.11 caf\u00e9".encode("latin-1"))
    np.savez(tmp_path / "d.npz", X=np.array([[2.0, 3.0]]), Y=np.array([[1.0]]))
    return tmp_path


CASES = [
    (["derive", "missing.yaml"], "no such file or built-in example"),
    (["derive", "folder.yaml"], "is a directory"),
    (["derive", "spec.txt"], "unknown spec format '.txt'"),
    (["derive", "empty.yaml"], "expected a mapping of fields, got nothing"),
    (["derive", "list.yaml"], "expected a mapping of fields, got a list of 2"),
    (["derive", "unknown-field.json"], "unknown field 'lerning_rate'"),
    (["derive", "s.json", "--param", "w99"], "w99"),
    (["train", "s.json", "--param", "nosuch"], "nosuch"),
    (["train", "s.json", "--save", "p.npz"], "--save needs --data"),
    (["train", "s.json", "--lr", "0.1"], "--lr needs --data"),
    (["train", "s.json", "--data", "d.npz", "--steps", "3"], "give one"),
    (["train", "s.json", "--data", "missing.npz"], "no such data file"),
    (["train", "s.json", "--data", "d.npz", "--lr", "nan"], "--lr must be a finite number"),
    (["codegen", "s.json", "-o", "trainer.txt"], "must be a .py file"),
    (["latex", "s.json", "--steps", "0"], "expected a whole number ≥ 1"),
    (["latex", "s.json", "--digits", "99"], "at most 60 digits"),
    (["latex", "s.json", "--steps", "51"], "--steps: expected 1 to 50"),
    (["pdf", "s.json", "--lang", "xx"], "invalid choice"),
    (["verify", "s.json", "missing.tex"], "no such file"),
    (["verify", "s.json", "folder.yaml"], "is a directory"),
    (["verify", "s.json", "claims-latin1.tex"], "not UTF-8"),
    (["verify", "s.json", "-", "--seconds", "0"], "--seconds must be between 0 and 600"),
    (["derive"], "the following arguments are required"),
    (["bogus"], "invalid choice"),
]


@pytest.mark.parametrize(("args", "fragment"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_careless_command_lines_get_one_sentence(work, args, fragment):
    assert_one_line_error(run_in(work, *args), fragment)
