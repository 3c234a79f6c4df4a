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


#: every loss, with the output activations it may follow
LOSS_OUTPUTS = {
    "half_sse": ["identity", "sigmoid", "tanh", "softmax"],
    "sse": ["identity", "sigmoid", "tanh", "softmax"],
    "mse": ["identity", "sigmoid", "softmax"],
    "binary_cross_entropy": ["sigmoid"],
    "cross_entropy": ["softmax"],
}


@st.composite
def loss_specs(draw, max_layers=2, max_units=3, max_samples=3):
    """Random specs with any loss, its output activation and one to a few samples."""
    spec = draw(network_specs(max_layers=max_layers, max_units=max_units))
    loss = draw(st.sampled_from(sorted(LOSS_OUTPUTS)))
    output = draw(st.sampled_from(LOSS_OUTPUTS[loss]))
    last = spec["layers"][-1]
    if output == "softmax" and last["units"] < 2:
        last["units"] = 2
        fan_in = len(last["weights"][0])
        last["weights"] = [[draw(decimals) for _ in range(fan_in)] for _ in range(2)]
        if "bias" in last:
            last["bias"] = [draw(decimals) for _ in range(2)]
    last["activation"] = output
    n_outputs, n_inputs = last["units"], spec["inputs"]

    def target():
        if loss == "cross_entropy":
            hot = draw(st.integers(0, n_outputs - 1))
            return [1 if k == hot else 0 for k in range(n_outputs)]
        if loss == "binary_cross_entropy":
            return [draw(st.sampled_from([0, 0.25, 1])) for _ in range(n_outputs)]
        return [draw(decimals) for _ in range(n_outputs)]

    count = draw(st.integers(1, max_samples))
    samples = [
        {"x": [draw(decimals) for _ in range(n_inputs)], "y": target()} for _ in range(count)
    ]
    spec.pop("example")
    spec["examples"] = samples
    spec["loss"] = loss
    spec["update"] = draw(st.sampled_from(["full_batch", "per_sample"]))
    if spec["notation"] == "slides" and draw(st.booleans()):
        spec["notation"] = "layered"
    return spec
