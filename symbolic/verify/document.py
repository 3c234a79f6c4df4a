"""Finding the claims in a LaTeX file: a whole document or a file of claim lines.

A *document* (it has ``\\begin{document}``) is read as LaTeX: only mathematics in its body is a
claim — $…$, $$…$$, \\[…\\], \\(…\\), equation, align, gather and friends — while the preamble,
prose, figures, TikZ and pgfplots are skipped. A *file of claims* (no ``\\begin{document}``) is
read the same way, and a line outside math that holds a relation and no prose is a claim too.

Inside a display, rows end at \\\\ and the columns of align-like environments are kept apart in
pairs (``a &= b && c &= d`` is two claims); a row that starts with = continues the chain above
it, one that starts with an operator (+, ·, ×) continues its last side. ``% step N`` and
headings such as "Iteration 2" / "第 2 次迭代" set the training step of the claims after them,
``% sample N`` / ``% sample all`` and "Sample 2" / "样本 2" the sample (a step marker after a
sample marker starts again from the mean over the samples); ``% nnderive:`` lines declare the
notation (``header``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .header import Settings, read_directive
from .lexer import UNICODE

#: steps beyond this are refused: exact values grow about threefold in digits per step
MAX_STEP = 10
#: a display block that starts with = continues a chain ending at most this many lines above
MAX_CONTINUATION_GAP = 3
DISPLAY = frozenset(
    f"{env}{star}"
    for env in ("equation", "align", "gather", "multline", "eqnarray", "flalign", "displaymath")
    for star in ("", "*")
) | {"math", "alignat", "alignat*", "dmath", "dmath*"}
#: environments whose & separate columns in (right, left) pairs
ALIGNED = ("align", "flalign", "alignat", "eqnarray", "aligned", "alignedat", "split")
#: environments that are never mathematics to check
SKIPPED = (
    "tikzpicture", "axis", "verbatim", "lstlisting", "minted", "comment", "thebibliography",
    "filecontents",
)  # fmt: skip
WRAPPERS = ("aligned", "split", "gathered", "alignedat", "cases")
#: words that are names or functions, not prose, in a line outside math
MATH_WORDS = frozenset(
    {"E", "Error", "error", "Loss", "loss", "out", "Out", "output", "prediction", "Prediction",
     "pred", "actual", "Actual", "target", "Target", "sigmoid", "ReLU", "relu", "exp", "tanh",
     "new", "text", "mathrm", "net", "total", "Err", "grad", "logits", "sum", "softmax"}
)  # fmt: skip
_STEP = re.compile(r"^\s*step\s*[:=]?\s*(\S+)\s*$", re.IGNORECASE)
_SAMPLE = re.compile(r"^\s*sample\s*[:=]?\s*(\S+)\s*$", re.IGNORECASE)
_COMMENT = re.compile(r"(?<!\\)%")
_DROP = re.compile(
    r"\\(?:label|tag|tag\*)\{[^{}]*\}|\\nonumber|\\notag|\\(?:begin|end)\{(?:"
    + "|".join(re.escape(w) for w in WRAPPERS)
    + r")\}(?:\{\d+\})?|(?<=\\\\)\[[^\]]*\]"
)
_RELATION = re.compile(
    r"=|\\approx|\\leftarrow|\\gets|\\equiv|\\Rightarrow|\\implies|\\to\b|\\rightarrow|≈|⇒|→"
)
_BEGIN = re.compile(r"\\begin\{([A-Za-z]{1,40}\*?)\}")
_HEADING = re.compile(r"\\(?:sub)*section\*?\{([^{}]*)\}|\\paragraph\*?\{([^{}]*)\}")
_STEP_TITLE = re.compile(
    r"(?:iteration|step|round|epoch)\s*(\d+)|第\s*(\d+)\s*(?:次迭代|轮|步)", re.IGNORECASE
)
_SAMPLE_TITLE = re.compile(r"(?:sample|example)\s*(\d+)|样本\s*(\d+)|第\s*(\d+)\s*个样本", re.I)
_OPERATOR_START = re.compile(r"^(?:\\cdot|\\times|\+|\*|-|\\odot|\\circ)")
_SPACING = re.compile(r"^(?:\\quad|\\qquad|\\;|\\,|\\!|\\:|~|\s)+")


@dataclass(frozen=True)
class RawClaim:
    line: int
    text: str
    step: int | None
    problem: str | None = None  # a claim that cannot even be cut out (an unclosed $ …)
    column: int = 1
    sample: int | None = None


@dataclass
class Document:
    claims: list[RawClaim] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
    is_document: bool = False


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def _depths(text: str):
    """Yield (index, piece, depth): depth counts {…}, (…), […] and \\begin…\\end."""
    depth, i = 0, 0
    while i < len(text):
        c = text[i]
        if c == "\\" and text.startswith("\\begin{", i):
            depth += 1
        elif c == "\\" and text.startswith("\\end{", i):
            depth = max(depth - 1, 0)
        elif c in "{([":
            depth += 1
        elif c in "})]":
            depth = max(depth - 1, 0)
        if c == "\\" and i + 1 < len(text):
            yield i, text[i : i + 2], depth
            i += 2
            continue
        yield i, c, depth
        i += 1


def _has_relation(text: str) -> bool:
    return any(depth == 0 and _RELATION.match(text, i) for i, _, depth in _depths(text))


def _split_pieces(text: str) -> list[str]:
    """`a = 1, \\quad b = 2` → two claims when every piece has a relation."""
    cuts, last = [], 0
    for i, piece, depth in _depths(text):
        if depth != 0:
            continue
        if piece in (",", ";") or text.startswith(("\\quad", "\\qquad"), i):
            cuts.append((last, i))
            width = 6 if text.startswith("\\qquad", i) else 5 if piece == "\\q" else len(piece)
            last = i + width
    pieces = [text[a:b] for a, b in cuts] + [text[last:]]
    pieces = [p.strip() for p in pieces if p.strip() and p.strip() not in ("\\quad", "\\qquad")]
    if len(pieces) > 1 and all(_has_relation(p) for p in pieces):
        return pieces
    return [text]


def _is_prose(line: str) -> bool:
    """A sentence, not a claim: other scripts (Chinese …), or plain words before the first =."""
    if any(ord(c) > 0x2E7F for c in line):
        return True
    relation = _RELATION.search(line)
    line = line[: relation.start()] if relation else line
    if any(mark in line for mark in ("\\", "_", "^")):  # LaTeX before the =: maths
        return False
    line = re.sub(r"\\(?:begin|end)\{[^{}]*\}|\\[A-Za-z]+", " ", line)
    words = re.findall(r"(?<![A-Za-z])[A-Za-z]{2,}(?![A-Za-z])", line)
    return sum(w not in MATH_WORDS for w in words) >= 2


class _Scanner:
    """The text with comments blanked, its line starts, and the markers (position, line, kind,
    value) of steps and samples."""

    def __init__(self, text: str, settings: Settings):
        lines = text.split("\n")
        self.starts, self.markers, kept = [], [], []
        position = 0
        for number, line in enumerate(lines, start=1):
            self.starts.append(position)
            m = _COMMENT.search(line)
            if m:
                comment = line[m.start() :]
                if not read_directive(number, comment, settings):
                    body = line[m.end() :]
                    for pattern, kind in ((_STEP, "step"), (_SAMPLE, "sample")):
                        marker = pattern.match(body)
                        if marker:
                            self.markers.append((position, number, kind, marker.group(1)))
                line = line[: m.start()] + " " * (len(line) - m.start())
            kept.append(line)
            position += len(line) + 1
        self.text = "\n".join(kept)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def column_of(self, offset: int) -> int:
        return offset - self.starts[self.line_of(offset) - 1] + 1

    def regions(self, start: int, end: int):
        """(start, end, inner_start, inner_end, env) of each math region in [start, end)."""
        text, i = self.text, start
        found, problems = [], []
        while i < end:
            if text.startswith("\\$", i):
                i += 2
                continue
            opening = closing = None
            env = ""
            if text.startswith("$$", i):
                opening, closing = "$$", "$$"
            elif text[i] == "$":
                opening, closing = "$", "$"
            elif text.startswith("\\[", i):
                opening, closing = "\\[", "\\]"
            elif text.startswith("\\(", i):
                opening, closing = "\\(", "\\)"
            elif text.startswith("\\begin{", i):
                begin = _BEGIN.match(text, i)
                env = begin.group(1) if begin else ""
                if env in DISPLAY:
                    opening, closing = f"\\begin{{{env}}}", f"\\end{{{env}}}"
                    if env.startswith("alignat"):
                        opening += re.match(r"(\{\d+\})?", text[i + len(opening) :]).group()
            if opening is None:
                i += 1
                continue
            stop = text.find(closing, i + len(opening), end)
            if closing == "$":
                while stop != -1 and text[stop - 1] == "\\":
                    stop = text.find("$", stop + 1, end)
            if stop == -1:
                problems.append((i, f"{opening} is never closed"))
                break
            kind = env or ("inline" if opening in ("$", "\\(") else "display")
            found.append((i, stop + len(closing), i + len(opening), stop, kind))
            i = stop + len(closing)
        return found, problems


_SKIPPED_BEGIN = re.compile(r"\\begin\{(" + "|".join(SKIPPED) + r")(\*?)\}")


def _skip_environments(text: str) -> str:
    """The text with non-mathematical environments (TikZ, pgfplots, verbatim …) blanked, in
    one pass (an environment never ended is blanked to the end of the text)."""
    pieces, i = [], 0
    while True:
        m = _SKIPPED_BEGIN.search(text, i)
        if m is None:
            pieces.append(text[i:])
            break
        closing = f"\\end{{{m.group(1)}{m.group(2)}}}"
        stop = text.find(closing, m.end())
        stop = len(text) if stop == -1 else stop + len(closing)
        pieces.append(text[i : m.start()])
        pieces.append(re.sub(r"[^\n]", " ", text[m.start() : stop]))
        i = stop
    return "".join(pieces)


def _cells(row: str, aligned: bool) -> list[tuple[int, str]]:
    """A row's equations as (start, text): align-like rows in (right, left) column pairs."""
    cuts = [i for i, piece, depth in _depths(row) if depth == 0 and piece == "&"]
    if not cuts:
        return [(0, row)]
    bounds = [-1, *cuts, len(row)]
    columns = [(bounds[k] + 1, row[bounds[k] + 1 : bounds[k + 1]]) for k in range(len(bounds) - 1)]
    if not aligned:
        return [(0, " ".join(text for _, text in columns))]
    pairs = []
    for k in range(0, len(columns), 2):
        group = columns[k : k + 2]
        pairs.append((group[0][0], " ".join(text for _, text in group)))
    return pairs


def split_document(text: str) -> Document:
    """Every claim of a document or claims file, in order, with its line, step and sample."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    document = Document()
    scanner = _Scanner(text, document.settings)
    body = _skip_environments(scanner.text)
    begin = body.find("\\begin{document}")
    document.is_document = begin != -1
    start = begin + len("\\begin{document}") if begin != -1 else 0
    end = body.find("\\end{document}", start)
    end = len(body) if end == -1 else end
    scanner.text = body
    _heading_markers(scanner, start, end)
    regions, problems = scanner.regions(start, end)
    claims: list[tuple[int, str, str | None]] = []
    math_lines = set()
    chains: list[list] = []  # [offset, [pieces], last line]
    for r_start, r_end, inner_start, inner_end, env in regions:
        math_lines.update(range(scanner.line_of(r_start), scanner.line_of(r_end) + 1))
        inner = _DROP.sub(_blank, scanner.text[inner_start:inner_end])
        aligned = (
            env.rstrip("*") in ALIGNED
            or "\\begin{aligned}" in scanner.text[inner_start:inner_end]
            or "\\begin{split}" in scanner.text[inner_start:inner_end]
        )
        if env == "inline":  # $…$ in a sentence: one claim of its own, never a continuation
            if inner.strip():
                chains.append([inner_start + len(inner) - len(inner.lstrip()), [inner.strip()], -1])
            continue
        for offset, row in _rows(inner, inner_start):
            for cell_offset, cell in _row_cells(row, offset, aligned):
                _add_cell(scanner, chains, cell_offset, cell, r_end)
    for where, pieces, _ in chains:
        chain = " ".join(pieces)
        if not _RELATION.sub("", chain).strip():
            continue  # only a relation sign ($=$, $\approx$ in a sentence about notation)
        if _has_relation(chain):
            claims += [(where, piece, None) for piece in _split_pieces(chain)]
    for offset, problem in problems:
        claims.append((offset, scanner.text[offset : offset + 40].strip(), problem))
        math_lines.update(range(scanner.line_of(offset), len(scanner.starts) + 1))
    if not document.is_document:
        claims += _line_claims(scanner, math_lines)
    claims.sort(key=lambda c: c[0])
    document.claims = [
        _placed(scanner, offset, body_, problem) for offset, body_, problem in claims
    ]
    return document


def split_claims(text: str) -> list[RawClaim]:
    return split_document(text).claims


def _rows(body: str, offset: int) -> list[tuple[int, str]]:
    """Rows of a math region split at top-level \\\\: (offset, text)."""
    rows, start = [], 0
    for i, piece, depth in _depths(body):
        if depth == 0 and piece == "\\\\":
            rows.append((offset + start, body[start:i]))
            start = i + 2
    rows.append((offset + start, body[start:]))
    return rows


def _row_cells(row: str, offset: int, aligned: bool) -> list[tuple[int, str]]:
    """(offset, text) of each equation of a row."""
    return [(offset + start, cell) for start, cell in _cells(row, aligned)]


def _add_cell(scanner, chains, offset: int, cell: str, region_end: int) -> None:
    stripped = cell.strip()
    if not stripped:
        return
    where = offset + (len(cell) - len(cell.lstrip()))
    content = _SPACING.sub("", stripped)
    near = (
        chains
        and chains[-1][2] >= 0
        and scanner.line_of(where) - chains[-1][2] <= MAX_CONTINUATION_GAP
    )
    if (near and content and _RELATION.match(content)) or (
        near
        and content
        and _OPERATOR_START.match(content)
        and chains[-1][2] >= scanner.line_of(where) - 1
    ):
        chains[-1][1].append(content)
        chains[-1][2] = scanner.line_of(region_end)
    else:
        chains.append([where, [stripped], scanner.line_of(region_end)])


def _line_claims(scanner, math_lines) -> list[tuple[int, str, None]]:
    claims = []
    for number, start in enumerate(scanner.starts, start=1):
        if number in math_lines:
            continue
        end = scanner.starts[number] - 1 if number < len(scanner.starts) else len(scanner.text)
        line = scanner.text[start:end]
        stripped = re.sub(r"^\s*(?:\\item\b|[-*+]\s)\s*", "", line).strip()
        if stripped and _has_relation(stripped) and not _is_prose(stripped):
            where = start + line.find(stripped[:1]) if stripped else start
            claims += [(where, piece, None) for piece in _split_pieces(stripped)]
    return claims


def _heading_markers(scanner: _Scanner, start: int, end: int) -> None:
    """Step and sample markers from headings: \\subsection{Iteration 2}, 第 2 次迭代, Sample 2."""
    for m in _HEADING.finditer(scanner.text, start, end):
        title = m.group(1) or m.group(2) or ""
        number = scanner.line_of(m.start())
        step = _STEP_TITLE.search(title)
        if step:
            scanner.markers.append((m.start(), number, "step", step.group(1) or step.group(2)))
        sample = _SAMPLE_TITLE.search(title)
        if sample:
            value = next(g for g in sample.groups() if g)
            scanner.markers.append((m.start(), number, "sample", value))
    scanner.markers.sort(key=lambda marker: marker[0])
    scanner.step_positions = {
        kind: [p for p, _, k, _ in scanner.markers if k == kind] for kind in ("step", "sample")
    }
    scanner.by_kind = {
        kind: [marker for marker in scanner.markers if marker[2] == kind]
        for kind in ("step", "sample")
    }


def _placed(scanner: _Scanner, offset: int, body: str, problem: str | None) -> RawClaim:
    step, sample = 1, None
    markers = scanner.by_kind
    k = bisect.bisect_right(scanner.step_positions["step"], offset) - 1
    if k >= 0:
        _, marker_line, _, marker = markers["step"][k]
        if marker.isdigit() and len(marker) <= 3 and 1 <= int(marker) <= MAX_STEP:
            step = int(marker)
        else:
            problem = problem or (
                f"line {marker_line}: % step {marker[:20]} is not a step from 1 to {MAX_STEP}"
            )
            step = None
    k = bisect.bisect_right(scanner.step_positions["sample"], offset) - 1
    last_step = bisect.bisect_right(scanner.step_positions["step"], offset) - 1
    if (
        k >= 0
        and last_step >= 0
        and scanner.step_positions["step"][last_step] > (scanner.step_positions["sample"][k])
    ):
        k = -1  # a step marker after the sample marker starts again from the mean
    if k >= 0:
        _, marker_line, _, marker = markers["sample"][k]
        if marker.lower() == "all":
            sample = None
        elif marker.isdigit() and len(marker) <= 6 and int(marker) >= 1:
            sample = int(marker) - 1
        else:
            problem = problem or (
                f"line {marker_line}: % sample {marker[:20]} is not a sample number or all"
            )
    text = " ".join(body.split())
    return RawClaim(scanner.line_of(offset), text, step, problem, scanner.column_of(offset), sample)


__all__ = ["MAX_STEP", "UNICODE", "RawClaim", "split_claims", "split_document"]
