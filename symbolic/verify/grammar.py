"""A recursive-descent parser for claims written in LaTeX: it builds our syntax tree, nothing else.

Grammar (juxtaposition multiplies, as on paper)::

    chain    := side (relation side)*            relation: =  \\approx  \\leftarrow  :=
    side     := term (("+" | "-") term)*
    term     := factor ((\\cdot | \\times | * | / | juxtaposition) factor)*
    factor   := ("-" | "+") factor | postfix
    postfix  := primary ("^" exponent | "^T" | "'")*
    primary  := number | name | ( side ) | { side } | [ row ] | \\frac{..}{..} | \\begin{bmatrix}..
              | function ( side ) | \\partial name / \\partial name | e^{side}

Only whitelisted tokens are accepted; every refusal names its column.
"""

from __future__ import annotations

from fractions import Fraction

from . import nodes as n
from .errors import ClaimSyntaxError
from .lexer import Token, tokenize
from .limits import MAX_DEPTH, MAX_EXPONENT, MAX_NESTED_POWERS, MAX_SIDES
from .primaries import (
    FUNCTIONS,
    GREEK,
    TRANSPARENT,
    UPDATE_MARKS,
    WRAPPERS,
    PrimaryMixin,
    strip_wrappers,
)

RELATIONS = {"=": "=", r"\approx": "≈", r"\equiv": "=", r"\leftarrow": "←", r"\gets": "←"}
REFUSED_RELATIONS = {
    "<", ">", r"\neq", r"\ne", r"\le", r"\leq", r"\ge", r"\geq", r"\to", r"\rightarrow",
    r"\Rightarrow", r"\implies", r"\iff", r"\sim", r"\propto", r"\approxeq", r"\simeq",
}  # fmt: skip
STARTERS_CMD = {
    r"\frac", r"\dfrac", r"\tfrac", r"\begin", r"\partial", r"\hat", r"\langle", r"\{",
    r"\lvert",
    *WRAPPERS, *TRANSPARENT, *FUNCTIONS, *GREEK,
}  # fmt: skip
TRANSPOSE_MARKS = {"T", r"\top", r"\intercal", r"\mathsf{T}"}


class Parser(PrimaryMixin):
    """Parses one claim's tokens into a Chain; ``parse_side`` serves sub-groups (exponents…)."""

    def __init__(self, tokens: list[Token], text: str, vocabulary, depth: int = 0):
        self.tokens = tokens
        self.text = text
        self.vocabulary = vocabulary
        self.i = 0
        self.depth = depth
        self.row_mode = [False]

    # ------------------------------------------------------------------ tokens
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

    def expect(self, text: str) -> Token:
        tok = self.peek()
        if tok is None or tok.text != text:
            where = tok.pos if tok else len(self.text)
            found = repr(tok.text) if tok else "the end"
            raise ClaimSyntaxError(f"expected {text!r}, found {found}", where)
        return self.next()

    def at(self, text: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.text == text and tok.kind in ("sym", "cmd")

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ClaimSyntaxError(f"nested more than {MAX_DEPTH} levels deep", pos)

    def leave(self) -> None:
        self.depth -= 1

    def group_tokens(self) -> list[Token]:
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

    def sub_parser(self, tokens: list[Token]) -> Parser:
        return Parser(tokens, self.text, self.vocabulary, self.depth + 1)

    def parse_whole(self, tokens: list[Token], pos: int, what: str):
        """Parse a group's tokens as one complete side."""
        if not [t for t in tokens if t.kind != "space"]:
            raise ClaimSyntaxError(f"empty {what}", pos)
        parser = self.sub_parser(tokens)
        if parser.depth > MAX_DEPTH:
            raise ClaimSyntaxError(f"nested more than {MAX_DEPTH} levels deep", pos)
        node = parser.side()
        rest = parser.peek()
        if rest is not None:
            raise ClaimSyntaxError(f"unexpected {rest.text!r} in {what}", rest.pos)
        return node

    # ------------------------------------------------------------------ chain
    def chain(self) -> n.Chain:
        sides, relations, texts = [], [], []
        while True:
            start = self.peek()
            if start is None:
                raise ClaimSyntaxError("a side of the claim is empty", len(self.text))
            side = self.side()
            end = self.tokens[self.i - 1]
            sides.append(side)
            texts.append(self.text[start.pos : end.pos + len(end.text)].strip())
            tok = self.peek()
            if tok is None:
                break
            if tok.text in (",", ".", ";") and all(
                t.kind == "space" or t.text in (",", ".", ";") for t in self.tokens[self.i :]
            ):
                break  # trailing punctuation
            if tok.text == ":" and self.peek(1) is not None and self.peek(1).text == "=":
                self.next()
                self.next()
                relations.append("←")
            elif tok.text in RELATIONS and tok.kind in ("sym", "cmd"):
                self.next()
                relations.append(RELATIONS[tok.text])
            elif tok.text in REFUSED_RELATIONS:
                raise ClaimSyntaxError(f"only chains of = are checked, not {tok.text}", tok.pos)
            else:
                raise ClaimSyntaxError(f"unexpected {tok.text!r}", tok.pos)
            if len(sides) >= MAX_SIDES:
                raise ClaimSyntaxError(f"a chain of more than {MAX_SIDES} sides", tok.pos)
        if not relations:
            raise ClaimSyntaxError("no = in the claim", 0)
        if "←" in relations[1:]:
            raise ClaimSyntaxError("an assignment (← or :=) must come first in the chain", 0)
        return n.Chain(tuple(sides), tuple(relations), tuple(texts))

    # ------------------------------------------------------------------ sums and products
    def side(self):
        left = self.term()
        while (tok := self.peek()) is not None and tok.kind == "sym" and tok.text in "+-":
            self.next()
            left = n.Binary(tok.pos, tok.text, left, self.term())
        return left

    def starts_factor(self, tok: Token | None) -> bool:
        if tok is None:
            return False
        if tok.kind in ("word", "num"):
            return True
        if tok.kind == "cmd":
            return tok.text in STARTERS_CMD
        return tok.kind == "sym" and tok.text in "([{"

    def term(self):
        left = self.factor()
        while True:
            tok = self.peek()
            if tok is None:
                return left
            if tok.text in (r"\cdot", r"\times", "*") and tok.kind in ("cmd", "sym"):
                self.next()
                left = n.Binary(tok.pos, "*", left, self.factor())
            elif tok.text == "/" and tok.kind == "sym":
                self.next()
                left = n.Binary(tok.pos, "/", left, self.factor())
            elif self.starts_factor(tok):
                if tok.kind == "num":
                    if self.row_mode[-1] and tok.spaced:
                        return left  # [0.85 0.48]: the next entry of a row
                    if isinstance(left, n.Name) and not tok.spaced:
                        raise ClaimSyntaxError(
                            f"LaTeX reads this as a name times {tok.text}; put a multi-digit "
                            "index in braces, e.g. w_{12}",
                            tok.pos,
                        )
                    raise ClaimSyntaxError(
                        f"a number right after a factor; write \\cdot or \\times before {tok.text}",
                        tok.pos,
                    )
                left = n.Binary(tok.pos, "*", left, self.postfix())
            else:
                return left

    def factor(self):
        tok = self.peek()
        if tok is not None and tok.kind == "sym" and tok.text in "+-":
            self.next()
            self.enter(tok.pos)
            operand = self.factor()
            self.leave()
            return n.Negate(tok.pos, operand) if tok.text == "-" else operand
        return self.postfix()

    # ------------------------------------------------------------------ powers, transposes, primes
    def postfix(self):
        node = self.primary()
        while True:
            tok = self.peek()
            if tok is None or tok.kind != "sym":
                return node
            if tok.text == "^":
                self.next()
                group = self.group_tokens()
                mark = strip_wrappers("".join(t.text for t in group))
                if mark in TRANSPOSE_MARKS or "".join(t.text for t in group) in TRANSPOSE_MARKS:
                    node = n.Transpose(tok.pos, node)
                elif mark in UPDATE_MARKS:
                    node = self.primed(node, tok.pos)
                else:
                    node = self.power(node, group, tok.pos)
            elif tok.text == "'":
                self.next()
                node = self.primed(node, tok.pos)
            else:
                return node

    def primed(self, node, pos: int):
        if isinstance(node, n.Name) and node.quantity.is_parameter:
            role = node.quantity.role
            name = self.vocabulary.names.parameter_name(*role)
            updated = self.vocabulary.names.updated(name).ascii
            return n.Name(node.pos, n.Quantity(updated, ("updated", *role)))
        raise ClaimSyntaxError("a prime or ^{new} marks an updated weight or bias only", pos)

    def power(self, base, group: list[Token], pos: int):
        exponent = self.parse_whole(group, pos, "exponent")
        is_e = isinstance(base, n.Call) and base.function == "e"
        if is_e:
            return n.checked_call(n.Call(base.pos, "exp", (exponent,)), pos)
        value = _small_rational(exponent)
        if value is None or abs(value) > MAX_EXPONENT or value.denominator > 8:
            raise ClaimSyntaxError(
                f"an exponent must be a number within ±{MAX_EXPONENT} (or use e^{{…}})", pos
            )
        nested = sum(isinstance(x, n.Power) for x in n.walk(base))
        if nested >= MAX_NESTED_POWERS:
            raise ClaimSyntaxError("powers of powers nested too deeply", pos)
        return n.Power(pos, base, exponent)


def _small_rational(node) -> Fraction | None:
    """The value of an exponent written as a plain number, -number or a/b; else None."""
    if isinstance(node, n.Number):
        return node.value
    if isinstance(node, n.Negate):
        inner = _small_rational(node.operand)
        return None if inner is None else -inner
    if isinstance(node, n.Binary) and node.op == "/":
        top, bottom = _small_rational(node.left), _small_rational(node.right)
        if top is None or not bottom:
            return None
        return top / bottom
    return None


def parse_claim(text: str, vocabulary) -> n.Chain:
    """The chain of a claim's text; ClaimSyntaxError says what is wrong and where."""
    tokens = tokenize(text)
    if not tokens:
        raise ClaimSyntaxError("empty claim", 0)
    return Parser(tokens, text, vocabulary).chain()
