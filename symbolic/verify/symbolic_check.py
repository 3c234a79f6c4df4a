"""Comparing two sides as formulas: SymPy proves them equal under the network's definitions,
or the entries that differ are named, with the slip that explains them when there is one."""

from __future__ import annotations

from fractions import Fraction

from .build import as_scalar, is_matrix
from .definitions import display_form
from .equality import Proof
from .errors import ClaimShapeError, ClaimTooLarge
from .findings import Finding
from .labels import formula, shorten
from .numeric import roles
from .values import evaluate, same_grid

#: a matrix with more entries is not written out entry by entry
MAX_SHOWN_ENTRIES = 36


class SymbolicComparison:
    """Compares sides of one claim as formulas; ``slips`` names what explains a wrong one."""

    def __init__(self, claim, slips):
        self.claim = claim
        self.file = claim.file
        self.defs = claim.file.definitions
        self.slips = slips

    def formula(self, value) -> str:
        return formula(display_form(self.defs, as_scalar(value)), self.defs.names)

    def formula_or_shape(self, value) -> str:
        """The formula of a value, or just its shape when it has too many entries to show."""
        value = as_scalar(value)
        if is_matrix(value) and len(value) > MAX_SHOWN_ENTRIES:
            return f"a {value.shape[0]}×{value.shape[1]} matrix"
        return self.formula(value)

    def definition_text(self, value) -> str:
        """A named quantity's formula one level down (δ = Δ·a·(1 − a), h1 = i1·w1 + …)."""
        value = as_scalar(value)
        defs = self.defs

        def one(symbol):
            if defs.kind(symbol) in ("unit", "pre", "residual", "error", "delta", "loss"):
                definition = defs.one_level(symbol)
                return symbol if definition is None else definition
            return symbol

        shown = value.applyfunc(one) if is_matrix(value) else one(value)
        return formula(display_form(defs, shown), defs.names)

    def compare(self, a, b) -> Finding:
        claim = self.claim
        va, vb = as_scalar(a.value), as_scalar(b.value)
        reference, claimed = roles(claim, a, b)
        if (va.shape if is_matrix(va) else None) != (vb.shape if is_matrix(vb) else None):
            expected = self.formula_or_shape(reference.value)
            transposed = is_matrix(va) and is_matrix(vb) and va.T.shape == vb.shape
            if transposed and self.all_equal(va.T, vb):
                message = f"{b.label} is {a.label} transposed"
                return Finding("wrong", a.index, b.index, message, expected, "transposed matrix")
            message = f"{a.label} and {b.label} differ in shape"
            return Finding("wrong", a.index, b.index, message, expected)
        pairs = list(zip(va, vb)) if is_matrix(va) else [(va, vb)]
        hows, wrong, unsure = [], [], None
        with_data = claim.plugs_in_data(a, b)
        generic = a.generic or b.generic
        for k, (x, y) in enumerate(pairs):
            proof = claim.prove(x, y, with_data)
            if not proof.equal and self.targets_matter():
                known = claim.prove_with_targets(x, y)
                if known is not None and known.equal:
                    sample = claim.targets_sample()
                    shown = ", ".join(str(v) for v in self.file.network.samples[sample].y)
                    proof = Proof(True, f"with sample {sample + 1}'s targets y = ({shown})")
            if proof.equal:
                hows.append(proof.how)
            elif proof.equal is None and (generic or self.equal_at_example(x, y)):
                unsure = proof.how
            else:
                wrong.append(k)
        if not wrong:
            if unsure == "too large to write out":
                how = "equal at the worked example (too large to prove symbolically)"
            elif unsure:
                how = "equal at random points and at the worked example (no SymPy proof)"
            else:
                how = _how(hows)
            return Finding("correct", a.index, b.index, how, None, how=how)
        expected = self.formula_or_shape(reference.value)
        slip = self.slips.symbolic_slip(reference, claimed, wrong)
        if is_matrix(va):
            ref_value = as_scalar(reference.value)
            ref_cells = [display_form(self.defs, ref_value[k]) for k in wrong[:6]]
            shown = "; ".join(
                f"({k // va.cols + 1},{k % va.cols + 1}) should be "
                + shorten(formula(cell, self.defs.names), 80)
                for k, cell in zip(wrong[:6], ref_cells)
            )
            message = f"{claimed.label} is wrong: {shown}"
        else:
            expected = self.definition_text(reference.value)
            message = f"{claimed.label} is not {reference.label} = {shorten(expected)}"
        if slip:
            message += f"; slip: {slip}"
        return Finding("wrong", a.index, b.index, message, expected, slip)

    def targets_matter(self) -> bool:
        """Whether a formula may take the sample's targets as known: for the cross-entropy
        (whose one-hot targets every textbook puts in), or when the claim names its sample."""
        return self.claim.sample is not None or self.file.network.loss.name == "cross_entropy"

    def all_equal(self, x, y) -> bool:
        return all(self.claim.prove(p, q).equal for p, q in zip(x, y))

    def equal_at_example(self, x, y) -> bool:
        truth = self.claim.truth
        try:
            return same_grid(evaluate(x, truth.lookup), evaluate(y, truth.lookup))
        except (ClaimShapeError, ClaimTooLarge, ZeroDivisionError):
            return False


def _how(hows) -> str:
    targets = next((h for h in hows if h.startswith("with sample")), None)
    if targets:
        return f"holds {targets}"
    if "with the example's inputs, target and η" in hows:
        return "holds with the example's inputs, target and η"
    if "under the network's definitions" in hows:
        return "proved under the network's definitions"
    return "proved"


__all__ = ["Fraction", "SymbolicComparison"]
