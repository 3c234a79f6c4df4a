"""What one comparison between two sides of a chain found."""

from __future__ import annotations

from dataclasses import dataclass

from .grid import Grid

ORDER = {"correct": 0, "rounded": 1, "carried": 2, "undecided": 3, "wrong": 4, "unreadable": 5}


@dataclass(frozen=True)
class Finding:
    verdict: str
    left: int
    right: int
    message: str
    expected: str | None = None  # the expected value or formula, for people
    slip: str | None = None
    how: str = ""
    value: Grid | None = None  # the expected numbers
    carried_from: tuple[int, ...] = ()  # lines of the writer's wrong numbers this builds on


def worst(verdicts) -> str:
    return max(verdicts, key=ORDER.__getitem__, default="correct")
