"""Numeric claims over several ``% step`` blocks: exact, rounded, carried and wrong values.

The expected verdict of every line is computed here from an exact Fraction oracle written for
these tests (the slides network in tests/test_verify_oracle.py, the softsign network below):
``correct`` when the written number is the exact value, ``rounded`` when it is that value
rounded to the places written, ``carried`` when it is wrong but equal (or rounded) to the value
recomputed from the writer's own earlier numbers, ``wrong`` otherwise.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from symbolic import load_network, verify_claims
from tests.test_verify_oracle import decimal, slides_step, slides_steps, verdict_for

DATA = Path(__file__).parent / "data"


def run(network, lines: list[tuple[str, str]]) -> None:
    """Check each (claim, expected verdict); % lines are passed through."""
    text = "\n".join(claim for claim, _ in lines)
    results = verify_claims(network, text)
    expected = [(i + 1, verdict) for i, (_, verdict) in enumerate(lines) if verdict]
    got = [(r.line, r.verdict) for r in results]
    assert got == expected, "\n".join(f"{r.line}: {r.verdict} {r.explanation}" for r in results)


def written(template: str, value: Fraction, places: int) -> tuple[str, str]:
    """A claim with ``value`` rounded to ``places`` put in for {}, and the oracle's verdict."""
    text = decimal(value, places)
    return template.replace("{}", text), verdict_for(value, text)


def followed(true: Fraction, own: Fraction, written: str, honest: bool) -> str:
    """A careful marker's verdict on a number the writer computed from their own earlier
    numbers: right (or rightly rounded) against the truth stands; else, when it follows from
    their own numbers, it is ``rounded`` if those were honest roundings of the truth and
    ``carried`` if one of them was a slip (issue 11: rounding follows the writer's numbers)."""
    verdict = verdict_for(true, written)
    if verdict != "wrong":
        return verdict
    if verdict_for(own, written) == "wrong":
        return "wrong"
    return "rounded" if honest else "carried"


def carried_verdict(true: Fraction, own: Fraction, written: str) -> str:
    """A marker's verdict given the true value and the value from the writer's own numbers."""
    verdict = verdict_for(true, written)
    if verdict != "wrong":
        return verdict
    return "carried" if verdict_for(own, written) != "wrong" else "wrong"


# ---------------------------------------------------------------------- the slides network
def test_slides_steps_with_rounding_and_carried_values():
    s1, s2, s3 = slides_steps(3)
    # the writer rounds the updated weights to 2 (w1..w4) and 4 (w5, w6) places, as the slides do
    own_w = tuple(Fraction(decimal(x, 2)) for x in s1["new"][:4]) + tuple(
        Fraction(decimal(x, 4)) for x in s1["new"][4:]
    )
    own2 = slides_step(own_w)
    h1_text, out_text = decimal(own2["h1"], 4), decimal(own2["out"], 4)
    delta_text = decimal(Fraction(out_text) - 1, 4)
    m = [decimal(s1["new"][k], 2) for k in range(4)]
    lines = [
        ("% step 1", None),
        written(r"h_1 = 2 \cdot 0.11 + 3 \cdot 0.21 = {}", s1["h1"], 2),
        written("out = {}", s1["out"], 3),
        written(r"\text{Error} = {}", s1["E"], 3),
        written(r"\Delta = {}", s1["Delta"], 3),
        written(r"\frac{\partial E}{\partial w_5} = {}", s1["grads"][4], 5),
        written("w_5' = {}", s1["new"][4], 4),
        written("w_6' = {}", s1["new"][5], 4),
        (
            r"\begin{bmatrix} w_1' & w_3' \\ w_2' & w_4' \end{bmatrix} = "
            rf"\begin{{bmatrix}} {m[0]} & {m[2]} \\ {m[1]} & {m[3]} \end{{bmatrix}}",
            "rounded",
        ),
        ("% step 2", None),
        # from the writer's own weights, which were honest roundings of the true ones
        (f"h_1 = {h1_text}", followed(s2["h1"], own2["h1"], h1_text, honest=True)),
        (f"out = {out_text}", followed(s2["out"], own2["out"], out_text, honest=True)),
        (
            rf"\Delta = {out_text} - 1 = {delta_text}",
            followed(s2["Delta"], Fraction(out_text) - 1, delta_text, honest=True),
        ),
        ("% step 3", None),
        written("out = {}", s3["out"], 6),
    ]
    # the oracle agrees these are not the truth rounded, yet follow from honest roundings
    step2 = [v for claim, v in lines[lines.index(("% step 2", None)) :] if v][:3]
    assert step2 == ["rounded"] * 3
    assert all(
        verdict_for(t, x) == "wrong" for t, x in ((s2["h1"], h1_text), (s2["out"], out_text))
    )
    run(load_network("slides"), lines)


def test_a_weight_from_the_wrong_iteration_is_named():
    s1, s2 = slides_steps(2)
    # w1' at step 2 computed with w5 of iteration 1 (the slip the lecture's slides make)
    w5_old = s1["w"][4]
    slipped = s2["w"][0] - Fraction("0.05") * s2["Delta"] * w5_old * 2
    written = decimal(slipped, 6)
    assert verdict_for(s2["new"][0], written) == "wrong"
    (result,) = verify_claims("slides", f"% step 2\nw_1' = {written}")
    assert result.verdict == "wrong"
    assert result.slip.startswith("wrong iteration") and "w5" in result.slip


def test_a_flipped_delta_in_numbers_is_named():
    (s1,) = slides_steps(1)
    slipped = s1["w"][4] + Fraction("0.05") * s1["Delta"] * s1["h1"]  # w5 + ηΔh1
    written = decimal(slipped, 6)
    assert verdict_for(s1["new"][4], written) == "wrong"
    (result,) = verify_claims("slides", f"w_5' = {written}")
    assert result.verdict == "wrong" and result.slip.startswith("sign of Δ")


def test_a_transposed_number_matrix_is_named():
    (s1,) = slides_steps(1)
    new = [decimal(x, 7) for x in s1["new"]]  # w1' w2' w3' w4' …
    text = (
        r"\begin{bmatrix} w_1' & w_3' \\ w_2' & w_4' \end{bmatrix} = "
        rf"\begin{{bmatrix}} {new[0]} & {new[1]} \\ {new[2]} & {new[3]} \end{{bmatrix}}"
    )
    (result,) = verify_claims("slides", text)
    assert result.verdict == "wrong" and result.slip.startswith("transposed matrix")


# ---------------------------------------------------------------------- softsign, biases, 2 outputs
SOFTSIGN = DATA / "softsign-2-2-2.yaml"
F = Fraction


def softsign_step(p):
    """One exact step: p = (W1 rows, b1, W2 rows, b2); returns the values and the new p."""
    w1, b1, w2, b2 = p
    x, y, eta = (F(1), F(2)), (F(1), F(0)), F("0.1")
    z = [sum(wij * xj for wij, xj in zip(row, x)) + b for row, b in zip(w1, b1)]
    h = [zi / (1 + abs(zi)) for zi in z]
    out = [sum(wij * hj for wij, hj in zip(row, h)) + b for row, b in zip(w2, b2)]
    delta = [o - t for o, t in zip(out, y)]
    error = sum(dk * dk for dk in delta) / 2
    back = [sum(w2[k][j] * delta[k] for k in range(2)) for j in range(2)]
    delta_h = [back[j] / (1 + abs(z[j])) ** 2 for j in range(2)]
    new_w2 = [[w2[k][j] - eta * delta[k] * h[j] for j in range(2)] for k in range(2)]
    new_b2 = [b2[k] - eta * delta[k] for k in range(2)]
    new_w1 = [[w1[j][i] - eta * delta_h[j] * x[i] for i in range(2)] for j in range(2)]
    new_b1 = [b1[j] - eta * delta_h[j] for j in range(2)]
    values = {"z": z, "h": h, "out": out, "Delta": delta, "E": error, "delta_h": delta_h}
    return values, (new_w1, new_b1, new_w2, new_b2)


START = (
    [[F("0.5"), F("-0.25")], [F("0.3"), F("0.4")]],
    [F("0.1"), F("-0.2")],
    [[F("0.6"), F("-0.5")], [F("0.2"), F("0.8")]],
    [F("0.05"), F("0.1")],
)


def test_softsign_network_over_three_steps():
    v1, p2 = softsign_step(START)
    v2, p3 = softsign_step(p2)
    v3, _ = softsign_step(p3)
    # the writer's step-1 numbers: b3' with an arithmetic slip (sign of the step), the rest rounded
    b3_slip = START[3][0] + F("0.1") * v1["Delta"][0]
    own_b3 = F(decimal(b3_slip, 4))
    own_w5, own_w6 = F(decimal(p2[2][0][0], 4)), F(decimal(p2[2][0][1], 4))
    own_h1, own_h2 = F(decimal(v2["h"][0], 4)), F(decimal(v2["h"][1], 4))
    own_out1 = own_w5 * own_h1 + own_w6 * own_h2 + own_b3
    out1_text = decimal(own_out1, 4)
    w1_new = p2[0][0][0]
    lines = [
        ("% step 1", None),
        written(r"z_{h_1} = 0.5 \cdot 1 - 0.25 \cdot 2 + 0.1 = {}", v1["z"][0], 1),
        written(r"h_1 = \frac{z_{h_1}}{1 + |z_{h_1}|} = {}", v1["h"][0], 4),
        (f"out_1 = {decimal(v1['out'][0], 4)}, \\quad out_2 = {decimal(v1['out'][1], 4)}", None),
        written(r"\Delta_2 = out_2 - actual_2 = {}", v1["Delta"][1], 3),
        written("E = {}", v1["E"], 5),
        written(r"\delta_{h_1} = {}", v1["delta_h"][0], 4),
        written("w_1' = {}", w1_new, 4),
        (f"b_3' = {decimal(b3_slip, 4)}", "wrong"),
        ("% step 2", None),
        (f"w_5 = {decimal(own_w5, 4)}, \\quad w_6 = {decimal(own_w6, 4)}", None),
        (f"h_1 = {decimal(own_h1, 4)}, \\quad h_2 = {decimal(own_h2, 4)}", None),
        (
            f"out_1 = w_5 h_1 + w_6 h_2 + b_3 = {out1_text}",
            carried_verdict(v2["out"][0], own_out1, out1_text),
        ),
        written("out_2 = {}", v2["out"][1], 4),
        ("% step 3", None),
        written("E = {}", v3["E"], 8),
        (f"\\Delta_1 = {decimal(-v3['Delta'][0], 6)}", "wrong"),
    ]
    # two-claim lines: both claims on the line get the oracle's verdicts
    text = "\n".join(claim for claim, _ in lines)
    results = verify_claims(load_network(SOFTSIGN), text)
    by_line: dict[int, list[str]] = {}
    for r in results:
        by_line.setdefault(r.line, []).append(r.verdict)
    explain = "\n".join(f"{r.line}: {r.verdict} {r.explanation}" for r in results)
    for number, (claim, verdict) in enumerate(lines, start=1):
        if claim.startswith("%"):
            continue
        if verdict is None:  # a line with two claims, each rounded from the truth
            assert by_line[number] == ["rounded", "rounded"], explain
        else:
            assert by_line[number] == [verdict], f"line {number}: {claim}\n{explain}"
    assert carried_verdict(v2["out"][0], own_out1, out1_text) == "carried"
    slip = next(r for r in results if r.line == len(lines))
    assert slip.slip.startswith("sign")


@pytest.mark.parametrize("places", [2, 3, 5])
def test_rounding_accepts_the_shown_digits_only(places):
    (s1,) = slides_steps(1)
    right = decimal(s1["E"], places)
    off = decimal(Fraction(right) + Fraction(1, 10**places), places)
    results = verify_claims("slides", f"E = {right}\nE = {off}")
    assert [r.verdict for r in results] == [verdict_for(s1["E"], right), "wrong"]


def test_a_slip_is_named_only_when_the_evidence_points_to_one():
    from symbolic.verify.slip_search import evidence, explains
    from symbolic.verify.slips import Slip

    sign = Slip("sign of Δ", "Δ taken as actual − prediction")
    flip = Slip("sign", "the opposite sign")
    factor = Slip("missing factor", "missing factor 1 − a")
    # two slips with the same value: the first (most specific) is named
    assert evidence([[(sign, F("-0.4")), (flip, F("-0.4"))]]).startswith("sign of Δ")
    # two slips with different values that the written number cannot tell apart: candidates
    both = evidence([[(sign, F("0.10001")), (factor, F("0.10004"))]])
    assert both.startswith("one of: sign of Δ") and "missing factor" in both
    assert evidence([[]]) is None
    # a short number met exactly by chance names nothing; a precise one does
    assert not explains(F("0.4"), F("0.4"), (F("0.4"), 1))
    assert explains(F("0.40071"), F("0.40071"), (F("0.40071"), 5))
    assert explains(F("0.400713"), F("0.40071"), (F("0.40071"), 5))
    assert not explains(F("0.41"), F("0.4"), (F("0.4"), 1))
