"""Fractions and derivatives: \\frac{a}{b}, \\frac{\\partial X}{\\partial Y}, \\frac{dE}{dw},
\\frac{\\partial}{\\partial w} E, ∂E/∂w written inline, and ∇_{W} E."""

from __future__ import annotations

from . import nodes as n
from .errors import ClaimSyntaxError
from .lexer import Token


def argument(parser) -> list[Token]:
    """A \\frac argument: a {…} group, or one character of the next token (\\frac12)."""
    s = parser.stream
    tok = s.peek()
    if tok is not None and tok.kind == "num" and len(tok.text) > 1 and tok.text[0] != "{":
        return [s.split_number(tok)]
    return s.group()


def fraction(parser, tok: Token):
    s = parser.stream
    s.enter(tok.pos)
    top = argument(parser)
    bottom = argument(parser)
    top_d = differential(top)
    bottom_d = differential(bottom)
    if bottom_d is not None and top_d is None:
        raise ClaimSyntaxError("∂ in the denominator but not in the numerator", tok.pos)
    if top_d is not None and bottom_d is not None:
        by = by_name(parser.whole(bottom_d, tok.pos, "denominator"), tok.pos)
        if top_d and top_d[0].text == "^":
            raise ClaimSyntaxError("only first derivatives are understood", top_d[0].pos)
        if not [t for t in top_d if t.kind != "space"]:
            of = parser.postfix()  # \frac{\partial}{\partial w} E
        else:
            of = parser.whole(top_d, tok.pos, "numerator")
        s.leave()
        return n.Derivative(tok.pos, of, by)
    numerator = parser.whole(top, tok.pos, "numerator")
    denominator = parser.whole(bottom, tok.pos, "denominator")
    s.leave()
    return n.Binary(tok.pos, "/", numerator, denominator)


def by_name(node, pos: int) -> n.Reading:
    """What ∂/∂(…) is taken with respect to: one written name (a whole W or a entry)."""
    if isinstance(node, n.Name) and node.reading.quantity is not None:
        return node.reading
    if isinstance(node, n.Name) and node.reading.variable is not None:
        return node.reading
    raise ClaimSyntaxError("∂ in the denominator must be followed by one name", pos)


def inline_partial(parser, tok: Token):
    """∂E/∂w_5 written inline."""
    s = parser.stream
    of = parser.postfix()
    s.expect("/")
    if not s.at(r"\partial"):
        raise ClaimSyntaxError("expected ∂ after / in ∂E/∂w", tok.pos)
    s.next()
    by = by_name(parser.postfix(), tok.pos)
    return n.Derivative(tok.pos, of, by)


def gradient(parser, tok: Token):
    """∇_{W^{(1)}} E: the gradient of what follows with respect to the subscript."""
    s = parser.stream
    if not s.at("_"):
        raise ClaimSyntaxError(r"\nabla needs a subscript: \nabla_{W} E", tok.pos)
    s.next()
    by = by_name(parser.whole(s.group(), tok.pos, "∇ subscript"), tok.pos)
    of = parser.postfix()
    return n.Derivative(tok.pos, of, by)


def differential(tokens: list[Token]) -> list[Token] | None:
    """The tokens after a leading ∂ (or d, \\mathrm{d}); None when there is none."""
    body = [t for t in tokens if t.kind != "space"]
    if not body:
        return None
    first = body[0]
    if first.text == r"\partial":
        return tokens[tokens.index(first) + 1 :]
    if (first.kind == "word" and first.text.startswith("d") and len(body) > 1) or (
        first.kind == "word" and first.text.startswith("d") and len(first.text) > 1
    ):
        rest = tokens[tokens.index(first) + 1 :]
        if len(first.text) > 1:
            rest = [Token("word", first.text[1:], first.pos + 1, False), *rest]
        return rest
    if (
        first.text in (r"\mathrm", r"\text")
        and len(body) > 3
        and [t.text for t in body[1:4]] == ["{", "d", "}"]
    ):
        return tokens[tokens.index(body[3]) + 1 :]
    return None
