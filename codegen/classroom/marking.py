"""The marking policy: what each verdict earns, and how many marks each kind of answer is worth.

Default: every answer is worth 1 mark; ``correct``, ``rounded`` and ``carried`` (follow-through
on the student's own earlier numbers, as a careful teacher marks) earn the whole mark, ``wrong``,
``unreadable`` and ``undecided`` nothing, and so does any verdict the checker may add later.

A policy is a YAML/TOML/JSON file or an inline list, both read as data (numbers through
``symbolic.numbers.exact``; nothing is evaluated)::

    earn: {rounded: 1, carried: 0.5}        # the share of an answer's mark a verdict earns
    marks: {gradients: 2, update: 1}         # marks per answer of each task

    --marks "carried=0.5,gradients=2"
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import yaml

from symbolic.errors import NNDeriveError
from symbolic.exercise import TASKS
from symbolic.numbers import exact

#: the verdicts the gradebook counts, in its column order
VERDICTS = ("correct", "rounded", "carried", "wrong", "unreadable", "undecided")
DEFAULT_EARN = {
    "correct": 1,
    "rounded": 1,
    "carried": 1,
    "wrong": 0,
    "unreadable": 0,
    "undecided": 0,
}
MAX_MARK = 100
MAX_POLICY_BYTES = 64 * 1024


@dataclass(frozen=True)
class MarkingPolicy:
    """Share of the mark per verdict (0 to 1) and marks per answer of each task (0 to 100)."""

    earn: dict = field(default_factory=lambda: {v: Fraction(e) for v, e in DEFAULT_EARN.items()})
    marks: dict = field(default_factory=lambda: {t: Fraction(1) for t in TASKS})

    def earned(self, verdict: str | None) -> Fraction:
        """The share a verdict earns; unknown verdicts (and no answer) earn nothing."""
        return self.earn.get(verdict, Fraction(0)) if verdict else Fraction(0)

    def mark(self, task: str) -> Fraction:
        return self.marks.get(task, Fraction(1))

    def describe(self) -> str:
        earn = ", ".join(f"{v} {_show(self.earn[v])}" for v in VERDICTS)
        marks = ", ".join(f"{t} {_show(self.marks[t])}" for t in TASKS)
        return f"earn: {earn}; marks per answer: {marks}"


def _show(value: Fraction) -> str:
    from symbolic.numbers import format_decimal

    return format_decimal(value, 4)


def read_policy(text: str | None) -> MarkingPolicy:
    """The policy named by ``--marks``: None (the default), a file, or ``key=value,…``."""
    if text is None:
        return MarkingPolicy()
    path = Path(text)
    if path.is_file():
        return _from_mapping(_read_file(path), str(path))
    if "=" not in text:
        raise NNDeriveError(
            f"--marks {text}: no such file, and not an inline policy "
            "such as carried=0.5,gradients=2"
        )
    earn, marks = {}, {}
    for part in text.split(","):
        key, _, value = part.partition("=")
        key = key.strip()
        if key in VERDICTS:
            earn[key] = value.strip()
        elif key in TASKS:
            marks[key] = value.strip()
        else:
            raise NNDeriveError(
                f"--marks: unknown key {key!r}; use a verdict ({', '.join(VERDICTS)}) "
                f"or a task ({', '.join(TASKS)})"
            )
    return _from_mapping({"earn": earn, "marks": marks}, "--marks")


def _read_file(path: Path) -> Mapping:
    if path.stat().st_size > MAX_POLICY_BYTES:
        raise NNDeriveError(f"{path}: larger than {MAX_POLICY_BYTES // 1024} KB")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise NNDeriveError(f"{path}: not UTF-8 text") from None
    suffix = path.suffix.lower()
    try:
        if suffix in (".yaml", ".yml"):
            data = yaml.safe_load(text)
        elif suffix == ".json":
            data = json.loads(text)
        elif suffix == ".toml":
            from symbolic.spec_files import tomllib

            data = tomllib.loads(text)
        else:
            raise NNDeriveError(f"{path}: name a policy file .yaml, .yml, .toml or .json")
    except (yaml.YAMLError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise NNDeriveError(f"{path}: not a readable policy ({first})") from None
    return data if data is not None else {}


def _from_mapping(data, source: str) -> MarkingPolicy:
    if not isinstance(data, Mapping) or any(k not in ("earn", "marks") for k in data):
        raise NNDeriveError(f"{source}: expected the fields earn: {{…}} and/or marks: {{…}}")
    policy = MarkingPolicy()
    for section, allowed, table, upper in (
        ("earn", VERDICTS, policy.earn, 1),
        ("marks", TASKS, policy.marks, MAX_MARK),
    ):
        given = data.get(section) or {}
        if not isinstance(given, Mapping):
            raise NNDeriveError(f"{source}: {section}: expected a mapping such as {{rounded: 1}}")
        for key, value in given.items():
            if key not in allowed:
                raise NNDeriveError(
                    f"{source}: {section}.{key}: unknown; use one of {', '.join(allowed)}"
                )
            try:
                number = exact(value)
            except (TypeError, ValueError, ZeroDivisionError):
                raise NNDeriveError(
                    f"{source}: {section}.{key}: expected a number, got {value!r}"
                ) from None
            if not 0 <= number <= upper:
                raise NNDeriveError(
                    f"{source}: {section}.{key}: expected 0 to {upper}, got {value}"
                )
            table[key] = number
    return policy
