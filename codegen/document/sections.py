"""The typed model of a derivation document: what the template receives, section by section.

Every field holds printed LaTeX (formulas from the document printer), prose from the i18n table,
or plain numbers (coordinates of the drawing and the plot). The template lays them out and holds
no mathematics. A document is a title and a sequence of sections; each section class names the
template macro that lays it out (``template``), so a new kind of section is a new class here and
a new macro there. ``SmallDocument`` and ``LargeDocument`` (small.py, large.py) build them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Row:
    """One right-hand side of a displayed equation: ``= …`` or ``≈ …``, broken into lines."""

    relation: str  # "=" or r"\approx"
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Equation:
    """``lhs = rhs₁ ≈ rhs₂ …`` (laid out in ``align*``), optionally a second formula beside it."""

    lhs: str
    rows: tuple[Row, ...]
    #: a second formula shown on the same line (e.g. a = σ(z) beside z = Σ w a + b)
    side: str = ""


@dataclass(frozen=True)
class Group:
    """A sentence and the equations it introduces (either may be empty)."""

    text: str = ""
    equations: tuple[Equation, ...] = ()


@dataclass(frozen=True)
class ParameterDerivation:
    """The chain-rule lines of one parameter, with its name for the comment above them."""

    symbol: str
    equation: Equation


# ------------------------------------------------------------------------------ the drawing
@dataclass(frozen=True)
class UnitNode:
    node: str  # TikZ node name
    x: float  # cm
    y: float  # cm
    label: str  # LaTeX of the unit's name


@dataclass(frozen=True)
class BiasNode:
    node: str
    x: float
    y: float


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    #: LaTeX of ``w = value``; empty when the edge is drawn without a label
    label: str = ""
    #: where along the edge the label sits (0 at the source, 1 at the target)
    pos: float = 0.5
    from_bias: bool = False


@dataclass(frozen=True)
class LayerName:
    x: float
    y: float
    text: str
    #: the layer's size, shown under the name when only some units are drawn
    size: str = ""


@dataclass(frozen=True)
class Drawing:
    """A network drawn in TikZ: units, +1 bias boxes, edges, layer names, ⋮ where units are left
    out (an elided drawing shows a few units per layer and no edge labels)."""

    units: tuple[UnitNode, ...]
    biases: tuple[BiasNode, ...]
    edges: tuple[Edge, ...]
    layer_names: tuple[LayerName, ...]
    ellipses: tuple[tuple[float, float], ...] = ()
    elided: bool = False


@dataclass(frozen=True)
class Figure:
    """The drawing, its caption (which says what the drawing shows), and the initial parameters
    of the layers whose edges carry no labels, listed under the drawing."""

    drawing: Drawing
    caption: str
    parameters: Group = Group()


@dataclass(frozen=True)
class ErrorPlot:
    """The error of iterations 1…n for pgfplots: (iteration, value as text) pairs."""

    points: tuple[tuple[int, str], ...]
    x_label: str
    y_label: str
    tick_distance: int

    @property
    def count(self) -> int:
        return len(self.points)


# ------------------------------------------------------------------------------ sections
@dataclass(frozen=True)
class Section:
    """A heading and groups of sentences with equations (forward pass, error, updates, …)."""

    heading: str
    groups: tuple[Group, ...]
    template: ClassVar[str] = "groups"


@dataclass(frozen=True)
class NetworkSection:
    """The spec in words, the transfer functions and the drawing."""

    heading: str
    paragraphs: tuple[str, ...]
    figure: Figure
    template: ClassVar[str] = "network"


@dataclass(frozen=True)
class BackpropSection:
    """The gradient-descent rule, Δ/δ and the layer rules (groups), then the per-parameter
    derivations in one ``align*``."""

    heading: str
    groups: tuple[Group, ...]
    derivations_text: str
    derivations: tuple[ParameterDerivation, ...]
    template: ClassVar[str] = "backprop"


@dataclass(frozen=True)
class Iteration:
    """One worked training step: its groups (forward pass, error, δ, updates) and a sentence on
    how the prediction moved."""

    title: str
    groups: tuple[Group, ...]
    sentence: str


@dataclass(frozen=True)
class IterationsSection:
    heading: str
    intro: str
    iterations: tuple[Iteration, ...]
    template: ClassVar[str] = "iterations"


@dataclass(frozen=True)
class PlotSection:
    heading: str
    text: str
    plot: ErrorPlot
    template: ClassVar[str] = "plot"


@dataclass(frozen=True)
class Document:
    """A whole document: title lines and sections in order."""

    lang: str
    #: the title as typeset (already TeX-safe)
    title: str
    #: the PDF's metadata title (already TeX-safe)
    pdf_title: str
    subtitle: str
    sections: tuple
