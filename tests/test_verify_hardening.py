"""Hostile claims files through the real CLI: one bad claim never costs the file its report,
splitting is linear, the whole file is bounded, and verdicts do not depend on machine load.

Every input here once broke ``nnderive verify`` (a traceback that lost the report, 34–54 s of
splitting, verdicts that changed with the load) and is kept as a test case.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from symbolic.verify.document import split_claims
from symbolic.verify.limits import MAX_FILE_BYTES

ROOT = Path(__file__).resolve().parent.parent
LARGE_SPEC = ROOT / "tests" / "data" / "sigmoid-784-256-10.yaml"
STUDENT = ROOT / "tests" / "data" / "claims" / "student-exercises.tex"
#: a guard against a hang, not a speed assertion: each run here takes a few seconds
HANG = 300


def verify(*args: str, input: str | bytes | None = None, env: dict | None = None):
    data = input.encode("utf-8") if isinstance(input, str) else input
    return subprocess.run(
        [sys.executable, "-m", "codegen", "verify", *args],
        capture_output=True,
        input=data,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=HANG,
    )


def records(result) -> list[dict]:
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    return json.loads(result.stdout.decode("utf-8"))


# ---------------------------------------------------------------------------------- bad claims
GOOD = r"h_1 = 0.85"  # true at step 1: 2·0.11 + 3·0.21
BAD_CLAIMS = [
    # an exponent tower: OverflowError (int too large to convert to float) in evalf
    (r"E = e^{e^{e^{e^{10}}}}", "unreadable", "exponentials nested more than 3 deep"),
    (r"E = \exp(\exp(\exp(\exp(10))))", "unreadable", "exponentials nested more than 3 deep"),
    # σ and tanh of a tower: OverflowError (too many digits in integer)
    (r"E = \sigma(e^{e^{e^{10}}})", "unreadable", "exponentials nested more than 3 deep"),
    (r"E = \tanh(e^{e^{e^{10}}})", "unreadable", "exponentials nested more than 3 deep"),
    # a value too large to compute: over 10 s of evalf, then a clock-made verdict
    (r"E = 0.33 = e^{e^{e^{10}}}", "undecided", "work budget"),
    # max of a non-real number: ValueError (the argument is not comparable) in SymPy
    (r"E = \max(\sqrt{-0.809}, 0)", "wrong", "not a real number"),
    (r"(\sqrt{\tanh(\Delta)})^2 = e^{\max(\sqrt{-0.809}, 0)}", "wrong", "not a real number"),
    (r"E = \log(\log(\log(\log(0.5))))", "wrong", "not a real number"),
    # scaled, rooted and powered matrices
    (r"E = \begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}^2", "wrong", "power of a 2×2 matrix"),
    (r"E = \sqrt{\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}}", "wrong", "is 2×2"),
    (r"w_5 = 2\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}", "wrong", "is 2×2"),
]


@pytest.mark.parametrize(("claim", "verdict", "reason"), BAD_CLAIMS)
def test_one_bad_claim_costs_only_its_own_verdict(claim, verdict, reason):
    result = verify("slides", "-", "--json", input=f"{GOOD}\n{claim}\n{GOOD}\n")
    assert result.returncode == 1
    found = records(result)
    assert [r["line"] for r in found] == [1, 2, 3]
    assert found[0]["verdict"] == found[2]["verdict"] == "correct"
    assert found[1]["verdict"] == verdict, found[1]
    assert reason in found[1]["explanation"], found[1]


def test_scaled_and_rooted_matrices_of_numbers_are_computed():
    text = "\n".join(
        [
            r"[h_1 \ h_2] = 2\begin{bmatrix} 0.425 & 0.24 \end{bmatrix}",
            r"[h_1 \ h_2] = \sqrt{\begin{bmatrix} 0.7225 & 0.2304 \end{bmatrix}}",
            r"[h_1 \ h_2] = \frac{\begin{bmatrix} 1.7 & 0.96 \end{bmatrix}}{2}",
        ]
    )
    result = verify("slides", "-", "--json", input=text)
    assert [r["verdict"] for r in records(result)] == ["correct"] * 3
    assert result.returncode == 0


# ---------------------------------------------------------------------------------- splitting
MEGABYTE = 1 << 20


@pytest.mark.parametrize(
    "unit",
    [
        "\\begin{",  # an unclosed \begin{ — 34 s before (quadratic)
        "% step 2\n",  # step markers — 54 s before
        "$$a = 1\n= 1 \\\\\n",  # rows continuing a chain
    ],
)
def test_a_megabyte_of_hostile_markup_is_split_in_one_pass(unit, tmp_path):
    path = tmp_path / "claims.tex"
    path.write_text(unit * (MEGABYTE // len(unit)), encoding="utf-8")
    result = verify("slides", str(path), "--json")
    assert result.returncode in (0, 1)
    assert isinstance(records(result), list)


def test_step_markers_between_claims_are_looked_up_once_each():
    """Each claim found its step by scanning every marker: claims × markers (quadratic)."""
    text = "% step 2\nh_1 = 0.85\n" * (MEGABYTE // 20)
    claims = split_claims(text)
    assert len(claims) == MEGABYTE // 20
    assert {c.step for c in claims} == {2} and claims[-1].line == 2 * len(claims)


def test_a_file_over_the_size_limit_is_one_line_and_exit_2(tmp_path):
    path = tmp_path / "claims.tex"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no 20 MB written
    for args, data in (([str(path)], None), (["-"], b"h_1 = 0.85\n" * (MAX_FILE_BYTES // 11 + 1))):
        result = verify("slides", *args, input=data)
        assert result.returncode == 2
        assert result.stdout == b""
        lines = result.stderr.decode().strip().splitlines()
        assert len(lines) == 1 and "larger than 20 MB" in lines[0], lines


# ---------------------------------------------------------------------------------- machine load
LOADED_CLAIMS = "\n".join(
    [
        # a 784-256-10 network: a wrong gradient claim took 2–4 s and became `unreadable`
        # under load with the old 3 s clock
        r"\frac{\partial E}{\partial w_{11}^{(1)}} = \delta_1^{(2)} x_1",
        r"\frac{\partial E}{\partial w_{11}^{(1)}} = \delta_1^{(2)} x_2",
        r"\frac{\partial E}{\partial w_{3,7}^{(2)}} = \delta_3^{(3)} a_7^{(2)}",
        r"\frac{\partial E}{\partial b_3^{(2)}} = \delta_3^{(3)}",
        # a value beyond the work budget, and an expansion that is never started
        r"E = 0.33 = e^{e^{e^{10}}}",
        "E = (" + " + ".join(f"x_{k}" for k in range(1, 9)) + ")^{16}",
    ]
)


def _busy() -> list[subprocess.Popen]:
    spin = "import time\nend = time.monotonic() + 600\nwhile time.monotonic() < end: pass\n"
    count = os.cpu_count() or 2
    return [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(count)]


def test_the_same_file_gets_the_same_report_on_a_busy_machine(tmp_path):
    claims = tmp_path / "large.tex"
    claims.write_text(LOADED_CLAIMS + "\n", encoding="utf-8")
    runs = [(str(LARGE_SPEC), str(claims)), ("slides", str(STUDENT))]
    quiet = [verify(spec, path, "--json", env={"PYTHONHASHSEED": "0"}) for spec, path in runs]
    busy = _busy()
    try:
        loaded = [verify(spec, path, "--json", env={"PYTHONHASHSEED": "1"}) for spec, path in runs]
    finally:
        for process in busy:
            process.kill()
        for process in busy:
            process.wait()
    for before, after in zip(quiet, loaded):
        assert b"Traceback" not in before.stderr + after.stderr
        assert before.stdout == after.stdout
        assert before.returncode == after.returncode
    verdicts = [r["verdict"] for r in records(quiet[0])]
    assert verdicts == ["correct", "wrong", "correct", "correct", "undecided", "wrong"]
