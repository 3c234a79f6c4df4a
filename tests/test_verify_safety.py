"""Nothing in a claim is ever run; huge, deep or slow claims are refused or cut off in time."""

from __future__ import annotations

import ast
import threading
from pathlib import Path

import pytest

from symbolic import load_network, verify_claims
from symbolic.verify.claims import Context, check_claim
from symbolic.verify.equality import bounded_expand, expansion_terms
from symbolic.verify.errors import ClaimTooLarge
from symbolic.verify.limits import MAX_EXPANDED_TERMS, SECONDS_PER_CLAIM
from symbolic.verify.parser import parse_claim

PACKAGE = Path(__file__).resolve().parent.parent / "symbolic" / "verify"
BUILTINS = {"eval", "exec", "compile", "__import__", "open"}
SYMPY_PARSERS = {"sympify", "parse_expr", "parse_latex", "lambdify", "S"}


def test_the_package_never_evaluates_text():
    """No call to eval/exec/compile/sympify/parse_expr/parse_latex/lambdify in the package."""
    for path in [*PACKAGE.glob("*.py"), PACKAGE.parent.parent / "codegen/cli/verify.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name):
                    assert func.id not in BUILTINS | SYMPY_PARSERS, f"{path.name}:{node.lineno}"
                elif isinstance(func, ast.Attribute):
                    assert func.attr not in SYMPY_PARSERS, f"{path.name}:{node.lineno}"


INJECTIONS = [
    r"h_1 = \text{__import__('os').system('touch MARKER')}",
    "h_1 = __import__('os').system('touch MARKER')",
    r"\text{eval}(\text{open}(MARKER)) = 1",
    r"E = \mathrm{exec}(1)",
    r"E = \operatorname{__class__}",
    "E = os.system(1)",
    r"E = \input{/etc/passwd}",
    r"E = \write18{touch MARKER}",
    r"E = \begin{verbatim} x \end{verbatim}",
    "E = h_1.__class__",
    "w_5 = `touch MARKER`",
    "w_5 = $(touch MARKER)",
]


@pytest.mark.parametrize("template", INJECTIONS)
def test_injection_attempts_do_nothing(template, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "MARKER"
    text = template.replace("MARKER", str(marker))
    results = verify_claims("slides", text)
    assert results, text
    assert all(r.verdict in ("unreadable", "wrong") for r in results), results
    assert not marker.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "text",
    [
        "E = 10^{10^{10}}",
        "E = 9^{9^{9}}",
        "E = 2^{1000}",
        "E = ((2^{16})^{16})^{16}",
        "E = e^{e^{e^{e^{10}}}}",
        "E = " + "1" * 41,
        r"E = \frac{1}{0}",
        "E = " + "(" * 60 + "1" + ")" * 60,
        "E = " + " + ".join(["h_1"] * 900),
        "E = " + " = ".join(["1"] * 30),
    ],
)
def test_huge_or_deep_claims_end_as_unreadable_or_wrong(text):
    (result,) = verify_claims("slides", text)
    assert result.verdict in ("unreadable", "wrong"), result
    assert result.explanation


def test_a_value_too_large_to_compute_is_undecided_not_unreadable():
    (result,) = verify_claims("slides", "E = e^{e^{e^{10}}}")
    assert result.verdict == "undecided" and "work budget" in result.explanation, result


def test_the_last_resort_clock_makes_a_claim_undecided_and_the_next_claim_runs():
    context = Context(load_network("layered-3-3-1"), seconds=0.001)
    slow = (
        r"\frac{\partial a_1^{(2)}}{\partial z_1^{(2)}} = "
        r"\sigma(z_1^{(2)})(1 - \sigma(z_1^{(2)}))"
    )
    verdict, explanation, *_ = check_claim(context, slow, 1)
    assert verdict == "undecided" and "last-resort limit" in explanation
    context.seconds = 30
    verdict, explanation, *_ = check_claim(context, slow, 1)
    assert verdict == "correct", explanation


def test_an_expansion_that_would_run_for_minutes_is_never_started():
    big = "(" + " + ".join(f"w_{k}" for k in range(1, 7)) + " + h_1 + h_2)^{16}"
    context = Context(load_network("slides"), seconds=SECONDS_PER_CLAIM)
    verdict, explanation, *_ = check_claim(context, f"{big} = {big} + w_1 - w_1", 1)
    assert verdict == "correct", explanation
    verdict, explanation, *_ = check_claim(context, f"E = {big}", 1)
    assert verdict == "wrong", explanation
    # (…)^16 of 8 terms has 245,157 terms: sized before expanding, never expanded
    assert expansion_terms(parse_value(big)) > MAX_EXPANDED_TERMS
    with pytest.raises(ClaimTooLarge):
        bounded_expand(parse_value(big))


def test_without_a_main_thread_the_size_limits_still_hold():
    results = {}

    def work():
        results["r"] = verify_claims("slides", "E = 10^{10^{10}}\nh_1 = 2 w_1 + 3 w_2")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=120)
    assert [r.verdict for r in results["r"]] == ["unreadable", "correct"]


def test_a_spec_formula_is_not_a_way_in():
    # vocabulary comes from the network; a claim cannot name anything else
    (result,) = verify_claims("slides", r"\text{load_network} = 1")
    assert result.verdict == "unreadable"


def parse_value(text: str):
    """The SymPy value of one side written in the slides' names."""
    context = Context(load_network("slides"), seconds=SECONDS_PER_CLAIM)
    chain = parse_claim(f"E = {text}", context.lexicon)
    return context.builder.build(chain.sides[1])
