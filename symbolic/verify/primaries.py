"""The primaries of the claim grammar: numbers, names, groups, rows, fractions and derivatives,
functions and matrices (a mixin of ``grammar.Parser``, which provides the token helpers)."""

from __future__ import annotations

import re
from fractions import Fraction

from . import nodes as n
from .errors import ClaimSyntaxError
from .lexer import Token
from .limits import MAX_MATRIX_ENTRIES

FUNCTIONS = {
    r"\exp": "exp", r"\ln": "log", r"\log": "log", r"\tanh": "tanh", r"\sigma": "sigmoid",
    r"\sqrt": "sqrt", r"\max": "max", r"\sinh": "sinh", r"\cosh": "cosh",
}  # fmt: skip
FUNCTION_WORDS = {"sigmoid": "sigmoid", "sigma": "sigmoid", "ReLU": "relu", "relu": "relu",
                  "exp": "exp", "tanh": "tanh", "ln": "log", "log": "log"}  # fmt: skip
WRAPPERS = {r"\text", r"\mathrm", r"\mathit", r"\operatorname", r"\textrm", r"\textit",
            r"\mathsf", r"\textsf", r"\textbf"}  # fmt: skip
TRANSPARENT = {r"\mathbf", r"\boldsymbol", r"\bm", r"\underline", r"\overline"}
MATRICES = {"bmatrix", "pmatrix", "Bmatrix", "matrix", "smallmatrix", "Vmatrix"}
GREEK = {"\\Delta", "\\delta", "\\eta", "\\alpha"}
UPDATE_MARKS = {r"\prime", "'", "+", "new", "(new)"}
SEPARATORS = {",", "&"}
_LAYER = re.compile(r"^\((\d+)\)(,?(?:\\prime|'|\+|new))?$")


def strip_wrappers(text: str) -> str:
    """\\text{out} → out, {h_1} → h1: the plain spelling of a subscript or superscript."""
    for wrapper in WRAPPERS:
        text = text.replace(wrapper, "")
    return text.replace("{", "").replace("}", "").replace("_", "").replace(" ", "")


class PrimaryMixin:
    """Parsing of primaries; needs next/peek/at/expect/enter/leave/group_tokens/parse_whole/side."""

    # ------------------------------------------------------------------ primaries
    def primary(self):
        tok = self.next()
        if tok.kind == "num":
            return _number(tok)
        if tok.kind == "word":
            return self.word(tok)
        if tok.kind == "sym":
            if tok.text == "(":
                return self.enclosed(tok, ")")
            if tok.text == "{":
                return self.enclosed(tok, "}")
            if tok.text == "[":
                return self.row(tok, "]")
            if tok.text == "|":
                return n.Call(tok.pos, "abs", (self.enclosed(tok, "|"),))
            raise ClaimSyntaxError(f"unexpected {tok.text!r}", tok.pos)
        if tok.kind == "cmd":
            return self.command(tok)
        raise ClaimSyntaxError(f"unexpected {tok.text!r}", tok.pos)

    def enclosed(self, opening: Token, closing: str):
        self.enter(opening.pos)
        self.row_mode.append(False)
        node = self.side()
        self.row_mode.pop()
        self.expect(closing)
        self.leave()
        return node

    def row(self, opening: Token, closing: str):
        """[a \\ b] or ⟨a, b⟩: a row vector when entries are separated, else just brackets."""
        self.enter(opening.pos)
        self.row_mode.append(True)
        entries = []
        while True:
            while (tok := self.peek()) is not None and (
                tok.kind == "space" or (tok.kind == "sym" and tok.text in SEPARATORS)
            ):
                self.next()
            if tok is None:
                raise ClaimSyntaxError(f"a {opening.text} is never closed", opening.pos)
            if tok.text == closing:
                break
            entries.append(self.side())
            if len(entries) > MAX_MATRIX_ENTRIES:
                raise ClaimSyntaxError("too many entries in a row", tok.pos)
        self.row_mode.pop()
        self.next()
        self.leave()
        if not entries:
            raise ClaimSyntaxError("empty brackets", opening.pos)
        if len(entries) == 1:
            return entries[0]
        return n.MatrixLiteral(opening.pos, (tuple(entries),))

    def word(self, tok: Token):
        if tok.text == "e" and self.at("^"):
            return n.Call(tok.pos, "e", ())
        base = self.vocabulary.base_of_word(tok.text)
        if base is None:
            if tok.text in FUNCTION_WORDS:
                return self.call(tok, FUNCTION_WORDS[tok.text])
            raise ClaimSyntaxError(f"unknown name {tok.text!r}", tok.pos)
        return self.name(base, tok)

    def command(self, tok: Token):
        text = tok.text
        if text in (r"\frac", r"\dfrac", r"\tfrac"):
            return self.fraction(tok)
        if text == r"\begin":
            return self.matrix(tok)
        if text in GREEK:
            from .vocabulary import COMMANDS

            return self.name(COMMANDS[text], tok)
        if text == r"\hat":
            inner = strip_wrappers("".join(t.text for t in self.group_tokens()))
            if inner != "y":
                raise ClaimSyntaxError(r"only \hat{y} (the prediction) is understood", tok.pos)
            return self.name("out", tok)
        if text in WRAPPERS:
            group = self.group_tokens()
            word = "".join(t.text for t in group)
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", word):
                raise ClaimSyntaxError(f"unknown name {text}{{{word}}}", tok.pos)
            if word in ("e", "d") and word == "e" and self.at("^"):
                return n.Call(tok.pos, "e", ())
            base = self.vocabulary.base_of_word(word)
            if base is None and word in FUNCTION_WORDS:
                return self.call(tok, FUNCTION_WORDS[word])
            if base is None:
                raise ClaimSyntaxError(f"unknown name {text}{{{word}}}", tok.pos)
            return self.name(base, Token("word", word, tok.pos, tok.spaced))
        if text in TRANSPARENT:
            group = self.group_tokens()
            return self.parse_whole(group, tok.pos, text)
        if text in FUNCTIONS:
            return self.call(tok, FUNCTIONS[text])
        if text == r"\partial":
            return self.inline_partial(tok)
        if text == r"\langle":
            return self.row(tok, r"\rangle")
        if text == r"\{":
            return self.enclosed(tok, r"\}")
        if text == r"\lvert":
            return n.Call(tok.pos, "abs", (self.enclosed(tok, r"\rvert"),))
        raise ClaimSyntaxError(f"{text} is not understood here", tok.pos)

    # ------------------------------------------------------------------ names
    def name(self, base: str, tok: Token):
        sub = layer = None
        updated = False
        start = tok.pos
        while True:
            nxt = self.peek()
            if nxt is None or nxt.kind != "sym":
                break
            if nxt.text == "_" and sub is None:
                self.next()
                braced = self.at("{")
                group = self.group_tokens()
                single = len(group) == 1 and group[0].kind in ("num", "word")
                if not braced and single and len(group[0].text) > 1:
                    raise ClaimSyntaxError(
                        f"LaTeX subscripts one character here; write _{{{group[0].text}}}",
                        group[0].pos,
                    )
                sub = strip_wrappers("".join(t.text for t in group))
            elif nxt.text == "^":
                save = self.i
                self.next()
                group = self.group_tokens()
                mark = strip_wrappers("".join(t.text for t in group))
                m = _LAYER.match(mark)
                if m and layer is None:
                    layer = int(m.group(1))
                    updated = updated or bool(m.group(2))
                elif mark in UPDATE_MARKS and not updated:
                    updated = True
                else:
                    self.i = save  # an exponent or a transpose: postfix() reads it
                    break
            elif nxt.text == "'" and not updated:
                self.next()
                updated = True
            else:
                break
        end = self.tokens[self.i - 1]
        written = self.text[start : end.pos + len(end.text)]
        if base in ("i", "h", "w", "b", "x", "a", "z") and sub is None:
            raise ClaimSyntaxError(f"{written}: which one? add an index, e.g. {base}_1", start)
        quantity = self.vocabulary.resolve(base, sub, layer, updated, start, written)
        if base == "h" and sub in ("w,b", "W,b") and self.at("("):
            self.next()
            x = self.next()
            if x.text != "x":
                raise ClaimSyntaxError("h_{w,b}(x) is the prediction; expected (x)", x.pos)
            self.expect(")")
        return n.Name(start, quantity)

    # ------------------------------------------------------------------ functions
    def call(self, tok: Token, function: str):
        self.enter(tok.pos)
        derivative = False
        if self.at("'") or (self.at("^") and self.peek(1) and self.peek(1).text == r"\prime"):
            if function not in ("sigmoid", "tanh"):
                raise ClaimSyntaxError(f"the derivative of {tok.text} is not understood", tok.pos)
            self.next()
            if self.tokens[self.i - 1].text == "^":
                self.next()
            derivative = True
        if function == "sqrt":
            argument = self.parse_whole(self.group_tokens(), tok.pos, "square root")
            self.leave()
            return n.Call(tok.pos, "sqrt", (argument,))
        opening = self.peek()
        if opening is None or opening.text not in ("(", "["):
            raise ClaimSyntaxError(f"{tok.text} needs its argument in parentheses", tok.pos)
        self.next()
        closing = ")" if opening.text == "(" else "]"
        self.row_mode.append(False)
        arguments = [self.side()]
        while self.at(","):
            self.next()
            arguments.append(self.side())
        self.row_mode.pop()
        self.expect(closing)
        self.leave()
        wanted = 2 if function == "max" else 1
        if len(arguments) != wanted:
            raise ClaimSyntaxError(f"{tok.text} takes {wanted} argument(s)", tok.pos)
        name = function + ("_prime" if derivative else "")
        return n.checked_call(n.Call(tok.pos, name, tuple(arguments)), tok.pos)

    # ------------------------------------------------------------------ fractions and derivatives
    def argument(self) -> list[Token]:
        """A \\frac argument: a {…} group, or one character of the next token (\\frac12)."""
        tok = self.peek()
        if tok is not None and tok.kind == "num" and len(tok.text) > 1 and tok.text[0] != "{":
            self.i = self.tokens.index(tok, self.i) + 1
            first = Token("num", tok.text[0], tok.pos, tok.spaced)
            rest = Token("num", tok.text[1:], tok.pos + 1, False)
            if rest.text.startswith("."):
                raise ClaimSyntaxError(r"write \frac{…}{…} with braces", tok.pos)
            self.tokens = [*self.tokens[: self.i], rest, *self.tokens[self.i :]]
            return [first]
        return self.group_tokens()

    def fraction(self, tok: Token):
        self.enter(tok.pos)
        top = self.argument()
        bottom = self.argument()
        top_d = _differential(top)
        bottom_d = _differential(bottom)
        if bottom_d is not None and top_d is None:
            raise ClaimSyntaxError("∂ in the denominator but not in the numerator", tok.pos)
        if top_d is not None and bottom_d is not None:
            by = self.parse_whole(bottom_d, tok.pos, "denominator")
            if not isinstance(by, n.Name):
                raise ClaimSyntaxError("∂ in the denominator must be followed by one name", tok.pos)
            if top_d and top_d[0].text == "^":
                raise ClaimSyntaxError("only first derivatives are understood", top_d[0].pos)
            if not [t for t in top_d if t.kind != "space"]:
                of = self.postfix()  # \frac{\partial}{\partial w} E
            else:
                of = self.parse_whole(top_d, tok.pos, "numerator")
            self.leave()
            return n.Derivative(tok.pos, of, by.quantity)
        numerator = self.parse_whole(top, tok.pos, "numerator")
        denominator = self.parse_whole(bottom, tok.pos, "denominator")
        self.leave()
        return n.Binary(tok.pos, "/", numerator, denominator)

    def inline_partial(self, tok: Token):
        """∂E/∂w_5 written inline."""
        of = self.postfix()
        self.expect("/")
        if not self.at(r"\partial"):
            raise ClaimSyntaxError("expected ∂ after / in ∂E/∂w", tok.pos)
        self.next()
        by = self.postfix()
        if not isinstance(by, n.Name):
            raise ClaimSyntaxError("∂ must be followed by one name", tok.pos)
        return n.Derivative(tok.pos, of, by.quantity)

    # ------------------------------------------------------------------ matrices
    def matrix(self, tok: Token):
        env = "".join(t.text for t in self.group_tokens())
        if env not in MATRICES:
            raise ClaimSyntaxError(f"environment {env!r} is not understood inside a claim", tok.pos)
        self.enter(tok.pos)
        self.row_mode.append(False)
        rows, row = [], []
        count = 0
        while True:
            t = self.peek()
            if t is None:
                raise ClaimSyntaxError(f"\\begin{{{env}}} is never ended", tok.pos)
            if t.text == r"\end":
                self.next()
                self.group_tokens()
                break
            if t.text == "&":
                self.next()
                continue
            if t.text == "\\\\":
                self.next()
                if row:
                    rows.append(tuple(row))
                row = []
                continue
            row.append(self.side())
            count += 1
            if count > MAX_MATRIX_ENTRIES:
                raise ClaimSyntaxError("matrix has too many entries", t.pos)
            nxt = self.peek()
            if nxt is not None and nxt.text not in ("&", "\\\\", r"\end"):
                raise ClaimSyntaxError(f"unexpected {nxt.text!r} in a matrix", nxt.pos)
        if row:
            rows.append(tuple(row))
        self.row_mode.pop()
        self.leave()
        if not rows or len({len(r) for r in rows}) != 1:
            raise ClaimSyntaxError("matrix rows have different lengths (or it is empty)", tok.pos)
        return n.MatrixLiteral(tok.pos, tuple(rows))


def _differential(tokens: list[Token]) -> list[Token] | None:
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


def _number(tok: Token) -> n.Number:
    text = tok.text
    places = len(text.split(".")[1]) if "." in text else 0
    return n.Number(tok.pos, Fraction(text), places, text)
