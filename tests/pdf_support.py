"""Helpers of the document tests: a PDF's text, and numbers rounded as documents show them,
written here independently of codegen.document.values (the oracle side of the tests)."""

from __future__ import annotations

import re
import subprocess
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction


def pdf_text(pdf: bytes, tmp_path_factory) -> str:
    """pdftotext -layout of a PDF, with U+2212 minus signs made ASCII."""
    path = tmp_path_factory.mktemp("pdf") / "doc.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.replace("\u2212", "-")


def rounded(value: Fraction, digits: int = 4) -> str:
    """``digits`` significant digits, half to even, trailing zeros kept — or the exact value when
    it needs no more digits (as documents show numbers)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    if len(exact.normalize().as_tuple().digits) <= digits and Fraction(exact) == value:
        return format(exact.normalize(), "f")
    d = exact.quantize(Decimal(1).scaleb(exact.adjusted() - digits + 1), rounding=ROUND_HALF_EVEN)
    return format(d, "f")


def significant(value: float, digits: int = 4) -> str:
    """A float rounded half to even to ``digits`` significant digits, trailing zeros kept."""
    d = Decimal(value)
    return format(d.quantize(Decimal(1).scaleb(d.adjusted() - digits + 1), ROUND_HALF_EVEN), "f")


def has_number(text: str, number: str) -> bool:
    """Whether ``number`` occurs in ``text`` as a whole number (not inside a longer one)."""
    return re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", text) is not None
