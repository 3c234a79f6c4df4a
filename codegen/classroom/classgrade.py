"""``grade_class``: every submission of a class checked against its student's own variant.

Inputs are read here (the class list, each variant's spec, each submission within its work
budget); the checking runs in ``grade_one`` wherever batch.py sends it; the outputs (gradebook,
slips, one feedback page and text per student) are written only after every output path was
checked not to be an input and everything was graded.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from symbolic.errors import NNDeriveError

from ..output import os_error_words, write_atomic
from .batch import run_dask, run_local
from .exercises import MANIFEST
from .grading import (
    FAILED,
    MAX_SUBMISSION_BYTES,
    MAX_SUBMISSION_LINES,
    StudentGrade,
    StudentTask,
)
from .marking import VERDICTS, MarkingPolicy
from .reports import feedback_html, feedback_text, gradebook_csv, slips_csv
from .roster import check_id

MAX_MANIFEST_BYTES = 64 * 2**20
OUTPUTS = ("gradebook.csv", "slips.csv")


@dataclass(frozen=True)
class ClassList:
    """What ``nnderive exercises`` recorded: the students (id → name) and the sheets' language."""

    students: tuple[tuple[str, str], ...]
    lang: str


def read_class(folder: Path) -> ClassList:
    manifest = folder / MANIFEST
    if not folder.is_dir():
        raise NNDeriveError(f"{folder}: no such folder (give the -o folder of nnderive exercises)")
    if not manifest.is_file():
        raise NNDeriveError(
            f"{manifest}: missing; is {folder} a folder made by nnderive exercises?"
        )
    if manifest.stat().st_size > MAX_MANIFEST_BYTES:
        raise NNDeriveError(f"{manifest}: too large")
    try:
        record = json.loads(manifest.read_text(encoding="utf-8"))
        students = tuple(
            (check_id(str(s["id"]), str(manifest)), str(s.get("name", "")))
            for s in record["students"]
        )
        lang = record["lang"] if record.get("lang") in ("zh", "en") else "en"
    except (ValueError, KeyError, TypeError) as exc:
        raise NNDeriveError(
            f"{manifest}: not a class list made by nnderive exercises ({exc})"
        ) from None
    return ClassList(students, lang)


def _read_submission(path: Path) -> tuple[str | None, str | None]:
    """(text, problem): (None, None) when there is no submission."""
    if not path.exists() and not path.is_symlink():
        return None, None
    if path.is_symlink():  # a link could show another file (another student's key) as feedback
        return None, f"{path.name} is a link, not a file: not checked"
    if not path.is_file():
        return None, f"{path.name} is not a regular file"
    size = path.stat().st_size
    if size > MAX_SUBMISSION_BYTES:
        return None, f"{path.name} is larger than {MAX_SUBMISSION_BYTES // 1024} KB: not checked"
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"{path.name} is not UTF-8 text (byte {exc.start}): not checked"
    except OSError as exc:
        return None, f"{path.name} cannot be read ({os_error_words(exc)})"
    if text.count("\n") > MAX_SUBMISSION_LINES:
        return None, f"{path.name} has more than {MAX_SUBMISSION_LINES} lines: not checked"
    return text, None


def _check_outputs(results: Path, inputs: list[Path], ids) -> None:
    resolved = results.resolve()
    for folder in inputs:
        f = folder.resolve()
        if resolved == f or f in resolved.parents:
            raise NNDeriveError(
                f"{results}: results would be written into the input folder {folder}; "
                "choose another -o folder"
            )
    if results.exists() and not results.is_dir():
        raise NNDeriveError(f"{results}: is a file; -o needs a folder")
    names = [*OUTPUTS, *(f"{i}.{ext}" for i in ids for ext in ("html", "txt"))]
    for name in names:
        path = results / name
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise NNDeriveError(f"{path}: exists and is not a plain file; choose another -o folder")


def grade_class(
    exercises: str,
    submissions: str,
    results: str,
    policy: MarkingPolicy,
    jobs: int = 1,
    dask: str | None = None,
    done: Callable[[StudentGrade], None] = lambda _: None,
) -> tuple[list[StudentGrade], list[str]]:
    """Grade the class; returns the grades (class order) and the submissions nobody owns."""
    from codegen import __version__

    folder, inbox, out = Path(exercises), Path(submissions), Path(results)
    class_list = read_class(folder)
    if not inbox.is_dir():
        raise NNDeriveError(f"{inbox}: no such folder of submissions (<id>.tex files)")
    ids = [i for i, _ in class_list.students]
    _check_outputs(out, [folder, inbox], ids)
    known = set(ids)
    strays = sorted(p.name for p in inbox.glob("*.tex") if p.stem not in known)

    tasks, broken = [], {}
    for student_id in ids:
        spec = folder / student_id / "spec.yaml"
        if not spec.is_file():
            broken[student_id] = f"{spec} is missing; run nnderive exercises again"
            continue
        text, problem = _read_submission(inbox / f"{student_id}.tex")
        spec_text = spec.read_text(encoding="utf-8")
        tasks.append(StudentTask(student_id, spec_text, text, problem, policy))
    graded = run_dask(tasks, dask, done) if dask else run_local(tasks, jobs, done)
    by_id = {g.id: g for g in graded}
    for student_id, note in broken.items():
        by_id[student_id] = StudentGrade(
            student_id, FAILED, note, Fraction(0), Fraction(0), dict.fromkeys(VERDICTS, 0)
        )
    grades = [by_id[i] for i in ids]

    generator = f"nnderive {__version__} (codegen.classroom)"
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / "gradebook.csv", gradebook_csv(grades))
    write_atomic(out / "slips.csv", slips_csv(grades))
    names = dict(class_list.students)
    for g in grades:
        write_atomic(
            out / f"{g.id}.html", feedback_html(g, names[g.id], class_list.lang, generator)
        )
        write_atomic(out / f"{g.id}.txt", feedback_text(g, names[g.id], class_list.lang, generator))
    return grades, strays
