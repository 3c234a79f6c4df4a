"""Every quantity of a network as one frozen value: what it is, where it sits, whether updated.

A ``Quantity`` is the vocabulary shared by the symbolic core, the notations, the worked example,
the printers and the checker. It says *what* a thing is (the activation of unit 2 of layer 3, the
weight from unit 1 to unit 2 of weight layer 1, the updated bias …); a notation says how it is
*written* (``h1``, ``a_{2}^{(3)}``, ``out_{h1}``, ``w_5`` …).

Indices are 0-based. ``layer`` is a *unit layer* m for unit-like kinds (m = 0 are the inputs,
m = L the outputs) and a *weight layer* k for parameters and their gradients (weight layer k
connects unit layer k to unit layer k + 1). ``row``/``col`` are ``None`` for a whole vector or
matrix (``W^{(1)}``, ``a^{(2)}``, ``δ^{(3)}``), set for one entry of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

#: every kind of quantity, with what it means
KINDS: dict[str, str] = {
    "unit": "a_i^{(m)}: activation of unit i of unit layer m (m = 0: input x_i)",
    "pre": "z_i^{(m)}: weighted input of unit i of unit layer m ≥ 1",
    "delta": "δ_i^{(m)} = ∂E/∂z_i^{(m)}",
    "target": "y_i: the sample's target for output i",
    "residual": "Δ_i = out_i − y_i: prediction − actual",
    "loss": "the loss of one sample (row: output i's term of a sum over outputs)",
    "error": "E: the error minimised, the mean of the per-sample losses",
    "rate": "η: the learning rate",
    "weight": "w_ij^{(k)}: unit j of unit layer k → unit i of unit layer k+1",
    "bias": "b_i^{(k)}: bias of unit i of unit layer k+1",
    "weight_gradient": "∂E/∂w_ij^{(k)}",
    "bias_gradient": "∂E/∂b_i^{(k)}",
}
#: kinds that are trainable parameters (and can be written updated)
PARAMETER_KINDS = ("weight", "bias")
#: kinds indexed by a unit layer; the rest of the indexed kinds live in a weight layer
UNIT_KINDS = ("unit", "pre", "delta")
#: kinds of the output layer only, indexed by output
OUTPUT_KINDS = ("target", "residual")
#: kinds without any index
SCALAR_KINDS = ("error", "rate")
GRADIENT_OF = {"weight_gradient": "weight", "bias_gradient": "bias"}


@dataclass(frozen=True, order=True)
class Quantity:
    """One quantity of a network (see KINDS); hashable and ordered, so usable as a key."""

    kind: str
    layer: int | None = None
    row: int | None = None
    col: int | None = None
    updated: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of quantity {self.kind!r}")
        if self.updated and self.kind not in PARAMETER_KINDS:
            raise ValueError(f"only parameters can be updated, not {self.kind}")

    # ------------------------------------------------------------------ constructors
    @classmethod
    def input(cls, j: int | None = None) -> Quantity:
        return cls("unit", 0, j)

    @classmethod
    def unit(cls, m: int, i: int | None = None) -> Quantity:
        return cls("unit", m, i)

    @classmethod
    def pre(cls, m: int, i: int | None = None) -> Quantity:
        return cls("pre", m, i)

    @classmethod
    def delta(cls, m: int, i: int | None = None) -> Quantity:
        return cls("delta", m, i)

    @classmethod
    def target(cls, i: int | None = None) -> Quantity:
        return cls("target", None, i)

    @classmethod
    def residual(cls, i: int | None = None) -> Quantity:
        return cls("residual", None, i)

    @classmethod
    def weight(cls, k: int, i: int | None = None, j: int | None = None) -> Quantity:
        return cls("weight", k, i, j)

    @classmethod
    def bias(cls, k: int, i: int | None = None) -> Quantity:
        return cls("bias", k, i)

    @classmethod
    def parameter(cls, kind: str, k: int, i: int | None, j: int | None = None) -> Quantity:
        """A weight (k, i, j) or a bias (k, i); ``kind`` is "weight" or "bias"."""
        return cls.weight(k, i, j) if kind == "weight" else cls.bias(k, i)

    @classmethod
    def error(cls) -> Quantity:
        return cls("error")

    @classmethod
    def rate(cls) -> Quantity:
        return cls("rate")

    @classmethod
    def loss(cls, i: int | None = None) -> Quantity:
        return cls("loss", None, i)

    # ------------------------------------------------------------------ properties
    @property
    def is_parameter(self) -> bool:
        return self.kind in PARAMETER_KINDS

    @property
    def is_input(self) -> bool:
        return self.kind == "unit" and self.layer == 0

    @property
    def is_whole(self) -> bool:
        """A whole vector or matrix (W^{(1)}, a^{(2)}), not one entry of it."""
        if self.kind in SCALAR_KINDS:
            return False
        if self.kind == "loss":
            return False
        return self.row is None

    def whole(self) -> Quantity:
        """The vector or matrix this entry belongs to."""
        return replace(self, row=None, col=None)

    def entry(self, row: int, col: int | None = None) -> Quantity:
        return replace(self, row=row, col=col)

    def after_update(self) -> Quantity:
        """A parameter after one update step (θ′ = θ − η ∂E/∂θ)."""
        return replace(self, updated=True)

    def before_update(self) -> Quantity:
        return replace(self, updated=False)

    def gradient(self) -> Quantity:
        """∂E/∂θ for a parameter θ."""
        if not self.is_parameter:
            raise ValueError(f"{self.kind} is not a parameter")
        return Quantity(f"{self.kind}_gradient", self.layer, self.row, self.col)

    def parameter_of(self) -> Quantity:
        """θ for the gradient ∂E/∂θ."""
        return Quantity(GRADIENT_OF[self.kind], self.layer, self.row, self.col)


def shape(network, q: Quantity) -> tuple[int, ...]:
    """The shape of a whole quantity in ``network``: (rows, cols) for weights, (n,) for vectors."""
    widths = network.widths
    if q.kind in ("weight", "weight_gradient"):
        return (widths[q.layer + 1], widths[q.layer])
    if q.kind in ("bias", "bias_gradient"):
        return (widths[q.layer + 1],)
    if q.kind in UNIT_KINDS:
        return (widths[q.layer],)
    if q.kind in OUTPUT_KINDS:
        return (widths[-1],)
    return ()


def entries(network, q: Quantity) -> Iterator[Quantity]:
    """The entries of a whole quantity, row by row; a scalar or an entry yields itself."""
    if not q.is_whole:
        yield q
        return
    dims = shape(network, q)
    if len(dims) == 2:
        for i in range(dims[0]):
            for j in range(dims[1]):
                yield q.entry(i, j)
    else:
        for i in range(dims[0]):
            yield q.entry(i)


def exists(network, q: Quantity) -> bool:
    """Whether ``q`` is a quantity of ``network`` (indices in range, bias present, …)."""
    depth = len(network.layers)
    widths = network.widths
    if q.kind in SCALAR_KINDS:
        return q.layer is None and q.row is None and q.col is None
    if q.kind == "loss":
        return q.layer is None and q.col is None and (q.row is None or 0 <= q.row < widths[-1])
    if q.kind in OUTPUT_KINDS:
        return q.layer is None and q.col is None and (q.row is None or 0 <= q.row < widths[-1])
    if q.layer is None or q.layer < 0:
        return False
    if q.kind in UNIT_KINDS:
        if q.layer > depth or (q.kind != "unit" and q.layer == 0) or q.col is not None:
            return False
        return q.row is None or 0 <= q.row < widths[q.layer]
    if q.layer >= depth:
        return False
    if q.kind in ("bias", "bias_gradient"):
        if network.layers[q.layer].bias is None or q.col is not None:
            return False
        return q.row is None or 0 <= q.row < widths[q.layer + 1]
    if q.row is None:
        return q.col is None
    return 0 <= q.row < widths[q.layer + 1] and q.col is not None and 0 <= q.col < widths[q.layer]


def describe(q: Quantity) -> str:
    """Words for a quantity, layers and units counted from 1 as the lecture does (inputs: 1)."""
    if q.kind in ("error", "rate"):
        return {"error": "the error E", "rate": "the learning rate η"}[q.kind]
    where = "" if q.row is None else f" {q.row + 1}"
    if q.kind == "unit" and q.layer == 0:
        return f"input{where}"
    if q.kind in UNIT_KINDS:
        what = {"unit": "unit", "pre": "weighted input z of unit", "delta": "δ of unit"}[q.kind]
        return f"{what}{where} of layer {q.layer + 1}"
    if q.kind in ("target", "residual", "loss"):
        what = {"target": "target", "residual": "prediction − actual", "loss": "loss"}[q.kind]
        return f"{what} of output{where}" if where else what
    name = q.kind.replace("_", " ")
    if q.kind in ("weight", "weight_gradient") and q.row is not None:
        text = (
            f"{name} from unit {q.col + 1} of layer {q.layer + 1} "
            f"to unit {q.row + 1} of layer {q.layer + 2}"
        )
    else:
        text = f"{name}{where} of layer {q.layer + 2}"
    return ("updated " if q.updated else "") + text
