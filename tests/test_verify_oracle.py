"""Independent oracles for the verify tests: what is true about the lecture's network.

Imported by the other test_verify modules; its own tests check the oracle against tests/naive.py.

Nothing here uses ``symbolic``'s derivation or worked example. Symbolic claims are judged by
evaluating each side's meaning (written by hand below as Python) at random values and comparing
with the NumPy backpropagation in ``tests/naive.py``; a partial derivative inside a side is a
central finite difference of a hand-written function. Numbers are exact Fractions from a
forward/backward pass written out for the slides network.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from tests import naive

H = 1e-6


def random_values(rng) -> dict:
    """Random i1, i2, w1..w6 and actual, with the slides network's units and Δ."""
    v = {name: float(rng.uniform(-1.5, 1.5)) for name in ("w1", "w2", "w3", "w4", "w5", "w6")}
    v.update(i1=float(rng.uniform(0.5, 3)), i2=float(rng.uniform(0.5, 3)))
    v["actual"] = float(rng.uniform(-1, 2))
    return complete(v)


def complete(v: dict) -> dict:
    v = dict(v)
    v["h1"] = v["i1"] * v["w1"] + v["i2"] * v["w2"]
    v["h2"] = v["i1"] * v["w3"] + v["i2"] * v["w4"]
    v["out"] = v["h1"] * v["w5"] + v["h2"] * v["w6"]
    v["Delta"] = v["out"] - v["actual"]
    return v


def naive_gradient(network, v: dict) -> dict:
    """∂E/∂w1..w6 from tests/naive.py at the values v."""
    params = [
        (np.array([[v["w1"], v["w2"]], [v["w3"], v["w4"]]]), None),
        (np.array([[v["w5"], v["w6"]]]), None),
    ]
    (d1, _), (d2, _) = naive.gradients(network, params, [v["i1"], v["i2"]], [v["actual"]])
    return {
        "w1": d1[0, 0],
        "w2": d1[0, 1],
        "w3": d1[1, 0],
        "w4": d1[1, 1],
        "w5": d2[0, 0],
        "w6": d2[0, 1],
    }


def d(f, v: dict, name: str) -> float:
    """Central difference of f(values) with respect to the entry ``name`` (others fixed)."""
    up, down = dict(v), dict(v)
    up[name] += H
    down[name] -= H
    return (f(up) - f(down)) / (2 * H)


# the lecture's definitions, one level down, as functions of independent entries
def error_of_prediction(v):
    return 0.5 * (v["out"] - v["actual"]) ** 2


def prediction_of_units(v):
    return v["h1"] * v["w5"] + v["h2"] * v["w6"]


def prediction_of_weights(v):
    return (v["i1"] * v["w1"] + v["i2"] * v["w2"]) * v["w5"] + (
        v["i1"] * v["w3"] + v["i2"] * v["w4"]
    ) * v["w6"]


def h1_of_weights(v):
    return v["i1"] * v["w1"] + v["i2"] * v["w2"]


def h2_of_weights(v):
    return v["i1"] * v["w3"] + v["i2"] * v["w4"]


def close(a, b, tolerance: float = 1e-6) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=tolerance, atol=tolerance))


# ---------------------------------------------------------------------- exact numbers
SLIDES_W = tuple(Fraction(x) for x in ("0.11", "0.21", "0.12", "0.08", "0.14", "0.15"))
SLIDES_X = (Fraction(2), Fraction(3))
SLIDES_Y = Fraction(1)
SLIDES_ETA = Fraction("0.05")


def slides_step(w):
    """One exact training step of the slides network from weights w1..w6."""
    w1, w2, w3, w4, w5, w6 = w
    i1, i2 = SLIDES_X
    h1, h2 = i1 * w1 + i2 * w2, i1 * w3 + i2 * w4
    out = h1 * w5 + h2 * w6
    delta = out - SLIDES_Y
    grads = (delta * w5 * i1, delta * w5 * i2, delta * w6 * i1, delta * w6 * i2)
    grads += (delta * h1, delta * h2)
    new = tuple(wk - SLIDES_ETA * g for wk, g in zip(w, grads))
    return {
        "h1": h1,
        "h2": h2,
        "out": out,
        "Delta": delta,
        "E": delta * delta / 2,
        "grads": grads,
        "w": tuple(w),
        "new": new,
    }


def slides_steps(count: int) -> list[dict]:
    steps, w = [], SLIDES_W
    for _ in range(count):
        steps.append(slides_step(w))
        w = steps[-1]["new"]
    return steps


def verdict_for(true: Fraction, written: str) -> str:
    """What a careful marker says of a written decimal against the exact value."""
    value = Fraction(written)
    if value == true:
        return "correct"
    places = len(written.split(".")[1]) if "." in written else 0
    if abs(value - true) <= Fraction(1, 2 * 10**places):
        return "rounded"
    return "wrong"


def decimal(value: Fraction, places: int) -> str:
    """``value`` rounded half-up to ``places`` decimals, as a student writes it."""
    scaled = value * 10**places
    rounded = int(scaled + Fraction(1, 2)) if scaled >= 0 else -int(-scaled + Fraction(1, 2))
    sign = "-" if rounded < 0 else ""
    digits = str(abs(rounded)).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}" if places else f"{sign}{digits}"


# ---------------------------------------------------------------------- the oracle's own checks
def test_exact_steps_agree_with_the_numpy_reference():
    from symbolic import load_network

    network = load_network("slides")
    steps = slides_steps(3)
    for step in steps:
        w = [float(x) for x in step["w"]]
        params = [(np.array([w[0:2], w[2:4]]), None), (np.array([w[4:6]]), None)]
        _, acts = naive.forward(network, params, [2.0, 3.0])
        assert close(acts[-1], [float(step["out"])], 1e-12)
        grads = naive.gradients(network, params, [2.0, 3.0], [1.0])
        flat = [*grads[0][0].ravel(), *grads[1][0].ravel()]
        assert close(flat, [float(g) for g in step["grads"]], 1e-12)


def test_finite_differences_agree_with_the_numpy_reference(rng):
    from symbolic import load_network

    network = load_network("slides")
    v = random_values(rng)
    truth = naive_gradient(network, v)
    for name in truth:
        assert close(d(lambda u: error_of_prediction(complete(u)), v, name), truth[name])


def test_decimal_rounds_half_up():
    assert decimal(Fraction("0.1743825"), 4) == "0.1744"
    assert decimal(Fraction("-0.80950"), 3) == "-0.810"
    assert decimal(Fraction("0.0982025"), 2) == "0.10"
    assert verdict_for(Fraction("0.3272405"), "0.327") == "rounded"
    assert verdict_for(Fraction("0.3272405"), "0.328") == "wrong"
