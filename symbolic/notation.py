"""How a network's quantities are written: a pure mapping between ``Quantity`` and names.

Every quantity has an ASCII name (its SymPy symbol's name; JSON; the CLI) and a LaTeX form. Two
notations, as the lecture uses them:

* ``slides`` — inputs i1, i2, …; one hidden layer h1, h2, …; output ``out`` (out1, out2, … when
  there are several); weights w1, w2, … numbered layer by layer, target unit first, then source
  unit; biases b1, b2, … unit by unit; the target is ``actual`` and the error ``Error``.
* ``layered`` — x_j = a_j^{(1)}, z_i^{(l)}, a_i^{(l)}, w_{ij}^{(l)} (unit j of layer l to unit i of
  layer l+1), b_i^{(l)}, targets y_i, error E. Any depth.

Units may carry the spec's own names (``units: [h, g]``); their z and δ are then ``z_h``,
``delta_h``. ``Notation.name(q)`` and ``Notation.quantity(ascii)`` are inverse functions: nothing
is registered by asking, so what a printer knows never depends on what was asked before. A spec
whose own names would read as another quantity's name is refused (``collisions``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import sympy as sp

from .quantity import Quantity, exists

_IDENT = re.compile(r"^([A-Za-z]+)_?(\d*)$")
_POSITIVE = r"([1-9]\d*)"


@dataclass(frozen=True)
class Name:
    """A quantity's ASCII name (its SymPy symbol's name) and its LaTeX form."""

    ascii: str
    latex: str

    @cached_property
    def symbol(self) -> sp.Symbol:
        return sp.Symbol(self.ascii, real=True)


def latex_identifier(name: str) -> str:
    """LaTeX of a user's name: h1 → h_{1}, out → \\mathit{out}, out2 → \\mathit{out}_{2}."""
    m = _IDENT.match(name)
    if not m:
        return r"\mathit{" + name.replace("_", r"\_") + "}"
    letters, digits = m.groups()
    base = letters if len(letters) == 1 else r"\mathit{" + letters + "}"
    return base + (f"_{{{digits}}}" if digits else "")


class Notation:
    """The names of one network's quantities, in its spec's notation and its own unit names."""

    def __init__(self, network):
        self.network = network
        self.style = network.notation
        self.widths = network.widths
        self.depth = len(network.layers)
        self._names: dict[Quantity, Name] = {}  # memo of the pure function ``name``
        # slides numbering: weights and biases are numbered consecutively, layer by layer
        self._weight_offsets, self._bias_offsets = [], []
        w = b = 0
        for k, layer in enumerate(network.layers):
            self._weight_offsets.append(w)
            self._bias_offsets.append(b)
            w += layer.units * self.widths[k]
            b += layer.units if layer.has_bias else 0

    # ------------------------------------------------------------------ Quantity → Name
    def name(self, q: Quantity) -> Name:
        """The name of ``q`` (an entry, a scalar, or a whole vector/matrix)."""
        name = self._names.get(q)
        if name is None:
            name = self._names[q] = self._make(q)
        return name

    def symbol(self, q: Quantity) -> sp.Symbol:
        return self.name(q).symbol

    def _make(self, q: Quantity) -> Name:
        if q.is_whole:
            return self._whole(q)
        kind = q.kind
        if kind == "unit":
            return self._unit(q.layer, q.row)
        if kind in ("pre", "delta"):
            return self._derived(kind, q.layer, q.row)
        if kind in ("weight", "bias"):
            name = self._parameter(q)
            if q.updated:
                return Name(f"{name.ascii}_new", f"{{{name.latex}}}'")
            return name
        if kind in ("weight_gradient", "bias_gradient"):
            parameter = self.name(q.parameter_of())
            return Name(
                f"d{parameter.ascii}",
                rf"\frac{{\partial {self.error.latex}}}{{\partial {parameter.latex}}}",
            )
        single = self.widths[-1] == 1
        if kind == "target":
            if self.style == "slides":
                if single:
                    return Name("actual", r"\text{actual}")
                return Name(f"actual{q.row + 1}", rf"\text{{actual}}_{{{q.row + 1}}}")
            return Name("y", "y") if single else Name(f"y{q.row + 1}", f"y_{{{q.row + 1}}}")
        if kind == "residual":
            if single:
                return Name("Delta", r"\Delta")
            return Name(f"Delta{q.row + 1}", rf"\Delta_{{{q.row + 1}}}")
        if kind == "loss":
            if q.row is None:
                return Name("loss", r"\ell")
            return Name(f"loss{q.row + 1}", rf"\ell_{{{q.row + 1}}}")
        if kind == "error":
            return Name("E", r"\text{Error}" if self.style == "slides" else "E")
        return Name("eta", r"\eta")  # rate

    def _unit(self, m: int, i: int, own_names: bool = True) -> Name:
        """Unit i of unit layer m: the spec's own name if it gives one (and ``own_names``)."""
        if m == 0:
            custom = self.network.input_names if own_names else None
            if custom:
                return Name(custom[i], latex_identifier(custom[i]))
            if self.style == "slides":
                return Name(f"i{i + 1}", f"i_{{{i + 1}}}")
            return Name(f"x{i + 1}", f"x_{{{i + 1}}}")
        layer = self.network.layers[m - 1]
        if layer.names and own_names:
            return Name(layer.names[i], latex_identifier(layer.names[i]))
        if self.style == "slides":
            if m == self.depth:
                if layer.units == 1:
                    return Name("out", r"\mathit{out}")
                return Name(f"out{i + 1}", rf"\mathit{{out}}_{{{i + 1}}}")
            return Name(f"h{i + 1}", f"h_{{{i + 1}}}")
        return Name(f"a{m + 1}_{i + 1}", f"a_{{{i + 1}}}^{{({m + 1})}}")

    def _derived(self, kind: str, m: int, i: int, own_names: bool = True) -> Name:
        """z or δ of a unit: z_h1 / delta_h1 for named units, z2_1 / delta2_1 in layered."""
        prefix, latex = ("z", "z") if kind == "pre" else ("delta", r"\delta")
        if self.style == "slides" or (own_names and self.network.layers[m - 1].names):
            unit = self._unit(m, i, own_names)
            return Name(f"{prefix}_{unit.ascii}", f"{latex}_{{{unit.latex}}}")
        return Name(f"{prefix}{m + 1}_{i + 1}", f"{latex}_{{{i + 1}}}^{{({m + 1})}}")

    def _index_pair(self, k: int, i: int, j: int) -> str:
        if max(self.widths[k], self.widths[k + 1]) >= 10:
            return f"{i + 1},{j + 1}"
        return f"{i + 1}{j + 1}"

    def _parameter(self, q: Quantity) -> Name:
        k, i, j = q.layer, q.row, q.col
        if q.kind == "weight":
            if self.style == "slides":
                n = self._weight_offsets[k] + i * self.widths[k] + j + 1
                return Name(f"w{n}", f"w_{{{n}}}")
            return Name(
                f"w{k + 1}_{i + 1}_{j + 1}", f"w_{{{self._index_pair(k, i, j)}}}^{{({k + 1})}}"
            )
        if self.style == "slides":
            n = self._bias_offsets[k] + i + 1
            return Name(f"b{n}", f"b_{{{n}}}")
        return Name(f"b{k + 1}_{i + 1}", f"b_{{{i + 1}}}^{{({k + 1})}}")

    def _whole(self, q: Quantity) -> Name:
        """W^{(l)}, b^{(l)}, a^{(l)}, z^{(l)}, δ^{(l)}, y, Δ: a layer's vector or matrix."""
        kind = q.kind
        if kind in ("weight_gradient", "bias_gradient"):
            parameter = self.name(q.parameter_of())
            return Name(
                f"d{parameter.ascii}",
                rf"\frac{{\partial {self.error.latex}}}{{\partial {parameter.latex}}}",
            )
        if kind in ("target", "residual"):
            return Name("y", "y") if kind == "target" else Name("Delta", r"\Delta")
        base, latex, number = {
            "weight": ("W", "W", q.layer),
            "bias": ("b", "b", q.layer),
            "unit": ("a", "a", q.layer),
            "pre": ("z", "z", q.layer),
            "delta": ("delta", r"\delta", q.layer),
        }[kind]
        name = Name(f"{base}{number + 1}", f"{latex}^{{({number + 1})}}")
        if q.updated:
            return Name(f"{name.ascii}_new", f"{{{name.latex}}}'")
        return name

    # ------------------------------------------------------------------ Name → Quantity
    @cached_property
    def _custom(self) -> dict[str, Quantity]:
        """The spec's own unit and input names, with the z and δ names made from them."""
        table: dict[str, Quantity] = {}
        for j, name in enumerate(self.network.input_names or ()):
            table[name] = Quantity.input(j)
        for k, layer in enumerate(self.network.layers):
            for i, name in enumerate(layer.names or ()):
                table[name] = Quantity.unit(k + 1, i)
        return table

    def quantity(self, ascii_name: str) -> Quantity | None:
        """The quantity an ASCII name stands for in this network, or None.

        Exactly the inverse of ``name`` on the network's entries and scalars: a candidate read
        from the name's shape is accepted only when it exists and ``name`` writes it that way.
        """
        candidate = self._custom.get(ascii_name)
        if candidate is None:
            candidate = self._read(ascii_name)
        if candidate is None or not exists(self.network, candidate):
            return None
        return candidate if self.name(candidate).ascii == ascii_name else None

    def quantity_of(self, symbol) -> Quantity | None:
        return self.quantity(symbol.name) if isinstance(symbol, sp.Symbol) else None

    def _read(self, text: str) -> Quantity | None:
        """A candidate quantity from a name's shape alone (checked by ``quantity``)."""
        if text.endswith("_new"):
            inner = self._read(text[: -len("_new")])
            return inner.after_update() if inner is not None and inner.is_parameter else None
        fixed = {
            "E": Quantity.error(),
            "eta": Quantity.rate(),
            "loss": Quantity.loss(),
            "Delta": Quantity.residual(0),
            "actual": Quantity.target(0),
            "y": Quantity.target(0),
            "out": Quantity.unit(self.depth, 0),
        }
        if text in fixed:
            return fixed[text]
        for prefix, kind in (("z_", "pre"), ("delta_", "delta")):
            if text.startswith(prefix):
                unit = self._custom.get(text[len(prefix) :]) or self._read(text[len(prefix) :])
                if unit is None or unit.kind != "unit" or unit.layer == 0:
                    return None
                return Quantity(kind, unit.layer, unit.row)
        if text.startswith("d") and len(text) > 1:
            parameter = self._read(text[1:])
            if parameter is not None and parameter.is_parameter and not parameter.updated:
                return parameter.gradient()
        m = re.fullmatch(r"(Delta|actual|y|loss|out)" + _POSITIVE, text)
        if m:
            kind = {"Delta": "residual", "actual": "target", "y": "target", "loss": "loss"}
            n = int(m.group(2)) - 1
            if m.group(1) == "out":
                return Quantity.unit(self.depth, n)
            return Quantity(kind[m.group(1)], None, n)
        m = re.fullmatch(r"([ihxwb])" + _POSITIVE, text)
        if m:
            letter, n = m.group(1), int(m.group(2)) - 1
            if letter in "ix":
                return Quantity.input(n)
            if letter == "h":
                return Quantity.unit(1, n)
            return self._slides_parameter(letter, n)
        m = re.fullmatch(r"(a|z|delta)" + _POSITIVE + "_" + _POSITIVE, text)
        if m:
            kind = {"a": "unit", "z": "pre", "delta": "delta"}[m.group(1)]
            return Quantity(kind, int(m.group(2)) - 1, int(m.group(3)) - 1)
        m = re.fullmatch(r"w" + _POSITIVE + "_" + _POSITIVE + "_" + _POSITIVE, text)
        if m:
            k, i, j = (int(g) - 1 for g in m.groups())
            return Quantity.weight(k, i, j)
        m = re.fullmatch(r"b" + _POSITIVE + "_" + _POSITIVE, text)
        if m:
            return Quantity.bias(int(m.group(1)) - 1, int(m.group(2)) - 1)
        return None

    def _slides_parameter(self, letter: str, n: int) -> Quantity | None:
        """w<n+1> / b<n+1> in the slides numbering (layer by layer, target unit first)."""
        layers = self.network.layers
        if letter == "w":
            for k in reversed(range(len(layers))):
                if n >= self._weight_offsets[k]:
                    r = n - self._weight_offsets[k]
                    if r >= layers[k].units * self.widths[k]:
                        return None
                    return Quantity.weight(k, *divmod(r, self.widths[k]))
            return None
        for k in reversed(range(len(layers))):
            if layers[k].has_bias and n >= self._bias_offsets[k]:
                r = n - self._bias_offsets[k]
                return Quantity.bias(k, r) if r < layers[k].units else None
        return None

    # ------------------------------------------------------------------ collisions
    def collisions(self) -> list[tuple[Quantity, str, Quantity]]:
        """(quantity, its own name, the other quantity that name already stands for) for every
        spec-given name that would read as the notation's name of a different quantity."""
        found = []
        for own, q in self._custom.items():
            other = self._read(own)
            if other is None or other == q or not exists(self.network, other):
                continue
            if other.kind == "unit":
                default = self._unit(other.layer, other.row, own_names=False)
            elif other.kind in ("pre", "delta"):
                default = self._derived(other.kind, other.layer, other.row, own_names=False)
            else:
                default = self.name(other)
            if default.ascii == own:
                found.append((q, own, other))
        return found

    # ------------------------------------------------------------------ shorthands
    @property
    def error(self) -> Name:
        return self.name(Quantity.error())

    @property
    def rate(self) -> Name:
        return self.name(Quantity.rate())

    def input(self, j: int) -> Name:
        return self.name(Quantity.input(j))

    def unit(self, m: int, i: int) -> Name:
        """The activation of unit i in unit layer m (m = 0: the inputs)."""
        return self.name(Quantity.unit(m, i))

    def pre(self, m: int, i: int) -> Name:
        return self.name(Quantity.pre(m, i))

    def delta(self, m: int, i: int) -> Name:
        return self.name(Quantity.delta(m, i))

    def target(self, i: int) -> Name:
        return self.name(Quantity.target(i))

    def residual(self, i: int) -> Name:
        return self.name(Quantity.residual(i))

    def weight(self, k: int, i: int, j: int) -> Name:
        return self.name(Quantity.weight(k, i, j))

    def bias(self, k: int, i: int) -> Name:
        return self.name(Quantity.bias(k, i))

    def parameter_name(self, kind: str, k: int, i: int, j: int | None) -> Name:
        return self.name(Quantity.parameter(kind, k, i, j))

    def updated(self, parameter: Name) -> Name:
        """The parameter after one update: w5 → w5_new, written w_5'."""
        q = self.quantity(parameter.ascii)
        if q is None or not q.is_parameter:
            raise ValueError(f"{parameter.ascii!r} is not a parameter of this network")
        return self.name(q.after_update())

    def latex_of(self, ascii_name: str) -> str | None:
        """LaTeX of an ASCII name of this network (None if it names nothing here)."""
        q = self.quantity(ascii_name)
        return self.name(q).latex if q is not None else None
