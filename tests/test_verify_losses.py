"""The checker on every loss, with two samples: true claims (numbers and formulas) are correct
or rounded, and each loss's slips are wrong with the slip named.

The numbers written into the claims come from the independent NumPy reference in tests/naive.py
(forward pass, losses and backprop written by hand), never from nnderive; the slipped numbers
are that reference's values with the slip applied by hand (the sum instead of the mean, Σ(a − y)²
without ½, −log of another output).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from symbolic import load_network, verify_claims
from tests import naive

HIDDEN = {
    "units": 3,
    "activation": "sigmoid",
    "bias": [0.1, -0.1, 0.2],
    "weights": [[0.1, 0.2, -0.1], [-0.3, 0.1, 0.2], [0.2, -0.2, 0.3]],
}
OUTPUT_WEIGHTS = [[0.3, -0.2, 0.4], [-0.1, 0.2, 0.1], [0.2, 0.1, -0.3]]
SAMPLES = [{"x": [1, 0.5, -1], "y": [1, 0, 0]}, {"x": [-0.5, 1, 0.5], "y": [0, 0, 1]}]
OK = {"correct", "rounded"}

#: the loss of one sample as a formula, in the layered notation, for each loss
LOSS_FORMULAS = {
    "half_sse": r"E = \frac{1}{2}\sum_k (a_k^{(3)} - y_k)^2",
    "sse": r"E = \sum_k (a_k^{(3)} - y_k)^2",
    "mse": r"E = \frac{1}{3}\sum_k (a_k^{(3)} - y_k)^2",
    "binary_cross_entropy": (
        r"E = -\sum_k \left(y_k \log a_k^{(3)} + (1 - y_k) \log(1 - a_k^{(3)})\right)"
    ),
    "cross_entropy": r"E = -\sum_k y_k \log a_k^{(3)}",
}
#: the output δ_1 as a formula, for each loss
DELTA_FORMULAS = {
    "half_sse": r"\delta_1^{(3)} = (a_1^{(3)} - y_1) a_1^{(3)} (1 - a_1^{(3)})",
    "sse": r"\delta_1^{(3)} = 2 (a_1^{(3)} - y_1) a_1^{(3)} (1 - a_1^{(3)})",
    "mse": r"\delta_1^{(3)} = \frac{2}{3} (a_1^{(3)} - y_1) a_1^{(3)} (1 - a_1^{(3)})",
    "binary_cross_entropy": r"\delta_1^{(3)} = a_1^{(3)} - y_1",
    "cross_entropy": r"\frac{\partial E}{\partial z_1^{(3)}} = a_1^{(3)} - y_1",
}


def network_for(loss: str):
    output = "softmax" if loss == "cross_entropy" else "sigmoid"
    spec = {
        "name": f"{loss}-3-3-3",
        "notation": "layered",
        "inputs": 3,
        "layers": [
            HIDDEN,
            {"units": 3, "activation": output, "bias": [0.1, 0, -0.1], "weights": OUTPUT_WEIGHTS},
        ],
        "loss": loss,
        "learning_rate": 0.5,
        "examples": SAMPLES,
    }
    return load_network(spec)


def n6(value: float) -> str:
    return f"{value:.6f}"


class Reference:
    """The NumPy reference's values of one network."""

    def __init__(self, network):
        self.network = network
        self.params = naive.params_of(network)
        self.samples = naive.samples_of(network)
        self.losses = [naive.loss(network, self.params, x, y) for x, y in self.samples]
        self.mean = naive.mean_loss(network, self.params, self.samples)
        self.mean_grads = naive.mean_gradients(network, self.params, self.samples)
        self.each_grads = [naive.gradients(network, self.params, x, y) for x, y in self.samples]

    def outputs(self, sample: int) -> np.ndarray:
        x, _ = self.samples[sample]
        return naive.forward(self.network, self.params, x)[1][-1]


def judged(network, lines: list[tuple[str, set[str] | None, str | None]]):
    """Check a file made of ``lines`` (claim, verdicts allowed, slip prefix); markers have
    None as verdicts. Returns [(claim, result, verdicts, slip)]."""
    text = "% nnderive: notation layered\n" + "\n".join(line for line, _, _ in lines)
    report = verify_claims(network, text)
    by_line = {r.line: r for r in report}
    out = []
    for k, (line, verdicts, slip) in enumerate(lines, start=2):
        if verdicts is None:
            continue
        assert k in by_line, f"no result for {line!r}"
        out.append((line, by_line[k], verdicts, slip))
    return out


def assert_all(results) -> None:
    problems = []
    for line, result, verdicts, slip in results:
        if result.verdict not in verdicts:
            problems.append(f"{line}: {result.verdict} ({result.explanation})")
        elif slip is not None and not (result.slip or "").startswith(slip):
            problems.append(f"{line}: slip {result.slip!r}, wanted {slip!r}")
    assert not problems, "\n".join(problems)


def common_lines(loss: str, ref: Reference) -> list:
    """True numbers and formulas of every loss, and forgetting the mean."""
    (dw, db) = ref.mean_grads[1]
    sums = [sum(g[1][1][0] for g in ref.each_grads), sum(g[1][0][0, 1] for g in ref.each_grads)]
    return [
        ("% sample 1", None, None),
        (f"E = {n6(ref.losses[0])}", OK, None),
        (LOSS_FORMULAS[loss], {"correct"}, None),
        (DELTA_FORMULAS[loss], {"correct"}, None),
        ("% sample 2", None, None),
        (f"E = {n6(ref.losses[1])}", OK, None),
        ("% step 1", None, None),  # back to the mean over the samples
        (f"E = {n6(ref.mean)}", OK, None),
        (rf"E = \frac{{1}}{{2}}({n6(ref.losses[0])} + {n6(ref.losses[1])})", OK, None),
        (rf"\frac{{\partial E}}{{\partial b_1^{{(2)}}}} = {n6(db[0])}", OK, None),
        (rf"\frac{{\partial E}}{{\partial w_{{12}}^{{(2)}}}} = {n6(dw[0, 1])}", OK, None),
        # forgetting the mean: the sum over the two samples
        (f"E = {n6(ref.losses[0] + ref.losses[1])}", {"wrong"}, "forgetting the mean"),
        (
            f"E = {n6(ref.losses[0])} + {n6(ref.losses[1])} = {n6(ref.losses[0] + ref.losses[1])}",
            {"wrong"},
            "forgetting the mean",
        ),
        (
            rf"\frac{{\partial E}}{{\partial b_1^{{(2)}}}} = {n6(sums[0])}",
            {"wrong"},
            "forgetting the mean",
        ),
        (
            rf"\frac{{\partial E}}{{\partial w_{{12}}^{{(2)}}}} = {n6(sums[1])}",
            {"wrong"},
            "forgetting the mean",
        ),
    ]


@pytest.mark.parametrize("loss", list(LOSS_FORMULAS))
def test_true_claims_hold_and_forgetting_the_mean_is_named(loss):
    network = network_for(loss)
    assert_all(judged(network, common_lines(loss, Reference(network))))


def test_squared_error_constants_are_named():
    """Σ(a − y)² for ½·Σ(a − y)², ½ added to sse, the 1/n of mse forgotten — as formulas and
    as numbers of sample 1."""
    lines = {}
    for loss in ("half_sse", "sse", "mse"):
        ref = Reference(network_for(loss))
        a, y = ref.outputs(0), ref.samples[0][1]
        sse = float(np.sum((a - y) ** 2))
        lines[loss] = [("% sample 1", None, None)]
        if loss == "half_sse":
            lines[loss] += [
                (LOSS_FORMULAS["sse"], {"wrong"}, "loss without its ½"),
                (f"E = {n6(sse)}", {"wrong"}, "loss without its ½"),
            ]
        elif loss == "sse":
            lines[loss] += [
                (LOSS_FORMULAS["half_sse"], {"wrong"}, "loss with a ½"),
                (f"E = {n6(sse / 2)}", {"wrong"}, "loss with a ½"),
            ]
        else:
            lines[loss] += [
                (LOSS_FORMULAS["sse"], {"wrong"}, "mse without 1/n"),
                (f"E = {n6(sse)}", {"wrong"}, "mse without 1/n"),
            ]
    for loss, claims in lines.items():
        assert_all(judged(network_for(loss), claims))


def test_cross_entropy_slips_are_named():
    """Log of the wrong output (as a formula and as its value), softmax treated elementwise."""
    network = network_for("cross_entropy")
    ref = Reference(network)
    a1, a2 = ref.outputs(0), ref.outputs(1)
    lines = [
        ("% sample 1", None, None),
        (r"E = -\log a_1^{(3)}", {"correct"}, None),  # y = e_1
        (rf"E = -\ln a_1^{{(3)}} = {n6(-np.log(a1[0]))}", OK, None),
        (r"E = -\log a_2^{(3)}", {"wrong"}, "log of the wrong output"),
        (rf"E = {n6(-np.log(a1[2]))}", {"wrong"}, "log of the wrong output"),
        (
            r"\frac{\partial a_1^{(3)}}{\partial z_2^{(3)}} = -a_1^{(3)} a_2^{(3)}",
            {"correct"},
            None,
        ),
        (
            rf"\frac{{\partial a_1^{{(3)}}}}{{\partial z_2^{{(3)}}}} = {n6(-a1[0] * a1[1])}",
            OK,
            None,
        ),
        (
            r"\frac{\partial a_1^{(3)}}{\partial z_2^{(3)}} = 0",
            {"wrong"},
            "softmax treated elementwise",
        ),
        (
            r"\delta_1^{(3)} = (a_1^{(3)} - y_1) a_1^{(3)} (1 - a_1^{(3)})",
            {"wrong"},
            "softmax treated elementwise",
        ),
        (
            r"\frac{\partial E}{\partial z_2^{(3)}} = (a_2^{(3)} - y_2) a_2^{(3)} (1 - a_2^{(3)})",
            {"wrong"},
            "softmax treated elementwise",
        ),
        (r"\delta^{(3)} = a^{(3)} - y", {"correct"}, None),
        (rf"\delta_1^{{(3)}} = a_1^{{(3)}} - y_1 = {n6(a1[0] - 1)}", OK, None),
        ("% sample 2", None, None),
        (r"E = -\log a_3^{(3)}", {"correct"}, None),  # y = e_3
        (r"E = -\log a_1^{(3)}", {"wrong"}, "log of the wrong output"),
        (rf"E = {n6(-np.log(a2[2]))}", OK, None),
    ]
    assert_all(judged(network, lines))


def test_a_step_marker_after_a_sample_is_the_mean_again():
    """`% sample 2` then `% step 1`: E is the mean over the samples again (docs/verify.md)."""
    network = network_for("cross_entropy")
    ref = Reference(network)
    text = f"% sample 2\nE = {n6(ref.losses[1])}\n% step 1\nE = {n6(ref.mean)}\n"
    report = verify_claims(network, "% nnderive: notation layered\n" + text)
    assert [(r.sample, r.verdict) for r in report] == [(1, "rounded"), (None, "rounded")]


# ---------------------------------------------------------------------- a published example
CLAIMS = Path(__file__).parent / "data" / "claims"
#: lines where the checker and the hand mark disagree, each a known gap (strict xfail)
KNOWN_GAPS = {
    35: (
        "−ln(0.561) ≈ 0.579 is −ln of the page's unrounded ŷ_1 = 0.5605; a number copied from a "
        "carried line counts as exact, so the checker calls 0.579 wrong (a marker: carried)"
    ),
}


def hand_marks(path: Path) -> dict[int, str]:
    """line → the verdict marked by hand at its end (`% expect VERDICT`)."""
    marks = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        found = re.search(r"% expect (\w+)\s*$", line)
        if found:
            marks[number] = found.group(1)
    return marks


def published_cases():
    tex = CLAIMS / "postnetwork-softmax.tex"
    for line, verdict in hand_marks(tex).items():
        marks = (
            [pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[line])] if line in KNOWN_GAPS else []
        )
        yield pytest.param(line, verdict, id=f"postnetwork-line{line}", marks=marks)


@pytest.fixture(scope="module")
def postnetwork_report():
    network = load_network(CLAIMS / "postnetwork-softmax.yaml")
    text = (CLAIMS / "postnetwork-softmax.tex").read_text(encoding="utf-8")
    return {r.line: r for r in verify_claims(network, text)}


@pytest.mark.parametrize(("line", "verdict"), list(published_cases()))
def test_a_published_softmax_example_is_marked_as_by_hand(postnetwork_report, line, verdict):
    """The PostNetwork softmax + cross-entropy example, transcribed by hand with its published
    errors (0.185 for z^{(4)} = 0.1574, ∂L/∂w_8 and ∂L/∂w_9 with their outputs swapped)."""
    result = postnetwork_report[line]
    assert result.verdict == verdict, result.explanation
