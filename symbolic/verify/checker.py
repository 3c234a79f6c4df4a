"""Judging one chain A = B = C at one step: every step of the chain, and every side against the
chain's subject (the first side that names a known quantity), then one verdict for the claim.

An unprimed weight on the left of a chain whose next side is a sum or difference is read as an
update, as the lecture writes it (w_6 = w_6 − η ∂Error/∂w_6): it stands for the updated value;
so does one on the left of ←, := or →. A first side that is only a label (`sum = …`) names no
quantity: the chain is judged as arithmetic. After judging, the writer's final numbers for the
subject are remembered for later claims (``WriterTable``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy as sp

from . import nodes as n
from .build import as_scalar, is_matrix
from .context import ClaimContext
from .definitions import display_form
from .errors import ClaimShapeError, ClaimSyntaxError, ClaimTooLarge
from .findings import Finding, worst
from .grid import Grid
from .labels import formula, shorten
from .numeric import NumericComparison
from .sides import Side, bare_parameters, mark_updated
from .slip_search import SlipSearch
from .symbolic_check import SymbolicComparison
from .values import value_text


@dataclass(frozen=True)
class Judgement:
    verdict: str
    explanation: str
    expected: str | None
    slip: str | None
    value: Grid | None = None
    subject: str | None = None
    carried_from: tuple[int, ...] = ()


class ChainJudge:
    def __init__(self, claim: ClaimContext, chain: n.Chain):
        self.claim = claim
        file = claim.file
        nodes = list(chain.sides)
        relations = list(chain.relations)
        first = relations[0]
        if first == "←" and not bare_parameters(nodes[0]):
            raise ClaimSyntaxError("the left of ← or := must be weights or biases", 0)
        update = first in ("←", "→") or (
            first == "=" and isinstance(nodes[1], n.Binary) and nodes[1].op in "+-"
        )
        if bare_parameters(nodes[0]) and update:
            nodes[0] = mark_updated(nodes[0])
            claim.note = " (left side read as the updated value)"
        columns = chain.columns or (0,) * len(nodes)
        claim.sides = [
            Side(k, node, text, file.builder, column)
            for k, (node, text, column) in enumerate(zip(nodes, chain.texts, columns))
        ]
        if claim.note:
            claim.sides[0].label += "′" if isinstance(nodes[0], n.Name) else " (updated)"
        claim.subject = next(
            (s for s in claim.sides if s.known and s.value is not None and not s.generic), None
        )
        self.sides = claim.sides
        self.slips = SlipSearch(claim)
        self.numeric_comparison = NumericComparison(claim, self.slips)
        self.symbolic_comparison = SymbolicComparison(claim, self.slips)

    # ------------------------------------------------------------------ judging
    def pairs(self) -> list[tuple[int, int]]:
        """Every step of the chain (label sides left out), and the subject against every other
        side that names something or is a bare number."""
        sides = [s for s in self.sides if not s.is_label]
        pairs = [(a.index, b.index) for a, b in itertools.pairwise(sides)]
        subject = self.claim.subject
        if subject is not None:
            s = subject.index
            pairs += [
                (s, side.index)
                for side in sides
                if abs(side.index - s) > 1
                and (side.named or side.literal is not None)
                and (s, side.index) not in pairs
            ]
        return pairs

    def compare(self, a: Side, b: Side) -> Finding:
        if a.value is None or b.value is None:
            bad = a if a.value is None else b
            return Finding("wrong", a.index, b.index, f"{bad.label}: {bad.error}")
        symbolic = a.named and b.named and not (a.decimals or b.decimals)
        symbolic = symbolic or a.generic or b.generic
        try:
            if symbolic:
                return self.symbolic_comparison.compare(a, b)
            return self.numeric_comparison.compare(a, b)
        except ClaimShapeError as exc:
            return Finding("wrong", a.index, b.index, f"{a.label} = {b.label}: {exc}")

    def run(self) -> Judgement:
        pairs = self.pairs()
        if not pairs:
            raise ClaimSyntaxError("nothing to check: the claim names no quantity", 0)
        findings = [self.compare(self.sides[i], self.sides[j]) for i, j in pairs]
        verdict = worst(f.verdict for f in findings)
        self.record()
        claim = self.claim
        chosen = [f for f in findings if f.verdict == verdict]
        subject = self.subject_name()
        carried_from = tuple(sorted({line for f in findings for line in f.carried_from}))
        if verdict == "correct":
            explanation = self.correct_text(findings) + claim.note
            expected, value = self.expected()
            return Judgement("correct", explanation, expected, None, value, subject)
        first = self.choose(chosen)
        more = ""
        if verdict == "wrong" and len(chosen) > 1:
            more = f" [{len(chosen)} of {len(findings)} checks wrong]"
        slip = next((f.slip for f in chosen if f.slip), None)
        expected, value = first.expected, first.value
        if verdict != "wrong":
            expected, value = self.expected()
        return Judgement(
            verdict, first.message + more + claim.note, expected, slip, value, subject,
            carried_from if verdict == "carried" else (),
        )  # fmt: skip

    def choose(self, chosen: list[Finding]) -> Finding:
        """The finding to explain: the first wrong step (where the error is made), or, for a
        rounded or carried claim, the writer's final value against the truth."""
        if chosen[0].verdict == "wrong":
            return min(chosen, key=lambda f: (f.right - f.left != 1, f.right, f.left))
        subject = self.claim.subject.index if self.claim.subject is not None else None
        return max(chosen, key=lambda f: (subject in (f.left, f.right), f.right))

    def numeric(self) -> bool:
        return any(not s.named or s.decimals for s in self.sides if not s.is_label)

    def subject_name(self) -> str | None:
        subject = self.claim.subject
        if subject is None:
            return None
        value = subject.scalar
        names = self.claim.names
        if is_matrix(value):
            return formula(value, names)
        return formula(value, names) if isinstance(value, sp.Basic) else None

    def expected(self) -> tuple[str | None, Grid | None]:
        """The subject's true value (numeric claims) or formula (symbolic ones)."""
        claim = self.claim
        subject = claim.subject
        if subject is None:
            return None, None
        if self.numeric():
            try:
                value = subject.in_world(claim.truth)
            except (ClaimShapeError, ClaimTooLarge):
                return "?", None
            return value_text(value), value
        comparison = self.symbolic_comparison
        if not any(isinstance(x, n.Derivative) for x in n.walk(subject.node)) and not claim.note:
            return comparison.definition_text(subject.value), None
        return comparison.formula(subject.value), None

    def correct_text(self, findings: list[Finding]) -> str:
        claim = self.claim
        subject = claim.subject
        if self.numeric():
            if subject is None:
                return f"exact arithmetic (step {claim.step})"
            return f"exact: {subject.label} = {self.expected()[0]} at step {claim.step}"
        hows = [f.how for f in findings if f.how]
        how = next((h for h in hows if h.startswith("holds")), None) or next(
            (h for h in hows if "definitions" in h), hows[0] if hows else "proved"
        )
        if subject is None:
            return how
        plain = (
            not any(isinstance(x, n.Derivative) for x in n.walk(subject.node)) and not claim.note
        )
        if plain:
            return how
        return f"{how}: {subject.label} = {shorten(self.expected()[0] or '')}"

    # ------------------------------------------------------------------ the writer's numbers
    def record(self) -> None:
        """Remember the writer's final number(s) for the subject at this step and sample."""
        claim = self.claim
        subject = claim.subject
        if subject is None:
            return
        numeric = [s for s in self.sides if not s.named and not s.is_label and s.value is not None]
        if not numeric:
            return
        last = numeric[-1]
        try:
            value = last.in_world(claim.truth)
            truth = subject.in_world(claim.truth)
        except (ClaimTooLarge, ClaimShapeError):
            return
        grid = subject.scalar
        cells = list(grid) if is_matrix(grid) else [grid]
        shape = grid.shape if is_matrix(grid) else (1, 1)
        if value.shape != shape:
            return
        table = claim.file.table
        for (r, c, number), target in zip(value.cells(), cells):
            literal = last.literal.cell(r, c) if last.literal is not None else None
            places = literal[1] if literal is not None else None
            key, scale = self.key_of(target)
            if key is None:
                continue
            table.record(
                claim.step, claim.sample, key, number / scale if scale != 1 else number, places,
                claim.line, truth.cell(r, c) / scale if scale != 1 else truth.cell(r, c),
            )  # fmt: skip

    def key_of(self, target):
        """How the table keeps a subject entry: a symbol's name (with the notation's sign), or
        the formula itself for a stated intermediate (∂out/∂net = out(1 − out))."""
        if isinstance(target, sp.Symbol):
            return target.name, 1
        if isinstance(target, sp.Mul) and len(target.args) == 2 and target.args[0] == -1:
            inner = target.args[1]
            if isinstance(inner, sp.Symbol):
                return inner.name, -1
        if isinstance(target, sp.Basic) and target.free_symbols and not target.is_Number:
            return self.claim.definitions.unit_form(target), 1
        return None, 1


__all__ = ["ChainJudge", "Judgement", "as_scalar", "display_form"]
