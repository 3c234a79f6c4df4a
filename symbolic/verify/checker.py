"""Judging one chain A = B = C at one step: every step of the chain, and every side against the
chain's subject (the first side that names a known quantity), then one verdict for the claim.

An unprimed weight on the left of a chain whose next side is a sum or difference is read as an
update, as the lecture writes it (w_6 = w_6 − η ∂Error/∂w_6): it stands for the updated value.
After judging, the writer's final numbers for the subject are remembered for later claims.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import nodes as n
from .compare import Comparer
from .errors import ClaimSyntaxError, ClaimTooLarge
from .findings import Finding, worst
from .labels import shorten
from .sides import Side, bare_parameters, mark_updated
from .values import cells, is_grid, shape
from .worlds import TruthWorld, WriterWorld


@dataclass(frozen=True)
class Judgement:
    verdict: str
    explanation: str
    expected: str | None
    slip: str | None


class ChainJudge:
    def __init__(self, context, chain: n.Chain, step: int):
        self.context = context
        self.step = step
        self.builder = context.builder
        self.slips = context.slips
        self.truth = TruthWorld(context, step)
        self.note = ""
        nodes = list(chain.sides)
        first = chain.relations[0]
        if first == "←" and not bare_parameters(nodes[0]):
            raise ClaimSyntaxError("the left of ← or := must be weights or biases", 0)
        if bare_parameters(nodes[0]) and (
            first == "←"
            or (isinstance(nodes[1], n.Binary) and nodes[1].op in "+-" and first == "=")
        ):
            nodes[0] = mark_updated(nodes[0], context.definitions.names)
            self.note = " (left side read as the updated value)"
        self.sides = [
            Side(k, node, text, self.builder)
            for k, (node, text) in enumerate(zip(nodes, chain.texts))
        ]
        if self.note:
            self.sides[0].label += "′" if isinstance(nodes[0], n.Name) else " (updated)"
        self.subject = next((s for s in self.sides if s.known and s.value is not None), None)
        self._writer = None

    # ------------------------------------------------------------------ helpers for Comparer
    def writer(self) -> WriterWorld:
        if self._writer is None:
            self._writer = WriterWorld(self.context, self.step, frozenset(self.subject_keys()))
        return self._writer

    def prove(self, x, y, with_data: bool = False):
        return self.context.prove(x, y, with_data)

    def plugs_in_data(self, *sides) -> bool:
        """Whether the writer put one of the example's data values (an input, the target, η)
        into these sides as a number — only then may the data make an identity hold."""
        data = {v for v in self.context.definitions.data.values()}
        return any(
            isinstance(x, n.Number) and x.value in data for side in sides for x in n.walk(side.node)
        )

    def subject_keys(self) -> list[tuple[int, str]]:
        if self.subject is None:
            return []
        value = self.subject.scalar
        symbols = list(value) if hasattr(value, "shape") else [value]
        return [(self.step, s.name) for s in symbols if getattr(s, "is_Symbol", False)]

    # ------------------------------------------------------------------ judging
    def pairs(self) -> list[tuple[int, int]]:
        """Every step of the chain, and the subject against every other side that names
        something or is a bare number (intermediate arithmetic is judged by its steps)."""
        count = len(self.sides)
        pairs = [(k, k + 1) for k in range(count - 1)]
        if self.subject is not None:
            s = self.subject.index
            pairs += [
                (s, j)
                for j in range(count)
                if abs(j - s) > 1 and (self.sides[j].named or self.sides[j].literal is not None)
            ]
        return pairs

    def run(self) -> Judgement:
        comparer = Comparer(self)
        findings = [comparer.compare(self.sides[i], self.sides[j]) for i, j in self.pairs()]
        verdict = worst(f.verdict for f in findings)
        self.record()
        chosen = [f for f in findings if f.verdict == verdict]
        if verdict == "correct":
            explanation = self.correct_text(findings) + self.note
            return Judgement("correct", explanation, self.expected(), None)
        first = self.choose(chosen)
        more = ""
        if verdict == "wrong" and len(chosen) > 1:
            more = f" [{len(chosen)} of {len(findings)} checks wrong]"
        slip = next((f.slip for f in chosen if f.slip), None)
        return Judgement(verdict, first.message + more + self.note, first.expected, slip)

    def choose(self, chosen: list[Finding]) -> Finding:
        """The finding to explain: the first wrong step (where the error is made), or, for a
        rounded or carried claim, the writer's final value against the truth."""
        if chosen[0].verdict == "wrong":
            return min(chosen, key=lambda f: (f.right - f.left != 1, f.right, f.left))
        subject = self.subject.index if self.subject is not None else None
        return max(chosen, key=lambda f: (subject in (f.left, f.right), f.right))

    def numeric(self) -> bool:
        return any(not s.named or s.decimals for s in self.sides)

    def expected(self) -> str | None:
        """The subject's true value (numeric claims) or formula (symbolic ones)."""
        subject = self.subject
        if subject is None:
            return None
        comparer = Comparer(self)
        if self.numeric():
            return comparer.truth_text(subject)
        if not any(isinstance(x, n.Derivative) for x in n.walk(subject.node)) and not self.note:
            return comparer.definition_text(subject.value)
        return comparer.formula(subject.value)

    def correct_text(self, findings: list[Finding]) -> str:
        subject = self.subject
        if self.numeric():
            if subject is None:
                return f"exact arithmetic (step {self.step})"
            return f"exact: {subject.label} = {self.expected()} at step {self.step}"
        hows = [f.how for f in findings if f.how]
        how = next((h for h in hows if h.startswith("holds")), None) or next(
            (h for h in hows if "definitions" in h), hows[0] if hows else "proved"
        )
        if subject is None:
            return how
        plain = not any(isinstance(x, n.Derivative) for x in n.walk(subject.node)) and not self.note
        if plain:
            return how
        return f"{how}: {subject.label} = {shorten(self.expected())}"

    # ------------------------------------------------------------------ the writer's numbers
    def record(self) -> None:
        """Remember the writer's final number(s) for the subject at this step."""
        subject = self.subject
        if subject is None:
            return
        numeric = [s for s in self.sides if not s.named and s.value is not None]
        if not numeric:
            return
        try:
            value = numeric[-1].in_world(self.truth)
        except ClaimTooLarge:
            return
        literal = numeric[-1].literal
        keys = self.subject_keys()
        grid = subject.scalar
        if is_grid(value):
            if not hasattr(grid, "shape") or grid.shape != shape(value):
                return
            for (r, c, number), symbol in zip(cells(value), list(grid)):
                if getattr(symbol, "is_Symbol", False):
                    places = literal[r][c][1] if isinstance(literal, tuple) and literal else None
                    self.context.table.record(self.step, symbol.name, number, places)
        elif keys and not hasattr(grid, "shape"):
            places = (
                literal[1] if literal is not None and not isinstance(literal[0], tuple) else None
            )
            self.context.table.record(self.step, keys[0][1], value, places)
