"""The network drawn as in the lecture: circles for units, +1 boxes for biases, edges ``w = value``.

This module computes only numbers — where each unit sits and where along its edge each label
goes — and hands them with the printed labels to the template's TikZ macro (figures.tex.j2).
Edges carry ``w = value`` along them, as on the lecture's slides, when every such label finds a
place that touches no other label and no unit; otherwise the values alone (a 3-4-3 or 4-4-4
network with biases is labelled throughout that way). A layer with more than
``MAX_LABELLED_EDGES`` edges, or whose labels find no places (label_placement.py), is drawn
without labels; its initial parameters are listed under the drawing and the caption says
which. A network with wide layers is drawn with a few units per layer.
"""

from __future__ import annotations

import itertools
import math

from .label_placement import Box, place_labels
from .layout import printed_width
from .printer import tex
from .sections import BiasNode, Drawing, Edge, LayerName, UnitNode

#: a layer with more edges (weights; its biases come on top) is never labelled
MAX_LABELLED_EDGES = 16
#: a layer wider than this is drawn elided (a few units, ⋮, the layer's size)
MAX_DRAWN_UNITS = 6
#: the drawing's width between the first and the last column, and the widest column step (cm)
DRAWING_WIDTH_CM = 14.4
MAX_X_STEP_CM = 7.0
Y_STEP_CM = 2.8
#: how far below a column's lowest unit its +1 bias box sits, in vertical steps
BIAS_DROP = 1.0
#: a unit's radius and a bias box's half side (cm), as the template's styles draw them
UNIT_RADIUS_CM = 0.5
BIAS_HALF_CM = 0.35
#: an edge label's size: cm per glyph of the printed-width estimate, height, clearance
GLYPH_CM = 0.2
LABEL_HEIGHT_CM = 0.5
CLEARANCE_CM = 0.12
#: where along an edge a label may sit, in order of preference
LABEL_POSITIONS = (0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8, 0.15)


class _Layout:
    """Positions of units and bias boxes, and the labels placed so far."""

    def __init__(self, widths, with_bias, x_step: float):
        self.widths = widths
        self.x_step = x_step
        self.units = {
            (m, i): (m * x_step, ((width - 1) / 2 - i) * Y_STEP_CM)
            for m, width in enumerate(widths)
            for i in range(width)
        }
        lowest = min(y for _, y in self.units.values())
        self.bias_y = lowest - BIAS_DROP * Y_STEP_CM
        self.biases = {k: (k * x_step, self.bias_y) for k, has in enumerate(with_bias) if has}
        self.placed: list[Box] = []
        #: every edge as a segment between centres (source, target), labelled or not
        self.segments = [
            (self.units[(k, j)], self.units[(k + 1, i)])
            for k in range(len(widths) - 1)
            for i in range(widths[k + 1])
            for j in range(widths[k])
        ] + [
            (self.biases[k], self.units[(k + 1, i)])
            for k in self.biases
            for i in range(widths[k + 1])
        ]

    def ends(self, source, target, source_radius):
        (x1, y1), (x2, y2) = source, target
        length = math.hypot(x2 - x1, y2 - y1)
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        start = (x1 + ux * source_radius, y1 + uy * source_radius)
        end = (x2 - ux * UNIT_RADIUS_CM, y2 - uy * UNIT_RADIUS_CM)
        return start, end, (ux, uy) if ux > 0 or (ux == 0 and uy > 0) else (-ux, -uy)

    def candidates(self, source, target, label: str, source_radius: float):
        """(pos, box) where ``label`` could sit on the edge without touching a unit or a box,
        in order of preference: over fewer other edges first (a label on a crossing could be
        read as the other edge's), then nearer the middle."""
        start, end, (ux, uy) = self.ends(source, target, source_radius)
        half_w = printed_width(label) * GLYPH_CM / 2 + CLEARANCE_CM
        half_h = LABEL_HEIGHT_CM / 2 + CLEARANCE_CM
        out = []
        for pos in LABEL_POSITIONS:
            cx = start[0] + pos * (end[0] - start[0])
            cy = start[1] + pos * (end[1] - start[1])
            box = Box(cx, cy, half_w, half_h, ux, uy)
            if any(box.touches_circle(x, y, UNIT_RADIUS_CM) for x, y in self.units.values()):
                continue
            if any(box.touches_circle(x, y, BIAS_HALF_CM) for x, y in self.biases.values()):
                continue
            crossed = sum(box.crosses(a, b) for a, b in self.segments if (a, b) != (source, target))
            out.append((crossed, pos, box))
        out.sort(key=lambda option: option[0])  # stable: equal crossings keep the preference
        return [(pos, box) for _, pos, box in out]

    def place_all(self, requests) -> list[float] | None:
        """Positions for every label of a layer so that no two labels touch (and reserve them),
        or None when the search finds none within its budget.

        ``requests`` are (source, target, label, source radius).
        """
        options = [
            [(pos, box) for pos, box in self.candidates(*r) if not self._collides(box)]
            for r in requests
        ]
        chosen = place_labels([[box for _, box in choices] for choices in options])
        if chosen is None:
            return None
        self.placed += [options[n][a][1] for n, a in enumerate(chosen)]
        return [options[n][a][0] for n, a in enumerate(chosen)]

    def _collides(self, box: Box) -> bool:
        return any(box.overlaps(other) for other in self.placed)


def labelled_edges_fit(layer) -> bool:
    return layer.units * layer.fan_in <= MAX_LABELLED_EDGES


def is_elided(network) -> bool:
    return max(network.widths) > MAX_DRAWN_UNITS


#: label styles (both along their edge): ``w = value`` as on the lecture's slides, or the value
NAMED, VALUES = "named", "values"


def network_drawing(
    derivation, named_label, value_label, layer_names: list[str]
) -> tuple[Drawing, str, list[int]]:
    """The drawing, its label style and the weight layers (0-based) whose edges carry labels.

    ``named_label(symbol)`` prints ``w = value`` for a parameter symbol and ``value_label(symbol)``
    its value alone. Every layer gets named labels when they all fit; otherwise the layers whose
    values fit get values and the others none.
    """
    network = derivation.network
    if is_elided(network):
        return _elided_drawing(derivation, layer_names), NAMED, []
    drawing, labelled = _drawing(derivation, named_label, layer_names)
    if len(labelled) == len(network.layers):
        return drawing, NAMED, labelled
    drawing, labelled = _drawing(derivation, value_label, layer_names)
    return drawing, VALUES, labelled


def _drawing(derivation, label_of, layer_names) -> tuple[Drawing, list[int]]:
    network, model = derivation.network, derivation.model
    columns = len(network.widths)
    x_step = min(MAX_X_STEP_CM, DRAWING_WIDTH_CM / (columns - 1))
    with_bias = [layer.has_bias for layer in network.layers]
    layout = _Layout(network.widths, with_bias, x_step)
    edges, labelled = [], []
    for k in range(len(network.layers)):
        layer_edges = _layer_edges(derivation, layout, k, label_of)
        if layer_edges is None:  # unlabelled: drawn plain, the values listed under the drawing
            layer_edges = _layer_edges(derivation, layout, k, None)
        else:
            labelled.append(k)
        edges += layer_edges
    units = tuple(
        UnitNode(f"u{m}-{i}", x, y, tex(model.unit(m, i), derivation.names))
        for (m, i), (x, y) in layout.units.items()
    )
    biases = tuple(BiasNode(f"bias{k}", x, y) for k, (x, y) in layout.biases.items())
    name_y = layout.bias_y - (0.8 if layout.biases else 0)
    names = tuple(LayerName(m * x_step, name_y, text) for m, text in enumerate(layer_names))
    return Drawing(units, biases, tuple(edges), names), labelled


def _layer_edges(derivation, layout: _Layout, k: int, label_of) -> list[Edge] | None:
    """The edges of weight layer k; labelled when ``label_of`` is given and every label fits."""
    layer, model = derivation.network.layers[k], derivation.model
    if label_of is not None and not labelled_edges_fit(layer):
        return None
    edges, requests = [], []
    for i in range(layer.units):
        for j in range(layer.fan_in):
            edges.append(Edge(f"u{k}-{j}", f"u{k + 1}-{i}"))
            if label_of is not None:
                source, target = layout.units[(k, j)], layout.units[(k + 1, i)]
                requests.append((source, target, label_of(model.weight(k, i, j)), UNIT_RADIUS_CM))
    if layer.has_bias:
        for i in range(layer.units):
            edges.append(Edge(f"bias{k}", f"u{k + 1}-{i}", from_bias=True))
            if label_of is not None:
                source, target = layout.biases[k], layout.units[(k + 1, i)]
                requests.append((source, target, label_of(model.bias(k, i)), BIAS_HALF_CM))
    if label_of is None:
        return edges
    positions = layout.place_all(requests)
    if positions is None:
        return None
    return [
        Edge(e.source, e.target, request[2], pos, e.from_bias)
        for e, request, pos in zip(edges, requests, positions)
    ]


def _elided_drawing(derivation, layer_names: list[str]) -> Drawing:
    """A few units per layer (the first two, ⋮, the last), every drawn pair joined, no labels."""
    network, model = derivation.network, derivation.model
    x_step = min(MAX_X_STEP_CM, DRAWING_WIDTH_CM / (len(network.widths) - 1)) * 0.8
    units, ellipses, columns = [], [], []
    for m, width in enumerate(network.widths):
        slots = list(range(width)) if width <= 4 else [0, 1, None, width - 1]
        column = []
        for slot, i in enumerate(slots):
            x, y = m * x_step, ((len(slots) - 1) / 2 - slot) * Y_STEP_CM
            if i is None:
                ellipses.append((x, y))
                continue
            units.append(UnitNode(f"u{m}-{i}", x, y, tex(model.unit(m, i), derivation.names)))
            column.append(units[-1].node)
        columns.append(column)
    edges = tuple(
        Edge(a, b) for left, right in itertools.pairwise(columns) for a in left for b in right
    )
    bottom = -2.2 * Y_STEP_CM
    names = tuple(
        LayerName(m * x_step, bottom, text, f"{network.widths[m]:,}")
        for m, text in enumerate(layer_names)
    )
    return Drawing(tuple(units), (), edges, names, tuple(ellipses), elided=True)
