"""The parser and the checker fuzzed with hypothesis: no crash, no hang, on 10,500 inputs.

(√, e^, σ, log and max in generated claims found SymPy's "argument is not comparable" crash.)

Parsing must either return a chain or refuse with a ClaimSyntaxError that names a column inside
the text; the document splitter must never fail; whole claims through ``verify_claims`` must end
with one of the five verdicts. Examples are derandomized so CI sees the same inputs every run.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symbolic import load_network
from symbolic.verify.claims import VERDICTS, Context, check_claim
from symbolic.verify.document import split_claims
from symbolic.verify.errors import ClaimSyntaxError
from symbolic.verify.lexicon import Lexicon
from symbolic.verify.parser import parse_claim

SLIDES = load_network("slides")
VOCABULARY = Lexicon(SLIDES)


def fuzz(examples: int):
    return settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
    )


PIECES = [
    "h_1", "h_2", "i_1", "i_2", "w_5", "w_{12}^{(1)}", "out", r"\text{Error}", r"\Delta", r"\eta",
    "prediction", "actual", "0.191", "-0.809", "2", "1.0", "=", "=", "+", "-", r"\cdot", r"\times",
    "/", "^", "^2", "^T", "'", "_", "{", "}", "(", ")", "[", "]", r"\ ", "&", r"\\", r"\frac",
    r"\partial", r"\left(", r"\right)", r"\begin{bmatrix}", r"\end{bmatrix}", r"\sigma", "e^{",
    r"\sqrt", "|", ",", " ", r"\approx", r"\leftarrow", r"\mathrm{", r"\text{", "__import__",
    "10^{10^{10}}", r"\exp", "δ", "Δ", "·", "−", "%", "$", r"\hat{y}", "^{new}", "^{(2)}",
]  # fmt: skip


def check_parse(text: str) -> None:
    try:
        parse_claim(text, VOCABULARY)
    except ClaimSyntaxError as exc:
        assert exc.pos is None or 0 <= exc.pos <= len(text)
        assert exc.problem


@fuzz(4500)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_token_soup_parses_or_is_refused(text):
    check_parse(text)


@fuzz(3000)
@given(st.text(max_size=80))
def test_any_text_parses_or_is_refused(text):
    check_parse(text)


DOCUMENT_PIECES = [*PIECES, "\n", "$$", "$", "% step 2\n", r"\begin{align}"]


@fuzz(2500)
@given(st.lists(st.sampled_from(DOCUMENT_PIECES), max_size=40).map("".join))
def test_documents_split_without_failing(text):
    for claim in split_claims(text):
        assert claim.line >= 1
        assert claim.problem or claim.text


# well-formed claims from a small grammar, checked end to end
NAMES = ["h_1", "h_2", "i_1", "w_1", "w_5", "w_6", "out", r"\Delta", r"\eta", "w_5'", "actual"]
NUMBERS = ["0.85", "0.191", "-0.809", "2", "0.05", "1.0"]
leaf = st.sampled_from(NAMES + NUMBERS + [r"\frac{\partial E}{\partial w_5}"])
expression = st.recursive(
    leaf,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from([" + ", " - ", r" \cdot ", " "]), inner).map("".join),
        inner.map(lambda e: f"({e})"),
        inner.map(lambda e: f"({e})^2"),
        inner.map(lambda e: rf"\sqrt{{{e}}}"),
        inner.map(lambda e: rf"e^{{{e}}}"),
        inner.map(lambda e: rf"\sigma({e})"),
        inner.map(lambda e: rf"\log({e})"),
        inner.map(lambda e: rf"\max({e}, 0)"),
        st.tuples(inner, inner).map(lambda p: rf"\frac{{{p[0]}}}{{{p[1]}}}"),
        st.tuples(inner, inner).map(lambda p: rf"\begin{{bmatrix}}{p[0]}\\{p[1]}\end{{bmatrix}}"),
    ),
    max_leaves=6,
)
CONTEXT = Context(SLIDES, seconds=2.0)


@fuzz(500)
@given(st.lists(expression, min_size=2, max_size=3).map(" = ".join), st.integers(1, 3))
def test_generated_claims_get_a_verdict(text, step):
    verdict, explanation, *_ = check_claim(CONTEXT, text, step)
    assert verdict in VERDICTS and explanation
    assert "the checker failed" not in explanation  # the guard for bugs never fires
