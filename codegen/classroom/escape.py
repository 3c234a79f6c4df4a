"""Roster and spec text (names, ids, titles) written into TeX: always data, never commands.

This is the class kit's own small escaper; ``codegen/provenance.py`` (the hardening work) is
meant to become the one home of it. Special characters print as themselves, and characters that
could end a line or hide what it says (controls, line and paragraph separators, format and
bidirectional characters) are shown as their Python escapes, so a comment line cannot be ended
early and a name cannot smuggle a TeX command in. Chinese and other printable text passes.
"""

from __future__ import annotations

import unicodedata

_UNSAFE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
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


def one_line(text: str) -> str:
    """``text`` on one line: unsafe characters shown as their Python escapes (``\\n``)."""
    return "".join(repr(c)[1:-1] if unicodedata.category(c) in _UNSAFE else c for c in str(text))


def tex_text(text: str) -> str:
    """``text`` as TeX that typesets exactly these characters (on one line)."""
    return "".join(_TEX_SPECIALS.get(c, c) for c in one_line(text))


def tex_comment(text: str) -> str:
    """A TeX ``%`` comment line (without its newline) that no text can end early."""
    return "% " + one_line(text)
