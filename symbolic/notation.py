"""Names of every quantity of a network, in ASCII (for symbols, JSON, the CLI) and in LaTeX.

Two notations, as the lecture uses them:

* ``slides`` — inputs i1, i2, …; one hidden layer h1, h2, …; output ``out`` (out1, out2, … when
  there are several); weights w1, w2, … numbered layer by layer, target unit first, then source
  unit; biases b1, b2, … unit by unit; the target is ``actual`` and the error ``Error``.
* ``layered`` — x_j = a_j^{(1)}, z_i^{(l)}, a_i^{(l)}, w_{ij}^{(l)} (unit j of layer l to unit i of
  layer l+1), b_i^{(l)}, targets y_i, error E. Any depth.

Indices in the API are 0-based: unit layer m = 0 is the input, m = k + 1 is the output of
``network.layers[k]``; weight (k, i, j) connects unit j of unit layer k to unit i of unit layer k+1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import sympy as sp

_IDENT = re.compile(r"^([A-Za-z]+)_?(\d*)$")


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
    """Every name of one network; names are created on demand and remembered for printers."""

    def __init__(self, network):
        self.network = network
        self.style = network.notation
        self.widths = network.widths
        self.depth = len(network.layers)
        self._by_ascii: dict[str, Name] = {}
        # slides numbering: weights and biases are numbered consecutively, layer by layer
        self._weight_offsets, self._bias_offsets = [], []
        w = b = 0
        for k, layer in enumerate(network.layers):
            self._weight_offsets.append(w)
            self._bias_offsets.append(b)
            w += layer.units * self.widths[k]
            b += layer.units if layer.has_bias else 0

    # ----------------------------------------------------------------- registry
    def _name(self, ascii_name: str, latex: str) -> Name:
        name = self._by_ascii.get(ascii_name)
        if name is None:
            name = self._by_ascii[ascii_name] = Name(ascii_name, latex)
        return name

    def latex_of(self, ascii_name: str) -> str | None:
        """LaTeX of a name this notation has handed out (None if it never did)."""
        name = self._by_ascii.get(ascii_name)
        return name.latex if name else None

    # ----------------------------------------------------------------- quantities
    @property
    def error(self) -> Name:
        return self._name("E", r"\text{Error}" if self.style == "slides" else "E")

    @property
    def rate(self) -> Name:
        return self._name("eta", r"\eta")

    def input(self, j: int) -> Name:
        custom = self.network.input_names
        if custom:
            return self._name(custom[j], latex_identifier(custom[j]))
        if self.style == "slides":
            return self._name(f"i{j + 1}", f"i_{{{j + 1}}}")
        return self._name(f"x{j + 1}", f"x_{{{j + 1}}}")

    def unit(self, m: int, i: int) -> Name:
        """The activation of unit i in unit layer m (m = 0: the inputs)."""
        if m == 0:
            return self.input(i)
        layer = self.network.layers[m - 1]
        if layer.names:
            return self._name(layer.names[i], latex_identifier(layer.names[i]))
        if self.style == "slides":
            if m == self.depth:
                if layer.units == 1:
                    return self._name("out", r"\mathit{out}")
                return self._name(f"out{i + 1}", rf"\mathit{{out}}_{{{i + 1}}}")
            return self._name(f"h{i + 1}", f"h_{{{i + 1}}}")
        return self._name(f"a{m + 1}_{i + 1}", f"a_{{{i + 1}}}^{{({m + 1})}}")

    def pre(self, m: int, i: int) -> Name:
        """The pre-activation z of unit i in unit layer m ≥ 1."""
        if self.style == "slides" or self.network.layers[m - 1].names:
            unit = self.unit(m, i)
            return self._name(f"z_{unit.ascii}", f"z_{{{unit.latex}}}")
        return self._name(f"z{m + 1}_{i + 1}", f"z_{{{i + 1}}}^{{({m + 1})}}")

    def delta(self, m: int, i: int) -> Name:
        """δ of unit i in unit layer m ≥ 1: ∂E/∂z (∂E/∂a for linear units)."""
        if self.style == "slides" or self.network.layers[m - 1].names:
            unit = self.unit(m, i)
            return self._name(f"delta_{unit.ascii}", rf"\delta_{{{unit.latex}}}")
        return self._name(f"delta{m + 1}_{i + 1}", rf"\delta_{{{i + 1}}}^{{({m + 1})}}")

    def target(self, i: int) -> Name:
        single = self.widths[-1] == 1
        if self.style == "slides":
            return self._name(
                "actual" if single else f"actual{i + 1}",
                r"\text{actual}" if single else rf"\text{{actual}}_{{{i + 1}}}",
            )
        return self._name("y" if single else f"y{i + 1}", "y" if single else f"y_{{{i + 1}}}")

    def residual(self, i: int) -> Name:
        """Δ_i = prediction_i − actual_i."""
        if self.widths[-1] == 1:
            return self._name("Delta", r"\Delta")
        return self._name(f"Delta{i + 1}", rf"\Delta_{{{i + 1}}}")

    def _index_pair(self, k: int, i: int, j: int) -> str:
        if max(self.widths[k], self.widths[k + 1]) >= 10:
            return f"{i + 1},{j + 1}"
        return f"{i + 1}{j + 1}"

    def weight(self, k: int, i: int, j: int) -> Name:
        if self.style == "slides":
            n = self._weight_offsets[k] + i * self.widths[k] + j + 1
            return self._name(f"w{n}", f"w_{{{n}}}")
        return self._name(
            f"w{k + 1}_{i + 1}_{j + 1}", f"w_{{{self._index_pair(k, i, j)}}}^{{({k + 1})}}"
        )

    def bias(self, k: int, i: int) -> Name:
        if self.style == "slides":
            n = self._bias_offsets[k] + i + 1
            return self._name(f"b{n}", f"b_{{{n}}}")
        return self._name(f"b{k + 1}_{i + 1}", f"b_{{{i + 1}}}^{{({k + 1})}}")

    def updated(self, parameter: Name) -> Name:
        """The parameter after one update: w5 → w5_new, written w_5'."""
        return self._name(f"{parameter.ascii}_new", f"{{{parameter.latex}}}'")

    # ----------------------------------------------------------------- lookup
    def locate_parameter(self, name: str) -> tuple[str, int, int, int | None] | None:
        """(kind, k, i, j) of a parameter name in this notation, or None."""
        layers = self.network.layers
        if self.style == "slides":
            m = re.fullmatch(r"([wb])([1-9]\d*)", name)
            if not m:
                return None
            n = int(m.group(2)) - 1
            if m.group(1) == "w":
                for k in reversed(range(len(layers))):
                    if n >= self._weight_offsets[k]:
                        r = n - self._weight_offsets[k]
                        if r < layers[k].units * self.widths[k]:
                            return ("weight", k, *divmod(r, self.widths[k]))
                        return None
                return None
            for k in reversed(range(len(layers))):
                if layers[k].has_bias and n >= self._bias_offsets[k]:
                    r = n - self._bias_offsets[k]
                    return ("bias", k, r, None) if r < layers[k].units else None
            return None
        m = re.fullmatch(r"w([1-9]\d*)_([1-9]\d*)_([1-9]\d*)|b([1-9]\d*)_([1-9]\d*)", name)
        if not m:
            return None
        if m.group(1):
            k, i, j = (int(g) - 1 for g in m.group(1, 2, 3))
            if k < len(layers) and i < layers[k].units and j < self.widths[k]:
                return ("weight", k, i, j)
            return None
        k, i = int(m.group(4)) - 1, int(m.group(5)) - 1
        if k < len(layers) and layers[k].has_bias and i < layers[k].units:
            return ("bias", k, i, None)
        return None

    @cached_property
    def _quantities(self) -> dict[str, tuple]:
        """ASCII name → role and indices, for every quantity that is not a parameter."""
        table: dict[str, tuple] = {self.error.ascii: ("error",), self.rate.ascii: ("rate",)}
        for j in range(self.widths[0]):
            table[self.input(j).ascii] = ("input", 0, j)
        for m in range(1, self.depth + 1):
            identity = self.network.layers[m - 1].activation.is_identity
            for i in range(self.widths[m]):
                table[self.unit(m, i).ascii] = ("unit", m, i)
                if not identity:
                    table[self.pre(m, i).ascii] = ("pre", m, i)
                table[self.delta(m, i).ascii] = ("delta", m, i)
        for i in range(self.widths[-1]):
            table[self.target(i).ascii] = ("target", self.depth, i)
            table[self.residual(i).ascii] = ("residual", self.depth, i)
        return table

    def locate(self, name: str) -> tuple | None:
        """What an ASCII name stands for: ("unit", m, i), ("weight", k, i, j), ("updated", …), …"""
        if name in self._quantities:
            return self._quantities[name]
        if name.endswith("_new"):
            where = self.locate_parameter(name[: -len("_new")])
            return ("updated", *where) if where else None
        return self.locate_parameter(name)

    def parameter_name(self, kind: str, k: int, i: int, j: int | None) -> Name:
        return self.weight(k, i, j) if kind == "weight" else self.bias(k, i)

    def reserved(self) -> frozenset[str]:
        """Names a user's unit or input name may not take."""
        return frozenset({"E", "eta", "Delta", "actual", "y"})
