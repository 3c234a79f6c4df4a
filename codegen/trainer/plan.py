"""What every generated trainer needs to know about its network, whatever the strategy.

The parameter arrays (W1, b1, W2, … with their shapes, initial values and whether they train),
the identifiers kernels use for SymPy symbols, and the choice between the strategies.
"""

from __future__ import annotations

import builtins
import keyword
import math
from dataclasses import dataclass
from fractions import Fraction

from symbolic.errors import NNDeriveError
from symbolic.network import Network
from symbolic.numbers import format_decimal, terminates

#: `auto` writes straight-line code up to this many parameters, per-layer loops above it
AUTO_UNROLL_MAX_PARAMETERS = 64
#: `unrolled` is refused above this many parameters (the code would be enormous)
UNROLL_MAX_PARAMETERS = 1024
STRATEGIES = ("auto", "unrolled", "layered")
#: seeded initial values are whole multiples of 1/INIT_DENOMINATOR (docs/spec.md, "Seeded
#: initial values"; the rule of symbolic.spec, which the generated init_params(seed) repeats)
INIT_DENOMINATOR = 10_000
DTYPES = ("float64", "float32")

#: names the templates use for their own variables; a unit with one of these names is renamed
TEMPLATE_NAMES = frozenset(
    {"np", "numba", "math", "X", "Y", "DTYPE", "lr", "scale", "epochs", "order", "losses", "stop"}
)


@dataclass(frozen=True)
class ParamArray:
    """One entry of the params tuple: a layer's weight matrix or bias vector."""

    name: str  # W1, b1, W2, …
    kind: str  # "weight" | "bias"
    layer: int  # 0-based index into Network.layers
    shape: tuple[int, ...]
    trainable: bool
    values: tuple[Fraction, ...]  # row-major
    fan_in: int  # units of the layer below: what the seeded initial values scale with

    @property
    def size(self) -> int:
        size = 1
        for extent in self.shape:
            size *= extent
        return size

    @property
    def shape_text(self) -> str:
        return "(" + ", ".join(map(str, self.shape)) + ("," if len(self.shape) == 1 else "") + ")"


def param_arrays(network: Network) -> list[ParamArray]:
    """Layer by layer, weights then bias; W_l has shape (units_l, units_{l-1})."""
    arrays = []
    for k, layer in enumerate(network.layers):
        values = tuple(v for row in layer.weights for v in row)
        arrays.append(
            ParamArray(
                f"W{k + 1}",
                "weight",
                k,
                (layer.units, layer.fan_in),
                "weights" not in layer.freeze,
                values,
                layer.fan_in,
            )
        )
        if layer.has_bias:
            arrays.append(
                ParamArray(
                    f"b{k + 1}",
                    "bias",
                    k,
                    (layer.units,),
                    "bias" not in layer.freeze,
                    layer.bias,
                    layer.fan_in,
                )
            )
    return arrays


def init_limit(fan_in: int) -> int:
    """The largest numerator k of a seeded initial value ±k/INIT_DENOMINATOR: within ±1/√fan_in."""
    return math.floor(INIT_DENOMINATOR / math.sqrt(fan_in))


def literal(value: Fraction) -> str:
    """A Python float literal for an exact value: the decimal itself when it terminates."""
    if terminates(value):
        text = format_decimal(value)
        return text if "." in text else text + ".0"
    return repr(float(value))


def identifier(name: str, taken: frozenset[str] = TEMPLATE_NAMES) -> str:
    """A Python identifier for a symbol's ASCII name, renamed if Python or a template uses it."""
    if keyword.iskeyword(name) or hasattr(builtins, name) or name in taken:
        return name + "_v"
    return name


def choose_strategy(network: Network, strategy: str) -> str:
    """`auto` → unrolled for small networks, layered otherwise; refuses huge unrolled requests."""
    if strategy not in STRATEGIES:
        raise NNDeriveError(
            f"unknown strategy {strategy!r}; expected one of {', '.join(STRATEGIES)}"
        )
    count = network.count_parameters()
    if strategy == "auto":
        return "unrolled" if count <= AUTO_UNROLL_MAX_PARAMETERS else "layered"
    if strategy == "unrolled" and count > UNROLL_MAX_PARAMETERS:
        raise NNDeriveError(
            f"{network.name} has {count:,} parameters; the unrolled strategy writes straight-line "
            f"code for at most {UNROLL_MAX_PARAMETERS:,} (use --strategy layered)"
        )
    return strategy


def check_dtype(dtype: str) -> str:
    if dtype not in DTYPES:
        raise NNDeriveError(f"unknown dtype {dtype!r}; expected one of {', '.join(DTYPES)}")
    return dtype
