"""Spec-derived text (a title, a unit name, the spec's file name) written into generated files.

Text from a spec is data. It reaches a generated ``.py`` only as a ``repr()`` literal, inside a
comment line it cannot end, or inside the module docstring through literal escaping; it reaches
a ``.tex`` only inside a ``%`` comment line it cannot end, or as TeX text whose special
characters are all escaped. Characters that could end a line or hide what a line says (control
characters, line and paragraph separators, bidirectional and other format characters, lone
surrogates) are shown as their Python escapes (``\\n``, ``\\x00``, ``\\u2028``), so what a reader
sees is exactly what the spec said. Chinese and every other printable text passes unchanged.
"""

from __future__ import annotations

import unicodedata

#: Unicode categories escaped visibly: controls, format characters, surrogates, separators
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})

#: TeX's special characters and what prints each of them as itself
_TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _unsafe(char: str) -> bool:
    return unicodedata.category(char) in _UNSAFE_CATEGORIES


def _escape_of(char: str) -> str:
    """The Python escape of one unsafe character: ``\\n``, ``\\x00``, ``\\u2028``, ``\\ud800``."""
    return repr(char)[1:-1]


def one_line(text: str) -> str:
    """``text`` on one line: every unsafe character shown as its Python escape."""
    return "".join(_escape_of(c) if _unsafe(c) else c for c in str(text))


def py_comment(text: str) -> str:
    """A Python comment line (without its newline) that no text can end early."""
    return "# " + one_line(text)


def tex_comment(text: str) -> str:
    """A TeX ``%`` comment line (without its newline) that no text can end early."""
    return "% " + one_line(text)


def py_literal(value) -> str:
    """A Python literal for a str, number, tuple, … (``repr`` escapes what needs it)."""
    return repr(value)


def py_docstring_text(text: str) -> str:
    """``text`` for the inside of a ``\"\"\"`` docstring: it reads back as exactly ``text``.

    Backslashes and quotes are escaped (so neither ``\"\"\"`` nor an escape such as ``\\N`` can
    appear), unsafe characters become their escapes.
    """
    out = []
    for char in str(text):
        if char in '\\"':
            out.append("\\" + char)
        elif _unsafe(char):
            out.append(_escape_of(char))
        else:
            out.append(char)
    return "".join(out)


def tex_text(text: str) -> str:
    """``text`` as TeX that prints it: no command, group or comment can start from it."""
    out = []
    for char in str(text):
        if char in _TEX_SPECIALS:
            out.append(_TEX_SPECIALS[char])
        elif _unsafe(char):
            out.append(_TEX_SPECIALS["\\"] + _escape_of(char)[1:])
        else:
            out.append(char)
    return "".join(out)
