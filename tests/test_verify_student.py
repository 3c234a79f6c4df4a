"""The student's file of the lecture's class exercises gets the verdicts a careful marker gives.

Every expected verdict below is derived here, independently of the tool: formulas by evaluating
each side's meaning (finite differences, the NumPy backpropagation in tests/naive.py) at random
values; numbers by exact Fractions, for the truth (tests/test_verify_oracle.py) and for the
student's own earlier numbers (the value a marker recomputes to give credit for a carried error).
"""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import numpy as np

from symbolic import load_network, verify_claims
from tests.test_verify_numbers import carried_verdict, followed
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
    slides_steps,
    verdict_for,
)

STUDENT = Path(__file__).parent / "data" / "claims" / "student-exercises.tex"
NETWORK = load_network("slides")
ETA = 0.05


def symbolic(rng, *sides) -> str:
    """correct when all sides agree at random values, else wrong."""
    for _ in range(3):
        v = random_values(rng)
        values = [side(v) for side in sides]
        if not all(close(x, values[0]) for x in values):
            return "wrong"
    return "correct"


def grad(name):
    return lambda v: naive_gradient(NETWORK, v)[name]


def new(name):
    return lambda v: v[name] - ETA * naive_gradient(NETWORK, v)[name]


def dE(v):  # ∂Error/∂prediction
    return d(error_of_prediction, v, "out")


def formula_verdicts(rng) -> dict[int, list[str]]:
    w1s = lambda v: np.array([[v["w1"], v["w3"]], [v["w2"], v["w4"]]])  # noqa: E731
    outer = lambda v: np.array([[v["i1"]], [v["i2"]]]) @ np.array([[v["w5"], v["w6"]]])  # noqa: E731
    return {
        7: [
            symbolic(
                rng,
                grad("w5"),
                lambda v: dE(v) * d(prediction_of_weights, v, "w5"),
                lambda v: 2 * 0.5 * (v["out"] - v["actual"]) * h1_of_weights(v),
                lambda v: (v["out"] - v["actual"]) * v["h1"],
                lambda v: v["Delta"] * v["h1"],
            )
        ],
        17: [
            symbolic(
                rng,
                grad("w2"),
                lambda v: dE(v) * d(prediction_of_units, v, "h1") * d(h1_of_weights, v, "w2"),
                lambda v: (v["out"] - v["actual"]) * v["w5"] * v["i2"],
                lambda v: v["Delta"] * v["w5"] * v["i1"],
            )
        ],
        23: [
            symbolic(
                rng,
                grad("w3"),
                lambda v: dE(v) * d(prediction_of_units, v, "h2") * d(h1_of_weights, v, "w3"),
            )
        ],
        24: [symbolic(rng, grad("w3"), lambda v: v["Delta"] * v["w6"] * v["i1"])],
        27: [symbolic(rng, grad("w4"), lambda v: (v["actual"] - v["out"]) * v["w6"] * v["i2"])],
        28: [symbolic(rng, grad("w4"), lambda v: v["Delta"] * v["i2"])],
        32: [symbolic(rng, new("w6"), lambda v: v["w6"] - ETA * v["Delta"] * v["h2"])],
        33: [symbolic(rng, new("w5"), lambda v: v["w5"] - ETA * v["Delta"] * v["h1"])],
        34: [symbolic(rng, new("w4"), lambda v: v["w4"] - ETA * v["Delta"] * v["w6"] * v["i2"])],
        35: [symbolic(rng, new("w3"), lambda v: v["w3"] - v["Delta"] * v["w6"] * v["i1"])],
        36: [symbolic(rng, new("w2"), lambda v: v["w2"] - ETA * v["Delta"] * v["w5"] * v["i2"])],
        37: [symbolic(rng, new("w1"), lambda v: v["w1"] - ETA * v["Delta"] * v["w5"] * v["i1"])],
        41: [
            symbolic(
                rng,
                lambda v: np.array([[h1_of_weights(v), h2_of_weights(v)]]),
                lambda v: np.array([[v["i1"], v["i2"]]]) @ w1s(v),
            ),
            symbolic(
                rng,
                prediction_of_weights,
                lambda v: v["h1"] * v["w5"] + v["h2"] * v["w6"],
            ),
        ],
        42: [
            symbolic(
                rng,
                lambda v: column(new("w5")(v), new("w6")(v)),
                lambda v: column(
                    v["w5"] - ETA * v["Delta"] * v["h1"], v["w6"] - ETA * v["Delta"] * v["h2"]
                ),
            )
        ],
        43: [
            symbolic(
                rng,
                lambda v: np.array([[new("w1")(v), new("w3")(v)], [new("w2")(v), new("w4")(v)]]),
                lambda v: w1s(v) - ETA * v["Delta"] * outer(v).T,
            )
        ],
    }


def column(*values):
    return np.array([[x] for x in values])


def worst(*verdicts: str) -> str:
    order = ["correct", "rounded", "carried", "wrong"]
    return max(verdicts, key=order.index)


ROUNDED_WEIGHTS = ("0.12", "0.23", "0.13", "0.1")  # w1' w2' w3' w4' as the student wrote them


def honest(*verdicts: str) -> bool:
    return all(v in ("correct", "rounded") for v in verdicts)


def number_verdicts() -> dict[int, list[str]]:
    s1, s2, s3 = slides_steps(3)
    # the student's own numbers, as written in the file
    w = {"w1": F("0.12"), "w3": F("0.13"), "w2": F("0.23"), "w4": F("0.10")}
    w5, w6, h1, h2, out2 = F("0.1744"), F("0.1694"), F("0.93"), F("0.56"), F("0.2571")
    delta2 = out2 - 1
    own_w1 = [
        w["w1"] - F("0.05") * F("-0.7429") * w5 * 2,
        w["w3"] - F("0.05") * F("-0.7429") * w6 * 2,
        w["w2"] - F("0.05") * F("-0.7429") * w5 * 3,
        w["w4"] - F("0.05") * F("-0.7429") * w6 * 3,
    ]
    written_w1 = ["0.1304", "0.1411", "0.2456", "0.1167"]
    true_w1 = [s2["new"][0], s2["new"][2], s2["new"][1], s2["new"][3]]
    w3rd = [F(x) for x in written_w1]  # step-3 weights as the student carries them
    n5, n6 = F("0.2089"), F("0.1902")
    # the student's step-1 weights are honest roundings of the true ones (2 and 4 places)
    weights_ok = honest(*(verdict_for(x, t) for x, t in zip(s1["new"], ROUNDED_WEIGHTS)))
    outer_ok = (verdict_for(s1["new"][4], "0.1744"), verdict_for(s1["new"][5], "0.1694"))
    h3 = (2 * w3rd[0] + 3 * w3rd[2], 2 * w3rd[1] + 3 * w3rd[3])
    out3 = F("0.9976") * n5 + F("0.6323") * n6
    return {
        49: [worst(verdict_for(s1["h1"], "0.85"), verdict_for(s1["h2"], "0.48"))],
        50: [verdict_for(s1["out"], "0.191")],
        51: [verdict_for(s1["E"], "0.327"), verdict_for(s1["Delta"], "-0.809")],
        53: [worst(verdict_for(s1["new"][4], "0.1744"), verdict_for(s1["new"][5], "0.1694"))],
        58: [worst(*(verdict_for(x, t) for x, t in zip(s1["new"], ROUNDED_WEIGHTS)))],
        64: [v64 := worst(followed(s2["h1"], 2 * w["w1"] + 3 * w["w2"], "0.93", weights_ok),
                          followed(s2["h2"], 2 * w["w3"] + 3 * w["w4"], "0.56", weights_ok))],
        65: [v65 := followed(s2["out"], h1 * w5 + h2 * w6, "0.2571", honest(v64, *outer_ok))],
        66: [v66 := followed(s2["Delta"], delta2, "-0.7429", honest(v65)),
             followed(s2["E"], delta2 * delta2 / 2, "0.2760", honest(v65))],
        67: [v67 := followed(s2["grads"][4], delta2 * h1, "-0.6909", honest(v66, v64))],
        68: [followed(s2["grads"][5], delta2 * h2, "0.4160", honest(v66, v64))],
        69: [followed(s2["new"][4], w5 - F("0.05") * F("-0.6909"), "0.2089", honest(v67)),
             carried_verdict(s2["new"][5], w6 - F("0.05") * delta2 * h2, "0.1902")],
        71: [worst(*(carried_verdict(t, o, x) for t, o, x in zip(true_w1, own_w1, written_w1)))],
        78: [worst(carried_verdict(s3["h1"], h3[0], "0.9976"),
                   carried_verdict(s3["h2"], h3[1], "0.6323"))],
        79: [carried_verdict(s3["out"], out3, "0.3287")],
        80: [carried_verdict(s3["E"], (F("0.3287") - 1) ** 2 / 2, "0.2253")],
        # the student's arithmetic: (0.3287 − 1)·0.9976 is not −0.6697·0.9976
        81: ["wrong" if (F("0.3287") - 1) != F("-0.6697") else "correct"],
    }  # fmt: skip


def test_the_students_file_gets_a_careful_markers_verdicts(rng):
    expected = {**formula_verdicts(rng), **number_verdicts()}
    results = verify_claims(NETWORK, STUDENT.read_text(encoding="utf-8"))
    got: dict[int, list[str]] = {}
    for r in results:
        got.setdefault(r.line, []).append(r.verdict)
    report = "\n".join(f"{r.line}: {r.verdict} {r.explanation}" for r in results)
    assert got == expected, report
    # and the slips a marker names
    slips = {r.line: r.slip for r in results if r.slip}
    assert slips[17].startswith("wrong index")
    assert slips[23].startswith("wrong index")
    assert slips[27].startswith("sign of Δ")
    assert slips[28].startswith("missing factor")
    assert slips[35].startswith("missing factor")
    assert slips[43].startswith("transposed matrix")
    assert slips[68].startswith("sign of Δ")
    assert slips[71].startswith("wrong iteration")
