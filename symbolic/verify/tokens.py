"""A cursor over the tokens of one claim: look ahead, take, expect, take a {…} group.

In a bracketed row ([0.85 0.48], [h_1 \\ h_2]) spaces separate entries, so the cursor can be put
in row mode, where space tokens are seen; elsewhere they are skipped.
"""

from __future__ import annotations

from .errors import ClaimSyntaxError
from .lexer import Token
from .limits import MAX_DEPTH


class TokenStream:
    def __init__(self, tokens: list[Token], text: str, depth: int = 0):
        self.tokens = tokens
        self.text = text
        self.i = 0
        self.depth = depth
        self.row_mode = [False]
        #: the closing token of each open bracket (\| … \| must not open another)
        self.closers: list[str] = []

    def peek(self, offset: int = 0) -> Token | None:
        j = self.i
        skip = not self.row_mode[-1]
        count = -1
        while j < len(self.tokens):
            tok = self.tokens[j]
            if not (skip and tok.kind == "space"):
                count += 1
                if count == offset:
                    return tok
            j += 1
        return None

    def next(self) -> Token:
        if not self.row_mode[-1]:
            while self.i < len(self.tokens) and self.tokens[self.i].kind == "space":
                self.i += 1
        if self.i >= len(self.tokens):
            raise ClaimSyntaxError("the claim ends too early", len(self.text))
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def at(self, text: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.text == text and tok.kind in ("sym", "cmd")

    def expect(self, text: str) -> Token:
        tok = self.peek()
        if tok is None or tok.text != text:
            where = tok.pos if tok else len(self.text)
            found = repr(tok.text) if tok else "the end"
            raise ClaimSyntaxError(f"expected {text!r}, found {found}", where)
        return self.next()

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ClaimSyntaxError(f"nested more than {MAX_DEPTH} levels deep", pos)

    def leave(self) -> None:
        self.depth -= 1

    def group(self) -> list[Token]:
        """The tokens of a {…} group (or the single next token), consumed."""
        tok = self.next()
        if tok.text != "{" or tok.kind != "sym":
            return [tok]
        level, start = 1, self.i
        while self.i < len(self.tokens):
            t = self.tokens[self.i]
            self.i += 1
            if t.kind == "sym" and t.text == "{":
                level += 1
            elif t.kind == "sym" and t.text == "}":
                level -= 1
                if level == 0:
                    return self.tokens[start : self.i - 1]
        raise ClaimSyntaxError("a { is never closed", tok.pos)

    def last(self) -> Token:
        return self.tokens[self.i - 1]

    def source(self, start: Token) -> str:
        end = self.last()
        return self.text[start.pos : end.pos + len(end.text)]

    def split_number(self, tok: Token) -> Token:
        """\\frac12: take the first digit of a number token, leave the rest for the next read."""
        self.i = self.tokens.index(tok, self.i) + 1
        first = Token("num", tok.text[0], tok.pos, tok.spaced)
        rest = Token("num", tok.text[1:], tok.pos + 1, False)
        if rest.text.startswith("."):
            raise ClaimSyntaxError(r"write \frac{…}{…} with braces", tok.pos)
        self.tokens = [*self.tokens[: self.i], rest, *self.tokens[self.i :]]
        return first


def plain(tokens: list[Token]) -> str:
    """The plain spelling of a subscript or superscript: {h_1} → h1, \\text{out} → out."""
    text = "".join(t.text for t in tokens if t.kind != "space")
    for wrapper in WRAPPERS:
        text = text.replace(wrapper, "")
    return text.replace("{", "").replace("}", "").replace("_", "").replace(" ", "")


WRAPPERS = (
    r"\text", r"\mathrm", r"\mathit", r"\operatorname", r"\textrm", r"\textit", r"\mathsf",
    r"\textsf", r"\textbf", r"\mathbf", r"\boldsymbol", r"\bm",
)  # fmt: skip
