"""What grading writes: the gradebook and the slip table (CSV, through the csv module), and each
student's feedback as a web page and as text.

Every text from a submission or the roster reaches HTML through Jinja's autoescape (html.escape)
and CSV through the csv module; the pages need no script and no network.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from functools import cache

import jinja2

from symbolic.numbers import format_decimal

from .grading import StudentGrade
from .i18n import feedback_prose
from .marking import VERDICTS

GRADEBOOK_COLUMNS = ("id", "score", "max", *VERDICTS, "unanswered", "status", "note")


def show_mark(value) -> str:
    """A mark as a short decimal (7.5, 17, 0.33)."""
    return format_decimal(value, 2)


def _csv(rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue()


def gradebook_csv(grades: list[StudentGrade]) -> str:
    rows = [GRADEBOOK_COLUMNS]
    for g in grades:
        rows.append(
            (
                g.id,
                show_mark(g.score),
                show_mark(g.maximum),
                *(g.counts[v] for v in VERDICTS),
                g.unanswered,
                g.status,
                g.note,
            )
        )
    return _csv(rows)


def slips_csv(grades: list[StudentGrade]) -> str:
    """Each slip the checker named, with how many students made it and who (ids in class order)."""
    who: dict[str, list[str]] = defaultdict(list)
    for g in grades:
        for kind in sorted(g.slips()):
            who[kind].append(g.id)
    ordered = sorted(who.items(), key=lambda item: (-len(item[1]), item[0]))
    return _csv(
        [("slip", "students", "ids"), *((k, len(ids), " ".join(ids)) for k, ids in ordered)]
    )


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("codegen.classroom", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def _context(grade: StudentGrade, name: str, lang: str, generator: str) -> dict:
    return {
        "g": grade,
        "name": name,
        "lang": lang,
        "t": feedback_prose(lang),
        "generator": generator,
        "score": show_mark(grade.score),
        "maximum": show_mark(grade.maximum),
        "verdicts": VERDICTS,
        "known": set(VERDICTS),
        "show_mark": show_mark,
    }


def feedback_html(grade: StudentGrade, name: str, lang: str, generator: str) -> str:
    return (
        _environment()
        .get_template("feedback.html.j2")
        .render(**_context(grade, name, lang, generator))
    )


def feedback_text(grade: StudentGrade, name: str, lang: str, generator: str) -> str:
    t = feedback_prose(lang)
    who = f"{grade.id} ({name})" if name else grade.id
    counts = ", ".join(f"{grade.counts[v]} {v}" for v in VERDICTS)
    out = [
        f"{t['title']}: {who}",
        f"{t['score']}: {show_mark(grade.score)}/{show_mark(grade.maximum)} ({counts})",
        f"{t['status']}: {grade.status}" + (f" — {grade.note}" if grade.note else ""),
        "",
        t["answers"] + ":",
    ]
    for a in grade.answers:
        step = f", {t['step']} {a.step}" if a.step else ""
        verdict = a.verdict or t["unanswered"]
        out.append(
            f"  ({a.number}) {a.task}{step}: {a.subject}  {verdict}  "
            f"{show_mark(a.earned)}/{show_mark(a.mark)}"
        )
    if grade.lines:
        out += ["", t["lines"] + ":"]
        width = max(len(str(x.line)) for x in grade.lines)
        for x in grade.lines:
            where = f"({x.answer})" if x.answer else "(-)"
            out.append(f"  line {x.line:>{width}} {where:>5} {x.verdict:<10} {x.explanation}")
    out.append(f"-- {generator}")
    return "\n".join(" ".join(line.splitlines()) for line in out) + "\n"
