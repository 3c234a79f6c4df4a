"""Notation is a pure mapping: Quantity → name → Quantity round-trips, names never collide."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import network_specs
from symbolic import load_network
from symbolic.quantity import Quantity, entries, exists


def every_entry(network):
    """Every entry and scalar quantity of a network, updated parameters and gradients included."""
    depth = len(network.layers)
    wholes = [Quantity.unit(m) for m in range(depth + 1)]
    wholes += [Quantity.pre(m) for m in range(1, depth + 1)]
    wholes += [Quantity.delta(m) for m in range(1, depth + 1)]
    wholes += [Quantity.target(), Quantity.residual()]
    for k, layer in enumerate(network.layers):
        parameters = [Quantity.weight(k)] + ([Quantity.bias(k)] if layer.has_bias else [])
        for p in parameters:
            wholes += [p, p.after_update(), p.gradient()]
    out = [Quantity.error(), Quantity.rate(), Quantity.loss()]
    out += [Quantity.loss(i) for i in range(network.n_outputs)]
    for whole in wholes:
        out += list(entries(network, whole))
    return out


def named_specs():
    """Random specs, some with the spec's own names for inputs and units."""

    @st.composite
    def build(draw):
        spec = draw(network_specs())
        if draw(st.booleans()):
            letters = iter(f"u{n}v" for n in itertools.count())
            spec["inputs"] = [next(letters) for _ in range(spec["inputs"])]
            for layer in spec["layers"]:
                if draw(st.booleans()):
                    layer["units"] = [next(letters) for _ in range(layer["units"])]
        return spec

    return build()


@settings(max_examples=60, deadline=None)
@given(named_specs())
def test_every_name_reads_back_as_its_own_quantity(spec):
    network = load_network(spec)
    names = network.names
    seen = {}
    for q in every_entry(network):
        assert exists(network, q)
        ascii_name = names.name(q).ascii
        assert names.quantity(ascii_name) == q, (q, ascii_name)
        assert seen.setdefault(ascii_name, q) == q, f"{ascii_name} names {seen[ascii_name]} and {q}"


def test_the_lecture_names():
    names = load_network("slides").names
    expected = {
        "i2": Quantity.input(1),
        "h1": Quantity.unit(1, 0),
        "out": Quantity.unit(2, 0),
        "w3": Quantity.weight(0, 1, 0),
        "w6": Quantity.weight(1, 0, 1),
        "w6_new": Quantity.weight(1, 0, 1).after_update(),
        "dw5": Quantity.weight(1, 0, 0).gradient(),
        "Delta": Quantity.residual(0),
        "actual": Quantity.target(0),
        "E": Quantity.error(),
        "eta": Quantity.rate(),
    }
    for ascii_name, q in expected.items():
        assert names.quantity(ascii_name) == q
        assert names.name(q).ascii == ascii_name
    for absent in ("h3", "w7", "b1", "x1", "y", "a2_1", "out1", "w0", "w05", "Delta1"):
        assert names.quantity(absent) is None, absent
    assert names.name(Quantity.weight(1, 0, 1).after_update()).latex == "{w_{6}}'"


def test_layered_names_and_the_latex_printer_need_no_history():
    """LaTeX of a name is known before anything asked for it (no registry filled by getters)."""
    from symbolic.printing import latex

    network = load_network("layered-3-3-1")
    w = network.names.symbol(Quantity.weight(1, 0, 2))
    assert w.name == "w2_1_3"
    fresh = load_network("layered-3-3-1")
    assert latex(w, fresh.names) == "w_{13}^{(2)}"
    assert latex(fresh.names.symbol(Quantity.delta(2, 0)), fresh.names) == r"\delta_{1}^{(3)}"
