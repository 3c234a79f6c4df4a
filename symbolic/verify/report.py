"""The report of a verification: one line per claim for people, a JSON list for programs."""

from __future__ import annotations

import json
from collections import Counter

from .claims import VERDICTS, ClaimResult


def render_text(results: list[ClaimResult]) -> str:
    """``line N: verdict — explanation``, one line per claim."""
    width = max((len(str(r.line)) for r in results), default=1)
    lines = [f"line {r.line:>{width}}: {r.verdict:<10} {r.explanation}" for r in results]
    return "\n".join(lines) + ("\n" if lines else "")


def summary(results: list[ClaimResult]) -> str:
    counts = Counter(r.verdict for r in results)
    parts = [f"{counts[v]} {v}" for v in VERDICTS if counts[v]]
    plural = "s" if len(results) != 1 else ""
    return f"{len(results)} claim{plural}: " + (", ".join(parts) or "none")


def render_json(results: list[ClaimResult]) -> str:
    records = [
        {
            "line": r.line,
            "text": r.text,
            "verdict": r.verdict,
            "expected": r.expected,
            "explanation": r.explanation,
            "step": r.step,
            "slip": r.slip,
        }
        for r in results
    ]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
