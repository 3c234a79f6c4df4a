"""Helpers for the trainer tests: generate a module once per session and import it.

Numba compiles each generated module's kernels on first call (a few seconds), so modules are
generated into one temporary folder per test session and reused by every test that asks for the
same spec, strategy and dtype.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from functools import cache
from pathlib import Path

import numpy as np

import naive
from codegen.trainer.cache import import_module_from
from codegen.trainer.generate import render_trainer
from symbolic import load_network


@cache
def _folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="nnderive-trainer-tests-"))


_modules: dict[str, object] = {}


def trainer_for(network, strategy: str = "auto", dtype: str = "float64"):
    """Generate and import the trainer of ``network`` (cached per network source + options)."""
    source = render_trainer(network, strategy=strategy, dtype=dtype)
    key = hashlib.sha256(source.encode()).hexdigest()[:16]
    if key not in _modules:
        path = _folder() / f"trainer_{key}.py"
        path.write_text(source, encoding="utf-8")
        _modules[key] = import_module_from(path, f"trainer_{key}")
    return _modules[key]


def spec_dict(widths, activations, biases, freeze, seed: int, rng) -> dict:
    """A layered spec with seeded weights and a random example."""
    layers = []
    for units, activation, bias, frozen in zip(widths[1:], activations, biases, freeze):
        frozen = [f for f in frozen if bias or f != "bias"]  # only a layer with bias can freeze it
        layers.append(
            {"units": units, "activation": activation, "bias": bias, "freeze": list(frozen)}
        )
    return {
        "name": "random",
        "notation": "layered",
        "inputs": widths[0],
        "layers": layers,
        "loss": "half_sse",
        "learning_rate": 0.1,
        "example": {
            "x": [round(float(v), 3) for v in rng.uniform(-1, 1, widths[0])],
            "y": [round(float(v), 3) for v in rng.uniform(-1, 1, widths[-1])],
        },
        "seed": seed,
    }


def load(spec: dict):
    return load_network(json.loads(json.dumps(spec)))


def naive_mean_gradients(network, X, Y) -> list[np.ndarray]:
    """The NumPy reference's gradients, averaged over rows, in the trainer's params order."""
    params = naive.params_of(network)
    total = None
    for x, y in zip(X, Y):
        grads = naive.gradients(network, params, x, y)
        flat = []
        for (dw, db), layer in zip(grads, network.layers):
            flat.append(dw)
            if layer.has_bias:
                flat.append(db)
        total = flat if total is None else [t + f for t, f in zip(total, flat)]
    return [t / len(X) for t in total]


def frozen_mask(network) -> list[bool]:
    """Whether each params entry trains, in the trainer's order."""
    mask = []
    for layer in network.layers:
        mask.append("weights" not in layer.freeze)
        if layer.has_bias:
            mask.append("bias" not in layer.freeze)
    return mask
