"""Judging one chain A = B = C at one step: every step of the chain, and every side against the
chain's subject (the first side that names a known quantity), then one verdict for the claim.

An unprimed weight on the left of a chain whose next side is a sum or difference is read as an
update, as the lecture writes it (w_6 = w_6 − η ∂Error/∂w_6): it stands for the updated value;
so does one on the left of ←, := or →. A first side that is only a label (`sum = …`) names no
quantity: the chain is judged as arithmetic. After judging, the writer's final numbers for the
subject are remembered for later claims (``WriterTable``).
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import NamedTuple

import sympy as sp

from . import nodes as n
from .build import is_matrix
from .context import ClaimContext
from .errors import ClaimShapeError, ClaimSyntaxError, ClaimTooLarge
from .findings import ORDER, Finding, worst
from .grid import Grid
from .labels import formula, shorten
from .numeric import NumericComparison, correct_numbers
from .records import WriterNotes
from .sides import Side, bare_parameters, mark_updated
from .slip_search import SlipSearch
from .symbolic_check import SymbolicComparison
from .values import rounds_to, same, value_text

#: a matrix with more entries is not written out entry by entry in an explanation
MAX_SHOWN_ENTRIES = 36


class Judgement(NamedTuple):
    """The verdict on one claim: what, why, the expected formula or value, the slip."""

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
        previous = file.last_update
        file.last_update = None
        parameters = parameter_set(nodes[0]) if bare_parameters(nodes[0]) else None
        if parameters and not update and parameters == previous and not n.names_in(nodes[-1]):
            update = True  # ∴ W_2 = [0.6992 …] right after W_2 = W_2 − η …: the new W_2
        if bare_parameters(nodes[0]) and update:
            nodes[0] = mark_updated(nodes[0])
            claim.note = " (left side read as the updated value)"
            file.last_update = parameters
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
        a, b = self.aligned(a, b)
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

    def aligned(self, a: Side, b: Side) -> tuple[Side, Side]:
        """Views of two sides whose shapes differ only as a notation's looseness does: a
        vector named as a whole (a1, δ^{(2)}) has no orientation of its own, and in a run-on
        pipeline [2 3]·W = [0.85 0.48]·[w5; w6] = [0.191] each = relates the next side's first
        factor."""
        va, vb = a.value, b.value
        if not (is_matrix(va) and is_matrix(vb)) or va.shape == vb.shape:
            return a, b
        builder = self.claim.file.builder
        if va.T.shape == vb.shape and 1 in va.shape:
            if orientation_free(b.node):
                return a, b.replaced(n.Transpose(0, b.node), builder)
            if orientation_free(a.node):
                return a.replaced(n.Transpose(0, a.node), builder), b
        for factor in leading_factors(b.node):
            try:
                value = builder.build(factor)
            except (ClaimShapeError, ClaimTooLarge):
                continue
            if is_matrix(value) and value.shape == va.shape:
                return a, b.replaced(factor, builder)
        return a, b

    def run(self) -> Judgement:
        pairs = self.pairs()
        if not pairs:
            raise ClaimSyntaxError("nothing to check: the claim names no quantity", 0)
        findings = [self.compare(self.sides[i], self.sides[j]) for i, j in pairs]
        findings = self.through_the_chain(pairs, findings)
        verdict = worst(f.verdict for f in findings)
        if verdict == "correct" and self.claim.subject is None:
            behind = self.true_arithmetic()
            if behind is not None:
                findings.append(behind)
                verdict = behind.verdict
        WriterNotes(self.claim, self.sides).record(verdict)
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

    def true_arithmetic(self) -> Finding | None:
        """Arithmetic without a named subject, exact on the numbers written, whose numbers
        stand for other values — roundings of known quantities, or earlier slips: the result
        is judged against the same arithmetic on those values (0.149 + 1.0 + 0.368 = 1.517 is
        the sum e^{−1.9} + e^0 + e^{−1} = 1.51745 rounded)."""
        sides = [s for s in self.sides if not s.is_label]
        first, last = sides[0], sides[-1]
        if first is last or last.literal is None or first.named:
            return None
        file = self.claim.file
        meant = {v: (true, None) for v, true in file.rounded_written.items()}
        meant.update(file.mistaken)
        fixed, _ = correct_numbers(first.node, meant)
        lines = sorted(
            {
                meant[x.value][1]
                for x in n.walk(first.node)
                if isinstance(x, n.Number)
                and x.places > 0
                and x.value in meant
                and meant[x.value][1] is not None
            }
        )
        if fixed == first.node:
            return None
        try:
            value = first.replaced(fixed, file.builder).in_world(self.claim.truth)
        except (ClaimShapeError, ClaimTooLarge):
            return None
        if value.shape != last.literal.shape:
            return None
        cells = list(zip(value.values(), last.literal.values()))
        if all(same(v, w) for v, (w, _) in cells):
            return None
        shown = value_text(value)
        if all(same(v, w) or rounds_to(v, w, p) for v, (w, p) in cells):
            message = f"{last.label} is {shown} rounded, from the values your numbers stand for"
            return Finding("rounded", first.index, last.index, message, shown, value=value)
        message = (
            f"{last.label} follows from your numbers; with the values they stand for it is {shown}"
        )
        return Finding(
            "carried", first.index, last.index, message, shown, value=value,
            carried_from=tuple(lines),
        )  # fmt: skip

    def through_the_chain(self, pairs, findings) -> list[Finding]:
        """A side judged against the subject directly is also reached through the chain: when
        every step between them holds (exactly, within rounding, or carried), the side is as
        good as its worst step — the final number of an honest rounded computation is rounded
        even when it is not the true value rounded (0.248014762 from 0.544556·(1 − 0.544556))."""
        by_pair = dict(zip(pairs, findings))
        out = []
        for (i, j), finding in zip(pairs, findings):
            if finding.verdict == "wrong" and abs(j - i) > 1:
                lo, hi = sorted((i, j))
                steps = [by_pair.get((k, m)) for k, m in pairs if abs(m - k) == 1 and lo <= k < hi]
                steps = [f for f in steps if f is not None]
                covered = {k for k, m in pairs if abs(m - k) == 1 and lo <= k < hi}
                if steps and all(f.verdict in ("correct", "rounded", "carried") for f in steps):
                    wanted = {s.index for s in self.sides if lo <= s.index < hi and not s.is_label}
                    if wanted <= covered | {hi}:
                        through = max(steps, key=lambda f: ORDER[f.verdict])
                        if through.verdict != "correct":
                            finding = dataclasses.replace(
                                through, left=i, right=j, value=finding.value
                            )
            out.append(finding)
        return out

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
        names = self.claim.names
        node = subject.node.operand if isinstance(subject.node, n.Transpose) else subject.node
        if isinstance(node, n.Name) and node.reading.quantity is not None:
            reading = node.reading
            if not reading.change and reading.scale == 1:
                return names.name(reading.quantity).ascii  # w5, a2_1, W1, dw5 …
        value = subject.scalar
        if isinstance(value, sp.Symbol):
            return value.name
        if is_matrix(value):
            if all(isinstance(x, sp.Symbol) for x in value) and len(value) <= MAX_SHOWN_ENTRIES:
                rows = [
                    "; ".join(", ".join(x.name for x in value.row(r)) for r in range(value.rows))
                ]
                return "[" + rows[0] + "]"
            return formula(value, names) if len(value) <= MAX_SHOWN_ENTRIES else subject.label
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
        value = subject.value
        if is_matrix(value) and len(value) > MAX_SHOWN_ENTRIES:
            return f"{subject.label} ({value.shape[0]}×{value.shape[1]}, every entry)", None
        if not any(isinstance(x, n.Derivative) for x in n.walk(subject.node)) and not claim.note:
            return comparison.definition_text(value), None
        return comparison.formula(value), None

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


def parameter_set(node) -> frozenset:
    """The parameters a side of bare parameters names."""
    return frozenset(
        x.reading.quantity for x in n.walk(node) if isinstance(x, n.Name) and x.reading.quantity
    )


def orientation_free(node) -> bool:
    """A vector written by its name (a1, z_2, δ^{(2)}, Σ δ_1): a row or a column alike."""
    if isinstance(node, (n.Transpose, n.Negate, n.Sum)):
        return orientation_free(node.operand)
    if isinstance(node, n.Name):
        q = node.reading.quantity
        return q is not None and q.is_whole and q.kind not in ("weight", "weight_gradient")
    return False


def leading_factors(node) -> list:
    """The left factors of a product, outermost first: A·B·C → A·B, A."""
    found = []
    while isinstance(node, n.Binary) and node.op == "*":
        node = node.left
        found.append(node)
    return found
