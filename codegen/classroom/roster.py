"""The class roster: a CSV file with a header and an ``id`` column (other columns are kept).

Ids name folders and files (``DIR/<id>/``, ``SUBMISSIONS/<id>.tex``), so each must be a safe
file name: letters, digits, ``-``, ``_`` and ``.``, starting with a letter or digit, at most 64
characters, and no two ids may differ only in case (one folder on a case-insensitive disk).
Every problem is one line naming the file and the line.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from symbolic.errors import NNDeriveError

from .sheets import Student

SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
ID_RULE = (
    "letters, digits, '-', '_' and '.', starting with a letter or digit, at most 64 characters"
)
MAX_ROSTER_BYTES = 5 * 2**20
MAX_STUDENTS = 100_000


def check_id(student_id: str, where: str) -> str:
    """The id if it is a safe file name, else a one-line error naming ``where``."""
    if not SAFE_ID.match(student_id) or student_id in (".", ".."):
        shown = student_id if len(student_id) <= 40 else student_id[:37] + "..."
        raise NNDeriveError(f"{where}: id {shown!r} is not a safe file name ({ID_RULE})")
    return student_id


def read_roster(path: str | Path) -> list[Student]:
    """Students in roster order; refuses a missing ``id`` column, unsafe or repeated ids."""
    path = Path(path)
    if not path.is_file():
        raise NNDeriveError(f"{path}: no such roster file (a CSV with an id column)")
    if path.stat().st_size > MAX_ROSTER_BYTES:
        raise NNDeriveError(f"{path}: larger than {MAX_ROSTER_BYTES // 2**20} MB")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NNDeriveError(
            f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from None
    return parse_roster(text, str(path))


def parse_roster(text: str, source: str) -> list[Student]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise NNDeriveError(f"{source}: empty; give a header line with an id column") from None
    except csv.Error as exc:
        raise NNDeriveError(f"{source}:1: not CSV ({exc})") from None
    if "id" not in header:
        raise NNDeriveError(f"{source}:1: no id column in the header (found: {', '.join(header)})")
    if len(set(header)) != len(header):
        raise NNDeriveError(f"{source}:1: a column name is used twice")
    id_column = header.index("id")
    students: list[Student] = []
    seen: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise NNDeriveError(
                    f"{source}:{line}: {len(row)} fields, the header has {len(header)}"
                )
            student_id = check_id(row[id_column].strip(), f"{source}:{line}")
            folded = student_id.casefold()
            if folded in seen:
                raise NNDeriveError(
                    f"{source}:{line}: id {student_id!r} is listed twice "
                    f"(first on line {seen[folded]}; ids may not differ only in case)"
                )
            seen[folded] = line
            others = tuple((name, cell.strip()) for name, cell in zip(header, row) if name != "id")
            students.append(Student(student_id, others))
            if len(students) > MAX_STUDENTS:
                raise NNDeriveError(f"{source}: more than {MAX_STUDENTS:,} students")
    except csv.Error as exc:
        raise NNDeriveError(f"{source}:{reader.line_num}: not CSV ({exc})") from None
    if not students:
        raise NNDeriveError(f"{source}: no students below the header")
    return students
