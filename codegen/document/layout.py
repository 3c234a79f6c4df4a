"""Breaking long formulas into lines that fit the page, by an estimate of their printed width.

The estimate reads the LaTeX the printer produced: a fraction is as wide as its wider part, a
sub- or superscript counts at script size, a command such as \\partial or \\Delta is one glyph.
"""

from __future__ import annotations

import re

import sympy as sp

#: the width (in estimated glyphs) of one displayed line on an A4 page with 2.2 cm margins
LINE_BUDGET = 62

_WORD = re.compile(r"\\(?:mathit|text|operatorname|mathrm)\{([^{}]*)\}")
_COMMAND = re.compile(r"\\[A-Za-z]+")


def _group(text: str, start: int) -> tuple[str, int]:
    """The brace group starting at text[start] == '{': (content, index after it)."""
    depth = 0
    for k in range(start, len(text)):
        if text[k] == "{":
            depth += 1
        elif text[k] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1 : k], k + 1
    return text[start + 1 :], len(text)


def printed_width(latex: str) -> float:
    """Estimated width of a LaTeX formula in glyphs."""
    latex = latex.replace(r"\left", "").replace(r"\right", "")
    latex = _WORD.sub(lambda m: m.group(1), latex)
    width, k = 0.0, 0
    while k < len(latex):
        if latex.startswith(r"\begin{matrix}", k):
            end = latex.find(r"\end{matrix}", k)
            body = latex[k + len(r"\begin{matrix}") : end]
            width += _matrix_width(body)
            k = end + len(r"\end{matrix}")
            continue
        if latex.startswith(r"\frac", k) and k + 5 < len(latex) and latex[k + 5] == "{":
            top, k = _group(latex, k + 5)
            bottom, k = _group(latex, k) if k < len(latex) and latex[k] == "{" else ("", k)
            width += max(printed_width(top), printed_width(bottom)) + 0.5
            continue
        char = latex[k]
        if char in "^_":
            if k + 1 < len(latex) and latex[k + 1] == "{":
                script, k = _group(latex, k + 1)
            else:
                script, k = latex[k + 1 : k + 2], k + 2
            width += 0.6 * printed_width(script)
            continue
        match = _COMMAND.match(latex, k)
        if match:
            name = match.group(0)
            width += 0 if name in (r"\begin", r"\end", r"\quad") else 1.2
            k = match.end()
            continue
        if char not in "{} &\\":
            width += 1
        k += 1
    return width


def _matrix_width(body: str) -> float:
    """Width of a matrix body: its widest row, columns separated by a quad."""
    rows = [r.split("&") for r in body.split(r"\\")]
    columns = max(len(r) for r in rows)
    widths = [max(printed_width(r[c]) if c < len(r) else 0 for r in rows) for c in range(columns)]
    return sum(widths) + 1.5 * (columns - 1) + 1


def break_lines(expr, printer, budget: float = LINE_BUDGET) -> list[str]:
    """The printed ``expr`` as one or more lines: a long sum breaks between terms, a long product
    between factors, a term too long for one line is broken in turn (continuation lines start
    with + or ·)."""
    whole = printer(expr)
    if printed_width(whole) <= budget or isinstance(expr, sp.MatrixExpr):
        return [whole]
    if isinstance(expr, sp.Add):
        pieces, joiner = list(expr.args), "+"
    elif isinstance(expr, sp.Mul):
        pieces, joiner = list(expr.args), r"\cdot"
    else:
        return [whole]
    out: list[str] = []
    chunk: list = []

    def flush():
        if chunk:
            text = printer(_join(chunk, joiner))
            out.append(_continued(text, joiner) if out else text)
            chunk.clear()

    for piece in pieces:
        if printed_width(printer(piece)) > budget:
            flush()
            inner = break_lines(piece, printer, budget)
            out.append(_continued(inner[0], joiner) if out else inner[0])
            out.extend(inner[1:])
            continue
        if chunk and printed_width(printer(_join([*chunk, piece], joiner))) > budget:
            flush()
        chunk.append(piece)
    flush()
    return out


def _continued(text: str, joiner: str) -> str:
    if joiner == "+" and text.startswith("-"):
        return text
    return f"{joiner} {text}"


def _join(pieces, joiner):
    if len(pieces) == 1:
        return pieces[0]
    if joiner == "+":
        return sp.Add(*pieces, evaluate=False)
    return sp.Mul(*pieces, evaluate=False)
