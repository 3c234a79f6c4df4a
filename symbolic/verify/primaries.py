"""The primaries of the claim grammar: numbers, names, groups and rows, fractions and
derivatives, functions (σ, f′(z), F(x) …), sums, gradients and matrices.

Functions of a ``parser.Parser``, passed explicitly: they read from ``parser.stream`` and call
``parser.side()`` / ``parser.term()`` / ``parser.postfix()`` for what nests inside.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from . import nodes as n
from .errors import ClaimSyntaxError
from .lexer import Token
from .limits import MAX_MATRIX_ENTRIES
from .name_reader import read_name, wrapped_word
from .tokens import plain

FUNCTIONS = {
    r"\exp": "exp", r"\ln": "log", r"\log": "log", r"\tanh": "tanh", r"\sigma": "sigmoid",
    r"\sqrt": "sqrt", r"\max": "max", r"\sinh": "sinh", r"\cosh": "cosh",
}  # fmt: skip
FUNCTION_WORDS = {"sigmoid": "sigmoid", "sigma": "sigmoid", "ReLU": "relu", "relu": "relu",
                  "exp": "exp", "tanh": "tanh", "ln": "log", "log": "log",
                  "softmax": "softmax"}  # fmt: skip
WRAPPERS = {r"\text", r"\mathrm", r"\mathit", r"\operatorname", r"\textrm", r"\textit",
            r"\mathsf", r"\textsf", r"\textbf"}  # fmt: skip
TRANSPARENT = {r"\mathbf", r"\boldsymbol", r"\bm", r"\underline", r"\overline", r"\vec"}
MATRICES = {"bmatrix", "pmatrix", "Bmatrix", "matrix", "smallmatrix", "Vmatrix", "vmatrix"}
GREEK = {r"\Delta": "Delta", r"\delta": "delta", r"\eta": "eta", r"\alpha": "alpha",
         r"\theta": "theta", r"\Theta": "Theta", "ŷ": "ŷ"}  # fmt: skip
DERIVATIVE_FUNCTIONS = ("sigmoid", "tanh", "relu", "activation")
SEPARATORS = {",", "&", ";"}
_OTHER = {r"\frac", r"\dfrac", r"\tfrac", r"\begin", r"\partial", r"\hat", r"\langle", r"\{",
          r"\lvert", r"\|", r"\nabla", r"\sum", r"\mathcal"}  # fmt: skip


def starts_primary(command: str) -> bool:
    return (
        command in _OTHER
        or command in WRAPPERS
        or command in TRANSPARENT
        or (command in FUNCTIONS or command in GREEK)
    )


def is_prose(group: list[Token]) -> bool:
    """\\text{…} holding words rather than a name: skipped, never read as a name."""
    words = [t for t in group if t.kind != "space"]
    if not words:
        return True
    return wrapped_word(group) is None or len([t for t in group if t.kind == "word"]) > 2


def primary(parser):
    s = parser.stream
    tok = s.next()
    if tok.kind == "num":
        return number(tok)
    if tok.kind == "word":
        return word(parser, tok)
    if tok.kind == "sym":
        if tok.text == "(":
            return enclosed(parser, tok, ")")
        if tok.text == "{":
            return enclosed(parser, tok, "}")
        if tok.text == "[":
            return row(parser, tok, "]")
        if tok.text == "|":
            return n.Call(tok.pos, "abs", (enclosed(parser, tok, "|"),))
        if tok.text == "^" and s.peek() is not None and s.peek().text == "*":
            s.next()  # ^*w_6: the updated w_6 (hmkcode's figures)
            return parser.primed(parser.postfix(), tok.pos)
        raise ClaimSyntaxError(f"unexpected {tok.text!r}", tok.pos)
    return command(parser, tok)


def enclosed(parser, opening: Token, closing: str):
    s = parser.stream
    s.enter(opening.pos)
    s.row_mode.append(False)
    s.closers.append(closing)
    try:
        node = parser.side()
    finally:
        s.closers.pop()
    s.row_mode.pop()
    s.expect(closing)
    s.leave()
    return node


def row(parser, opening: Token, closing: str):
    """[a \\ b] or ⟨a, b⟩: a row vector when entries are separated, else just brackets."""
    s = parser.stream
    s.enter(opening.pos)
    s.row_mode.append(True)
    entries = []
    while True:
        while (tok := s.peek()) is not None and (
            tok.kind == "space" or (tok.kind == "sym" and tok.text in SEPARATORS)
        ):
            s.next()
        if tok is None:
            raise ClaimSyntaxError(f"a {opening.text} is never closed", opening.pos)
        if tok.text == closing:
            break
        entries.append(parser.side())
        if len(entries) > MAX_MATRIX_ENTRIES:
            raise ClaimSyntaxError("too many entries in a row", tok.pos)
    s.row_mode.pop()
    s.next()
    s.leave()
    if not entries:
        raise ClaimSyntaxError("empty brackets", opening.pos)
    if len(entries) == 1:
        return entries[0]
    return n.MatrixLiteral(opening.pos, (tuple(entries),))


def word(parser, tok: Token):
    s, lexicon = parser.stream, parser.lexicon
    text = tok.text
    if text == "e" and s.at("^"):
        return n.Call(tok.pos, "e", ())
    if text in lexicon.preset.functions and _applies(s):
        return call(parser, tok, "activation")
    glued = s.peek()
    if (
        glued is not None
        and glued.kind == "num"
        and not glued.spaced
        and glued.text.isdigit()
        and lexicon.is_base(text + glued.text)
        and text + glued.text not in lexicon.bases
        and _is_suffix_name(lexicon, text)
    ):
        s.next()  # Octave's a1, Theta2
        return read_name(s, lexicon, text + glued.text, tok)
    if lexicon.is_base(text) or lexicon.is_variable(text):
        return name(parser, text, tok)
    if text in FUNCTION_WORDS:
        return call(parser, tok, FUNCTION_WORDS[text])
    raise ClaimSyntaxError(f"unknown name {text!r}", tok.pos)


def _is_suffix_name(lexicon, stem: str) -> bool:
    return any(stem in f.bases and f.index == "layer_suffix" for f in lexicon.preset.forms)


def _applies(stream) -> bool:
    """f(z), f'(z), f_1(z_1), f'_2(z_2): a transfer function applied, not a name."""
    j = 0
    while (tok := stream.peek(j)) is not None and j < 8:
        if tok.text == "(":
            return True
        if tok.text in ("'", "_", "^", "{", "}", r"\prime") or tok.kind == "num":
            j += 1
            continue
        return False
    return False


def name(parser, base: str, tok: Token):
    lexicon = parser.lexicon
    s = parser.stream
    if lexicon.is_variable(base) and not s.at("_") and not s.at("^"):
        return n.Name(tok.pos, n.Reading(None, base, variable=base))
    node = read_name(s, lexicon, base, tok)
    if isinstance(node, n.Name) and node.reading.label and s.at("("):
        raise ClaimSyntaxError(f"{base}(…) is not understood", tok.pos)
    return node


def command(parser, tok: Token):
    s, lexicon = parser.stream, parser.lexicon
    text = tok.text
    if text in (r"\frac", r"\dfrac", r"\tfrac"):
        from .fractions_reader import fraction

        return fraction(parser, tok)
    if text == r"\begin":
        return matrix(parser, tok)
    if text == r"\Delta" and lexicon.preset.delta_is_change and _names_next(s):
        node = primary(parser)  # Δw_{ij}, ΔW: the update's change w′ − w
        if isinstance(node, n.Name) and node.reading.is_parameter:
            return n.Name(
                tok.pos, replace(node.reading, change=True, written="Δ" + node.reading.written)
            )
        raise ClaimSyntaxError("Δ before a name marks the change of a weight or bias", tok.pos)
    if text in GREEK:
        return name(parser, GREEK[text], tok)
    if text == r"\hat":
        inner = plain(s.group())
        if inner != "y":
            raise ClaimSyntaxError(r"only \hat{y} (the prediction) is understood", tok.pos)
        return name(parser, "ŷ", tok)
    if text == r"\mathcal":
        inner = plain(s.group())
        if inner not in ("L", "J", "E", "C"):
            raise ClaimSyntaxError(rf"\mathcal{{{inner}}} is not understood", tok.pos)
        return name(parser, inner, tok)
    if text in WRAPPERS:
        group = s.group()
        word_text = wrapped_word(group)
        if word_text is None:
            raise ClaimSyntaxError(f"unknown name {text}{{{plain(group)}}}", tok.pos)
        if word_text == "e" and s.at("^"):
            return n.Call(tok.pos, "e", ())
        if word_text in lexicon.preset.functions and _applies(s):
            return call(parser, tok, "activation")
        if not lexicon.is_base(word_text) and word_text in FUNCTION_WORDS:
            return call(parser, tok, FUNCTION_WORDS[word_text])
        if not lexicon.is_base(word_text):
            raise ClaimSyntaxError(f"unknown name {text}{{{word_text}}}", tok.pos)
        return name(parser, word_text, Token("word", word_text, tok.pos, tok.spaced))
    if text in TRANSPARENT:
        return parser.whole(s.group(), tok.pos, text)
    if text in FUNCTIONS:
        return call(parser, tok, FUNCTIONS[text])
    if text == r"\partial":
        from .fractions_reader import inline_partial

        return inline_partial(parser, tok)
    if text == r"\nabla":
        from .fractions_reader import gradient

        return gradient(parser, tok)
    if text == r"\sum":
        return total(parser, tok)
    if text == r"\langle":
        return row(parser, tok, r"\rangle")
    if text == r"\{":
        return enclosed(parser, tok, r"\}")
    if text == r"\lvert":
        return n.Call(tok.pos, "abs", (enclosed(parser, tok, r"\rvert"),))
    if text == r"\|":
        return n.Call(tok.pos, "norm", (enclosed(parser, tok, r"\|"),))
    raise ClaimSyntaxError(f"{text} is not understood here", tok.pos)


def _names_next(stream) -> bool:
    tok = stream.peek()
    return tok is not None and (
        tok.kind == "word" or tok.text in (r"\theta", r"\mathbf", r"\boldsymbol", r"\text")
    )


def total(parser, tok: Token):
    """Σ over the entries of what follows; Σ_o with a bound index o sums the following
    expression over the output units (δ_o, out_o, w_{ho} with h the unit the claim is about);
    Σ_k (Σ_{k=1}^{n}) over numbered units sums over the units its names have."""
    s = parser.stream
    index, upper = None, None
    if s.at("_"):
        s.next()
        index = plain(s.group())
        if index.endswith("=1"):  # \sum_{i=1}^{2}
            index = index[:-2]
    if s.at("^"):
        s.next()
        bound = plain(s.group())
        upper = int(bound) if bound.isdigit() and len(bound) <= 4 else None
    s.enter(tok.pos)
    lexicon = parser.lexicon
    letter = bool(index and len(index) == 1 and index.isalpha())
    numbered = letter and _indexes_by(s.tokens[s.i :], index)
    if not (letter and lexicon.can_bind()):
        if numbered:
            return numbered_total(parser, tok, index, upper)
        operand = parser.term()
        s.leave()
        return n.Sum(tok.pos, operand)
    place = (s.i, s.depth)
    try:
        return bound_total(parser, tok, index)
    except ClaimSyntaxError:
        if not numbered:
            raise
        s.i, s.depth = place  # Σ_k y_k log a_k^{(3)}: k numbers the units of a layer
        return numbered_total(parser, tok, index, upper)


def bound_total(parser, tok: Token, index: str):
    """Σ_o over the output units by their names (o1, o2 …) in the notation's unit names."""
    s = parser.stream
    lexicon = parser.lexicon
    units = lexicon.bound_units(index)
    context = lexicon.context_units(s.tokens)
    start = s.i
    terms = []
    for k, unit in enumerate(units):
        with lexicon.binding({index: unit, **context}):
            if k == 0:
                terms.append(parser.term())
                end = s.i
            else:
                terms.append(parser.sub_parser(s.tokens[start:end]).term())
    s.leave()
    return _added(tok, terms)


def _indexes_by(tokens: list[Token], index: str) -> bool:
    """Whether a subscript of the tokens is the letter (z_k, y_k, a_{k}^{(3)})."""
    return any(
        tok.text == "_"
        and (
            tokens[k + 1].text == index
            or [t.text for t in tokens[k + 1 : k + 4]] == ["{", index, "}"]
        )
        for k, tok in enumerate(tokens[:-1])
    )


def numbered_total(parser, tok: Token, index: str, upper: int | None = None):
    """Σ_k over numbered units (Σ_k e^{z_k^{(3)}}, −Σ_k y_k log a_k^{(3)}): the term read
    with k = 1, 2, … for as long as its names exist, so the sum runs over the layer's units
    (up to ``upper`` when the sum writes one)."""
    s = parser.stream
    lexicon = parser.lexicon
    start = s.i
    with lexicon.binding({index: "1"}):
        terms = [parser.term()]
    end = s.i
    last = max(lexicon.widths) if upper is None else min(upper, max(lexicon.widths))
    for k in range(2, last + 1):
        try:
            with lexicon.binding({index: str(k)}):
                terms.append(parser.sub_parser(s.tokens[start:end]).term())
        except ClaimSyntaxError:
            break  # past the layer's last unit
    s.leave()
    return _added(tok, terms)


def _added(tok: Token, terms: list):
    node = terms[0]
    for term in terms[1:]:
        node = n.Binary(tok.pos, "+", node, term)
    return node


def call(parser, tok: Token, function: str):
    s = parser.stream
    s.enter(tok.pos)
    derivative = False
    layer = None
    for _ in range(3):
        if s.at("'") or (s.at("^") and s.peek(1) is not None and s.peek(1).text == r"\prime"):
            s.next()
            if s.last().text == "^":
                s.next()
            derivative = True
        elif s.at("^") and s.peek(1) is not None and s.peek(1).text == "{":
            s.next()
            mark = plain(s.group())
            if mark not in ("'", r"\prime"):
                raise ClaimSyntaxError(f"{tok.text}^{{{mark}}} is not understood", tok.pos)
            derivative = True
        elif s.at("_") and function == "activation":
            s.next()
            sub = plain(s.group())
            if not sub.isdigit():
                raise ClaimSyntaxError(f"{tok.text}_{{{sub}}}: expected a layer number", tok.pos)
            layer = int(sub)
    if derivative and function not in DERIVATIVE_FUNCTIONS:
        raise ClaimSyntaxError(f"the derivative of {tok.text} is not understood", tok.pos)
    if function == "sqrt":
        argument = parser.whole(s.group(), tok.pos, "square root")
        s.leave()
        return n.checked_call(n.Call(tok.pos, "sqrt", (argument,)), tok.pos)
    opening = s.peek()
    if opening is not None and opening.text == "{" and function != "max":
        argument = parser.whole(s.group(), tok.pos, tok.text)  # \ln{\left(a\right)}
        s.leave()
        name_text = function + ("_prime" if derivative else "")
        return n.checked_call(n.Call(tok.pos, name_text, (argument,), layer), tok.pos)
    if opening is None or opening.text not in ("(", "["):
        if function == "log" and parser.starts_factor(opening):
            argument = parser.postfix()  # \log a_1^{(3)}: the next atom, as in \sin x
            s.leave()
            return n.checked_call(n.Call(tok.pos, "log", (argument,)), tok.pos)
        s.leave()
        if function in ("exp", "max") and not derivative:
            return n.Name(tok.pos, n.Reading(None, tok.text, label=function))
        raise ClaimSyntaxError(f"{tok.text} needs its argument in parentheses", tok.pos)
    s.next()
    closing = ")" if opening.text == "(" else "]"
    s.row_mode.append(False)
    arguments = [parser.side()]
    while s.at(","):
        s.next()
        arguments.append(parser.side())
    s.row_mode.pop()
    s.expect(closing)
    s.leave()
    wanted = 2 if function == "max" else 1
    if len(arguments) != wanted:
        raise ClaimSyntaxError(f"{tok.text} takes {wanted} argument(s)", tok.pos)
    if function == "activation" and not derivative and _is_network_input(arguments[0]):
        return n.Name(tok.pos, parser.lexicon.output_reading(s.source(tok)))
    name_text = function + ("_prime" if derivative else "")
    return n.checked_call(n.Call(tok.pos, name_text, tuple(arguments), layer), tok.pos)


def _is_network_input(node) -> bool:
    """f(x) with x the whole input: the network's function, its prediction."""
    return (
        isinstance(node, n.Name)
        and node.quantity is not None
        and (node.quantity.is_input and node.quantity.row is None)
    )


def matrix(parser, tok: Token):
    s = parser.stream
    env = "".join(t.text for t in s.group())
    if env not in MATRICES:
        raise ClaimSyntaxError(f"environment {env!r} is not understood inside a claim", tok.pos)
    s.enter(tok.pos)
    s.row_mode.append(False)
    rows, current = [], []
    count = 0
    while True:
        t = s.peek()
        if t is None:
            raise ClaimSyntaxError(f"\\begin{{{env}}} is never ended", tok.pos)
        if t.text == r"\end":
            s.next()
            s.group()
            break
        if t.text == "&":
            s.next()
            continue
        if t.text == "\\\\":
            s.next()
            if current:
                rows.append(tuple(current))
            current = []
            continue
        current.append(parser.side())
        count += 1
        if count > MAX_MATRIX_ENTRIES:
            raise ClaimSyntaxError("matrix has too many entries", t.pos)
        nxt = s.peek()
        if nxt is not None and nxt.text not in ("&", "\\\\", r"\end"):
            raise ClaimSyntaxError(f"unexpected {nxt.text!r} in a matrix", nxt.pos)
    if current:
        rows.append(tuple(current))
    s.row_mode.pop()
    s.leave()
    if not rows or len({len(r) for r in rows}) != 1:
        raise ClaimSyntaxError("matrix rows have different lengths (or it is empty)", tok.pos)
    return n.MatrixLiteral(tok.pos, tuple(rows))


def number(tok: Token) -> n.Number:
    text = tok.text
    places = len(text.split(".")[1]) if "." in text else 0
    return n.Number(tok.pos, Fraction(text), places, text)
