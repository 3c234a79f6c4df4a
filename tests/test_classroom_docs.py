"""docs/classroom.md shows real output: its commands are run here, in a fresh folder, on the
roster and the students' files of tests/data/classroom/, and every output it pastes must be what
they print now (lines the page leaves out are marked … there)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import DATA, ROOT, run_cli

DOC = (ROOT / "docs" / "classroom.md").read_text(encoding="utf-8")
EXERCISES = "nnderive exercises slides --roster roster.csv -o class --lang en --seed 20260901"
GRADE = "nnderive grade class submissions -o results"


BLOCKS = list(re.finditer(r"^```[a-z]*\n(.*?)^```", DOC, flags=re.S | re.M))


def block_after(marker: str) -> str:
    """The fenced block of the page that holds ``marker``, or else the first one after it."""
    at = DOC.index(marker)
    return next(b.group(1) for b in BLOCKS if b.end() > at)


def shown_lines(block: str, command: str | None = None) -> list[str]:
    lines = block.splitlines()
    if command is not None:
        assert lines[0] == f"$ {command}"
        lines = lines[1:]
    return [line for line in lines if line.strip() not in ("…", "")]


@pytest.fixture(scope="module")
def walkthrough(tmp_path_factory):
    folder = tmp_path_factory.mktemp("walkthrough")
    shutil.copy(DATA / "classroom" / "roster.csv", folder / "roster.csv")
    env = {"PYTHONPATH": str(ROOT)}
    made = run_cli(*EXERCISES.split()[1:], cwd=folder, env=env)
    assert made.returncode == 0, made.stderr
    shutil.copytree(DATA / "classroom" / "submissions", folder / "submissions")
    graded = run_cli(*GRADE.split()[1:], cwd=folder, env=env)
    assert graded.returncode == 0, graded.stderr
    checked = run_cli("verify", "class/bo/spec.yaml", "class/bo/key.tex", cwd=folder, env=env)
    return folder, made, graded, checked


def test_the_exercises_command_prints_what_the_page_shows(walkthrough):
    _, made, _, _ = walkthrough
    assert made.stdout.splitlines() == shown_lines(block_after(f"$ {EXERCISES}"), EXERCISES)


def test_the_variant_and_the_key_are_the_files_written(walkthrough):
    folder, _, _, checked = walkthrough
    spec = (folder / "class" / "bo" / "spec.yaml").read_text(encoding="utf-8")
    assert spec.startswith(block_after("The variant of `bo`"))
    key = (folder / "class" / "bo" / "key.tex").read_text(encoding="utf-8")
    assert block_after("and the beginning of its key") in key
    verify_block = shown_lines(block_after("$ nnderive verify class/bo/spec.yaml"))[1:]
    printed = checked.stdout.splitlines() + checked.stderr.splitlines()
    assert all(line in printed for line in verify_block) and checked.returncode == 0


def test_the_grade_command_and_its_files_are_what_the_page_shows(walkthrough):
    folder, _, graded, _ = walkthrough
    assert graded.stdout.splitlines() == shown_lines(block_after(f"$ {GRADE}"), GRADE)
    results = folder / "results"
    assert (results / "gradebook.csv").read_text(encoding="utf-8") == block_after(
        "`results/gradebook.csv`:"
    )
    assert (results / "slips.csv").read_text(encoding="utf-8") == block_after("`results/slips.csv`")
    feedback = (results / "bo.txt").read_text(encoding="utf-8").splitlines()
    shown = shown_lines(block_after("`results/bo.txt`"))
    assert all(line in feedback for line in shown)
    assert [line for line in feedback if line in shown] == shown  # in the same order


def test_the_students_file_shown_is_bos(walkthrough):
    folder, _, _, _ = walkthrough
    text = (folder / "submissions" / "bo.tex").read_text(encoding="utf-8")
    assert block_after("Part of `bo`'s file") in text


def test_the_page_lists_every_gradebook_column():
    from codegen.classroom.reports import GRADEBOOK_COLUMNS

    assert ",".join(GRADEBOOK_COLUMNS) in DOC
    assert Path(DATA / "classroom" / "roster.csv").read_text(encoding="utf-8") == block_after(
        "`roster.csv` needs a header"
    )
