"""The writer's notation: presets, the claims file's header, the spec's ``verify:`` field,
reading without a declaration, and the forms of section 1 of issue 11.

Expected readings are written here from each notation's own definition (an author's w_{46} is
the weight from unit 4 to unit 6); expected verdicts of formulas are mathematical facts
(σ′ = σ(1 − σ)), of numbers the exact oracle values of tests/test_verify_oracle.py.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from symbolic import load_network, verify_claims
from symbolic.quantity import Quantity
from symbolic.verify import nodes as n
from symbolic.verify.header import HeaderError, Settings, settings_from_spec
from symbolic.verify.lexicon import Lexicon
from symbolic.verify.parser import parse_claim
from symbolic.verify.presets import NOTATIONS
from tests.test_verify_oracle import decimal, slides_steps

MAZUR_LIKE = {
    "name": "two-two-two",
    "notation": "slides",
    "inputs": 2,
    "layers": [
        {"units": 2, "activation": "sigmoid", "bias": [0.35, 0.35],
         "weights": [[0.15, 0.2], [0.25, 0.3]], "freeze": ["bias"]},
        {"units": 2, "activation": "sigmoid", "bias": [0.6, 0.6],
         "weights": [[0.4, 0.45], [0.5, 0.55]], "freeze": ["bias"]},
    ],
    "loss": "half_sse",
    "learning_rate": 0.5,
    "example": {"x": [0.05, 0.1], "y": [0.01, 0.99]},
}  # fmt: skip
TEXTBOOK = {
    "name": "three-two-one",
    "inputs": 3,
    "layers": [
        {"units": 2, "activation": "sigmoid", "bias": [-0.4, 0.2],
         "weights": [[0.2, 0.4, -0.5], [-0.3, 0.1, 0.2]]},
        {"units": 1, "activation": "sigmoid", "bias": [0.1], "weights": [[-0.3, -0.2]]},
    ],
    "loss": "half_sse",
    "learning_rate": 0.9,
    "example": {"x": [1, 0, 1], "y": [1]},
}  # fmt: skip


def read(notation: str, network, text: str) -> n.Reading:
    lexicon = Lexicon(network, notation, declared=True)
    return parse_claim(f"{text} = 0", lexicon).sides[0].reading


@pytest.mark.parametrize(
    ("notation", "spec", "written", "quantity"),
    [
        ("net-out", MAZUR_LIKE, "net_{h1}", Quantity.pre(1, 0)),
        ("net-out", MAZUR_LIKE, "out_{o2}", Quantity.unit(2, 1)),
        ("net-out", MAZUR_LIKE, "E_{total}", Quantity.error()),
        ("net-out", MAZUR_LIKE, "E_{o1}", Quantity.loss(0)),
        ("net-out", MAZUR_LIKE, "target_{o2}", Quantity.target(1)),
        ("net-out", MAZUR_LIKE, "w_7", Quantity.weight(1, 1, 0)),  # h1 → o2
        ("net-out", MAZUR_LIKE, "b_2", Quantity.bias(1, 0)),  # shared per layer
        ("unit-numbered", TEXTBOOK, "w_{46}", Quantity.weight(1, 0, 0)),  # unit 4 → unit 6
        ("unit-numbered", TEXTBOOK, "w_{15}", Quantity.weight(0, 1, 0)),  # unit 1 → unit 5
        ("unit-numbered", TEXTBOOK, "I_5", Quantity.pre(1, 1)),
        ("unit-numbered", TEXTBOOK, "O_6", Quantity.unit(2, 0)),
        (r"unit-numbered", TEXTBOOK, r"\theta_4", Quantity.bias(0, 0)),
        ("unit-numbered", TEXTBOOK, "T_6", Quantity.target(0)),
        ("row-vector", TEXTBOOK, "a_0", Quantity.input()),
        ("row-vector", TEXTBOOK, "a_1", Quantity.unit(1)),
        ("row-vector", TEXTBOOK, "W_2", Quantity.weight(1)),
        ("row-vector", TEXTBOOK, r"\delta_2", Quantity.delta(2)),
        ("layered", TEXTBOOK, "W^{(1)}", Quantity.weight(0)),
        ("layered", TEXTBOOK, r"\delta^{(3)}", Quantity.delta(2)),
        ("layered", TEXTBOOK, "a_2^{(2)}", Quantity.unit(1, 1)),
        ("layered", TEXTBOOK, "w_{12}^{(2)}", Quantity.weight(1, 0, 1)),
    ],
)
def test_each_preset_reads_its_own_names(notation, spec, written, quantity):
    assert read(notation, load_network(spec), written).quantity == quantity


def test_the_sign_convention_is_part_of_the_notation():
    network = load_network(TEXTBOOK)
    assert read("unit-numbered", network, "Err_6").scale == -1  # δ = −∂E/∂I
    assert read("layered", network, r"\delta_1^{(3)}").scale == 1
    # the textbook's own rule, checked as written: Err_j = O_j (1 − O_j)(T_j − O_j)
    header = "% nnderive: notation unit-numbered\n"
    (result,) = verify_claims(network, header + "Err_6 = O_6 (1 - O_6)(T_6 - O_6)")
    assert result.verdict == "correct", result.explanation
    (result,) = verify_claims(network, header + r"\Delta w_{46} = \eta \, Err_6 \, O_4")
    assert result.verdict == "correct", result.explanation  # Δw = +η·Err·O: descent


def test_row_vectors_and_the_transposed_weights_of_the_deep_learning_style():
    network = load_network(TEXTBOOK)
    assert read("row-vector", network, "a_1").transposed
    assert read("row-vector", network, "W_1").transposed  # inputs × outputs
    claims = "\n".join(
        [
            "% nnderive: notation row-vector",
            r"z_1 = a_0 W_1 + b_1^T",
            r"\delta_1 = (\delta_2 W_2^T) \odot f'_1(z_1)",
            r"\frac{\partial J}{\partial W_1} = a_0^T \delta_1",
        ]
    )
    assert [r.verdict for r in verify_claims(network, claims)] == ["correct"] * 3


def test_let_names_an_authors_symbols():
    network = load_network(TEXTBOOK)
    text = "% nnderive: let \\mathrm{net}_{4} = z2_1\n\\mathrm{net}_{4} = -0.7"
    (result,) = verify_claims(network, text)
    assert result.verdict == "correct", result.explanation  # 0.2 + 0 − 0.5 − 0.4
    assert result.subject == "z2_1"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("% nnderive: notation greek", "unknown notation 'greek'"),
        ("% nnderive: let w_{46}", "write % nnderive: let"),
        ("% nnderive: let w_{46} = w9_9_9", "names no quantity"),
        ("% nnderive: let w_{46}^{T} = w1_1_1", "only a layer"),
        ("% nnderive: lett w = w1", "unknown directive"),
    ],
)
def test_a_bad_header_is_one_line_naming_it(header, message):
    with pytest.raises(HeaderError, match="line 1: ") as info:
        verify_claims(load_network(TEXTBOOK), header + "\nO_6 = 0.474")
    assert message in str(info.value)


def test_the_spec_carries_the_same_settings():
    settings = settings_from_spec({"notation": "unit-numbered", "let": {r"\mathrm{out}_6": "a3_1"}})
    assert settings == Settings("unit-numbered", [(None, r"\mathrm{out}_6", "a3_1")])
    network = load_network(TEXTBOOK)
    (result,) = verify_claims(
        network, r"Err_6 = \mathrm{out}_6 (1 - O_6)(T_6 - O_6)", settings=settings
    )
    assert result.verdict == "correct", result.explanation
    for bad, message in (
        ("net-out", "expected a mapping"),
        ({"notation": "x"}, "unknown notation"),
        ({"let": ["w"]}, "expected a mapping of LaTeX names"),
        ({"notation": "slides", "extra": 1}, "unknown field 'extra'"),
    ):
        with pytest.raises(HeaderError, match=message):
            settings_from_spec(bad)


def test_without_a_declaration_the_one_reading_that_fits_is_picked_and_said():
    text = "net_{h1} = 0.15 \\cdot 0.05 + 0.2 \\cdot 0.1 + 0.35 = 0.3775\nout_{o1} = 0.75136507"
    results = verify_claims(load_network(MAZUR_LIKE), text)
    assert results.notation == "net-out" and "no notation declared" in results.note
    assert [r.verdict for r in results] == ["correct", "rounded"]
    # the lecture's own names keep the default reading, with nothing to say
    plain = verify_claims("slides", "h_1 = 0.85")
    assert plain.notation == "slides" and plain.note is None
    assert set(NOTATIONS) == {"slides", "layered", "net-out", "unit-numbered", "row-vector"}


S1 = slides_steps(1)[0]


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        # prose and layout inside the maths is skipped
        (rf"h_1 = {decimal(S1['h1'], 2)} \quad \text{{(exactly)}}", "correct"),
        (r"h_1 = 2 \cdot 0.11 + 3 \cdot 0.21 \nonumber \label{eq:h} \tag{1}", "correct"),
        (r"h_1 \; = \! 2 \cdot 0.11 + 3 \cdot 0.21", "correct"),
        # chains with other relation signs
        (r"\Delta = out - actual \Rightarrow \Delta = -0.809", "correct"),
        (r"\therefore h_1 = 2 \times 0.11 + 3 * 0.21", "correct"),
        (r"w_5 \to 0.14 + 0.05 \cdot 0.809 \cdot 0.85", "correct"),
        (r"w_5 := w_5 - \eta \Delta h_1", "correct"),
        (r"w_5(t+1) = w_5 - \eta \Delta h_1", "correct"),
        (r"w_5^{new} = w_5 - \eta \Delta h_1", "correct"),
        (r"h_1 = 0{,}11 \cdot 2 + 0{,}21 \cdot 3", "correct"),
        # generic definitions
        (r"\sigma(z) = \frac{1}{1+e^{-z}}", "correct"),
        (r"\sigma'(z) = \sigma(z)(1-\sigma(z))", "correct"),
        (r"\tanh'(z) = 1 - \tanh(z)^2", "correct"),
        (r"\sigma'(z) = \sigma(z)^2", "wrong"),
        (r"\text{ReLU}'(z) = 1", "wrong"),  # 0 for z < 0
    ],
)
def test_the_forms_people_write(claim, verdict):
    (result,) = verify_claims("slides", claim)
    assert result.verdict == verdict, result.explanation
    assert Fraction(decimal(S1["h1"], 2)) == S1["h1"]


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        (r"z^{(2)} = W^{(1)} x + b^{(1)}", "correct"),
        (r"a^{(2)} = \sigma(z^{(2)})", "correct"),
        (r"\delta^{(3)} = (a^{(3)} - y) \odot a^{(3)} \circ (1 - a^{(3)})", "correct"),
        (r"\delta^{(2)} = ((W^{(2)})^T \delta^{(3)}) \circ a^{(2)} \circ (1 - a^{(2)})", "correct"),
        (r"\delta^{(2)} = (W^{(2)} \delta^{(3)}) \circ a^{(2)} \circ (1 - a^{(2)})", "wrong"),
        (r"\nabla_{W^{(1)}} E = \delta^{(2)} x^T", "correct"),
        (r"\frac{\partial E}{\partial W^{(1)}} = \delta^{(2)} (a^{(1)})^T", "correct"),
        (r"\frac{\partial E}{\partial W^{(1)}} = (a^{(1)})^T \delta^{(2)}", "wrong"),
        (r"E = \frac{1}{2} \|y - a^{(3)}\|^2", "correct"),
        (r"f'(z) = f(z)(1 - f(z))", "correct"),
        (r"J(W,b) = \frac{1}{2}(h_{W,b}(x) - y)^2", "correct"),
    ],
)
def test_vectors_and_matrices_are_first_class(claim, verdict):
    (result,) = verify_claims("layered-3-3-1", claim)
    assert result.verdict == verdict, result.explanation


# ---------------------------------------------------------------------- docs/notations
DOCS = Path(__file__).resolve().parent.parent / "docs" / "notations"
EXAMPLE_SPECS = {
    "slides": "slides",
    "layered": "layered-3-3-1",
    "net-out": "docs/notations/net-out.yaml",
    "unit-numbered": "docs/notations/unit-numbered.yaml",
    "row-vector": "docs/notations/row-vector.yaml",
}


@pytest.mark.parametrize("notation", sorted(EXAMPLE_SPECS))
def test_the_docs_show_each_notations_example_and_its_real_report(notation, cli):
    path = f"docs/notations/{notation}.tex"
    result = cli("verify", EXAMPLE_SPECS[notation], path)
    page = (DOCS / "README.md").read_text(encoding="utf-8")
    fix = "docs/notations/README.md is stale: rerun the example and paste its report"
    assert (DOCS / f"{notation}.tex").read_text(encoding="utf-8").rstrip() in page, fix
    assert result.stdout.rstrip() in page and result.stderr.strip() in page, fix
    assert f"% nnderive: notation {notation}" in (DOCS / f"{notation}.tex").read_text()
    assert "unreadable" not in result.stdout


def test_a_spec_file_carries_its_notation_through_the_cli(cli, tmp_path):
    """A spec's verify: field sets the notation and let names of `nnderive verify`; a bad one is
    one line naming the spec's field and line, exit 2."""
    import json

    spec = {**TEXTBOOK, "verify": {"notation": "unit-numbered", "let": {r"v_{6}": "a3_1"}}}
    path = tmp_path / "net.json"
    path.write_text(json.dumps(spec, indent=1), encoding="utf-8")
    claims = tmp_path / "c.tex"
    claims.write_text("$$Err_6 = v_{6} (1 - O_6)(T_6 - O_6)$$\n", encoding="utf-8")
    done = cli("verify", str(path), str(claims))
    assert done.returncode == 0 and "correct" in done.stdout, done.stdout + done.stderr
    claims.write_text("$$Err_6 = v_{6} (1 - O_6)$$\n", encoding="utf-8")
    assert "wrong" in cli("verify", str(path), str(claims)).stdout
    for bad, message in (
        ({"notation": "klingon"}, "verify.notation: unknown notation 'klingon'"),
        ({"let": {r"v_{6}": "q9"}}, "verify.let: 'q9' names no quantity"),
        ({"notation": "layered", "lett": {}}, "verify.lett: unknown field 'lett'"),
    ):
        path.write_text(json.dumps({**TEXTBOOK, "verify": bad}, indent=1), encoding="utf-8")
        done = cli("verify", str(path), str(claims))
        assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
        assert message in done.stderr and "net.json:" in done.stderr, done.stderr
