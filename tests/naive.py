"""An independent NumPy reference for tests: forward pass, loss and backprop written by hand.

It shares nothing with the code under test but the Network's numbers: activations and their
derivatives are written out here in NumPy (custom formulas are evaluated through SymPy's lambdify
of the parsed formula and differentiated by central differences, never by our derivation).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

NUMPY_ACTIVATIONS = {
    "identity": (lambda z: z, lambda z: np.ones_like(z)),
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "tanh": (np.tanh, lambda z: 1 / np.cosh(z) ** 2),
    "relu": (lambda z: np.where(z > 0, z, 0.0), lambda z: np.where(z > 0, 1.0, 0.0)),
}


def activation(layer):
    name = layer.activation.name
    if name in NUMPY_ACTIVATIONS:
        return NUMPY_ACTIVATIONS[name]
    from symbolic.activations import Z

    f = sp.lambdify(Z, layer.activation.expr, modules="numpy")
    h = 1e-6
    return (lambda z: f(z) + 0 * z), (lambda z: (f(z + h) - f(z - h)) / (2 * h))


def params_of(network, dtype=np.float64):
    """[(W, b or None)] as float arrays, W of shape (units, fan_in)."""
    out = []
    for layer in network.layers:
        w = np.array([[float(v) for v in row] for row in layer.weights], dtype=dtype)
        b = None if layer.bias is None else np.array([float(v) for v in layer.bias], dtype=dtype)
        out.append((w, b))
    return out


def forward(network, params, x):
    """All pre-activations and activations for one sample x (1-D)."""
    a, zs, acts = np.asarray(x, dtype=float), [], [np.asarray(x, dtype=float)]
    for layer, (w, b) in zip(network.layers, params):
        z = w @ a + (b if b is not None else 0.0)
        f, _ = activation(layer)
        a = f(z)
        zs.append(z)
        acts.append(a)
    return zs, acts


def loss(network, params, x, y):
    _, acts = forward(network, params, x)
    return 0.5 * float(np.sum((acts[-1] - np.asarray(y, dtype=float)) ** 2))


def gradients(network, params, x, y):
    """[(dW, db or None)] for the half squared error on one sample, by hand-written backprop."""
    zs, acts = forward(network, params, x)
    delta = acts[-1] - np.asarray(y, dtype=float)
    grads = [None] * len(params)
    for k in reversed(range(len(params))):
        _, fprime = activation(network.layers[k])
        delta = delta * fprime(zs[k])
        w, b = params[k]
        grads[k] = (np.outer(delta, acts[k]), None if b is None else delta.copy())
        delta = w.T @ delta
    return grads


def finite_difference(network, params, x, y, k, kind, i, j=None, h=1e-6):
    """Central difference of the loss with respect to one parameter."""

    def shifted(step):
        copy = [(w.copy(), None if b is None else b.copy()) for w, b in params]
        if kind == "weight":
            copy[k][0][i, j] += step
        else:
            copy[k][1][i] += step
        return loss(network, copy, x, y)

    return (shifted(h) - shifted(-h)) / (2 * h)
