"""What one comparison between two sides of a chain found."""

from __future__ import annotations

from dataclasses import dataclass

ORDER = {"correct": 0, "rounded": 1, "carried": 2, "undecided": 3, "wrong": 4, "unreadable": 5}


@dataclass(frozen=True)
class Finding:
    verdict: str
    left: int
    right: int
    message: str
    expected: str | None = None
    slip: str | None = None
    how: str = ""


def worst(verdicts) -> str:
    return max(verdicts, key=ORDER.__getitem__, default="correct")
