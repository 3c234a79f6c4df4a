"""The validated, immutable description of a network: what a spec means once it is checked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING

from .activations import Activation
from .errors import UnknownParameterError
from .exercise import ExerciseTemplate
from .losses import Loss

if TYPE_CHECKING:
    from .verify.header import Settings

#: notations a spec can ask for
NOTATIONS = ("slides", "layered")
#: languages a spec's title can be given in (those the documents are written in), default first
TITLE_LANGUAGES = ("zh", "en")
#: how the worked example steps through several samples: one gradient-descent step on the mean
#: over all samples (full batch), or one step per sample in turn (online)
UPDATES = ("full_batch", "per_sample")


@dataclass(frozen=True)
class Sample:
    """One training sample of the worked example: inputs x and targets y."""

    x: tuple[Fraction, ...]
    y: tuple[Fraction, ...]


@dataclass(frozen=True, eq=False)
class Layer:
    """One layer of units fed by the previous layer: z = W·a_prev + b, a = f(z).

    ``weights[i][j]`` connects unit j of the previous layer to unit i of this one.
    """

    units: int
    activation: Activation
    weights: tuple[tuple[Fraction, ...], ...]
    bias: tuple[Fraction, ...] | None
    names: tuple[str, ...] | None = None
    freeze: frozenset[str] = frozenset()
    weights_given: bool = True
    bias_given: bool = True

    @property
    def has_bias(self) -> bool:
        return self.bias is not None

    @property
    def fan_in(self) -> int:
        return len(self.weights[0])


@dataclass(frozen=True)
class Parameter:
    """One scalar parameter: a weight (layer k, target unit i, source unit j) or a bias (k, i)."""

    name: str
    kind: str  # "weight" | "bias"
    layer: int  # 0-based index into Network.layers
    row: int  # target unit i (0-based)
    col: int | None  # source unit j (0-based), None for a bias
    initial: Fraction
    trainable: bool


@dataclass(frozen=True, eq=False)
class Network:
    """A checked network spec. Build one with ``symbolic.load_network``."""

    name: str
    #: the title in the first language the spec gives it in (see ``title_for``)
    title: str
    notation: str
    n_inputs: int
    layers: tuple[Layer, ...]
    loss: Loss
    learning_rate: Fraction
    samples: tuple[Sample, ...]
    update: str = "full_batch"
    seed: int = 0
    input_names: tuple[str, ...] | None = None
    source: str = "<dict>"
    sha256: str = ""
    #: (language, title) pairs when the spec gives the title per language
    titles: tuple[tuple[str, str], ...] = ()
    #: the teacher's class exercise (``exercise:`` in the spec), or None
    exercise: ExerciseTemplate | None = None
    #: the notation claims about this network are written in (``verify:`` in the spec: a
    #: preset and ``let`` names, read by ``nnderive verify``), or None
    verify: Settings | None = None

    def title_for(self, lang: str) -> str:
        """The title in ``lang`` when the spec gives one for it, else the title."""
        return dict(self.titles).get(lang, self.title)

    @property
    def example_x(self) -> tuple[Fraction, ...]:
        """The first sample's inputs (the only sample of a one-sample spec)."""
        return self.samples[0].x

    @property
    def example_y(self) -> tuple[Fraction, ...]:
        return self.samples[0].y

    @property
    def widths(self) -> tuple[int, ...]:
        """Units per layer, inputs first: (2, 2, 1) for the lecture's network."""
        return (self.n_inputs, *(layer.units for layer in self.layers))

    @property
    def n_outputs(self) -> int:
        return self.layers[-1].units

    @property
    def is_linear(self) -> bool:
        return all(layer.activation.is_identity for layer in self.layers)

    @cached_property
    def names(self):
        """The Notation: every quantity's ASCII name and LaTeX form."""
        from .notation import Notation

        return Notation(self)

    def latex(self, expr) -> str:
        """LaTeX of a SymPy expression in this network's notation (w_{5}, a_{1}^{(2)}, …)."""
        from .printing import latex

        return latex(expr, self.names)

    def count_parameters(self, trainable_only: bool = False) -> int:
        total = 0
        for layer in self.layers:
            size = layer.units * layer.fan_in + (layer.units if layer.has_bias else 0)
            if trainable_only:
                size = (0 if "weights" in layer.freeze else layer.units * layer.fan_in) + (
                    layer.units if layer.has_bias and "bias" not in layer.freeze else 0
                )
            total += size
        return total

    def parameters(self, trainable_only: bool = False) -> Iterator[Parameter]:
        """Every parameter layer by layer, weights (row by row) then biases."""
        for k, layer in enumerate(self.layers):
            if not (trainable_only and "weights" in layer.freeze):
                for i in range(layer.units):
                    for j in range(layer.fan_in):
                        yield self._parameter("weight", k, i, j)
            if layer.has_bias and not (trainable_only and "bias" in layer.freeze):
                for i in range(layer.units):
                    yield self._parameter("bias", k, i, None)

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name`` in this network's notation."""
        q = self.names.quantity(name)
        if q is None or not q.is_parameter or q.updated:
            raise UnknownParameterError(
                f"{self.name}: no parameter named {name!r} "
                f"(`nnderive derive {self.name} --list-params` lists them)"
            )
        return self._parameter(q.kind, q.layer, q.row, q.col)

    def _parameter(self, kind: str, k: int, i: int, j: int | None) -> Parameter:
        layer = self.layers[k]
        if kind == "weight":
            name = self.names.weight(k, i, j).ascii
            value = layer.weights[i][j]
            trainable = "weights" not in layer.freeze
        else:
            name = self.names.bias(k, i).ascii
            value = layer.bias[i]
            trainable = "bias" not in layer.freeze
        return Parameter(name, kind, k, i, j, value, trainable)
