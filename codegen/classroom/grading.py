"""Grading one student: their submission checked against their own variant, answer by answer.

``grade_one`` is the unit of work every worker runs (a local process or a Dask worker): it gets
the texts (the variant's spec and the submission), never paths, so no worker needs the
teacher's disk. A submission's lines belong to the answer whose ``% answer N`` line they follow;
an answer earns its mark times what the weakest verdict among its lines earns (see marking.py).
Nothing a submission contains can stop the batch: every failure becomes that student's status.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

import yaml

from .answers import build_answers, template_of
from .marking import VERDICTS, MarkingPolicy

ANSWER_LINE = re.compile(r"^\s*%\s*answer\s+(\d{1,6})\b", re.IGNORECASE)
#: a submission's work budget: larger files are not checked (a 30-line answer is about 3 KB)
MAX_SUBMISSION_BYTES = 256 * 1024
MAX_SUBMISSION_LINES = 2000

GRADED, MISSING, REFUSED, FAILED = "graded", "missing", "not checked", "failed"


@dataclass(frozen=True)
class StudentTask:
    """One student's work: texts only (picklable, small)."""

    id: str
    spec_text: str
    submission: str | None  # None: no submission
    problem: str | None = None  # why the submission could not be read, if so
    policy: MarkingPolicy = field(default_factory=MarkingPolicy)


@dataclass(frozen=True)
class CheckedLine:
    """One claim of the submission with the checker's verdict and the answer it belongs to."""

    line: int
    text: str
    verdict: str
    expected: object  # the right value or formula (a string today; the checker may send a number)
    explanation: str
    step: int | None
    slip: str | None
    answer: int | None


@dataclass(frozen=True)
class AnswerMark:
    """One answer of the exercise: its weakest verdict (None: not answered) and its marks."""

    number: int
    task: str
    step: int | None
    subject: str  # LaTeX
    verdict: str | None
    mark: Fraction
    earned: Fraction


@dataclass(frozen=True)
class StudentGrade:
    id: str
    status: str
    note: str
    score: Fraction
    maximum: Fraction
    counts: dict
    lines: tuple[CheckedLine, ...] = ()
    answers: tuple[AnswerMark, ...] = ()

    @property
    def unanswered(self) -> int:
        return sum(1 for a in self.answers if a.verdict is None)

    def slips(self) -> set[str]:
        """The kinds of slip the checker named in this submission (``sign of Δ`` …)."""
        return {slip_kind(line.slip) for line in self.lines if line.slip}


def slip_kind(slip: str) -> str:
    """``sign of Δ — Δ taken as actual − prediction`` → ``sign of Δ``."""
    return slip.split(" — ")[0].strip()


def grade_one(task: StudentTask) -> StudentGrade:
    """Check one submission against its variant; never raises."""
    try:
        return _grade(task)
    except Exception as exc:  # one hostile or broken file never stops the batch
        message = " ".join(str(exc).split())[:300] or type(exc).__name__
        return StudentGrade(task.id, FAILED, message, Fraction(0), Fraction(0), _zero_counts())


def _grade(task: StudentTask) -> StudentGrade:
    from symbolic import load_network, verify_claims

    network = load_network(yaml.safe_load(task.spec_text), source=f"{task.id}/spec.yaml")
    answers = build_answers(network, template_of(network))
    policy = task.policy
    maximum = sum((policy.mark(a.task) for a in answers), Fraction(0))
    if task.submission is None or task.problem is not None:
        status = MISSING if task.problem is None else REFUSED
        note = task.problem or "no submission"
        marks = tuple(_mark(a, [], policy, network) for a in answers)
        return StudentGrade(task.id, status, note, Fraction(0), maximum, _zero_counts(), (), marks)
    slots = _answer_lines(task.submission, len(answers))
    results = verify_claims(network, task.submission)
    lines = tuple(
        CheckedLine(
            r.line, r.text, r.verdict, r.expected, r.explanation, r.step, r.slip, slots(r.line)
        )
        for r in results
    )
    marks = tuple(
        _mark(a, [x.verdict for x in lines if x.answer == a.number], policy, network)
        for a in answers
    )
    counts = _zero_counts()
    counts.update(Counter(x.verdict for x in lines if x.verdict in counts))
    score = sum((m.earned for m in marks), Fraction(0))
    outside = sum(1 for x in lines if x.answer is None)
    note = f"{outside} line(s) outside the answers" if outside else ""
    if not any(ANSWER_LINE.match(text) for text in task.submission.splitlines()):
        note = "no % answer N lines: no line could be given a mark"
    return StudentGrade(task.id, GRADED, note, score, maximum, counts, lines, marks)


def _mark(answer, verdicts: list[str], policy: MarkingPolicy, network) -> AnswerMark:
    mark = policy.mark(answer.task)
    if verdicts:
        weakest = min(verdicts, key=lambda v: (policy.earned(v), _rank(v)))
        earned = mark * policy.earned(weakest)
    else:
        weakest, earned = None, Fraction(0)
    subject = network.latex(answer.subject)
    return AnswerMark(answer.number, answer.task, answer.step, subject, weakest, mark, earned)


def _rank(verdict: str) -> int:
    """Among verdicts that earn the same, the one shown: the later in VERDICTS (unknown last)."""
    return -(VERDICTS.index(verdict) if verdict in VERDICTS else len(VERDICTS))


def _answer_lines(text: str, count: int):
    """line number → the answer whose ``% answer N`` line it follows (None before the first,
    or after a line naming no answer of this exercise)."""
    markers = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = ANSWER_LINE.match(line)
        if match:
            answer = int(match.group(1))
            markers.append((number, answer if 1 <= answer <= count else None))

    starts = [at for at, _ in markers]

    def answer_of(line: int) -> int | None:
        k = bisect.bisect_left(starts, line)
        return markers[k - 1][1] if k else None

    return answer_of


def _zero_counts() -> dict:
    return dict.fromkeys(VERDICTS, 0)
