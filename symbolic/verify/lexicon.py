"""Reading a written name (base, subscript, layer superscript) as a Reading of one network.

The notation's preset (``presets``) says which forms exist; this module interprets their index
shapes — a unit's name (h1, o1), a number, a layer superscript, units numbered across the net,
layers counted from 0 — against the network's widths, and applies the file's own ``let``
declarations first. Every refusal is a ClaimSyntaxError naming the written name.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import replace
from fractions import Fraction

from ..quantity import Quantity, exists
from .errors import ClaimSyntaxError
from .generic import GENERIC_INDICES, UNIT_LETTERS
from .index_rules import INDEX_RULES
from .nodes import Reading
from .presets import DEFAULT, PRESETS, Form, Preset

#: words that label a computed number without naming a quantity (`sum = 0.149 + 1.0 + 0.368`)
LABEL_WORDS = frozenset({"sum", "exp", "total", "result", "value", "answer", "ans", "max"})
_UNIT_NAME = re.compile(r"^([A-Za-z]+)(\d*)$")
_SUFFIX = re.compile(r"^([A-Za-z]+?)(\d+)$")


class Lexicon:
    """The names of one network in one notation, with the file's ``let`` declarations."""

    def __init__(self, network, notation: str = DEFAULT, lets=None, declared: bool = False):
        self.network = network
        self.preset: Preset = PRESETS[notation]
        self.notation = notation
        self.declared = declared
        self.widths = network.widths
        self.depth = len(network.layers)
        self.lets: dict[tuple, Reading] = dict(lets or {})
        self.custom: dict[str, Quantity] = {}
        for j, name in enumerate(network.input_names or ()):
            self.custom[name] = Quantity.input(j)
        for k, layer in enumerate(network.layers):
            for i, name in enumerate(layer.names or ()):
                self.custom[name] = Quantity.unit(k + 1, i)
        self.bindings: dict[str, str] = {}
        self.bases = {base for form in self.preset.forms for base in form.bases}
        self.bases.update(self.preset.constants)
        sign = self.preset.sign
        self.lets = {
            key: replace(reading, scale=sign(reading.quantity.kind))
            for key, reading in self.lets.items()
        }
        self.let_bases = {key[0] for key in self.lets}
        #: units the lets name in a subscript: net_{H11} = z2_1 makes H11 unit 1 of layer 2
        self.let_units: dict[str, tuple[int, int]] = {}
        for (base, sub, layer), reading in self.lets.items():
            q = reading.quantity
            names_unit = base in self.preset.unit_bases and sub and layer is None
            if names_unit and q.kind in ("unit", "pre", "delta") and q.row is not None:
                self.let_units.setdefault(sub, (q.layer, q.row))

    # ------------------------------------------------------------------ what starts a name
    def is_base(self, base: str) -> bool:
        if base in self.bases or base in self.let_bases or base in self.custom:
            return True
        if base in LABEL_WORDS:
            return True
        m = _SUFFIX.match(base)
        return bool(m and m.group(1) in self.bases)

    def output_reading(self, written: str) -> Reading:
        """The network's prediction (f(x), h_{W,b}(x)): the output unit, or the output vector."""
        row = 0 if self.widths[-1] == 1 else None
        return Reading(Quantity.unit(self.depth, row), written)

    def is_variable(self, base: str) -> bool:
        return base in self.preset.variables

    # ------------------------------------------------------------------ bound indices
    def can_bind(self) -> bool:
        return self.preset.unit_names is not None or bool(self.let_units)

    def unit_name_of(self, m: int, i: int) -> str:
        """A name for unit (m, i) that ``unit_named`` reads back (o1, h2, a let's H21)."""
        for name, place in self.let_units.items():
            if place == (m, i):
                return name
        if m == self.depth:
            return f"o{i + 1}" if self.preset.unit_names == "net-out" else f"out{i + 1}"
        if m == 0:
            return f"i{i + 1}"
        return f"h{i + 1}"

    def bound_units(self, index: str) -> list[str]:
        """The units a Σ index ranges over: the output units."""
        return [self.unit_name_of(self.depth, i) for i in range(self.widths[-1])]

    def context_units(self, tokens) -> dict[str, str]:
        """h in w_{ho}: the one unit of the layer before the outputs the claim names."""
        from .tokens import plain

        found = set()
        for k, tok in enumerate(tokens[:-2]):
            if tok.text in self.preset.unit_bases and tokens[k + 1].text == "_":
                group = tokens[k + 2 :]
                text = plain(_first_group(group))
                try:
                    m, i = self.unit_named(text, text, 0)
                except ClaimSyntaxError:
                    continue
                if m == self.depth - 1:
                    found.add((m, i))
        if len(found) != 1:
            return {}
        (m, i) = found.pop()
        return {"h": self.unit_name_of(m, i)}

    @contextmanager
    def binding(self, names: dict[str, str]):
        previous = self.bindings
        self.bindings = {**previous, **names}
        try:
            yield
        finally:
            self.bindings = previous

    def bind(self, sub: str | None) -> str | None:
        """A subscript with bound index letters replaced: o → o1, ho → h1,o1."""
        if not self.bindings or sub is None:
            return sub
        if sub in self.bindings:
            return self.bindings[sub]
        if len(sub) == 2 and all(c in self.bindings for c in sub):
            return f"{self.bindings[sub[0]]},{self.bindings[sub[1]]}"
        return sub

    # ------------------------------------------------------------------ resolving
    def resolve(
        self, base: str, sub: str | None, layer: int | None, written: str, pos: int
    ) -> Reading:
        """The Reading of a written name; ClaimSyntaxError (at ``pos``) when it has none."""
        sub = self.bind(sub)
        let = self.lets.get((base, sub, layer))
        if let is not None:
            return replace(let, written=written)
        if base in self.preset.constants and sub is None and layer is None:
            return Reading(None, written, constant=Fraction(len(self.network.samples)))
        if base in self.custom and sub is None and layer is None:
            return Reading(self.custom[base], written)
        if base in self.custom or re.sub(r"\d+$", "", base) in {
            re.sub(r"\d+$", "", c) for c in self.custom
        }:
            q = self.custom.get(base + (sub or ""))
            if q is None:
                raise ClaimSyntaxError(f"{written}: no quantity named {base + (sub or '')!r}", pos)
            return Reading(q, written)
        problem = None
        for form in self.preset.forms:
            if base not in form.bases:
                continue
            if form.word is not None and sub != form.word:
                continue
            try:
                found = self._apply(form, sub, layer, written, pos)
            except ClaimSyntaxError as exc:
                problem = problem or exc
                continue
            if found is not None:
                return found
        generic = self.generic_parameter(base, sub, layer, written)
        if generic is not None:
            return generic
        m = _SUFFIX.match(base)
        if m and sub is None and layer is None:
            stem, number = m.group(1), int(m.group(2))
            for form in self.preset.forms:
                if stem in form.bases and form.index == "layer_suffix":
                    return self._apply(form, None, number, written, pos)
        if base in LABEL_WORDS and sub is None:
            return Reading(None, written, label=base)
        if problem is not None:
            raise problem
        raise ClaimSyntaxError(f"unknown name {written!r}", pos)

    def generic_parameter(self, base, sub, layer, written) -> Reading | None:
        """W_x, w_i, b_j: a letter index on a parameter's base stands for every one of them;
        a_i, z_j, δ_k without a layer for every output unit (the claim is checked for each)."""
        kinds = {"w": "weight", "W": "weight", "b": "bias", "theta": "weight"}
        if layer is not None or sub not in GENERIC_INDICES:
            return None
        units = {"a": "unit", "z": "pre", "delta": "delta", "out": "unit"}
        if base in units and sub in UNIT_LETTERS:
            q = Quantity(units[base], self.depth, 0)
            return Reading(q, written, generic=f"unit:{sub}")
        if base not in kinds:
            return None
        kind = kinds[base]
        for parameter in self.network.parameters():
            if parameter.kind == kind:
                q = Quantity.parameter(kind, parameter.layer, parameter.row, parameter.col)
                return Reading(q, written, generic=kind)
        return None

    def _apply(self, form: Form, sub, layer, written, pos) -> Reading | None:
        q = INDEX_RULES[form.index](self, form.kind, sub, layer, written, pos)
        if q is None:
            return None
        if not exists(self.network, q):
            raise ClaimSyntaxError(f"{written}: this network has no such {_what(q)}", pos)
        if form.augmented and not self._augmentable(q):
            return Reading(q, written, form.scale, form.transposed, False, form.change)
        return Reading(q, written, form.scale, form.transposed, form.augmented, form.change)

    def _augmentable(self, q: Quantity) -> bool:
        """A vector with a bias unit in front: a layer that feeds a layer with biases."""
        if q.kind == "weight":
            return self.network.layers[q.layer].has_bias
        return q.kind == "unit" and q.layer < self.depth and self.network.layers[q.layer].has_bias

    # ------------------------------------------------------------------ unit names
    def unit_named(self, text: str, written: str, pos: int) -> tuple[int, int]:
        """(unit layer, row) of a unit written by name in a subscript: h1, o1, out, a custom."""
        if text in self.custom:
            q = self.custom[text]
            return q.layer, q.row
        if text in self.let_units:
            return self.let_units[text]
        m = _UNIT_NAME.match(text or "")
        scheme = self.preset.unit_names
        if m and scheme is not None:
            letters, digits = m.group(1), m.group(2)
            number = int(digits) - 1 if digits else None
            hidden = self.depth == 2
            if letters in ("i", "x") and number is not None:
                return self._checked(0, number, written, pos)
            if letters == "h" and number is not None and hidden:
                return self._checked(1, number, written, pos)
            if letters in ("out", "prediction") or (letters == "o" and scheme == "net-out"):
                if number is None:
                    number = self._single_output(written, pos)
                return self._checked(self.depth, number, written, pos)
        raise ClaimSyntaxError(f"{written}: {text!r} is not a unit of this network", pos)

    def _checked(self, m: int, i: int, written: str, pos: int) -> tuple[int, int]:
        if not (0 <= m <= self.depth and 0 <= i < self.widths[m]):
            raise ClaimSyntaxError(f"{written}: this network has no such unit", pos)
        return m, i

    def _single_output(self, written: str, pos: int) -> int:
        if self.widths[-1] != 1:
            raise ClaimSyntaxError(
                f"{written}: the network has {self.widths[-1]} outputs; add an index", pos
            )
        return 0

    def across(self, number: int, written: str, pos: int) -> tuple[int, int]:
        """(unit layer, row) of unit ``number`` (1-based) numbered across the net."""
        n = number - 1
        for m, width in enumerate(self.widths):
            if n < width:
                return m, n
            n -= width
        raise ClaimSyntaxError(f"{written}: this network has no unit {number}", pos)

    def slides_parameter(self, kind: str, n: int, written: str, pos: int) -> Quantity:
        """w<n> / b<n> numbered layer by layer, target unit first, then source unit."""
        names = self.network.names
        offsets, counts = [], []
        total = 0
        for k, layer in enumerate(self.network.layers):
            offsets.append(total)
            count = layer.units * self.widths[k] if kind == "weight" else layer.units
            if kind == "bias" and not layer.has_bias:
                count = 0
            counts.append(count)
            total += count
        for k in reversed(range(self.depth)):
            if n >= offsets[k] and n - offsets[k] < counts[k]:
                r = n - offsets[k]
                if kind == "weight":
                    return Quantity.weight(k, *divmod(r, self.widths[k]))
                return Quantity.bias(k, r)
        del names
        what = "weight" if kind == "weight" else "bias"
        raise ClaimSyntaxError(f"{written}: this network has no such parameter ({what})", pos)


def _first_group(tokens):
    """The tokens of a leading {…} group (braces included), or the first token."""
    if not tokens or tokens[0].text != "{":
        return tokens[:1]
    depth = 0
    for end, t in enumerate(tokens):
        depth += (t.text == "{") - (t.text == "}")
        if depth == 0:
            return tokens[: end + 1]
    return tokens


def _what(q: Quantity) -> str:
    return {"unit": "unit", "pre": "unit", "delta": "unit"}.get(q.kind, q.kind.replace("_", " "))
