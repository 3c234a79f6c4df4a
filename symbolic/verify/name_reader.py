"""Reading one written name from the token stream: its base, subscript, layer superscript and
update marks, resolved by the notation's ``Lexicon`` into a ``Name`` node.

w_5, w_{12}^{(1)}, {w_5}', w_5^{new}, w_5^{+}, w_{2,3}(new), a^{(2)}_1, W^{(2)\\mathsf{T}},
net_{h1}, E_{total}, \\delta_{H_{21}}, J(W, b), h_{W,b}(x), Octave's a1 and Theta2.
"""

from __future__ import annotations

import re

from . import nodes as n
from .errors import ClaimSyntaxError
from .lexer import Token
from .tokens import TokenStream, plain

UPDATE_MARKS = {r"\prime", "'", "+", "new", "(new)", "*", "′"}
TRANSPOSE_MARKS = {"T", r"\top", r"\intercal", r"\mathsf{T}", r"\mathrm{T}"}
_LAYER = re.compile(r"^\((\d+)\)(,?(?:\\prime|'|\+|new))?(T|\\top|\\intercal)?$")
#: what may follow J or E in parentheses as decoration: J(W, b), E(w), h_{W,b}(x)
_DECORATION = {"W", "b", "w", "x", r"\theta", r"\Theta", "θ", ",", "X"}
#: bases written after \\text{…} that are names even when spelled with a space
_SPACED = {"W update": "W update"}


def read_name(stream: TokenStream, lexicon, base: str, tok: Token):
    """The Name (or a transposed Name) starting at ``tok`` whose base is ``base``."""
    sub = layer = None
    updated = transposed = False
    while True:
        nxt = stream.peek()
        if nxt is None or nxt.kind != "sym":
            break
        if nxt.text == "_" and sub is None:
            stream.next()
            braced = stream.at("{")
            group = stream.group()
            single = len(group) == 1 and group[0].kind in ("num", "word")
            if not braced and single and len(group[0].text) > 1:
                raise ClaimSyntaxError(
                    f"LaTeX subscripts one character here; write _{{{group[0].text}}}",
                    group[0].pos,
                )
            sub = plain(group)
        elif nxt.text == "^":
            save = stream.i
            stream.next()
            group = stream.group()
            mark = plain(group)
            raw = "".join(t.text for t in group)
            m = _LAYER.match(mark.replace(r"\mathsf", ""))
            if m and layer is None:
                layer = int(m.group(1))
                updated = updated or bool(m.group(2))
                transposed = transposed or bool(m.group(3))
            elif (mark in UPDATE_MARKS or raw in UPDATE_MARKS) and not updated:
                updated = True
            else:
                stream.i = save  # an exponent or a transpose: the postfix reader takes it
                break
        elif nxt.text == "'" and not updated:
            stream.next()
            updated = True
        elif nxt.text == "(" and _is_new_mark(stream):
            updated = True
        else:
            break
    written = stream.source(tok)
    reading = lexicon.resolve(base, sub, layer, written, tok.pos)
    _skip_decoration(stream, reading)
    if updated:
        if not reading.is_parameter:
            raise ClaimSyntaxError(
                f"{written}: only a weight or a bias has an updated value (′, ^{{new}})", tok.pos
            )
        reading = reading.updated()
    node = n.Name(tok.pos, reading)
    return n.Transpose(tok.pos, node) if transposed else node


def _is_new_mark(stream: TokenStream) -> bool:
    """w_{2,3}(new), w(t+1): an update mark in parentheses right after the name."""
    texts = []
    j = 1
    while (tok := stream.peek(j)) is not None and tok.text != ")" and j < 6:
        texts.append(tok.text)
        j += 1
    if tok is None or tok.text != ")":
        return False
    if "".join(texts) not in ("new", "t+1", "n+1", "k+1"):
        return False
    for _ in range(j + 1):
        stream.next()
    return True


def _skip_decoration(stream: TokenStream, reading: n.Reading) -> None:
    """J(W, b), E(w), h_{W,b}(x): arguments that only say what the quantity depends on."""
    q = reading.quantity
    if q is None or q.kind not in ("error", "unit") or not stream.at("("):
        return
    j, inside = 1, []
    while (tok := stream.peek(j)) is not None and tok.text != ")" and j < 12:
        inside.append(tok.text)
        j += 1
    if tok is None or not inside or not all(t in _DECORATION for t in inside):
        return
    for _ in range(j + 1):
        stream.next()


def wrapped_word(group: list[Token]) -> str | None:
    """The word inside \\text{…}, \\mathrm{…}: a name's base, or None for prose."""
    words = " ".join(t.text for t in group if t.kind != "space")
    compact = "".join(t.text for t in group if t.kind != "space")
    if compact in _SPACED or words in _SPACED:
        return _SPACED.get(words, compact)
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", compact) and len(group) == len(
        [t for t in group if t.kind != "space"]
    ):
        return compact
    return None
