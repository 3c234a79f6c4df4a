"""Tokens of a LaTeX math claim: numbers, letter runs, control sequences, symbols.

The lexer accepts a whitelist of characters; anything else (quotes, backticks, ``#``, ``@``, …)
is refused with its column. A few Unicode characters that people paste (Δ, η, ∂, ·, ×, −, ′, ≈)
are read as their LaTeX commands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ClaimSyntaxError
from .limits import MAX_CLAIM_CHARS, MAX_NUMBER_DIGITS, MAX_TOKENS

#: Unicode characters read as LaTeX commands or ASCII symbols
UNICODE = {
    "Δ": r"\Delta",
    "δ": r"\delta",
    "η": r"\eta",
    "α": r"\alpha",
    "σ": r"\sigma",
    "∂": r"\partial",
    "·": r"\cdot",
    "⋅": r"\cdot",
    "×": r"\times",
    "−": "-",
    "′": "'",
    "≈": r"\approx",
    "⊤": r"\top",
    "←": r"\leftarrow",
    "→": r"\to",
    "⇒": r"\Rightarrow",
    "∘": r"\circ",
    "⊙": r"\odot",
    "∑": r"\sum",
    "Σ": r"\sum",
    "θ": r"\theta",
    "ŷ": "ŷ",
    "\u00a0": " ",
    "\u3000": " ",
}

#: spacing commands: separators inside a bracketed row, ignored elsewhere
SPACES = frozenset(
    {"\\ ", "\\,", "\\;", "\\:", "\\>", "\\!", "~", r"\quad", r"\qquad", r"\enspace", r"\thinspace"}
)
#: commands that only change the look
IGNORED = frozenset(
    {r"\displaystyle", r"\textstyle", r"\limits", r"\nolimits", r"\left", r"\right"}
    | {r"\nonumber", r"\notag", r"\therefore", r"\because", r"\middle", r"\scriptstyle"}
    | {rf"\{size}{side}" for size in ("big", "Big", "bigg", "Bigg") for side in ("", "l", "r", "m")}
)
#: commands skipped together with their {…} argument: \label{eq:1}, \tag{2}
IGNORED_WITH_ARGUMENT = frozenset({r"\label", r"\tag", r"\tag*", r"\hspace", r"\vspace"})
DIGITS = frozenset("0123456789")
SYMBOLS = set("+-*/=^_{}()[]&',|<>:;.!")

_NUMBER = re.compile(r"\d+(?:(?:\.|\{,\})\d+)?|\.\d+")
_WORD = re.compile(r"[A-Za-z]+")
_COMMAND = re.compile(r"\\(?:[A-Za-z]+|.)", re.DOTALL)


@dataclass(frozen=True)
class Token:
    kind: str  # "num", "word", "cmd", "space", "sym"
    text: str
    pos: int  # column in the claim text, 0-based
    spaced: bool  # whitespace (or a spacing command) right before it


def tokenize(text: str) -> list[Token]:
    if len(text) > MAX_CLAIM_CHARS:
        raise ClaimSyntaxError(
            f"claim is {len(text)} characters long; at most {MAX_CLAIM_CHARS} are checked", 0
        )
    tokens: list[Token] = []
    pos, spaced = 0, False
    while pos < len(text):
        c = text[pos]
        if c.isspace():
            pos, spaced = pos + 1, True
            continue
        if c in DIGITS or (c == "." and pos + 1 < len(text) and text[pos + 1] in DIGITS):
            m = _NUMBER.match(text, pos)
            number = m.group().replace("{,}", ".")  # 0{,}5 is the decimal comma
            if sum(d.isdigit() for d in number) > MAX_NUMBER_DIGITS:
                raise ClaimSyntaxError(f"a number with more than {MAX_NUMBER_DIGITS} digits", pos)
            tokens.append(Token("num", number, pos, spaced))
            pos = m.end()
        elif c.isascii() and c.isalpha():
            m = _WORD.match(text, pos)
            tokens.append(Token("word", m.group(), pos, spaced))
            pos = m.end()
        elif c == "\\":
            m = _COMMAND.match(text, pos)
            if m is None:
                raise ClaimSyntaxError("a lone backslash", pos)
            command = m.group()
            if command[1:2].isspace():
                command = "\\ "
            pos = m.end()
            if command in IGNORED:
                continue
            if command in IGNORED_WITH_ARGUMENT:
                pos = _skip_group(text, pos)
                continue
            if command in SPACES:
                tokens.append(Token("space", command, m.start(), spaced))
                spaced = True
                continue
            tokens.append(Token("cmd", command, m.start(), spaced))
        elif c == "~":
            tokens.append(Token("space", "~", pos, spaced))
            pos, spaced = pos + 1, True
            continue
        elif c in SYMBOLS or UNICODE.get(c) in SYMBOLS:
            tokens.append(Token("sym", UNICODE.get(c, c), pos, spaced))
            pos += 1
        elif c in UNICODE:
            command = UNICODE[c]
            pos += 1
            if command == " ":
                spaced = True
                continue
            tokens.append(Token("cmd", command, pos - 1, spaced))
        else:
            raise ClaimSyntaxError(f"unexpected character {c!r}", pos)
        spaced = False
        if len(tokens) > MAX_TOKENS:
            raise ClaimSyntaxError(f"claim has more than {MAX_TOKENS} tokens", pos)
    return tokens


def _skip_group(text: str, pos: int) -> int:
    """The position after a {…} argument starting at ``pos`` (spaces before it skipped)."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos < len(text) and text[pos] == "*":
        pos += 1
    if pos >= len(text) or text[pos] != "{":
        return pos
    depth = 0
    for end in range(pos, len(text)):
        depth += (text[end] == "{") - (text[end] == "}")
        if depth == 0:
            return end + 1
    raise ClaimSyntaxError("a { is never closed", pos)
