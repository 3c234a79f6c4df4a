"""The claim parser and the document splitter: what is read, how, and what is refused (and where).

Expected trees here are written by hand from the LaTeX's meaning, not printed by the parser.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from symbolic import load_network
from symbolic.verify import nodes as n
from symbolic.verify.document import split_claims
from symbolic.verify.errors import ClaimSyntaxError
from symbolic.verify.lexicon import Lexicon
from symbolic.verify.parser import parse_claim

SLIDES = Lexicon(load_network("slides"))
LAYERED = Lexicon(load_network("layered-3-3-1"))


def ascii_of(reading, lexicon=None) -> str:
    """The network's ASCII name of what a written name was read as."""
    network = (lexicon or SLIDES).network
    return network.names.name(reading.quantity).ascii


def names(node, lexicon=None) -> list[str]:
    return sorted(
        {ascii_of(x.reading, lexicon) for x in n.walk(node) if isinstance(x, n.Name)}
        | {ascii_of(x.by, lexicon) for x in n.walk(node) if isinstance(x, n.Derivative)}
    )


@pytest.mark.parametrize(
    ("text", "ascii_name"),
    [
        (r"\text{Error}", "E"),
        (r"\mathrm{Error}", "E"),
        ("Error", "E"),
        ("E", "E"),
        (r"\text{prediction}", "out"),
        ("prediction", "out"),
        (r"\hat{y}", "out"),
        (r"\mathit{out}", "out"),
        ("actual", "actual"),
        ("y", "actual"),
        (r"\text{target}", "actual"),
        (r"\Delta", "Delta"),
        ("Δ", "Delta"),
        (r"\eta", "eta"),
        (r"\alpha", "eta"),
        ("i_1", "i1"),
        ("x_2", "i2"),
        ("h_{2}", "h2"),
        ("a_1^{(2)}", "h1"),
        ("w_5", "w5"),
        ("w_{5}", "w5"),
        ("w_5'", "w5_new"),
        ("w_5^{new}", "w5_new"),
        (r"w_5^{\text{new}}", "w5_new"),
        ("w_5^{+}", "w5_new"),
        (r"w_5^\prime", "w5_new"),
        ("{w_5}'", "w5_new"),
        ("w_{12}^{(1)}", "w2"),
        ("w_{21}^{(1)}", "w3"),
        (r"\delta_{h_1}", "delta_h1"),
        (r"\delta_{out}", "delta_out"),
    ],
)
def test_names_in_both_notations_resolve_on_the_slides_network(text, ascii_name):
    chain = parse_claim(f"{text} = 0", SLIDES)
    assert names(chain.sides[0]) == [ascii_name]


@pytest.mark.parametrize(
    ("text", "ascii_name"),
    [
        ("a_2^{(2)}", "a2_2"),
        ("a^{(2)}_2", "a2_2"),
        ("z_3^{(2)}", "z2_3"),
        ("w_{13}^{(1)}", "w1_1_3"),
        ("w_{1,3}^{(1)}", "w1_1_3"),
        ("b_1^{(2)}", "b2_1"),
        (r"\delta_1^{(3)}", "delta3_1"),
        ("x_3", "x3"),
        ("h_{w,b}(x)", "a3_1"),
        ("{w_{11}^{(2)}}'", "w2_1_1_new"),
        (r"w_{11}^{(2)\prime}", "w2_1_1_new"),
    ],
)
def test_layered_names(text, ascii_name):
    chain = parse_claim(f"{text} = 1", LAYERED)
    assert names(chain.sides[0], LAYERED) == [ascii_name]


def test_a_derivative_is_of_an_expression_by_one_quantity():
    text = r"\frac{\partial \frac{1}{2}(\text{prediction} - actual)^2}{\partial prediction} = 0"
    chain = parse_claim(text, SLIDES)
    (side, _) = chain.sides
    assert isinstance(side, n.Derivative) and ascii_of(side.by) == "out"
    assert isinstance(side.of, n.Binary) and side.of.op == "*"
    inline = parse_claim(r"\partial E / \partial w_5 = 0", SLIDES).sides[0]
    operator = parse_claim(r"\frac{\partial}{\partial w_5} E = 0", SLIDES).sides[0]
    leibniz = parse_claim(r"\frac{dE}{dw_5} = 0", SLIDES).sides[0]
    for node in (inline, operator, leibniz):
        assert isinstance(node, n.Derivative) and ascii_of(node.by) == "w5"
        assert ascii_of(node.of.reading) == "E"


def test_juxtaposition_multiplies_and_numbers_keep_their_places():
    chain = parse_claim(r"E = 2 \frac{1}{2} (0.191 - 1.0)^2 = 0.0340", SLIDES)
    assert chain.relations == ("=", "=")
    last = chain.sides[-1]
    assert isinstance(last, n.Number) and last.value == Fraction("0.034") and last.places == 4
    assert n.literal(parse_claim(r"E = -3 \times 10^{-2}", SLIDES).sides[1]) == (
        Fraction(-3, 100),
        2,
    )
    assert n.literal(parse_claim(r"E = 0{,}5", SLIDES).sides[1]) == (Fraction(1, 2), 1)


def test_rows_vectors_matrices_and_transposes():
    row = parse_claim(r"[h_1 \ h_2] = [0.85 \ 0.48]", SLIDES).sides[0]
    assert isinstance(row, n.MatrixLiteral) and len(row.rows) == 1 and len(row.rows[0]) == 2
    spaced = parse_claim("[0.85 0.48] = 1", SLIDES).sides[0]
    assert isinstance(spaced, n.MatrixLiteral) and len(spaced.rows[0]) == 2
    group = parse_claim("[out] = 1", SLIDES).sides[0]
    assert isinstance(group, n.Name)
    matrix = parse_claim(
        r"\begin{pmatrix} w_1 & w_3 \\ w_2 & w_4 \end{pmatrix}^{\top} = 1", SLIDES
    ).sides[0]
    assert isinstance(matrix, n.Transpose)
    assert [[ascii_of(c.reading) for c in r] for r in matrix.operand.rows] == [
        ["w1", "w3"],
        ["w2", "w4"],
    ]
    for mark in ("^T", "^{T}", r"^\top", r"^{\mathsf{T}}"):
        assert isinstance(parse_claim(f"[i_1 \\ i_2]{mark} = 1", SLIDES).sides[0], n.Transpose)


def test_assignments_and_approximations():
    chain = parse_claim(r"w_5 \leftarrow w_5 - \eta \Delta h_1", SLIDES)
    assert chain.relations == ("←",)
    assert parse_claim("w_5 := 0.1", SLIDES).relations == ("←",)
    assert parse_claim(r"E \approx 0.327", SLIDES).relations == ("≈",)


@pytest.mark.parametrize(
    ("text", "problem", "column"),
    [
        ("h_3 = 1", "no such unit", 1),
        ("w_7 = 1", "no such parameter", 1),
        ("w_12 = 1", "write _{12}", 3),
        ("q = 1", "unknown name 'q'", 1),
        (r"\text{foo} = 1", r"unknown name \text{foo}", 1),
        ("h_1 = (0.5", "expected ')'", None),
        ("h_1 = 0.5 0.6", "a number right after a factor", 11),
        ("h_1 < 0.5", "only chains of =", 5),
        ("h_1", "no = in the claim", 1),
        ("h_1 = ", "empty", None),
        (r"\frac{(i_1 w_1) w_5}{\partial w_5} = 0", "not in the numerator", 1),
        (r"\frac{\partial^2 E}{\partial w_5} = 0", "first derivatives", None),
        (r"h_1^{w_1} = 0", "exponent must be a number", None),
        ("h_1' = 0", "only a weight or a bias has an updated value", 1),
        (r"\begin{array}{cc} 1 \end{array} = 0", "not understood", 1),
        ('w_5 = "x"', "unexpected character", 7),
    ],
)
def test_unreadable_claims_say_what_and_where(text, problem, column):
    with pytest.raises(ClaimSyntaxError) as info:
        parse_claim(text, SLIDES)
    assert problem in info.value.problem
    if column is not None:
        assert info.value.pos == column - 1


def test_layered_networks_need_layer_superscripts_on_weights():
    with pytest.raises(ClaimSyntaxError, match=r"w_\{12\}\^\{\(1\)\}"):
        parse_claim("w_{12} = 0", LAYERED)


# ---------------------------------------------------------------------- the document splitter
def test_claims_are_found_in_lines_math_and_aligned_blocks():
    text = "\n".join(
        [
            r"\section*{Exercise}",  # 1 prose
            "Some words about the network, with = in prose text here.",  # 2 prose
            "h_1 = 0.85",  # 3 a bare line
            "The error is $E = 0.327$ and $\\Delta = -0.809$.",  # 4 two inline claims
            "% a comment h_1 = 3",  # 5 comment only
            "$$\\begin{aligned} [h_1 \\ h_2] &= [2 \\ 3] \\begin{bmatrix} 0.11 & 0.12 \\\\",  # 6
            " 0.21 & 0.08 \\end{bmatrix} \\\\ &= [0.85 \\ 0.48] \\\\",  # 7 continuation
            " [out] &= 0.191 \\end{aligned}$$",  # 8 new chain
            "\\begin{align*} w_5' &= 0.1744 \\\\ w_6' &= 0.1694 \\end{align*}",  # 9 two rows
            "$h_1$ alone is not a claim",  # 10
            "\\[ w_1 = 0.11, \\quad w_2 = 0.21 \\]",  # 11 two claims in one row
            "中文说明：预测值 = 0.191",  # 12 prose (CJK)
        ]
    )
    claims = split_claims(text)
    got = [(c.line, c.text) for c in claims]
    assert got == [
        (3, "h_1 = 0.85"),
        (4, "E = 0.327"),
        (4, "\\Delta = -0.809"),
        (
            6,
            "[h_1 \\ h_2] = [2 \\ 3] \\begin{bmatrix} 0.11 & 0.12 \\\\ 0.21 & 0.08 "
            "\\end{bmatrix} = [0.85 \\ 0.48]",
        ),
        (8, "[out] = 0.191"),
        (9, "w_5' = 0.1744"),
        (9, "w_6' = 0.1694"),
        (11, "w_1 = 0.11"),
        (11, "w_2 = 0.21"),
    ]


def test_step_markers_apply_to_the_claims_after_them():
    text = "h_1 = 1\n% step 2\nh_1 = 2\n%step 3\nh_1 = 3\n% step 99\nh_1 = 4\n% step 1\nh_1 = 5"
    claims = split_claims(text)
    assert [(c.line, c.step) for c in claims] == [(1, 1), (3, 2), (5, 3), (7, None), (9, 1)]
    assert "not a step from 1 to" in claims[3].problem


def test_an_unclosed_dollar_is_reported_at_its_line():
    claims = split_claims("h_1 = 0.85\n$$ h_2 = 0.48\n")
    assert claims[-1].line == 2 and "never closed" in claims[-1].problem


def test_headings_set_steps_and_samples_and_the_preamble_is_no_claim():
    text = "\n".join(
        [
            r"\documentclass{article}",  # 1
            r"\hypersetup{pdftitle={x = 1}}",  # 2 preamble: never a claim
            r"\begin{document}",  # 3
            r"\section{Forward pass} $h_1 = 0.85$",  # 4 step 1
            r"\subsection{Iteration 2}",  # 5
            r"$h_1 = 0.9236$",  # 6 step 2
            r"\subsection*{第 3 次迭代}",  # 7
            r"\paragraph{Sample 2} $h_1 = 1$",  # 8 step 3, sample 2
            r"\subsection{样本 1}",  # 9
            r"\begin{tikzpicture} \node at (0, 1) {$y = 2$}; \end{tikzpicture}",  # 10 skipped
            r"\begin{align*} a &= 1 && b = 2 \\ c &= 3 \end{align*}",  # 11 three claims
            r"\end{document}",
        ]
    )
    got = [(c.line, c.text, c.step, c.sample) for c in split_claims(text)]
    assert got == [
        (4, "h_1 = 0.85", 1, None),
        (6, "h_1 = 0.9236", 2, None),
        (8, "h_1 = 1", 3, 1),
        (11, "a = 1", 3, 0),
        (11, "b = 2", 3, 0),
        (11, "c = 3", 3, 0),
    ]
