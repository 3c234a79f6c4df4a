"""Searching for the slip behind a wrong number or formula.

Candidates are the true formula's slipped versions (``slips.SlipFinder``) and changes to what
the writer wrote (``tree_slips``); each is evaluated in the truth and in the writer's own
numbers, and a slip is named only when the evidence points to one: its value explains the
written number to places that pin it down, and no candidate of another kind explains it as
well — else the explanation lists the candidates (or none).
"""

from __future__ import annotations

from fractions import Fraction

from .build import as_scalar, is_matrix
from .errors import ClaimShapeError, ClaimTooLarge
from .grid import Grid
from .intervals import interval, overlaps, point
from .labels import formula
from .loss_slips import is_mean, loss_slips
from .tree_slips import tree_variants
from .values import evaluate, rounds_to, same, same_grid
from .worlds import TruthWorld

#: a slip is named from a number only when its rounding pins the value down to this fraction
PINNED = Fraction(1, 200)
#: a number matched exactly names a slip only when it has this relative precision (0.4: 12 %)
SHORT = Fraction(1, 20)


def explains(value, claimed, literal) -> bool:
    """Whether a slipped value explains a claimed number: exactly (unless the number is too
    short to tell — a written 0.4 is met by chance), or rounded to places that pin it down
    (a written 0.1 is too coarse to tell one slip from another); a box (lo, hi) of values
    that arithmetic on rounded numbers allows is explained by a value inside it."""
    if isinstance(claimed, tuple):
        return overlaps(point(value), claimed)
    if literal is None or literal[0] == 0:
        return same(value, claimed)
    half = Fraction(1, 2 * 10 ** literal[1]) if literal[1] >= 0 else Fraction(10 ** -literal[1], 2)
    relative = half / abs(literal[0])
    if same(value, claimed):
        return relative <= SHORT
    return relative <= PINNED and rounds_to(value, *literal)


class SlipSearch:
    """Slip search for one claim (its context gives the step, worlds and definitions)."""

    def __init__(self, claim):
        self.claim = claim
        self.file = claim.file
        self.defs = claim.file.definitions
        self.finder = claim.file.slips

    # ------------------------------------------------------------------ numbers
    def numeric_slip(self, reference, claimed, wrong_cells) -> str | None:
        """The slip that reproduces the claimed numbers, if one does."""
        if reference is claimed:
            return None
        whole = self.transposed_whole(reference, claimed) if reference.named else None
        tree = self.tree_slip(reference, claimed, symbolic=False)
        if whole or tree or not reference.named:
            return whole or tree
        claim = self.claim
        truth_claimed = claimed.in_world(claim.truth)
        ref_value = self.slip_reference(as_scalar(reference.value))
        if truth_claimed.shape != (ref_value.shape if is_matrix(ref_value) else (1, 1)):
            return None
        found = []
        worlds = [claim.truth, claim.writer()]
        subject = as_scalar(reference.value)
        boxes = self.rounded_arithmetic(claimed)
        for r, c in wrong_cells:
            expr = ref_value[r, c] if is_matrix(ref_value) else ref_value
            symbol = subject[r, c] if is_matrix(subject) else subject
            y = truth_claimed.cell(r, c)
            literal = claimed.literal.cell(r, c) if claimed.literal is not None else None
            if literal is None and boxes is not None:
                y = boxes.cell(r, c)  # arithmetic on rounded numbers: the values it allows
            slips = self.cell_slips(expr, y, literal, worlds, symbol, reference.node)
            if not slips:
                return None
            found.append(slips)
        return evidence(found)

    def rounded_arithmetic(self, side) -> Grid | None:
        """The boxes of values a side of arithmetic on rounded numbers allows (0.8398 +
        1.3291 is 2.16885 … 2.16895), when they pin the value down; None otherwise."""
        if side.named or side.literal is not None:
            return None
        boxes = interval(side.node, self.claim.number_box)
        if boxes is None:
            return None
        for box in boxes.values():
            middle = abs(box[0] + box[1]) / 2
            if middle == 0 or (box[1] - box[0]) / middle > 2 * float(PINNED):
                return None
        return boxes

    def slip_reference(self, value):
        """The formula a slip is tested on: a unit by its definition, ∂E/∂θ and θ′ written out."""
        defs = self.defs

        def one(symbol):
            if defs.kind(symbol) in ("unit", "pre", "residual", "error", "delta", "loss"):
                definition = defs.one_level(symbol)
                if definition is not None:
                    return defs.unit_form(definition)
            return defs.unit_form(symbol)

        return value.applyfunc(one) if is_matrix(value) else one(value)

    def cell_slips(self, expr, y, literal, worlds, subject=None, node=None) -> list:
        """Every candidate slip whose value (in the truth, then in the writer's numbers)
        explains the claimed number, most likely first (the loss's own slips first)."""
        finder = self.finder
        step = self.claim.step
        own = loss_slips(self.claim, node, subject, expr)
        candidates = own + finder.formula_slips(expr, subject) + finder.iteration_slips(expr, step)
        if isinstance(y, tuple):
            candidates = own  # a box of arithmetic is wide: only the loss's own slips are tried
        mean = is_mean(self.claim, node, subject)
        found, seen = [], set()
        for world in worlds:
            values = self.candidate_values(world, expr, subject, candidates, tuple(own), mean)
            for slip, value in zip(candidates, values):
                if value is not None and explains(value, y, literal) and slip not in seen:
                    seen.add(slip)
                    found.append((slip, value))
        return found

    def candidate_values(self, world, expr, subject, candidates, own=(), mean=False) -> list:
        """Each candidate's value in a world; cached for the truth, which never changes. For
        a mean over the samples (E, ∂E/∂θ with no sample named) a candidate's value in the
        truth is the mean of its values in each sample."""
        claim = self.claim
        key = (expr, subject, claim.step, claim.sample, own, mean)
        cache = self.file.truth_slip_values
        if world is claim.truth and key in cache:
            return cache[key]
        worlds = [world]
        if mean and world is claim.truth:
            count = len(self.file.network.samples)
            worlds = [TruthWorld(self.file, claim.step, s) for s in range(count)]
        values = []
        for slip in candidates:
            try:
                target = slip.expr if slip.expr is not None else expr
                each = [evaluate(target, self.shifted(w, slip)).value for w in worlds]
                values.append(each[0] if len(each) == 1 else sum(each) / len(each))
            except (ClaimShapeError, ClaimTooLarge, ZeroDivisionError):
                values.append(None)
        if world is claim.truth:
            cache[key] = values
        return values

    def shifted(self, world, slip):
        if not slip.shift:
            return world.lookup
        shifts = dict(slip.shift)
        defs, step = self.defs, self.claim.step

        def lookup(symbol):
            how = shifts.get(symbol)
            if how == "previous":
                return world.lookup(symbol, step - 1)
            if how == "after":
                return world.lookup(defs.symbol(defs.quantity(symbol).after_update()))
            return world.lookup(symbol)

        return lookup

    def transposed_whole(self, reference, claimed) -> str | None:
        t_ref = reference.in_world(self.claim.truth)
        t_claimed = claimed.in_world(self.claim.truth)
        if t_ref.shape[0] != t_ref.shape[1] or t_ref.is_scalar or same_grid(t_ref, t_ref.T):
            return None
        if t_claimed.shape != t_ref.shape:
            return None
        literal = claimed.literal
        if all(
            same(x, y) or (literal is not None and rounds_to(x, *literal.cell(r, c)))
            for (r, c, y), x in zip(t_claimed.cells(), t_ref.T.values())
        ):
            return "transposed matrix — written transposed"
        return None

    def tree_slip(self, reference, claimed, symbolic: bool) -> str | None:
        """A change to what the writer wrote (a transpose, an index) that makes it right."""
        claim = self.claim
        target = reference.in_world(claim.truth) if not symbolic else None
        for kind, detail, tree in tree_variants(claimed.node, claim):
            try:
                value = as_scalar(self.file.builder.build(tree))
                if symbolic:
                    ref = as_scalar(reference.value)
                    if (value.shape if is_matrix(value) else None) != (
                        ref.shape if is_matrix(ref) else None
                    ):
                        continue
                    pairs = zip(ref, value) if is_matrix(value) else [(ref, value)]
                    if all(claim.prove(p, q).equal for p, q in pairs):
                        return f"{kind} — {detail}"
                    continue
                result = evaluate(value, claim.truth.lookup)
            except (ClaimShapeError, ClaimTooLarge):
                continue
            if same_grid(result, target):
                return f"{kind} — {detail}"
        return None

    # ------------------------------------------------------------------ formulas
    def symbolic_slip(self, reference, claimed, wrong) -> str | None:
        """The slip that turns the right formula into what was written, if one does."""
        if reference is claimed:
            return None
        claim = self.claim
        ref_value = self.slip_reference(as_scalar(reference.value))
        claimed_value = self.defs.unit_form(as_scalar(claimed.value))
        square = is_matrix(ref_value) and ref_value.shape[0] == ref_value.shape[1]
        if (
            square
            and ref_value != ref_value.T
            and all(claim.prove(p, q).equal for p, q in zip(ref_value.T, claimed_value))
        ):
            return "transposed matrix — written transposed"
        if is_matrix(ref_value):
            tree = self.tree_slip(reference, claimed, symbolic=True)
            if tree:
                return tree
        found = []
        subject = as_scalar(reference.value)
        for k in wrong:
            expr = ref_value[k] if is_matrix(ref_value) else ref_value
            target = claimed_value[k] if is_matrix(claimed_value) else claimed_value
            symbol = subject[k] if is_matrix(subject) else subject
            slip = self.symbolic_cell_slip(expr, target, symbol, reference.node)
            if slip is None:
                found = None
                break
            found.append([(slip, None)])
        if found:
            return evidence(found)
        return self.tree_slip(reference, claimed, symbolic=True)

    def symbolic_cell_slip(self, expr, target, subject=None, node=None):
        """The first slip of the right formula that SymPy proves equal to what was written.

        Candidates are first compared at a random point of their unit-level forms (Δ, δ, E
        written out; activations, weights, inputs as free numbers), which rules most out
        cheaply even where the worked example has many zeros.
        """
        in_units = self.defs.in_units
        point = RandomPoint()
        try:
            aim = evaluate(in_units(target), point)
        except (ClaimShapeError, ClaimTooLarge, ZeroDivisionError):
            return None
        written = frozenset(target.free_symbols)
        own = loss_slips(self.claim, node, subject, expr)
        for slip in own + self.finder.formula_slips(expr, subject, written):
            try:
                value = evaluate(in_units(slip.expr), point)
            except (ClaimShapeError, ClaimTooLarge, ZeroDivisionError):
                continue
            if same_grid(value, aim) and self.claim.prove(slip.expr, target).equal:
                return slip
        return None


class RandomPoint:
    """A fixed pseudo-random rational for every symbol asked for (deterministic by name)."""

    def __init__(self):
        self.values: dict = {}

    def __call__(self, symbol):
        if symbol not in self.values:
            seed = sum(ord(c) * (k + 1) for k, c in enumerate(symbol.name))
            self.values[symbol] = Fraction(seed % 97 + 3, 59 + seed % 31)
        return self.values[symbol]


def evidence(per_cell: list[list]) -> str | None:
    """The slip the evidence points to, in one line, from each wrong entry's candidates
    (slip, value): a kind that explains every entry is named when its candidates agree on the
    value; when slips giving different values fit the written number alike (it is too coarse
    to tell them apart), the candidates are listed instead; nothing fits, None."""
    if not per_cell or not all(per_cell):
        return None
    for slip, _ in per_cell[0]:
        chosen = [next((c for c in cell if c[0].kind == slip.kind), None) for cell in per_cell]
        if all(chosen):
            if any(_ambiguous(cell) for cell in per_cell):
                shown = "; ".join(dict.fromkeys(f"{s.kind} ({s.detail})" for s, _ in per_cell[0]))
                return f"one of: {shown}"
            return _summary([c[0] for c in chosen])
    return _summary([cell[0][0] for cell in per_cell])


def _ambiguous(candidates) -> bool:
    """Candidate slips with different values all fit the written number (a missing factor
    1 − a and a missing Δ both fit a tiny η·g): the evidence does not point to one."""
    values = [v for _, v in candidates if v is not None]
    return any(not same(values[0], v) for v in values[1:])


def _summary(slips) -> str:
    kinds = list(dict.fromkeys(s.kind for s in slips))
    details = list(dict.fromkeys(s.detail for s in slips))
    return f"{' / '.join(kinds)} — {'; '.join(details)}"


__all__ = ["Grid", "SlipSearch", "evidence", "explains", "formula"]
