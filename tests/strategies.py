"""Hypothesis strategies: random small network specs (as dicts) for property tests."""

from __future__ import annotations

from hypothesis import strategies as st

ACTIVATIONS = ["identity", "sigmoid", "tanh", "relu", "x/(1+abs(x))"]

decimals = st.integers(min_value=-150, max_value=150).map(lambda n: n / 100)


@st.composite
def network_specs(draw, max_layers=3, max_units=3, activations=ACTIVATIONS):
    n_inputs = draw(st.integers(1, 3))
    depth = draw(st.integers(1, max_layers))
    widths = [n_inputs] + [draw(st.integers(1, max_units)) for _ in range(depth)]
    layers = []
    for k in range(depth):
        units, fan_in = widths[k + 1], widths[k]
        layer = {
            "units": units,
            "activation": draw(st.sampled_from(activations)),
            "weights": [[draw(decimals) for _ in range(fan_in)] for _ in range(units)],
        }
        if draw(st.booleans()):
            layer["bias"] = [draw(decimals) for _ in range(units)]
        freeze = draw(
            st.sampled_from([[], [], ["weights"]] + ([["bias"]] if "bias" in layer else []))
        )
        if freeze:
            layer["freeze"] = freeze
        layers.append(layer)
    notation = "slides" if depth <= 2 and draw(st.booleans()) else "layered"
    return {
        "name": "random",
        "notation": notation,
        "inputs": n_inputs,
        "layers": layers,
        "learning_rate": draw(st.sampled_from([0.05, 0.1, 0.5])),
        "example": {
            "x": [draw(decimals) for _ in range(n_inputs)],
            "y": [draw(decimals) for _ in range(widths[-1])],
        },
    }
