"""Common slips, as transformations of the right formula that can be tested against a claim.

A slip is named only when applying it to the true formula reproduces what the writer wrote:
Δ's sign flipped, a factor dropped or added, a term dropped, a wrong or swapped index, a value
from the wrong iteration (numbers only), a transposed matrix (tested by the checker).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy as sp

from ..quantity import Quantity
from .labels import text

MAX_CANDIDATES = 1200
MAX_SIBLINGS = 12
#: kinds whose value changes from one iteration to the next
ITERATED = frozenset(
    {"weight", "bias", "unit", "pre", "residual", "error", "delta", "loss"}
    | {"weight_gradient", "bias_gradient"}
)


@dataclass(frozen=True)
class Slip:
    kind: str  # "sign of Δ", "missing factor", "extra factor", "missing term", "wrong index", …
    detail: str  # what exactly, in the network's names
    expr: sp.Expr | None = None  # the slipped formula (unit form)
    shift: tuple = ()  # iteration slips: ((symbol, "previous" | "after"), …)


class SlipFinder:
    """Candidate slips of one network's formulas."""

    def __init__(self, definitions):
        self.defs = definitions
        self.names = definitions.names
        self.network = definitions.network
        self._formula_slips: dict = {}

    def show(self, expr) -> str:
        return text(expr, self.names)

    # ------------------------------------------------------------------ siblings
    def siblings(self, symbol: sp.Symbol) -> list[sp.Symbol]:
        """Quantities a wrong index turns ``symbol`` into: same kind, same layer."""
        q = self.defs.quantity(symbol)
        if q is None or q.is_whole or q.updated:
            return []
        widths = self.network.widths
        kind, k, i = q.kind, q.layer, q.row
        out: list[Quantity] = []
        if kind in ("unit", "pre", "delta"):
            out = [Quantity(kind, k, j) for j in range(widths[k]) if j != i]
        elif kind in ("residual", "target"):
            out = [Quantity(kind, None, j) for j in range(widths[-1]) if j != i]
        elif kind == "weight":
            j = q.col
            rows, cols = widths[k + 1], widths[k]
            pairs = [(j, i)] if (j, i) != (i, j) and j < rows and i < cols else []
            pairs += [(i, c) for c in range(cols) if c != j]
            pairs += [(r, j) for r in range(rows) if r != i]
            out = [Quantity.weight(k, r, c) for r, c in dict.fromkeys(pairs)]
        elif kind == "bias":
            out = [Quantity.bias(k, r) for r in range(widths[k + 1]) if r != i]
        return [self.defs.symbol(o) for o in out[:MAX_SIBLINGS]]

    def index_detail(self, old: sp.Symbol, new: sp.Symbol) -> tuple[str, str]:
        a, b = self.defs.quantity(old), self.defs.quantity(new)
        if (
            a.kind == b.kind == "weight"
            and self.network.notation == "layered"
            and (a.row, a.col) == (b.col, b.row)
        ):
            return "indices swapped", f"{self.show(new)} instead of {self.show(old)}"
        return "wrong index", f"{self.show(new)} instead of {self.show(old)}"

    # ------------------------------------------------------------------ formula slips
    def related(self, symbol) -> list[tuple[sp.Symbol, sp.Expr]]:
        """Quantities of the same kind as ``symbol`` (∂E/∂w3 for ∂E/∂w2), with their formulas."""
        q = self.defs.quantity(symbol) if isinstance(symbol, sp.Symbol) else None
        if q is None:
            return []
        defs = self.defs
        gradient = q.kind in ("weight_gradient", "bias_gradient")
        if gradient or q.updated:
            parameter = q.parameter_of() if gradient else q.before_update()
            others = []
            for other in self.siblings(defs.symbol(parameter)):
                p = defs.quantity(other)
                others.append(defs.symbol(p.gradient() if gradient else p.after_update()))
        else:
            others = self.siblings(symbol)
        out = []
        for other in others:
            definition = defs.one_level(other)
            if definition is not None:
                out.append((other, defs.unit_form(other if gradient else definition)))
        return out

    def formula_slips(self, reference: sp.Expr, subject=None, written=frozenset()) -> list[Slip]:
        """Slipped versions of a formula in unit form (Δ·w5·i1, w5 − η·Δ·h1, …), cached.

        ``written``: symbols of what was written, tried as extra factors too.
        """
        key = (reference, subject, written)
        if key not in self._formula_slips:
            self._formula_slips[key] = self._make_formula_slips(reference, subject, written)
        return self._formula_slips[key]

    def _make_formula_slips(self, reference, subject, written) -> list[Slip]:
        """In order of likelihood: signs, dropped factors and terms, a wrong index, the
        formula of a neighbouring quantity, extra factors, two wrong indices."""
        defs, out = self.defs, []
        symbols = sorted(reference.free_symbols, key=lambda s: s.name)
        residuals = [s for s in symbols if defs.kind(s) == "residual"]
        if residuals:
            flipped = reference.xreplace({r: -r for r in residuals})
            out.append(Slip("sign of Δ", "Δ taken as actual − prediction", flipped))
        if subject is not None and defs.kind(subject) == "residual":
            out.append(
                Slip("sign of Δ", "actual − prediction instead of prediction − actual", -reference)
            )
        out.append(Slip("sign", "the opposite sign", -reference))
        terms = sp.Add.make_args(reference)
        for node in sp.preorder_traversal(reference):
            if isinstance(node, sp.Mul):
                out += self._dropped_factors(reference, node)
            elif isinstance(node, sp.Add) and len(node.args) > 1:
                for arg in node.args:
                    out.append(
                        Slip("missing term", f"missing term {self.show(arg)}", reference - arg)
                        if node == reference
                        else Slip(
                            "missing term",
                            f"missing term {self.show(arg)}",
                            reference.xreplace({node: node - arg}),
                        )
                    )
        for symbol in symbols:
            for other in self.siblings(symbol):
                kind, detail = self.index_detail(symbol, other)
                out.append(Slip(kind, detail, reference.xreplace({symbol: other})))
        for other, expr in self.related(subject):
            out.append(Slip("wrong index", f"that is the formula of {self.show(other)}", expr))
        extras = [sp.Integer(2), sp.Rational(1, 2), defs.model.rate, *symbols]
        extras += sorted(set(written) - set(symbols), key=lambda s: s.name)
        targets = [reference] + ([t for t in terms if 1 < len(terms) <= 4])
        for factor in dict.fromkeys(extras):
            for target in targets:
                slipped = (
                    reference * factor
                    if target is reference
                    else reference.xreplace({target: target * factor})
                )
                out.append(Slip("extra factor", f"extra factor {self.show(factor)}", slipped))
        for a, b in itertools.combinations(symbols, 2):
            for a2 in self.siblings(a)[:4]:
                for b2 in self.siblings(b)[:4]:
                    detail = (
                        f"{self.show(a2)} instead of {self.show(a)} and "
                        f"{self.show(b2)} instead of {self.show(b)}"
                    )
                    slipped = reference.xreplace({a: a2, b: b2})
                    out.append(Slip("wrong indices", detail, slipped))
            if len(out) > MAX_CANDIDATES:
                break
        return [s for s in out if s.expr != reference][:MAX_CANDIDATES]

    def _dropped_factors(self, reference, node) -> list[Slip]:
        out = []
        args = list(node.args)
        for arg in dict.fromkeys(args):
            if arg.is_Number:
                continue
            out.append(
                Slip(
                    "missing factor",
                    f"missing factor {self.show(arg)}",
                    reference.xreplace({node: node / arg}),
                )
            )
        model = self.defs.model
        for m in range(1, len(self.network.widths)):
            if not model.has_pre(m) or self.network.widths[m] > MAX_SIBLINGS:
                continue
            if self.network.layers[m - 1].activation.is_layer_function:
                continue
            for i in range(self.network.widths[m]):
                factor = model.derivative_factor(m, i)
                parts = sp.Mul.make_args(factor)
                if len(parts) > 1 and all(p in args for p in parts):
                    out.append(
                        Slip(
                            "missing factor",
                            f"missing factor f′ = {self.show(factor)}",
                            reference.xreplace({node: node / factor}),
                        )
                    )
        return out

    # ------------------------------------------------------------------ iteration slips
    def iteration_slips(self, reference: sp.Expr, step: int) -> list[Slip]:
        """Values taken from the previous iteration, or parameters already updated."""
        out = []
        symbols = sorted(reference.free_symbols, key=lambda s: s.name)
        shifted = [s for s in symbols if self.defs.kind(s) in ITERATED]
        parameters = [s for s in shifted if self.defs.kind(s) in ("weight", "bias")]
        for symbol in shifted:
            if step > 1:
                out.append(
                    Slip(
                        "wrong iteration",
                        f"{self.show(symbol)} from iteration {step - 1} instead of {step}",
                        shift=((symbol, "previous"),),
                    )
                )
        for symbol in parameters:
            out.append(
                Slip(
                    "wrong iteration",
                    f"{self.show(symbol)} already updated (its value after step {step})",
                    shift=((symbol, "after"),),
                )
            )
        if step > 1 and len(parameters) > 1:
            out.append(
                Slip(
                    "wrong iteration",
                    f"{', '.join(self.show(p) for p in parameters)} from iteration {step - 1}",
                    shift=tuple((p, "previous") for p in parameters),
                )
            )
        if len(parameters) > 1:
            out.append(
                Slip(
                    "wrong iteration",
                    f"{', '.join(self.show(p) for p in parameters)} already updated",
                    shift=tuple((p, "after") for p in parameters),
                )
            )
        return out
