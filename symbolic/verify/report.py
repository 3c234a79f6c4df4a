"""The report of a verification: one line per claim for people, a JSON list for programs.

JSON keys (one object per claim): ``line`` and ``column`` (where the claim starts, 1-based),
``text``, ``verdict``, ``step``, ``sample`` (1-based, null for the mean over the samples),
``subject`` (the quantity the claim is about, in the network's ASCII names), ``expected`` (the
true value as a number — a list of rows for a vector or matrix — or null for a formula),
``expected_text`` (its display form, or the expected formula), ``explanation``, ``slip`` (the
slip named, or null), ``carried_from`` (the lines of the writer's earlier wrong numbers a
``carried`` claim builds on) and ``notation`` (the reading used).
"""

from __future__ import annotations

import json

from .claims import ClaimResult
from .values import json_value

KEYS = (
    "line", "column", "text", "verdict", "step", "sample", "subject", "expected",
    "expected_text", "explanation", "slip", "carried_from", "notation",
)  # fmt: skip


def render_text(results: list[ClaimResult]) -> str:
    """``line N: verdict — explanation``, one line per claim."""
    width = max((len(str(r.line)) for r in results), default=1)
    lines = [f"line {r.line:>{width}}: {r.verdict:<10} {r.explanation}" for r in results]
    return "\n".join(lines) + ("\n" if lines else "")


def record(result: ClaimResult, notation: str) -> dict:
    return {
        "line": result.line,
        "column": result.column,
        "text": result.text,
        "verdict": result.verdict,
        "step": result.step,
        "sample": None if result.sample is None else result.sample + 1,
        "subject": result.subject,
        "expected": json_value(result.value) if result.value is not None else None,
        "expected_text": result.expected,
        "explanation": result.explanation,
        "slip": result.slip,
        "carried_from": list(result.carried_from),
        "notation": notation,
    }


def render_json(results: list[ClaimResult]) -> str:
    notation = getattr(results, "notation", "slides")
    records = [record(r, notation) for r in results]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
