"""How the subscript and superscript of a written name give a quantity's indices: the index
shapes a preset's forms name (``presets.Form.index``), each a function
(lexicon, kind, subscript, layer, written, position) → Quantity, or None when the shape does not
fit (another form may), or a ClaimSyntaxError saying what is wrong with the name."""

from __future__ import annotations

import re

from ..quantity import Quantity
from .errors import ClaimSyntaxError

_PAIR = re.compile(r"^(\d+),(\d+)$|^(\d)(\d)$")
_NUMBER = re.compile(r"^[1-9]\d*$")


def _index(sub: str | None, written: str, pos: int) -> int:
    if sub is None or not _NUMBER.match(sub):
        raise ClaimSyntaxError(f"{written}: expected a numeric index from 1, e.g. _1", pos)
    return int(sub) - 1


def _no_layer(layer, written, pos):
    if layer is not None:
        raise ClaimSyntaxError(f"{written}: unexpected layer superscript", pos)


def _at_output(lexicon, kind: str, row: int | None) -> Quantity:
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
