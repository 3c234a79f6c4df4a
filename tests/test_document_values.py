"""Numbers as documents show them: significant digits, half-to-even, = for exact and ≈ for rounded.

The oracle is the definition itself, checked on random fractions: the shown text has exactly D
significant digits, lies within half a unit of its last digit from the value, and on a tie ends
in an even digit; an exact value needing at most D digits is shown as itself.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import mpmath
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from codegen.document.printer import tex
from codegen.document.values import Exact, Rounded, column, consistent, relation, shown

fractions = st.builds(
    Fraction,
    st.integers(min_value=-(10**9), max_value=10**9).filter(bool),
    st.sampled_from([1, 3, 7, 8, 10, 1000, 3**9, 10**7, 2**20]),
)


@given(fractions, st.integers(min_value=1, max_value=8))
def test_rounded_text_has_d_digits_and_is_the_nearest(value, digits):
    number = shown(value, digits)
    text = number.text()
    assert Fraction(Decimal(text)) == Fraction(text)
    if isinstance(number, Exact):
        assert Fraction(text) == value
        return
    assert isinstance(number, Rounded)
    mantissa = text.split("e")[0]  # 8.410e15: ten million and more, below ten millionths
    digits_shown = mantissa.lstrip("-").replace(".", "").lstrip("0")
    if "." in mantissa or "e" in text:
        assert len(digits_shown) == digits
    else:  # a whole number: the digits after the D-th are zeros standing for the magnitude
        assert len(digits_shown) >= digits and set(digits_shown[digits:]) <= {"0"}
    unit = Fraction(10) ** (Decimal(text).adjusted() - digits + 1)
    error = abs(Fraction(text) - value)
    assert error <= unit / 2
    if error == unit / 2:  # a tie goes to the even neighbour
        assert int(digits_shown[digits - 1]) % 2 == 0


def test_small_values_keep_their_digits_and_trailing_zeros():
    assert shown(Fraction("0.000612345"), 4).text() == "0.0006123"
    assert shown(Fraction("0.09996"), 4).text() == "0.09996"  # exact, not "0.1"
    assert isinstance(shown(Fraction("0.09996"), 4), Exact)
    assert shown(Fraction("0.099961"), 4).text() == "0.09996"
    assert shown(Fraction(27695717, 10**8), 4).text() == "0.2770"
    assert shown(Fraction("0.0982025"), 4).text() == "0.09820"
    assert shown(Fraction("9.99996"), 4).text() == "10.00"
    assert shown(Fraction("0.00012345"), 4).text() == "0.0001234"  # tie: 4 is even
    assert shown(Fraction("0.00012355"), 4).text() == "0.0001236"
    assert shown(Fraction(-809, 1000), 4).text() == "-0.809"
    assert shown(Fraction(0), 4).text() == "0"
    assert shown(Fraction(8409640000000000), 4).text() == "8.410e15"
    assert shown(Fraction(3 * 10**20), 4).text() == "3e20"  # exact
    assert shown(Fraction(1063, 10**11), 4).text() == "1.063e-8"
    assert tex(shown(Fraction(-98765432), 4)) == r"-9.877 \times 10^{7}"


def test_approximate_numbers_are_never_exact():
    assert isinstance(shown(mpmath.mpf("0.5"), 4), Rounded)  # a 60-digit σ(0)
    assert shown(mpmath.mpf("0.5"), 4).text() == "0.5000"
    assert isinstance(shown(0.25, 4), Rounded)  # a float64 value
    assert shown(1 / 3, 6).text() == "0.333333"


def test_relation_is_approx_exactly_when_a_rounded_number_is_shown():
    x = sp.Symbol("x")
    exact, rounded = shown(Fraction("0.191"), 4), shown(Fraction(1, 3), 4)
    assert relation(sp.Add(x, exact, evaluate=False)) == "="
    assert relation(sp.Add(x, rounded, evaluate=False)) == r"\approx"
    assert relation(sp.ImmutableMatrix([[exact, rounded]])) == r"\approx"
    assert relation(x) == "="
    assert relation(x + rounded) == r"\approx"  # evaluated: a plain Float counts as rounded


def test_a_matrix_keeps_trailing_zeros_alike():
    values = [Fraction(1, 2), mpmath.mpf("0.598687660112452"), Fraction(1), Fraction(0)]
    assert [e.text() for e in column(values, 4)] == ["0.5000", "0.5987", "1", "0"]
    exact = column([Fraction("0.11"), Fraction("0.2")], 4)
    assert [e.text() for e in exact] == ["0.11", "0.2"]
    padded = consistent(
        sp.ImmutableMatrix([[shown(Fraction("0.227"), 4)], [shown(Fraction(1, 3), 4)]]), 4
    )
    assert [e.text() for e in padded] == ["0.2270", "0.3333"]


def test_printer_writes_shown_numbers_as_shown_with_negative_factors_in_parentheses():
    a = sp.Symbol("a")
    rounded = shown(Fraction(-80901, 100000), 4)
    assert (
        tex(sp.Mul(shown(Fraction(1, 20), 4), rounded, evaluate=False))
        == r"0.05 \cdot \left(-0.8090\right)"
    )
    assert tex(sp.Add(shown(Fraction("0.191"), 4), -1, evaluate=False)) == "0.191 - 1"
    assert tex(sp.Mul(shown(Fraction(3, 10), 4), sp.Add(1, -a), evaluate=False)).startswith("0.3")
