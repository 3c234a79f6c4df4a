"""The common slips on every answer, and variants drawn so that they stay apart: checked with a
hand-written list of slips (classroom_oracle.py) and the checker itself."""

from __future__ import annotations

from itertools import combinations

import pytest

from classroom_oracle import fixed, gradient_slips, step1, variant
from codegen.classroom.answers import build_answers, template_of
from codegen.classroom.slips import INDEX, MISSING, SIGN, STALE, TRANSPOSED, SlipModel
from codegen.classroom.variants import VariantMaker
from conftest import run_cli
from symbolic import Derivation, load_network, verify_claims
from symbolic.spec_files import builtin_examples, read_spec_file

PLACES = 4  # the default exercise's decimals


@pytest.fixture(scope="module")
def klass(tmp_path_factory):
    folder = tmp_path_factory.mktemp("class")
    roster = folder / "roster.csv"
    roster.write_text("id\na\nb\nc\nd\n", encoding="utf-8")
    out = folder / "class"
    result = run_cli("exercises", "slides", "--roster", str(roster), "-o", str(out), "--no-pdf")
    assert result.returncode == 0, result.stderr
    return out


def test_the_slips_of_a_gradient_are_the_common_ones():
    network = load_network("slides")
    answers = build_answers(network, template_of(network))
    model = SlipModel(Derivation(network), answers)
    w2 = next(a for a in answers if a.task == "gradients" and "w2" in str(a.subject))
    slips = {(s.kind, s.detail) for s in model.slips[w2.number]}
    assert {kind for kind, _ in slips} == {SIGN, MISSING, INDEX, TRANSPOSED, STALE}
    assert (INDEX, "i1 instead of i2") in slips and (TRANSPOSED, "the gradient of w3") in slips
    assert sum(kind == MISSING for kind, _ in slips) == 3  # Δ, w5 or i2 left out


def test_in_iteration_2_a_stale_weight_is_one_of_iteration_1():
    network = load_network("slides")
    answers = build_answers(network, template_of(network).with_steps(2))
    model = SlipModel(Derivation(network), answers)
    out2 = next(a for a in answers if a.step == 2 and str(a.subject) == "out")
    stale = [s for s in model.slips[out2.number] if s.kind == STALE]
    assert [s.detail for s in stale] == ["weights of iteration 1"]
    assert {str(x) for x in stale[0].formula.free_symbols} >= {"previous__w5", "previous__w6"}


def maker() -> VariantMaker:
    data, _ = read_spec_file(builtin_examples()["slides"], "slides")
    network = load_network("slides")
    return VariantMaker(data, network, template_of(network), seed=0)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"example": {"x": [3, 3], "y": [1]}}, "i2 instead of i1"),  # i1 = i2
        ({"example": {"x": [1, 3], "y": [1]}}, "missing factor i1"),  # a factor 1 is invisible
    ],
)
def test_a_variant_whose_slips_coincide_is_refused(change, words):
    data, _ = read_spec_file(builtin_examples()["slides"], "slides")
    problem = maker().problem(load_network({**data, **change}))
    assert problem is not None and words in problem


def test_the_lectures_own_numbers_do_not_separate_the_slips():
    """On the slides, w4 instead of w3 and i1 instead of i2 both give h2 = 0.4."""
    assert "too close" in maker().problem(load_network("slides"))


def test_slipped_answers_are_wrong_apart_and_named_apart(klass):
    for student in ("a", "b", "c", "d"):
        spec = klass / student / "spec.yaml"
        v = variant(spec)
        truth = step1(v)
        lines, expected = ["% step 1"], []
        for k in range(1, 7):
            right = fixed(truth[f"dw{k}"], PLACES)
            slips = {kind: fixed(value, PLACES) for kind, value in gradient_slips(v, k).items()}
            shown = [right, *slips.values()]
            assert len(set(shown)) == len(shown), (student, k, slips)  # apart at 4 decimals
            for kind, value in slips.items():
                lines.append(rf"\frac{{\partial \text{{Error}}}}{{\partial w_{k}}} = {value}")
                expected.append((k, kind))
        results = verify_claims(load_network(str(spec)), "\n".join(lines))
        assert [r.verdict for r in results] == ["wrong"] * len(expected)
        named = {}
        for (k, kind), result in zip(expected, results):
            assert result.slip, (student, k, kind)
            named.setdefault(k, []).append(result.slip)
            first = {"sign": "sign of Δ", "missing": "missing factor", "index": "wrong index"}
            for start, words in first.items():
                if kind.startswith(start):
                    assert result.slip.startswith(words), (kind, result.slip)
        for k, slips in named.items():
            assert all(a != b for a, b in combinations(slips, 2)), (student, k, slips)
