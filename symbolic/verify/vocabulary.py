"""Names a writer may use, mapped to the network's quantities (in either notation).

The slides' names (i_1, h_1, out, w_5, b_1, prediction, actual, Error, Δ, η) and the layered ones
(x_j, a_i^{(l)}, z_i^{(l)}, w_{ij}^{(l)}, b_i^{(l)}, δ_i^{(l)}, y, E, α) are both understood on any
network where they are unambiguous; a weight or bias without a layer superscript uses the slides'
consecutive numbering and is accepted only on a slides-notation network.
"""

from __future__ import annotations

import re

from .errors import ClaimSyntaxError
from .nodes import Quantity

#: words (after \text{…}, \mathrm{…} or as plain letters) and the base they stand for
WORDS = {
    "E": "E",
    "Error": "E",
    "error": "E",
    "Loss": "E",
    "loss": "E",
    "out": "out",
    "Out": "out",
    "output": "out",
    "prediction": "out",
    "Prediction": "out",
    "pred": "out",
    "actual": "y",
    "Actual": "y",
    "target": "y",
    "Target": "y",
    "y": "y",
    "i": "i",
    "h": "h",
    "w": "w",
    "b": "b",
    "x": "x",
    "a": "a",
    "z": "z",
}
COMMANDS = {r"\Delta": "Delta", r"\delta": "delta", r"\eta": "eta", r"\alpha": "eta"}
#: bases that need an index
INDEXED = frozenset({"i", "h", "w", "b", "x", "a", "z"})


class Vocabulary:
    """Resolves (base, subscript, layer superscript, updated mark) to a Quantity of one network."""

    def __init__(self, network):
        self.network = network
        self.names = network.names
        self.widths = network.widths
        self.depth = len(network.layers)
        self.custom = set(network.input_names or ())
        for layer in network.layers:
            self.custom.update(layer.names or ())

    # ------------------------------------------------------------------ words
    def base_of_word(self, word: str) -> str | None:
        """The base a word stands for, or None if it names nothing."""
        if word in WORDS:
            return WORDS[word]
        if word in self.custom or re.sub(r"\d+$", "", word) in {
            re.sub(r"\d+$", "", c) for c in self.custom
        }:
            return "custom:" + word
        return None

    # ------------------------------------------------------------------ quantities
    def quantity(self, ascii_name: str) -> Quantity | None:
        role = self.names.locate(ascii_name)
        return Quantity(ascii_name, role) if role is not None else None

    def _unit(self, m: int, i: int, pos: int, written: str) -> Quantity:
        if not (0 <= m <= self.depth and 0 <= i < self.widths[m]):
            raise ClaimSyntaxError(f"{written}: this network has no such unit", pos)
        return self.quantity(self.names.unit(m, i).ascii)

    def _unit_by_name(self, text: str, pos: int) -> tuple[int, int]:
        """(m, i) of a unit named in a subscript: h1, out, out2, a custom name."""
        q = self.quantity(text) or self.quantity({"prediction": "out"}.get(text, text))
        if q is None or q.kind not in ("unit", "input"):
            raise ClaimSyntaxError(f"{text!r} is not a unit of this network", pos)
        if q.kind == "input":
            return 0, q.role[2]
        return q.role[1], q.role[2]

    def resolve(
        self, base: str, sub: str | None, layer: int | None, updated: bool, pos: int, written: str
    ) -> Quantity:
        """The quantity a name stands for; ClaimSyntaxError (with ``pos``) if none."""
        q = self._resolve(base, sub, layer, pos, written)
        if updated:
            if not q.is_parameter:
                raise ClaimSyntaxError(
                    f"{written}: only a weight or a bias has an updated value (′, ^{{new}})", pos
                )
            name = self.names.updated(self.names.parameter_name(*q.role)).ascii
            return Quantity(name, ("updated", *q.role))
        return q

    def _index(self, sub: str | None, pos: int, written: str) -> int:
        if sub is None or not sub.isdigit() or int(sub) < 1:
            raise ClaimSyntaxError(f"{written}: expected a numeric index from 1, e.g. _1", pos)
        return int(sub) - 1

    def _resolve(self, base, sub, layer, pos, written) -> Quantity:
        names, depth, widths = self.names, self.depth, self.widths
        single = widths[-1] == 1

        def output(k: int | None) -> Quantity:
            if k is None:
                if not single:
                    raise ClaimSyntaxError(
                        f"{written}: the network has {widths[-1]} outputs; add an index", pos
                    )
                k = 0
            return self._unit(depth, k, pos, written)

        def no_layer():
            if layer is not None:
                raise ClaimSyntaxError(f"{written}: unexpected layer superscript", pos)

        if base == "eta":
            no_layer()
            if sub is not None:
                raise ClaimSyntaxError(f"{written}: the learning rate takes no index", pos)
            return self.quantity(names.rate.ascii)
        if base == "E":
            no_layer()
            if sub is not None:
                raise ClaimSyntaxError(f"{written}: the error takes no index", pos)
            return self.quantity(names.error.ascii)
        if base in ("out", "y", "Delta"):
            no_layer()
            k = None if sub is None else self._index(sub, pos, written)
            if base == "out":
                return output(k)
            unit = output(k)  # checks the index
            i = unit.role[2]
            ascii_name = names.target(i).ascii if base == "y" else names.residual(i).ascii
            return self.quantity(ascii_name)
        if base in ("delta", "z"):
            if layer is not None:
                m, i = layer - 1, self._index(sub, pos, written)
            elif sub is None and base == "delta" and single:
                m, i = depth, 0
            elif sub is None:
                raise ClaimSyntaxError(f"{written}: which unit? e.g. _{{h_1}} or _1^{{(2)}}", pos)
            else:
                m, i = self._unit_by_name(sub, pos)
            if not (1 <= m <= depth and 0 <= i < widths[m]):
                raise ClaimSyntaxError(f"{written}: this network has no such unit", pos)
            if base == "delta":
                return self.quantity(names.delta(m, i).ascii)
            if self.network.layers[m - 1].activation.is_identity:
                raise ClaimSyntaxError(
                    f"{written}: that unit is linear; its z is the unit itself", pos
                )
            return self.quantity(names.pre(m, i).ascii)
        if base in ("i", "x"):
            no_layer()
            return self._unit(0, self._index(sub, pos, written), pos, written)
        if base == "a":
            if layer is None:
                raise ClaimSyntaxError(f"{written}: add the layer, e.g. a_1^{{(2)}}", pos)
            return self._unit(layer - 1, self._index(sub, pos, written), pos, written)
        if base == "h":
            no_layer()
            if sub in ("w,b", "W,b"):
                return output(None)
            if depth != 2:
                raise ClaimSyntaxError(
                    f"{written}: h_i names the hidden units of a one-hidden-layer net", pos
                )
            return self._unit(1, self._index(sub, pos, written), pos, written)
        if base in ("w", "b"):
            return self._parameter(base, sub, layer, pos, written)
        if base.startswith("custom:"):
            no_layer()
            ascii_name = base[len("custom:") :] + (sub or "")
            q = self.quantity(ascii_name)
            if q is None:
                raise ClaimSyntaxError(f"{written}: no quantity named {ascii_name!r}", pos)
            return q
        raise ClaimSyntaxError(f"unknown name {written!r}", pos)

    def _parameter(self, base, sub, layer, pos, written) -> Quantity:
        names = self.names
        if sub is None:
            raise ClaimSyntaxError(f"{written}: which {'weight' if base == 'w' else 'bias'}?", pos)
        if layer is None:
            if self.network.notation != "slides":
                raise ClaimSyntaxError(
                    f"{written}: this network uses layered names; write e.g. "
                    + ("w_{12}^{(1)}" if base == "w" else "b_1^{(1)}"),
                    pos,
                )
            q = self.quantity(f"{base}{sub}") if sub.isdigit() else None
            if q is None or not q.is_parameter:
                raise ClaimSyntaxError(f"{written}: this network has no such parameter", pos)
            return q
        k = layer - 1
        if not 0 <= k < self.depth:
            raise ClaimSyntaxError(f"{written}: this network has no layer {layer}", pos)
        if base == "b":
            i = self._index(sub, pos, written)
            if not self.network.layers[k].has_bias or i >= self.widths[k + 1]:
                raise ClaimSyntaxError(f"{written}: this network has no such bias", pos)
            return self.quantity(names.bias(k, i).ascii)
        parts = sub.split(",") if "," in sub else list(sub) if len(sub) == 2 else []
        if len(parts) != 2 or not all(p.isdigit() and int(p) >= 1 for p in parts):
            raise ClaimSyntaxError(f"{written}: write the weight's two indices, e.g. w_{{12}}", pos)
        i, j = int(parts[0]) - 1, int(parts[1]) - 1
        if i >= self.widths[k + 1] or j >= self.widths[k]:
            raise ClaimSyntaxError(f"{written}: this network has no such weight", pos)
        return self.quantity(names.weight(k, i, j).ascii)
