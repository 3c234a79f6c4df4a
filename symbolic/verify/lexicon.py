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
from .nodes import Reading
from .presets import DEFAULT, PRESETS, Form, Preset

#: words that label a computed number without naming a quantity (`sum = 0.149 + 1.0 + 0.368`)
LABEL_WORDS = frozenset({"sum", "exp", "total", "result", "value", "answer", "ans", "max"})
_PAIR = re.compile(r"^(\d+),(\d+)$|^(\d)(\d)$")
_NUMBER = re.compile(r"^[1-9]\d*$")
_UNIT_NAME = re.compile(r"^([A-Za-z]+)(\d*)$")
_SUFFIX = re.compile(r"^([A-Za-z]+?)(\d+)$")
#: letters that index "any" parameter in a generic rule (W_x = W_x − α ∂E/∂W_x)
GENERIC_INDICES = frozenset({"x", "i", "j", "k", "n", "ij"})


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
        """W_x, w_i, b_j: a letter index on a parameter's base stands for every one of them
        (the claim is checked for each)."""
        kinds = {"w": "weight", "W": "weight", "b": "bias", "theta": "weight"}
        if base not in kinds or layer is not None or sub not in GENERIC_INDICES:
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


def _index(sub: str | None, written: str, pos: int) -> int:
    if sub is None or not _NUMBER.match(sub):
        raise ClaimSyntaxError(f"{written}: expected a numeric index from 1, e.g. _1", pos)
    return int(sub) - 1


def _no_layer(layer, written, pos):
    if layer is not None:
        raise ClaimSyntaxError(f"{written}: unexpected layer superscript", pos)


def _at_output(lexicon: Lexicon, kind: str, row: int | None) -> Quantity:
    if kind in ("unit", "pre", "delta"):
        return Quantity(kind, lexicon.depth, row)
    return Quantity(kind, None, row)


# ---------------------------------------------------------------------- index shapes
def _none(lex, kind, sub, layer, written, pos):
    _no_layer(layer, written, pos)
    if sub is not None and kind in ("error", "rate"):
        if kind == "error" and sub in ("total", "Total"):
            return Quantity(kind)
        what = "the learning rate" if kind == "rate" else "the error"
        raise ClaimSyntaxError(f"{written}: {what} takes no index", pos)
    return Quantity(kind)


def _output(lex, kind, sub, layer, written, pos):
    _no_layer(layer, written, pos)
    if sub is None or (len(sub) == 1 and sub.isalpha()):
        return _at_output(lex, kind, lex._single_output(written, pos))
    k = _index(sub, written, pos)
    if k >= lex.widths[-1]:
        raise ClaimSyntaxError(f"{written}: this network has no such unit", pos)
    return _at_output(lex, kind, k)


def _output_or_whole(lex, kind, sub, layer, written, pos):
    if sub is None and layer is None and lex.widths[-1] > 1:
        return _at_output(lex, kind, None)
    return _output(lex, kind, sub, layer, written, pos)


def _whole_output(lex, kind, sub, layer, written, pos):
    if sub is not None or layer is not None:
        return None
    return _at_output(lex, kind, None)


def _word(word: str):
    def rule(lex, kind, sub, layer, written, pos):
        return _at_output(lex, kind, None) if sub == word and layer is None else None

    return rule


def _input(lex, kind, sub, layer, written, pos):
    _no_layer(layer, written, pos)
    return Quantity.input(_index(sub, written, pos))


def _input_or_whole(lex, kind, sub, layer, written, pos):
    if sub is None and layer is None:
        return Quantity.input()
    return _input(lex, kind, sub, layer, written, pos)


def _whole_input(lex, kind, sub, layer, written, pos):
    return Quantity.input() if sub is None and layer is None else None


def _hidden(lex, kind, sub, layer, written, pos):
    _no_layer(layer, written, pos)
    if sub in ("w,b", "W,b"):
        return Quantity.unit(lex.depth, lex._single_output(written, pos))
    if lex.depth != 2:
        raise ClaimSyntaxError(
            f"{written}: h_i names the hidden units of a one-hidden-layer net", pos
        )
    return Quantity.unit(1, _index(sub, written, pos))


def _slides(lex, kind, sub, layer, written, pos):
    if layer is not None:
        return None  # w_{12}^{(1)}: the layered form
    if sub is None:
        raise ClaimSyntaxError(f"{written}: which {kind}?", pos)
    if not lex.declared and lex.network.notation != "slides":
        example = "w_{12}^{(1)}" if kind == "weight" else "b_1^{(1)}"
        raise ClaimSyntaxError(
            f"{written}: this network uses layered names; write e.g. {example}", pos
        )
    if not _NUMBER.match(sub):
        raise ClaimSyntaxError(f"{written}: this network has no such parameter", pos)
    return lex.slides_parameter(kind, int(sub) - 1, written, pos)


def _layer_bias(lex, kind, sub, layer, written, pos):
    _no_layer(layer, written, pos)
    k = _index(sub, written, pos)
    if k >= lex.depth or not lex.network.layers[k].has_bias:
        raise ClaimSyntaxError(f"{written}: this network has no bias in layer {k + 1}", pos)
    return Quantity.bias(k, 0)


def _unit_name(lex, kind, sub, layer, written, pos):
    _no_layer(layer, written, pos)
    if sub is None:
        return None
    m, i = lex.unit_named(sub, written, pos)
    if kind in ("loss", "target", "residual"):
        if m != lex.depth:
            raise ClaimSyntaxError(f"{written}: {sub} is not an output unit", pos)
        return Quantity(kind, None, i)
    if kind in ("pre", "delta") and m == 0:
        raise ClaimSyntaxError(f"{written}: an input has no {kind}", pos)
    return Quantity(kind, m, i)


def _layered(lex, kind, sub, layer, written, pos):
    if layer is None:
        return None
    if kind in ("weight", "bias"):
        k = layer - 1
        if not 0 <= k < lex.depth:
            raise ClaimSyntaxError(f"{written}: this network has no layer {layer}", pos)
        if sub is None:
            return Quantity(kind, k)
        if kind == "weight":
            return None
        return Quantity.bias(k, _index(sub, written, pos))
    m = layer - 1
    if sub is None:
        return Quantity(kind, m)
    return Quantity(kind, m, _index(sub, written, pos))


def _layered_pair(lex, kind, sub, layer, written, pos):
    if layer is None:
        return None
    k = layer - 1
    if not 0 <= k < lex.depth:
        raise ClaimSyntaxError(f"{written}: this network has no layer {layer}", pos)
    m = _PAIR.match(sub or "")
    if m is None:
        raise ClaimSyntaxError(f"{written}: write the weight's two indices, e.g. w_{{12}}", pos)
    i, j = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return Quantity.weight(k, int(i) - 1, int(j) - 1)


def _layer_suffix(lex, kind, sub, layer, written, pos):
    if layer is None or sub is not None:
        return None
    return Quantity(kind, layer - 1)


def _across(lex, kind, sub, layer, written, pos):
    _no_layer(layer, written, pos)
    m, i = lex.across(_index(sub, written, pos) + 1, written, pos)
    if kind == "bias":
        if m == 0:
            raise ClaimSyntaxError(f"{written}: an input has no bias", pos)
        return Quantity.bias(m - 1, i)
    if kind == "target":
        if m != lex.depth:
            raise ClaimSyntaxError(f"{written}: unit {sub} is not an output unit", pos)
        return Quantity.target(i)
    if kind in ("pre", "delta") and m == 0:
        raise ClaimSyntaxError(f"{written}: an input has no {kind}", pos)
    return Quantity(kind, m, i)


def _across_pair(lex, kind, sub, layer, written, pos):
    _no_layer(layer, written, pos)
    m = _PAIR.match(sub or "")
    if m is None:
        raise ClaimSyntaxError(f"{written}: write the two unit numbers, e.g. w_{{14}}", pos)
    a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    (m_from, i_from), (m_to, i_to) = (lex.across(int(x), written, pos) for x in (a, b))
    if m_to != m_from + 1:
        raise ClaimSyntaxError(f"{written}: unit {a} does not feed unit {b}", pos)
    return Quantity.weight(m_from, i_to, i_from)


def _layer0(lex, kind, sub, layer, written, pos):
    _no_layer(layer, written, pos)
    if sub is None or not sub.isdigit():
        return None
    m = int(sub)
    if m > lex.depth:
        raise ClaimSyntaxError(f"{written}: this network has no layer {m}", pos)
    if m == 0:
        if kind == "delta":
            raise ClaimSyntaxError(f"{written}: the input layer has no δ", pos)
        return Quantity.input()  # z_0 = a_0 = x
    return Quantity(kind, m)


def _weight_layer(lex, kind, sub, layer, written, pos):
    _no_layer(layer, written, pos)
    if sub is None:
        if lex.depth != 1:
            return None
        return Quantity(kind, 0)
    if not _NUMBER.match(sub):
        return None
    k = int(sub) - 1
    if k >= lex.depth:
        raise ClaimSyntaxError(f"{written}: this network has no layer {sub}", pos)
    return Quantity(kind, k)


def _unit_pair(lex, kind, sub, layer, written, pos):
    """w_{h1,o1}: the weight from one named unit to another (as Σ_o δ_o w_{ho} binds them)."""
    _no_layer(layer, written, pos)
    if sub is None or "," not in sub:
        return None
    source, target = sub.split(",", 1)
    m_from, i_from = lex.unit_named(source, written, pos)
    m_to, i_to = lex.unit_named(target, written, pos)
    if m_to != m_from + 1:
        raise ClaimSyntaxError(f"{written}: {source} does not feed {target}", pos)
    return Quantity.weight(m_from, i_to, i_from)


INDEX_RULES = {
    "none": _none,
    "output": _output,
    "output_or_whole": _output_or_whole,
    "whole_output": _whole_output,
    "word_pred": _word("pred"),
    "word_true": _word("true"),
    "input": _input,
    "input_or_whole": _input_or_whole,
    "whole_input": _whole_input,
    "hidden": _hidden,
    "slides": _slides,
    "layer_bias": _layer_bias,
    "unit_name": _unit_name,
    "layered": _layered,
    "layered_pair": _layered_pair,
    "layer_suffix": _layer_suffix,
    "across": _across,
    "across_pair": _across_pair,
    "layer0": _layer0,
    "weight_layer": _weight_layer,
    "unit_pair": _unit_pair,
}


def samples_count(network) -> Fraction:
    return Fraction(len(network.samples))
