"""The network drawing: every edge labelled up to 3-4-3 (and 4-4-4) with biases, no two labels
overlapping, matrices under the drawing where labels do not fit, and a caption that says so."""

from __future__ import annotations

import re

import pytest

from codegen.document import DocumentOptions, render_latex
from codegen.document.label_placement import Box, place_labels
from symbolic import load_network


def spec(widths, bias=True, notation="layered"):
    layers = [{"units": w, "activation": "sigmoid", "bias": bias} for w in widths[1:]]
    return {
        "name": "net-" + "-".join(map(str, widths)),
        "notation": notation,
        "inputs": widths[0],
        "layers": layers,
        "learning_rate": 0.5,
        "example": {"x": [0.5] * widths[0], "y": [1] + [0] * (widths[-1] - 1)},
        "seed": 1,
    }


def figure(tex: str) -> str:
    return tex[tex.index(r"\begin{figure}") : tex.index(r"\end{figure}")]


def edge_labels(tex: str) -> list[tuple[float, str]]:
    return [
        (float(pos), label)
        for pos, label in re.findall(
            r"node\[edge label, pos=([0-9.]+)\] \{\$(.*?)\$\}", figure(tex)
        )
    ]


@pytest.mark.parametrize("widths", [(3, 4, 3), (4, 4, 4), (2, 6, 1)])
def test_every_edge_and_bias_is_labelled_up_to_3_4_3(widths):
    net = load_network(spec(widths))
    tex = render_latex(net, DocumentOptions(lang="en", steps=1, plot_steps=2))
    labels = edge_labels(tex)
    edges = sum(layer.units * layer.fan_in + layer.units for layer in net.layers)
    assert len(labels) == edges
    assert len(re.findall(r"\\draw\[link", figure(tex))) == edges
    assert r"\begin{aligned}" not in figure(tex)  # nothing listed under the drawing
    assert "every edge carries its parameter's initial value" in figure(tex)
    values = {label for _, label in labels}
    first = net.layers[0].weights[0][0]
    assert f"{float(first):g}".replace("-", "") in " ".join(values).replace("-", "")


def test_the_lecture_networks_carry_names_and_values_on_their_edges():
    slides = render_latex("slides", DocumentOptions(lang="en"))
    assert [label for _, label in edge_labels(slides)] == [
        f"w_{{{n}}} = {v}"
        for n, v in zip(range(1, 7), ["0.11", "0.21", "0.12", "0.08", "0.14", "0.15"])
    ]
    layered = render_latex("layered-3-3-1", DocumentOptions(lang="en"))
    labels = [label for _, label in edge_labels(layered)]
    assert len(labels) == 9 + 3 + 3 + 1
    assert "w_{32}^{(1)} = -0.2" in labels and "b_{1}^{(2)} = 0.1" in labels


def test_labels_that_do_not_fit_become_matrices_under_the_drawing_and_the_caption_says_so():
    net = load_network(spec((4, 4, 4, 4)))
    tex = render_latex(net, DocumentOptions(lang="en", steps=1, plot_steps=2))
    drawn = figure(tex)
    listed_block = drawn[drawn.index(r"\begin{aligned}") : drawn.index(r"\end{aligned}")]
    labelled_edges = len(edge_labels(tex))
    listed_layers = [n for n in (1, 2, 3) if f"w_{{11}}^{{({n})}}" in listed_block]
    assert listed_layers  # four columns leave too little room for every label
    assert labelled_edges == 20 * (3 - len(listed_layers))  # the other layers: 16 weights, 4 biases
    for n in listed_layers:
        assert f"b_{{1}}^{{({n})}}" in listed_block
    caption = re.search(r"\\caption\*\{(.*)\}", drawn).group(1)
    assert "listed below the drawing" in caption


def test_an_elided_drawing_says_which_parameters_it_leaves_out():
    large = render_latex(spec((12, 8, 2)), DocumentOptions(lang="en", steps=1, plot_steps=2))
    assert "only some units of each layer are drawn" in figure(large)
    assert "its 122 initial parameters are not listed" in figure(large)
    small = render_latex(spec((1, 8, 1), bias=False), DocumentOptions(lang="zh", steps=1))
    assert "初始参数列在图下" in figure(small) and r"\begin{aligned}" in figure(small)


def test_label_search_keeps_labels_apart_and_gives_up_within_its_budget():
    middle, left, right = Box(0, 0, 1, 0.3), Box(-2.5, 0, 1, 0.3), Box(2.5, 0, 1, 0.3)
    chosen = place_labels([[middle, left], [middle, right], [middle]])
    assert chosen == [1, 1, 0]  # only the third is stuck in the middle; the others move
    assert place_labels([[middle], [middle]]) is None
    assert place_labels([[]]) is None
    crowded = [[Box(0, 0, 1, 1), Box(0.1, 0, 1, 1)] for _ in range(40)]
    assert place_labels(crowded) is None  # impossible: the budget ends the search


def test_sloped_boxes_overlap_only_when_they_touch():
    along = Box(0, 0, 1, 0.2, 0.6, 0.8)
    assert along.overlaps(Box(0.6, 0.8, 0.3, 0.3))
    assert not along.overlaps(Box(0.8, -0.6, 0.2, 0.2))  # beside the rotated box, not on it
    assert along.touches_circle(0, 0.3, 0.2) and not along.touches_circle(0, 2, 0.5)
    flat = Box(0, 0, 1, 0.2)
    assert flat.crosses((0, -1), (0, 1)) and flat.crosses((-3, 0), (3, 0.1))
    assert not flat.crosses((2, -1), (2, 1)) and not flat.crosses((-1, 0.5), (1, 0.6))
