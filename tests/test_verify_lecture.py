"""The lecture's derivations written as claims, and wrong variants of each, on the slides network.

Expected verdicts come from the oracle in tests/test_verify_oracle.py: every side of a claim is
written here a second time as Python (its meaning, with partial derivatives as central finite
differences) and compared with the NumPy backpropagation at random values. A wrong variant's
slip is confirmed the same way: applying the slip to the right formula gives what was written.
"""

from __future__ import annotations

import numpy as np
import pytest

from symbolic import load_network, verify_claims
from tests.test_verify_oracle import (
    close,
    d,
    error_of_prediction,
    h1_of_weights,
    h2_of_weights,
    naive_gradient,
    prediction_of_units,
    prediction_of_weights,
    random_values,
)

NETWORK = load_network("slides")


def dE_dpred(v):
    return d(error_of_prediction, v, "out")


def product(*names):
    """The meaning of a product of named values, e.g. Δ·w5·i1."""

    def value(v):
        result = 1.0
        for name in names:
            result *= v[name]
        return result

    return value


def chain(weight: str, unit: str | None):
    """The lecture's three-line derivation of ∂Error/∂w as claim text and side meanings."""
    w = weight[1]
    if unit is None:  # w5, w6: Error → prediction → w
        h = "h_1" if w == "5" else "h_2"
        text = (
            rf"\frac{{\partial \text{{Error}}}}{{\partial w_{w}}} "
            rf"= \frac{{\partial \text{{Error}}}}{{\partial \text{{prediction}}}} "
            rf"\frac{{\partial \text{{prediction}}}}{{\partial w_{w}}} "
            rf"= \frac{{\partial \frac{{1}}{{2}}(\text{{prediction}} - \text{{actual}})^2}}"
            rf"{{\partial \text{{prediction}}}} "
            r"\frac{\partial ((i_1 w_1 + i_2 w_2) w_5 + (i_1 w_3 + i_2 w_4) w_6)}"
            rf"{{\partial w_{w}}}"
            rf" = 2 \cdot \frac{{1}}{{2}} (\text{{prediction}} - \text{{actual}}) {h} = \Delta {h}"
        )
        hv = "h1" if w == "5" else "h2"
        sides = [
            lambda v: naive_gradient(NETWORK, v)[weight],
            lambda v: dE_dpred(v) * d(prediction_of_weights, v, weight),
            lambda v: dE_dpred(v) * d(prediction_of_weights, v, weight),
            lambda v: (v["out"] - v["actual"]) * v[hv],
            lambda v: v["Delta"] * v[hv],
        ]
        return text, sides
    i = "i_1" if w in "13" else "i_2"
    iv = "i1" if w in "13" else "i2"
    outw = "w_5" if unit == "h1" else "w_6"
    outv = "w5" if unit == "h1" else "w6"
    hdef = "(i_1 w_1 + i_2 w_2)" if unit == "h1" else "(i_1 w_3 + i_2 w_4)"
    hfun = h1_of_weights if unit == "h1" else h2_of_weights
    hl = "h_1" if unit == "h1" else "h_2"
    text = (
        rf"\begin{{aligned}} \frac{{\partial Error}}{{\partial w_{w}}} "
        rf"&= \frac{{\partial Error}}{{\partial prediction}} \frac{{\partial prediction}}"
        rf"{{\partial {hl}}} \frac{{\partial {hl}}}{{\partial w_{w}}} \\"
        rf" &= \frac{{\partial \frac{{1}}{{2}}(prediction - actual)^2}}{{\partial prediction}}"
        rf" \frac{{\partial (h_1 w_5 + h_2 w_6)}}{{\partial {hl}}} \frac{{\partial {hdef}}}"
        rf"{{\partial w_{w}}} \\ &= 2 \frac{{1}}{{2}} (prediction - actual) {outw} {i} "
        rf"= \Delta {outw} {i} \end{{aligned}}"
    )
    product = [lambda v: dE_dpred(v) * d(prediction_of_units, v, unit) * d(hfun, v, weight)]
    sides = [
        lambda v: naive_gradient(NETWORK, v)[weight],
        product[0],
        product[0],
        lambda v: (v["out"] - v["actual"]) * v[outv] * v[iv],
        lambda v: v["Delta"] * v[outv] * v[iv],
    ]
    return "$$" + text + "$$", sides


CHAINS = {
    "w6": chain("w6", None),
    "w5": chain("w5", None),
    "w4": chain("w4", "h2"),
    "w3": chain("w3", "h2"),
    "w2": chain("w2", "h1"),
    "w1": chain("w1", "h1"),
}


def oracle_verdict(sides, rng, draws: int = 3) -> str:
    """correct when every side has the same value at random values of everything, else wrong."""
    for _ in range(draws):
        v = random_values(rng)
        values = [side(v) for side in sides]
        if not all(close(value, values[0]) for value in values):
            return "wrong"
    return "correct"


def check(text: str):
    (result,) = verify_claims(NETWORK, text)
    return result


@pytest.mark.parametrize("weight", list(CHAINS))
def test_the_lectures_chain_forms_are_correct(weight, rng):
    text, sides = CHAINS[weight]
    assert oracle_verdict(sides, rng) == "correct"
    result = check(text)
    assert result.verdict == "correct", result.explanation


RESULTS = [
    # ∂Error/∂w = …, the meaning of the right side
    (r"\frac{\partial Error}{\partial w_6} = \Delta h_2", "w6", product("Delta", "h2")),
    (r"\frac{\partial Error}{\partial w_5} = \Delta h_1", "w5", product("Delta", "h1")),
    (r"\frac{\partial E}{\partial w_4} = \Delta w_6 i_2", "w4", product("Delta", "w6", "i2")),
    (r"\frac{\partial E}{\partial w_3} = \Delta w_6 i_1", "w3", product("Delta", "w6", "i1")),
    (r"\frac{\partial E}{\partial w_2} = \Delta w_5 i_2", "w2", product("Delta", "w5", "i2")),
    (r"\frac{\partial E}{\partial w_1} = \Delta w_5 i_1", "w1", product("Delta", "w5", "i1")),
]


@pytest.mark.parametrize(("text", "weight", "meaning"), RESULTS)
def test_the_lectures_results_are_correct(text, weight, meaning, rng):
    sides = [lambda v: naive_gradient(NETWORK, v)[weight], meaning]
    assert oracle_verdict(sides, rng) == "correct"
    assert check(text).verdict == "correct"


def update(weight: str, step):
    """w ← w − η·∂E/∂w, with the oracle's gradient; η is the spec's 0.05."""
    return lambda v: v[weight] - 0.05 * step(v)


UPDATES = [
    (r"w_6 = w_6 - \eta \Delta h_2", "w6", lambda v: v["Delta"] * v["h2"]),
    (r"w_5 = w_5 - \eta \Delta h_1", "w5", lambda v: v["Delta"] * v["h1"]),
    (r"w_4 = w_4 - \eta \Delta w_6 i_2", "w4", lambda v: v["Delta"] * v["w6"] * v["i2"]),
    (r"w_3 = w_3 - \eta \Delta w_6 i_1", "w3", lambda v: v["Delta"] * v["w6"] * v["i1"]),
    (r"w_2^{new} = w_2 - \eta \Delta w_5 i_2", "w2", lambda v: v["Delta"] * v["w5"] * v["i2"]),
    (r"w_1' = w_1 - \eta \Delta w_5 i_1", "w1", lambda v: v["Delta"] * v["w5"] * v["i1"]),
]


@pytest.mark.parametrize(("text", "weight", "gradient"), UPDATES)
def test_the_update_list_is_correct(text, weight, gradient, rng):
    truth = update(weight, lambda v: naive_gradient(NETWORK, v)[weight])
    assert oracle_verdict([truth, update(weight, gradient)], rng) == "correct"
    assert check(text).verdict == "correct"


def weights1(v):
    return np.array([[v["w1"], v["w3"]], [v["w2"], v["w4"]]])


def row_i(v):
    return np.array([[v["i1"], v["i2"]]])


def row_h(v):
    return np.array([[v["h1"], v["h2"]]])


MATRIX_FORMS = [
    (
        r"[h_1 \ h_2] = [i_1 \ i_2] \begin{bmatrix} w_1 & w_3 \\ w_2 & w_4 \end{bmatrix}",
        [lambda v: np.array([[v["h1"], v["h2"]]]), lambda v: row_i(v) @ weights1(v)],
    ),
    (
        r"[out] = [h_1 \ h_2] \begin{bmatrix} w_5 \\ w_6 \end{bmatrix}",
        [lambda v: v["out"], lambda v: (row_h(v) @ [v["w5"], v["w6"]]).item()],
    ),
    (
        r"\begin{bmatrix} w_5 \\ w_6 \end{bmatrix} = \begin{bmatrix} w_5 \\ w_6 \end{bmatrix}"
        r" - \eta \Delta \begin{bmatrix} h_1 \\ h_2 \end{bmatrix}",
        [
            lambda v: np.array([[update(w, lambda u, w=w: naive_gradient(NETWORK, u)[w])(v)]
                                for w in ("w5", "w6")]),
            lambda v: np.array([[v["w5"]], [v["w6"]]]) - 0.05 * v["Delta"] * row_h(v).T,
        ],
    ),
    (
        r"$$\begin{aligned} \begin{bmatrix} w_1 & w_3 \\ w_2 & w_4 \end{bmatrix} &= "
        r"\begin{bmatrix} w_1 & w_3 \\ w_2 & w_4 \end{bmatrix} - \eta \Delta \begin{bmatrix} i_1 "
        r"\\ i_2 \end{bmatrix} \begin{bmatrix} w_5 & w_6 \end{bmatrix} \\ &= \begin{bmatrix} w_1 &"
        r" w_3 \\ w_2 & w_4 \end{bmatrix} - \eta \Delta \begin{bmatrix} i_1 w_5 & i_1 w_6 \\ i_2"
        r" w_5 & i_2 w_6 \end{bmatrix} \end{aligned}$$",
        [
            lambda v: np.array(
                [[update(w, lambda u, w=w: naive_gradient(NETWORK, u)[w])(v) for w in pair]
                 for pair in (("w1", "w3"), ("w2", "w4"))]
            ),
            lambda v: weights1(v) - 0.05 * v["Delta"] * row_i(v).T @ np.array([[v["w5"], v["w6"]]]),
            lambda v: weights1(v) - 0.05 * v["Delta"] * np.array(
                [[v["i1"] * v["w5"], v["i1"] * v["w6"]], [v["i2"] * v["w5"], v["i2"] * v["w6"]]]
            ),
        ],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "sides"), MATRIX_FORMS)
def test_the_matrix_forms_are_correct(text, sides, rng):
    assert oracle_verdict(sides, rng) == "correct"
    result = check(text)
    assert result.verdict == "correct", result.explanation


# ---------------------------------------------------------------------- wrong variants
WRONG = [
    # text, meaning of the right side, the right formula, the slip applied to the right formula,
    # the slip name the tool must give
    (
        r"\frac{\partial Error}{\partial w_6} = (\text{actual} - \text{prediction}) h_2",
        lambda v: (v["actual"] - v["out"]) * v["h2"],
        lambda v: v["Delta"] * v["h2"],
        lambda v, right: -right(v),
        "sign of Δ",
    ),
    (
        r"w_5 = w_5 + \eta \Delta h_1",
        lambda v: v["w5"] + 0.05 * v["Delta"] * v["h1"],
        lambda v: v["w5"] - 0.05 * v["Delta"] * v["h1"],
        lambda v, right: v["w5"] + 0.05 * v["Delta"] * v["h1"],
        "sign of Δ",
    ),
    (
        r"\frac{\partial E}{\partial w_1} = \Delta i_1",
        lambda v: v["Delta"] * v["i1"],
        lambda v: v["Delta"] * v["w5"] * v["i1"],
        lambda v, right: right(v) / v["w5"],
        "missing factor",
    ),
    (
        r"w_3 = w_3 - \Delta w_6 i_1",
        lambda v: v["w3"] - v["Delta"] * v["w6"] * v["i1"],
        lambda v: v["w3"] - 0.05 * v["Delta"] * v["w6"] * v["i1"],
        lambda v, right: v["w3"] - (v["w3"] - right(v)) / 0.05,
        "missing factor",
    ),
    (
        r"\frac{\partial E}{\partial w_4} = \Delta w_6 i_1",
        lambda v: v["Delta"] * v["w6"] * v["i1"],
        lambda v: v["Delta"] * v["w6"] * v["i2"],
        lambda v, right: right(v) / v["i2"] * v["i1"],
        "wrong index",
    ),
    (
        r"\frac{\partial E}{\partial w_3} = \Delta w_5 i_1",
        lambda v: v["Delta"] * v["w5"] * v["i1"],
        lambda v: v["Delta"] * v["w6"] * v["i1"],
        lambda v, right: right(v) / v["w6"] * v["w5"],
        "wrong index",
    ),
    (
        r"\frac{\partial E}{\partial w_2} = \Delta w_5 i_2 \cdot 2",
        lambda v: 2 * v["Delta"] * v["w5"] * v["i2"],
        lambda v: v["Delta"] * v["w5"] * v["i2"],
        lambda v, right: 2 * right(v),
        "extra factor",
    ),
]


@pytest.mark.parametrize(("text", "meaning", "right", "slipped", "slip"), WRONG)
def test_wrong_variants_are_caught_and_named(text, meaning, right, slipped, slip, rng):
    assert oracle_verdict([right, meaning], rng) == "wrong"
    assert oracle_verdict([lambda v: slipped(v, right), meaning], rng) == "correct"
    result = check(text)
    assert result.verdict == "wrong"
    assert result.slip is not None and result.slip.startswith(slip), result.explanation


def test_a_transposed_weight_matrix_is_named(rng):
    text = r"[h_1 \ h_2] = [i_1 \ i_2] \begin{bmatrix} w_1 & w_2 \\ w_3 & w_4 \end{bmatrix}"
    written_matrix = lambda v: np.array([[v["w1"], v["w2"]], [v["w3"], v["w4"]]])  # noqa: E731
    truth = lambda v: np.array([[v["h1"], v["h2"]]])  # noqa: E731
    assert oracle_verdict([truth, lambda v: row_i(v) @ written_matrix(v)], rng) == "wrong"
    assert oracle_verdict([truth, lambda v: row_i(v) @ written_matrix(v).T], rng) == "correct"
    result = check(text)
    assert result.verdict == "wrong"
    assert result.slip.startswith("transposed matrix")


def test_a_transposed_outer_product_is_named(rng):
    text = (
        r"\begin{bmatrix} w_1 & w_3 \\ w_2 & w_4 \end{bmatrix} = \begin{bmatrix} w_1 & w_3 \\"
        r" w_2 & w_4 \end{bmatrix} - \eta \Delta \begin{bmatrix} i_1 w_5 & i_2 w_5 \\ i_1 w_6"
        r" & i_2 w_6 \end{bmatrix}"
    )
    outer = lambda v: row_i(v).T @ np.array([[v["w5"], v["w6"]]])  # noqa: E731
    right = lambda v: weights1(v) - 0.05 * v["Delta"] * outer(v)  # noqa: E731
    written = lambda v: weights1(v) - 0.05 * v["Delta"] * outer(v).T  # noqa: E731
    assert oracle_verdict([right, written], rng) == "wrong"
    result = check(text)
    assert result.verdict == "wrong"
    assert result.slip.startswith("transposed matrix")


def test_the_slides_index_typo_in_a_chain_is_named(rng):
    # the lecture writes ∂h_1/∂w_3 in the chain for w3; ∂h_1/∂w_3 is 0, the chain gives 0
    text = (
        r"\frac{\partial Error}{\partial w_3} = \frac{\partial Error}{\partial prediction}"
        r" \frac{\partial prediction}{\partial h_2} \frac{\partial h_1}{\partial w_3}"
    )

    def written(v):
        return dE_dpred(v) * d(prediction_of_units, v, "h2") * d(h1_of_weights, v, "w3")

    assert oracle_verdict([lambda v: naive_gradient(NETWORK, v)["w3"], written], rng) == "wrong"
    result = check(text)
    assert result.verdict == "wrong"
    assert result.slip.startswith("wrong index") and "h2" in result.slip


OUT_BY_W1 = (prediction_of_weights, "w1")


def error_of_units(v):
    return error_of_prediction({**v, "out": prediction_of_units(v)})


def test_partials_between_any_two_quantities(rng):
    claims = [
        (r"\partial out/\partial h_1 = w_5", (prediction_of_units, "h1"), product("w5")),
        (r"\partial E/\partial h_2 = \Delta w_6", (error_of_units, "h2"), product("Delta", "w6")),
        (r"\partial out/\partial w_1 = w_5 i_1", OUT_BY_W1, product("w5", "i1")),
        (r"\partial h_1/\partial w_5 = 0", (h1_of_weights, "w5"), lambda v: 0.0),
        (r"\partial out/\partial h_1 = w_6", (prediction_of_units, "h1"), product("w6")),
    ]
    for text, (function, by), meaning in claims:
        truth = lambda v, f=function, by=by: d(f, v, by)  # noqa: E731
        assert check(text).verdict == oracle_verdict([truth, meaning], rng), text


def test_layered_slips_swapped_indices_and_an_extra_input(rng):
    from tests import naive

    layered = load_network("layered-3-3-1")
    w1 = layered.layers[0].weights
    assert w1[0][1] != w1[1][0] and layered.example_x[0] == 1
    # the oracle: at random inputs ∂E/∂b_1^{(1)} is δ_1^{(2)}, and ∂E/∂w_{11}^{(1)} = δ·x1 ≠ it
    x = rng.uniform(-2, 2, 3)
    (dw, db), _ = naive.gradients(layered, naive.params_of(layered), x, [1.0])
    assert close(dw[0, 0], db[0] * x[0]) and not close(db[0] * x[0], db[0])
    swapped = r"{w_{12}^{(1)}}' = w_{21}^{(1)} - \alpha \delta_1^{(2)} x_2"
    (result,) = verify_claims(layered, swapped)
    assert result.verdict == "wrong" and result.slip.startswith("indices swapped")
    # δ·x1 for a bias is wrong as a formula even though x1 = 1 in the example
    (result,) = verify_claims(
        layered, r"\frac{\partial E}{\partial b_1^{(1)}} = \delta_1^{(2)} x_1"
    )
    assert result.verdict == "wrong" and result.slip.startswith("extra factor")
    (result,) = verify_claims(layered, r"\frac{\partial E}{\partial b_1^{(1)}} = \delta_1^{(2)}")
    assert result.verdict == "correct"
