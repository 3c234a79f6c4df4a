"""The network drawn in TikZ as in the lecture: labelled circles, edges with weight and value.

Small networks get every unit and every edge, each edge labelled ``w = value`` (and a +1 bias unit
per layer whose edges carry the biases); a network with wide layers gets a few units per layer,
a vertical ellipsis and the layer's size, without edge labels.
"""

from __future__ import annotations

import itertools

import sympy as sp

from .printer import tex

#: a layer with more edges than this is drawn without edge labels (its values are listed instead)
MAX_LABELLED_EDGES = 4
#: a layer wider than this is drawn elided
MAX_DRAWN_UNITS = 6
#: horizontal and vertical spacing of units
X_STEP_CM = 5.6
Y_STEP_CM = 2.4


def _label(value_of, names, symbol) -> str:
    return tex(sp.Eq(symbol, value_of(symbol), evaluate=False), names)


def _position(column: int, index: int, count: int) -> tuple[float, float]:
    return column * X_STEP_CM, ((count - 1) / 2 - index) * Y_STEP_CM


def _edge_pos(i: int, j: int, fan_in: int, units: int) -> float:
    """Where along an edge its label sits: near the source going down, near the target going up,
    so labels of crossing edges do not meet in the middle."""
    rise = ((fan_in - 1) / 2 - j) - ((units - 1) / 2 - i)
    if abs(rise) < 1e-9:
        return 0.5
    return 0.25 if rise > 0 else 0.75


def labelled_layer(layer) -> bool:
    """Whether a layer's edges are few enough to carry their weight and value."""
    return layer.units * layer.fan_in <= MAX_LABELLED_EDGES


def network_diagram(derivation, value_of, layer_names: list[str]) -> str:
    """TikZ code for the network; ``value_of(symbol)`` gives the printed initial value."""
    network, model, names = derivation.network, derivation.model, derivation.names
    widths = network.widths
    if max(widths) > MAX_DRAWN_UNITS or network.count_parameters() > 50:
        return _elided_diagram(derivation, layer_names)
    lines = [
        r"\begin{tikzpicture}[unit/.style={circle, draw, thick, minimum size=10mm, inner sep=1pt},",
        r"  bias/.style={rectangle, draw, thick, minimum size=7mm, fill=black!5},",
        r"  edge label/.style={font=\footnotesize, fill=white, inner sep=1pt, sloped},",
        r"  link/.style={->, >=stealth, semithick}]",
    ]
    for m, width in enumerate(widths):
        for i in range(width):
            x, y = _position(m, i, width)
            lines.append(
                rf"\node[unit] (u{m}-{i}) at ({x:.2f}cm, {y:.2f}cm) "
                rf"{{${tex(model.unit(m, i), names)}$}};"
            )
    bottom = min(_position(0, w - 1, w)[1] for w in widths) - 0.8 * Y_STEP_CM
    for k, layer in enumerate(network.layers):
        labelled = labelled_layer(layer)
        for i in range(layer.units):
            for j in range(layer.fan_in):
                pos = _edge_pos(i, j, layer.fan_in, layer.units)
                label = _label(value_of, names, model.weight(k, i, j))
                node = rf" node[edge label, pos={pos}] {{${label}$}}" if labelled else ""
                lines.append(rf"\draw[link] (u{k}-{j}) --{node} (u{k + 1}-{i});")
        if layer.has_bias:
            x = k * X_STEP_CM
            lines.append(rf"\node[bias] (bias{k}) at ({x:.2f}cm, {bottom:.2f}cm) {{$1$}};")
            for i in range(layer.units):
                label = _label(value_of, names, model.bias(k, i))
                node = rf" node[edge label, pos=0.4] {{${label}$}}" if labelled else ""
                lines.append(rf"\draw[link, dashed] (bias{k}) --{node} (u{k + 1}-{i});")
    label_y = bottom - (0.8 if any(layer.has_bias for layer in network.layers) else 0)
    for m, text in enumerate(layer_names):
        lines.append(rf"\node[font=\small] at ({m * X_STEP_CM:.2f}cm, {label_y:.2f}cm) {{{text}}};")
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)


def _elided_diagram(derivation, layer_names: list[str]) -> str:
    network, model, names = derivation.network, derivation.model, derivation.names
    widths = network.widths
    lines = [
        r"\begin{tikzpicture}[unit/.style={circle, draw, thick, minimum size=10mm, inner sep=1pt},",
        r"  link/.style={-, draw=black!35}]",
    ]
    drawn: list[list[tuple[str, float]]] = []
    for m, width in enumerate(widths):
        shown = list(range(width)) if width <= 4 else [0, 1, None, width - 1]
        column = []
        for slot, i in enumerate(shown):
            x, y = m * X_STEP_CM * 0.8, ((len(shown) - 1) / 2 - slot) * Y_STEP_CM
            if i is None:
                lines.append(rf"\node at ({x:.2f}cm, {y:.2f}cm) {{$\vdots$}};")
                continue
            node = f"u{m}-{i}"
            lines.append(
                rf"\node[unit] ({node}) at ({x:.2f}cm, {y:.2f}cm) "
                rf"{{${tex(model.unit(m, i), names)}$}};"
            )
            column.append((node, y))
        drawn.append(column)
    for left, right in itertools.pairwise(drawn):
        for a, _ in left:
            for b, _ in right:
                lines.append(rf"\draw[link] ({a}) -- ({b});")
    bottom = -2.2 * Y_STEP_CM
    for m, text in enumerate(layer_names):
        lines.append(
            rf"\node[font=\small, align=center] at ({m * X_STEP_CM * 0.8:.2f}cm, {bottom:.2f}cm) "
            rf"{{{text}\\(${widths[m]}$)}};"
        )
    lines.append(r"\end{tikzpicture}")
    return "\n".join(lines)
