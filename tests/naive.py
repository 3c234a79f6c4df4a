"""An independent NumPy reference for tests: forward pass, loss and backprop written by hand.

It shares nothing with the code under test but the Network's numbers: activations and their
derivatives are written out here in NumPy (custom formulas are evaluated through SymPy's lambdify
of the parsed formula and differentiated by central differences in 50-digit mpmath arithmetic,
never by our derivation).
"""

from __future__ import annotations

import mpmath
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
    exact = sp.lambdify(Z, layer.activation.expr, modules="mpmath")

    def derivative(z):
        """Central differences in 50-digit arithmetic with h = 1e-25: exact to double precision
        even where f'' jumps (|z| at 0 in z/(1+|z|)), where h = 1e-6 in floats was off by 1e-6."""
        with mpmath.workdps(50):
            h = mpmath.mpf("1e-25")
            slopes = [
                float((exact(mpmath.mpf(v) + h) - exact(mpmath.mpf(v) - h)) / (2 * h))
                for v in np.ravel(z)
            ]
        return np.reshape(np.array(slopes, dtype=np.float64), np.shape(z))

    return (lambda z: f(z) + 0 * z), derivative


def params_of(network, dtype=np.float64):
    """[(W, b or None)] as float arrays, W of shape (units, fan_in)."""
    out = []
    for layer in network.layers:
        w = np.array([[float(v) for v in row] for row in layer.weights], dtype=dtype)
        b = None if layer.bias is None else np.array([float(v) for v in layer.bias], dtype=dtype)
        out.append((w, b))
    return out


def _softmax(z):
    shifted = np.exp(z - np.max(z))
    return shifted / np.sum(shifted)


def forward(network, params, x):
    """All pre-activations and activations for one sample x (1-D)."""
    a, zs, acts = np.asarray(x, dtype=float), [], [np.asarray(x, dtype=float)]
    for layer, (w, b) in zip(network.layers, params):
        z = w @ a + (b if b is not None else 0.0)
        a = _softmax(z) if layer.activation.name == "softmax" else activation(layer)[0](z)
        zs.append(z)
        acts.append(a)
    return zs, acts


#: each loss of one sample and its derivative ∂E/∂a, written out by hand
LOSSES = {
    "half_sse": (lambda a, y: 0.5 * np.sum((a - y) ** 2), lambda a, y: a - y),
    "sse": (lambda a, y: np.sum((a - y) ** 2), lambda a, y: 2 * (a - y)),
    "mse": (lambda a, y: np.mean((a - y) ** 2), lambda a, y: 2 * (a - y) / a.size),
    "binary_cross_entropy": (
        lambda a, y: -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a)),
        lambda a, y: -y / a + (1 - y) / (1 - a),
    ),
    "cross_entropy": (lambda a, y: -np.sum(y * np.log(a)), lambda a, y: -y / a),
}


def loss(network, params, x, y):
    """The loss of one sample."""
    _, acts = forward(network, params, x)
    return float(LOSSES[network.loss.name][0](acts[-1], np.asarray(y, dtype=float)))


def gradients(network, params, x, y):
    """[(dW, db or None)] of one sample's loss, by hand-written backprop."""
    zs, acts = forward(network, params, x)
    upstream = LOSSES[network.loss.name][1](acts[-1], np.asarray(y, dtype=float))
    grads = [None] * len(params)
    for k in reversed(range(len(params))):
        if network.layers[k].activation.name == "softmax":
            a = acts[k + 1]
            jacobian = np.diag(a) - np.outer(a, a)  # ∂a_i/∂z_j
            delta = jacobian.T @ upstream
        else:
            _, fprime = activation(network.layers[k])
            delta = upstream * fprime(zs[k])
        w, b = params[k]
        grads[k] = (np.outer(delta, acts[k]), None if b is None else delta.copy())
        upstream = w.T @ delta
    return grads


def samples_of(network):
    """[(x, y)] of the spec's samples as float arrays."""
    return [
        (np.array([float(v) for v in s.x]), np.array([float(v) for v in s.y]))
        for s in network.samples
    ]


def mean_loss(network, params, samples):
    return float(np.mean([loss(network, params, x, y) for x, y in samples]))


def mean_gradients(network, params, samples):
    """The per-sample gradients averaged over ``samples`` (one full-batch step's gradient)."""
    each = [gradients(network, params, x, y) for x, y in samples]
    out = []
    for k in range(len(params)):
        dw = np.mean([g[k][0] for g in each], axis=0)
        db = None if each[0][k][1] is None else np.mean([g[k][1] for g in each], axis=0)
        out.append((dw, db))
    return out


def finite_difference(network, params, x, y, k, kind, i, j=None, h=1e-6, samples=None):
    """Central difference of the loss (the mean loss over ``samples`` when given) with respect
    to one parameter."""

    def shifted(step):
        copy = [(w.copy(), None if b is None else b.copy()) for w, b in params]
        if kind == "weight":
            copy[k][0][i, j] += step
        else:
            copy[k][1][i] += step
        if samples is not None:
            return mean_loss(network, copy, samples)
        return loss(network, copy, x, y)

    return (shifted(h) - shifted(-h)) / (2 * h)
