"""``nnderive verify`` end to end, through a real subprocess: output, JSON, exit codes, errors."""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import pytest

from tests.test_verify_oracle import decimal, slides_steps

ROOT = Path(__file__).resolve().parent.parent
STUDENT = ROOT / "tests" / "data" / "claims" / "student-exercises.tex"
DOCS = ROOT / "docs" / "verify.md"


STEP1 = slides_steps(1)[0]  # the truth, from the test's own exact arithmetic


def test_all_correct_exits_zero(cli, tmp_path):
    claims = tmp_path / "claims.tex"
    h1, error = decimal(STEP1["h1"], 2), decimal(STEP1["E"], 3)
    assert (h1, error) != (None, None) and STEP1["h1"] == F(h1) and STEP1["E"] != F(error)
    claims.write_text(f"h_1 = {h1}\n$E = {error}$\n", encoding="utf-8")
    result = cli("verify", "slides", str(claims))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("line 1: correct")
    assert lines[1].startswith("line 2: rounded")
    assert result.stderr.strip() == "2 claims: 1 correct, 1 rounded"


def test_a_wrong_claim_exits_one_and_json_has_the_fields(cli):
    delta = str(STEP1["Delta"].numerator / STEP1["Delta"].denominator)
    assert F(delta) == STEP1["Delta"]
    text = f"% step 1\n\\frac{{\\partial E}}{{\\partial w_5}} = \\Delta w_5\n\\Delta = {delta}\n"
    result = cli("verify", "slides", "-", "--json", input=text)
    assert result.returncode == 1
    records = json.loads(result.stdout)
    assert [r["verdict"] for r in records] == ["wrong", "correct"]
    assert set(records[0]) >= {"line", "text", "verdict", "expected", "explanation"}
    assert records[0]["line"] == 2
    assert records[0]["text"] == r"\frac{\partial E}{\partial w_5} = \Delta w_5"
    assert F(records[1]["expected_text"]) == STEP1["Delta"]
    assert records[1]["expected"] == float(STEP1["Delta"])  # the number, for programs
    assert records[0]["expected"] is None  # a formula has no number
    # the expected formula, written back as a claim, is right (tests/test_verify_lecture.py
    # checks Δ·h1 against the NumPy backpropagation)
    formula = records[0]["expected_text"].replace("Δ", r"\Delta ").replace("·", r" \cdot ")
    formula = formula.replace("h1", "h_1")
    check = cli("verify", "slides", "-", input=rf"\frac{{\partial E}}{{\partial w_5}} = {formula}")
    assert check.returncode == 0, check.stdout


def test_an_unreadable_claim_exits_one(cli):
    result = cli("verify", "slides", "-", input="h_1 = \\text{oops}\n")
    assert result.returncode == 1
    assert "unreadable" in result.stdout and "column 7" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["verify", "slides", "no-such-file.tex"], "no-such-file.tex: no such file"),
        (["verify", "no-such-spec", "-"], "no-such-spec"),
        (["verify", "slides", "tests"], "is a directory"),
        (["verify", "slides", "-", "--seconds", "0"], "--seconds"),
        (["verify", "slides"], "the following arguments are required"),
    ],
)
def test_usage_errors_exit_two_with_one_line(cli, args, message):
    result = cli(*args, input="")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert "Traceback" not in result.stderr


def test_a_file_that_is_not_utf8_is_a_usage_error(cli, tmp_path):
    path = tmp_path / "claims.tex"
    path.write_bytes(b"h_1 = 0.85 \xff\xfe\n")
    result = cli("verify", "slides", str(path))
    assert result.returncode == 2 and "not UTF-8" in result.stderr


def test_the_docs_show_the_students_file_and_its_real_report(cli):
    """docs/verify.md must hold the student's file and the report this code gives for it."""
    result = cli("verify", "slides", str(STUDENT.relative_to(ROOT)))
    assert result.returncode == 1
    docs = DOCS.read_text(encoding="utf-8")
    fix = (
        "docs/verify.md is stale: run `python -m codegen verify slides "
        "tests/data/claims/student-exercises.tex` and paste its output (and the file) into it"
    )
    assert STUDENT.read_text(encoding="utf-8") in docs, fix
    assert result.stdout in docs, fix
    assert result.stderr.strip() in docs, fix


def test_the_docs_show_the_json_of_their_example(cli, tmp_path):
    """docs/verify.md's JSON section: the example file and the JSON this code prints for it."""
    docs = DOCS.read_text(encoding="utf-8")
    section = docs[docs.index("## JSON") :]
    example = section[
        section.index("```latex\n") + 9 : section.index("\n```", section.index("```latex"))
    ]
    shown = section[section.index("```json\n") + 8 : section.rindex("```")]
    claims = tmp_path / "claims.tex"
    claims.write_text(example + "\n", encoding="utf-8")
    result = cli("verify", "slides", str(claims), "--json")
    assert result.stdout == shown, "docs/verify.md's JSON example is stale: rerun it"
    keys = set(json.loads(result.stdout)[0])
    assert all(f"`{key}`" in section for key in keys)  # every key is listed
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(f"`{key}`" in readme for key in keys), "README.md lists every --json key"
