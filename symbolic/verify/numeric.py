"""Comparing two sides as numbers at the claim's step: exact, rounded, carried or wrong.

Per entry: equal is ``correct``; a written number that is the other side correctly rounded (to
places the writer rounds to) is ``rounded``, and so is arithmetic whose only differences come
from numbers rounded to the places written — the sides' intervals (``intervals``) overlap;
wrong against the truth but equal (or within rounding) when both sides are computed from the
writer's earlier numbers is ``carried``; anything else is ``wrong``, with a slip named when one
reproduces the writer's value.
"""

from __future__ import annotations

from . import nodes as n
from .errors import ClaimShapeError, ClaimTooLarge
from .findings import Finding, worst
from .grid import Grid
from .intervals import interval, literal_box, overlaps, point
from .labels import formula, symbol_label
from .values import rounds_to, same, same_grid, value_text


class NumericComparison:
    """Compares sides of one claim as numbers; ``slips`` names what explains a wrong one."""

    def __init__(self, claim, slips):
        self.claim = claim
        self.file = claim.file
        self.slips = slips

    # ------------------------------------------------------------------ literals and boxes
    def literal_cell(self, side, r: int, c: int):
        """The written (value, places) of a cell when it may be a rounding, else None."""
        if side.literal is None:
            return None
        cell = side.literal.cell(r, c)
        if cell is None or not self.claim.rounds_to_places(cell[1]):
            return None
        return cell

    def boxes(self, side, world, precise: bool = False) -> Grid | None:
        """The interval of every entry of a side, given the rounding of its written numbers."""
        if side.known:
            return side.in_world(world).map(point)
        if side.literal is not None:

            def box(cell):
                value, places = cell
                return (
                    literal_box(value, places)
                    if self.claim.rounds_to_places(places)
                    else point(value)
                )

            return side.literal.map(box)

        def named(node):
            from .sides import world_value

            return world_value(_scalar(self.file.builder.build(node)), world)

        def activation(layer):
            return self.file.builder.activation(layer, 0).name

        def number_box(node):
            return self.claim.number_box(node, precise)

        return interval(side.node, number_box, named, activation)

    def within_rounding(self, a, b, world, cells) -> bool:
        """Whether, entry by entry, the two sides' intervals overlap (in ``world``). Against a
        quantity, numbers the writer wrote as roundings of known values count as those values;
        between two sides of arithmetic, any value their rounding allows."""
        precise = a.named or b.named
        try:
            box_a, box_b = self.boxes(a, world, precise), self.boxes(b, world, precise)
        except (ClaimShapeError, ClaimTooLarge, ZeroDivisionError):
            return False
        if box_a is None or box_b is None:
            return False
        if (box_a.is_scalar and not box_b.is_scalar) or (box_b.is_scalar and not box_a.is_scalar):
            return False
        if box_a.shape != box_b.shape:
            return False
        return all(overlaps(box_a.cell(r, c), box_b.cell(r, c)) for r, c in cells)

    # ------------------------------------------------------------------ the comparison
    def compare(self, a, b) -> Finding:
        claim = self.claim
        ta, tb = a.in_world(claim.truth), b.in_world(claim.truth)
        if ta.shape != tb.shape:
            return self.shape_mismatch(a, b, ta, tb)
        states = {}
        for r, c, x in ta.cells():
            y = tb.cell(r, c)
            la, lb = self.literal_cell(a, r, c), self.literal_cell(b, r, c)
            if same(x, y):
                states[(r, c)] = "correct"
            elif (lb and rounds_to(x, *lb)) or (la and rounds_to(y, *la)):
                states[(r, c)] = "rounded"
            else:
                states[(r, c)] = "pending"
        pending = [k for k, s in states.items() if s == "pending"]
        how = ""
        if pending and self.within_rounding(a, b, claim.truth, pending):
            for k in pending:
                states[k] = "rounded"
            pending, how = [], "intermediate"
        used: dict = {}
        if pending and (a.named or b.named):
            used = self.carried(a, b, ta, tb, states, pending)
            pending = [k for k in pending if states[k] == "pending"]
        verdict = worst(
            {"pending": "wrong", "rounded-own": "rounded"}.get(s, s) for s in states.values()
        )
        reference, claimed = roles(claim, a, b)
        expected_value = self.truth_value(reference)
        expected = value_text(expected_value) if expected_value is not None else "?"
        if verdict == "correct":
            return Finding("correct", a.index, b.index, "exact", expected, value=expected_value)
        if verdict == "rounded" and "rounded-own" in states.values():
            message = (
                f"{claimed.label} follows from your rounded {self.follows_text(used)}; "
                f"the true {reference.label} is {expected}"
            )
            return Finding("rounded", a.index, b.index, message, expected, value=expected_value)
        if verdict == "rounded":
            message = self.rounded_message(a, b, claimed, reference, expected, states, how)
            return Finding("rounded", a.index, b.index, message, expected, value=expected_value)
        if verdict == "carried":
            message = (
                f"{claimed.label} follows from your {self.follows_text(used)}; "
                f"the true {reference.label} is {expected}"
            )
            lines = tuple(sorted({entry.line for entry in used.values() if entry.wrong}))
            return Finding(
                "carried", a.index, b.index, message, expected, value=expected_value,
                carried_from=lines,
            )  # fmt: skip
        return self.wrong(a, b, ta, reference, claimed, expected, expected_value, pending, states)

    def truth_value(self, side) -> Grid | None:
        try:
            return side.in_world(self.claim.truth)
        except (ClaimShapeError, ClaimTooLarge):
            return None

    def rounded_message(self, a, b, claimed, reference, expected, states, how) -> str:
        if how:
            return (
                f"{claimed.label} agrees with {reference.label} = {expected} within the "
                "rounding of the numbers written"
            )
        places = sorted(
            {
                (self.literal_cell(b, r, c) or self.literal_cell(a, r, c) or (0, 0))[1]
                for (r, c), s in states.items()
                if s == "rounded"
            }
        )
        shown = "/".join(map(str, places))
        plural = "s" if places != [1] else ""
        return (
            f"{claimed.label} is {reference.label} = {expected} rounded to {shown} decimal "
            f"place{plural}"
        )

    def carried(self, a, b, ta, tb, states, pending) -> dict:
        """Mark as carried the entries that agree when computed from the writer's numbers —
        their earlier numbers for quantities, and the true values behind the numbers they
        copied from an earlier slip; as rounded when those numbers were only rounded."""
        used = self.corrected(a, b, states, pending)
        pending = [k for k in pending if states[k] == "pending"]
        if not pending:
            return used
        writer = self.claim.writer()
        try:
            wa, wb = a.in_world(writer), b.in_world(writer)
        except (ClaimTooLarge, ClaimShapeError):
            return used
        if wa.shape != ta.shape or wb.shape != ta.shape:
            return used
        rounding_agrees = None
        slips = self.relevant_slips(a, b, writer)
        only_rounded = not slips
        for r, c in pending:
            x, y, x2, y2 = ta.cell(r, c), tb.cell(r, c), wa.cell(r, c), wb.cell(r, c)
            la, lb = self.literal_cell(a, r, c), self.literal_cell(b, r, c)
            agree = same(x2, y2) or (lb and rounds_to(x2, *lb)) or (la and rounds_to(y2, *la))
            if not agree:
                if rounding_agrees is None:
                    rounding_agrees = self.within_rounding(a, b, writer, pending)
                agree = rounding_agrees
            if agree and (not same(x2, x) or not same(y2, y)):
                states[(r, c)] = "rounded-own" if only_rounded else "carried"
        used.update(slips if slips else {k: e for k, e in writer.used.items()})
        return used

    def relevant_slips(self, a, b, writer) -> dict:
        """The writer's wrong numbers the sides' values depend on (a wrong ŷ_1 times y_1 = 0
        does not count)."""
        slips = {k: e for k, e in writer.used.items() if e.wrong}
        if not slips:
            return {}
        relevant = {}
        for key, entry in slips.items():
            honest = self.claim.writer_without(key)
            try:
                if not (
                    same_grid(a.in_world(honest), a.in_world(writer))
                    and same_grid(b.in_world(honest), b.in_world(writer))
                ):
                    relevant[key] = entry
            except (ClaimShapeError, ClaimTooLarge):
                relevant[key] = entry
        return relevant

    def corrected(self, a, b, states, pending) -> dict:
        """Entries right once the numbers the writer copied from an earlier slip are put back to
        the true values they stood for (0.149 for e^{−1.9} = 0.1496 …): carried."""
        mistaken = self.file.mistaken
        if not mistaken:
            return {}
        fixed_a, lines_a = correct_numbers(a.node, mistaken)
        fixed_b, lines_b = correct_numbers(b.node, mistaken)
        if not lines_a and not lines_b:
            return {}
        builder = self.file.builder
        try:
            side_a = a.replaced(fixed_a, builder) if lines_a else a
            side_b = b.replaced(fixed_b, builder) if lines_b else b
            ca, cb = side_a.in_world(self.claim.truth), side_b.in_world(self.claim.truth)
        except (ClaimShapeError, ClaimTooLarge):
            return {}
        if ca.shape != cb.shape:
            return {}
        rounding = None
        for r, c in pending:
            lb = self.literal_cell(side_b, r, c)
            la = self.literal_cell(side_a, r, c)
            x, y = ca.cell(r, c), cb.cell(r, c)
            agree = same(x, y) or (lb and rounds_to(x, *lb)) or (la and rounds_to(y, *la))
            if not agree:
                if rounding is None:
                    rounding = self.within_rounding(side_a, side_b, self.claim.truth, pending)
                agree = rounding
            if agree:
                states[(r, c)] = "carried"
        return {("line", None, line): _Line(line) for line in lines_a | lines_b}

    def wrong(self, a, b, ta, reference, claimed, expected, value, wrong_cells, states):
        claim = self.claim
        slip = self.slips.numeric_slip(reference, claimed, wrong_cells)
        if not a.named and not b.named:
            message = f"{a.label} = {value_text(ta)}, not {value_text(b.in_world(claim.truth))}"
            if reference.named:
                message += f" ({reference.label} is {expected})"
        elif reference.named and reference is not claimed:
            note = ""
            try:
                writer = claim.writer()
                w = reference.in_world(writer)
                if any(e.wrong for e in writer.used.values()) and not same_grid(
                    w, reference.in_world(claim.truth)
                ):
                    note = f" (from your earlier numbers: {value_text(w)})"
            except (ClaimTooLarge, ClaimShapeError):
                pass
            message = f"{claimed.label} should be {expected}{note}"
            if not ta.is_scalar and len(wrong_cells) < len(states):
                message += (
                    " (wrong: " + ", ".join(f"({r + 1},{c + 1})" for r, c in wrong_cells) + ")"
                )
        else:
            message = f"{a.label} = {value_text(ta)}, not {b.label}"
            expected, value = value_text(ta), ta
        if slip:
            message += f"; slip: {slip}"
        return Finding("wrong", a.index, b.index, message, expected, slip, value=value)

    def follows_text(self, used: dict) -> str:
        parts = []
        names = self.file.definitions.names
        ordered = sorted(used.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][2])))
        for (step, _, key), entry in ordered:
            if step == "line":
                parts.append(f"number on line {key}")
                continue
            where = f" (step {step})" if step != self.claim.step else ""
            shown = symbol_label(key, names) if isinstance(key, str) else formula(key, names)
            parts.append(f"{shown} = {value_text(Grid.scalar(entry.value))}{where}")
        return ", ".join(parts) if parts else "earlier numbers"

    def shape_mismatch(self, a, b, ta: Grid, tb: Grid) -> Finding:
        if ta.T.shape == tb.shape and all(
            matches_cell(x, y, self.literal_cell(b, r, c))
            for (r, c, y), x in zip(tb.cells(), ta.T.values())
        ):
            message = f"{b.label} is {a.label} transposed ({ta.shape_text}, {tb.shape_text})"
            return Finding(
                "wrong", a.index, b.index, message, value_text(ta), "transposed matrix", value=ta
            )
        message = f"{a.label} is {ta.shape_text} but {b.label} is {tb.shape_text}"
        return Finding("wrong", a.index, b.index, message, value_text(ta), value=ta)


class _Line:
    """A line the claim builds on (for ``carried_from``)."""

    def __init__(self, line: int):
        self.line = line
        self.value = None
        self.wrong = True


def correct_numbers(node, mistaken: dict):
    """``node`` with every number the writer copied from an earlier slip (or wrote as the
    rounding of a known value) replaced by the true value it stood for, and the lines of
    those slips."""
    lines: set[int] = set()

    def change(x):
        if isinstance(x, n.Number) and x.places > 0 and x.value in mistaken:
            true, line = mistaken[x.value]
            if line is not None:
                lines.add(line)
            return n.Number(x.pos, true, 0, x.text)
        return None

    return n.map_tree(node, change), lines


def matches_cell(value, claimed, literal) -> bool:
    return same(value, claimed) or (literal is not None and rounds_to(value, *literal))


def roles(claim, a, b):
    """(reference side, claimed side): whose truth is expected, whose value is judged."""
    subject = claim.subject
    if subject is a or subject is b:
        return subject, (b if subject is a else a)
    if subject is not None:
        return subject, b
    if b.named and not a.named:
        return b, a
    return a, b


def _scalar(value):
    from .build import as_scalar

    return as_scalar(value)


__all__ = ["NumericComparison", "n", "roles"]
