"""A recursive-descent parser for claims written in LaTeX: it builds our syntax tree, nothing else.

Grammar (juxtaposition multiplies, as on paper)::

    chain    := side (relation side)*     relation: =  ≈  ≡  ←  :=  ⇒  \\implies  →  \\to
    side     := term (("+" | "-") term)*
    term     := factor ((· | × | * | . | / | ∘ | ⊙ | juxtaposition) factor)*
    factor   := ("-" | "+") factor | postfix
    postfix  := primary ("^" exponent | "^T" | "'")*
    primary  := number | name | ( side ) | { side } | [ row ] | \\frac{..}{..} | matrix
              | function ( side ) | ∂X/∂Y | ∇_Y X | Σ side | e^{side}

Only whitelisted tokens are accepted; every refusal names its column. Names are read by
``name_reader`` against the notation's ``Lexicon``; the rest (fractions and derivatives,
functions, matrices) by ``primaries``.
"""

from __future__ import annotations

from fractions import Fraction

from . import nodes as n
from . import primaries
from .errors import ClaimSyntaxError
from .lexer import Token, tokenize
from .limits import MAX_EXPONENT, MAX_NESTED_POWERS, MAX_SIDES
from .name_reader import TRANSPOSE_MARKS, UPDATE_MARKS
from .tokens import TokenStream, plain

RELATIONS = {
    "=": "=", r"\approx": "≈", r"\simeq": "≈", r"\equiv": "=", r"\leftarrow": "←",
    r"\gets": "←", r"\Rightarrow": "=", r"\implies": "=", r"\Longrightarrow": "=",
    r"\to": "→", r"\rightarrow": "→", r"\longrightarrow": "→", r"\mapsto": "→",
}  # fmt: skip
REFUSED_RELATIONS = {
    "<", ">", r"\neq", r"\ne", r"\le", r"\leq", r"\ge", r"\geq", r"\iff", r"\sim",
    r"\propto", r"\approxeq", r"\Leftrightarrow",
}  # fmt: skip
PRODUCTS = {r"\cdot": "*", r"\times": "*", "*": "*", ".": "*", r"\odot": "∘", r"\circ": "∘"}


class Parser:
    """Parses one claim's tokens into a Chain; ``whole`` parses a group as one side."""

    def __init__(self, stream: TokenStream, lexicon):
        self.stream = stream
        self.lexicon = lexicon

    def sub_parser(self, tokens: list[Token]) -> Parser:
        return Parser(TokenStream(tokens, self.stream.text, self.stream.depth + 1), self.lexicon)

    def whole(self, tokens: list[Token], pos: int, what: str):
        """Parse a group's tokens as one complete side."""
        if not [t for t in tokens if t.kind != "space"]:
            raise ClaimSyntaxError(f"empty {what}", pos)
        parser = self.sub_parser(tokens)
        parser.stream.enter(pos)
        node = parser.side()
        rest = parser.stream.peek()
        if rest is not None:
            raise ClaimSyntaxError(f"unexpected {rest.text!r} in {what}", rest.pos)
        return node

    # ------------------------------------------------------------------ chain
    def chain(self) -> n.Chain:
        s = self.stream
        sides, relations, texts, columns = [], [], [], []
        while True:
            start = s.peek()
            if start is None:
                raise ClaimSyntaxError("a side of the claim is empty", len(s.text))
            side = self.side()
            sides.append(side)
            texts.append(s.source(start).strip())
            self.skip_prose()
            columns.append(start.pos)
            tok = s.peek()
            if tok is None or self._only_trailing():
                break
            if tok.text == ":" and s.peek(1) is not None and s.peek(1).text == "=":
                s.next()
                s.next()
                relations.append("←")
            elif tok.text in RELATIONS and tok.kind in ("sym", "cmd"):
                s.next()
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
        return n.Chain(tuple(sides), tuple(relations), tuple(texts), tuple(columns))

    def prose_ahead(self) -> bool:
        """\text{(rounded)}, \text{ so that }: words in the maths, not a name."""
        s = self.stream
        tok = s.peek()
        if tok is None or tok.text not in primaries.WRAPPERS or not s.peek(1):
            return False
        if s.peek(1).text != "{":
            return False
        save = s.i
        s.next()
        group = s.group()
        s.i = save
        return primaries.is_prose(group)

    def skip_prose(self) -> None:
        while self.prose_ahead():
            self.stream.next()
            self.stream.group()

    def _only_trailing(self) -> bool:
        """Trailing punctuation or prose (\\text{ with words}) after the last side."""
        s = self.stream
        rest = s.tokens[s.i :]
        k = 0
        while k < len(rest):
            t = rest[k]
            if t.kind == "space" or t.text in (",", ".", ";"):
                k += 1
                continue
            if t.text in primaries.WRAPPERS and k + 1 < len(rest) and rest[k + 1].text == "{":
                sub = Parser(TokenStream(rest[k + 1 :], s.text), self.lexicon)
                group = sub.stream.group()
                if primaries.is_prose(group):
                    k += 1 + sub.stream.i
                    continue
            return False
        return True

    # ------------------------------------------------------------------ sums and products
    def side(self):
        s = self.stream
        left = self.term()
        while (tok := s.peek()) is not None and tok.kind == "sym" and tok.text in "+-":
            s.next()
            left = n.Binary(tok.pos, tok.text, left, self.term())
        return left

    def starts_factor(self, tok: Token | None) -> bool:
        if tok is None:
            return False
        if self.stream.closers and tok.text == self.stream.closers[-1]:
            return False  # the closing \| of a norm
        if self.prose_ahead():
            return False
        if tok.kind in ("word", "num"):
            return True
        if tok.kind == "cmd":
            return primaries.starts_primary(tok.text)
        return tok.kind == "sym" and tok.text in "([{"

    def term(self):
        s = self.stream
        left = self.factor()
        while True:
            tok = s.peek()
            if tok is None:
                return left
            op = PRODUCTS.get(tok.text) if tok.kind in ("cmd", "sym") else None
            if op is not None and (tok.text != "." or self.starts_factor(s.peek(1))):
                s.next()
                left = n.Binary(tok.pos, op, left, self.factor())
            elif tok.text == "/" and tok.kind == "sym":
                s.next()
                left = n.Binary(tok.pos, "/", left, self.factor())
            elif self.starts_factor(tok):
                if tok.kind == "num":
                    if s.row_mode[-1] and tok.spaced:
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
        s = self.stream
        tok = s.peek()
        if tok is not None and tok.kind == "sym" and tok.text in "+-":
            number, after = s.peek(1), s.peek(2)
            if (
                tok.text == "-"
                and number is not None
                and number.kind == "num"
                and (after is None or after.text != "^")
            ):
                s.next()
                s.next()  # −0.809 is one number (its sign is part of what was written)
                value = primaries.number(number)
                return n.Number(tok.pos, -value.value, value.places, "-" + value.text)
            s.next()
            s.enter(tok.pos)
            operand = self.factor()
            s.leave()
            return n.Negate(tok.pos, operand) if tok.text == "-" else operand
        return self.postfix()

    # ------------------------------------------------------------------ powers, transposes, primes
    def postfix(self):
        s = self.stream
        node = primaries.primary(self)
        while True:
            tok = s.peek()
            if tok is None or tok.kind != "sym":
                return node
            if tok.text == "^":
                s.next()
                group = s.group()
                mark = plain(group)
                raw = "".join(t.text for t in group)
                if mark in TRANSPOSE_MARKS or raw in TRANSPOSE_MARKS:
                    node = n.Transpose(tok.pos, node)
                elif mark in UPDATE_MARKS or raw in UPDATE_MARKS:
                    node = self.primed(node, tok.pos)
                else:
                    node = self.power(node, group, tok.pos)
            elif tok.text == "'":
                s.next()
                node = self.primed(node, tok.pos)
            else:
                return node

    def primed(self, node, pos: int):
        if isinstance(node, n.Name) and node.reading.is_parameter:
            return n.Name(node.pos, node.reading.updated())
        raise ClaimSyntaxError("a prime or ^{new} marks an updated weight or bias only", pos)

    def power(self, base, group: list[Token], pos: int):
        exponent = self.whole(group, pos, "exponent")
        if isinstance(base, n.Call) and base.function == "e":
            return n.checked_call(n.Call(base.pos, "exp", (exponent,)), pos)
        value = small_rational(exponent)
        if value is None or abs(value) > MAX_EXPONENT or value.denominator > 8:
            raise ClaimSyntaxError(
                f"an exponent must be a number within ±{MAX_EXPONENT} (or use e^{{…}})", pos
            )
        nested = sum(isinstance(x, n.Power) for x in n.walk(base))
        if nested >= MAX_NESTED_POWERS:
            raise ClaimSyntaxError("powers of powers nested too deeply", pos)
        return n.Power(pos, base, exponent)


def small_rational(node) -> Fraction | None:
    """The value of an exponent written as a plain number, -number, a/b or (1 - 1); else None."""
    if isinstance(node, n.Number):
        return node.value
    if isinstance(node, n.Negate):
        inner = small_rational(node.operand)
        return None if inner is None else -inner
    if isinstance(node, n.Binary) and node.op in "/+-*":
        left, right = small_rational(node.left), small_rational(node.right)
        if left is None or right is None:
            return None
        if node.op == "/":
            return left / right if right else None
        return {"+": left + right, "-": left - right, "*": left * right}[node.op]
    return None


def parse_claim(text: str, lexicon) -> n.Chain:
    """The chain of a claim's text; ClaimSyntaxError says what is wrong and where."""
    tokens = tokenize(text)
    if not tokens:
        raise ClaimSyntaxError("empty claim", 0)
    return Parser(TokenStream(tokens, text), lexicon).chain()
