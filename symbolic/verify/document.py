"""Finding the claims in a LaTeX file: one per line, or inside $…$, $$…$$, \\[…\\], equation,
align(ed) and friends, where rows end at \\\\ and a row that starts with = continues the chain
above it. Comment lines ``% step N`` set the training step of the claims after them. Lines that
are only prose (or only a comment) are skipped.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .vocabulary import WORDS

#: steps beyond this are refused: exact values grow about threefold in digits per step
MAX_STEP = 10
#: a display block that starts with = continues a chain ending at most this many lines above
MAX_CONTINUATION_GAP = 3
DISPLAY = frozenset(
    f"{env}{star}"
    for env in ("equation", "align", "gather", "multline", "eqnarray", "flalign", "displaymath")
    for star in ("", "*")
) | {"math"}
WRAPPERS = ("aligned", "split", "gathered", "alignedat", "alignat", "alignat*")
MATH_WORDS = set(WORDS) | {"sigmoid", "ReLU", "relu", "exp", "tanh", "new", "text", "mathrm"}
_STEP = re.compile(r"^\s*step\s*[:=]?\s*(\S+)\s*$", re.IGNORECASE)
_COMMENT = re.compile(r"(?<!\\)%")
_DROP = re.compile(
    r"\\(?:label|tag|tag\*)\{[^{}]*\}|\\nonumber|\\notag|\\(?:begin|end)\{(?:"
    + "|".join(re.escape(w) for w in WRAPPERS)
    + r")\}(?:\{\d+\})?|\\\\\[[^\]]*\]"
)
_RELATION = re.compile(r"=|\\approx|\\leftarrow|\\gets|\\equiv")
_BEGIN = re.compile(r"\\begin\{([A-Za-z]{1,40}\*?)\}")


@dataclass(frozen=True)
class RawClaim:
    line: int
    text: str
    step: int | None
    problem: str | None = None  # a claim that cannot even be cut out (an unclosed $ …)


def _blank(match: re.Match) -> str:
    return " " * len(match.group())


def _top_level(text: str):
    """Yield (index, char, depth) skipping nothing; depth counts {…} and matrix environments."""
    depth, i = 0, 0
    while i < len(text):
        c = text[i]
        if c == "\\" and text.startswith("\\begin{", i):
            depth += 1
        elif c == "\\" and text.startswith("\\end{", i):
            depth -= 1
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        if c == "\\" and i + 1 < len(text):
            yield i, text[i : i + 2], depth
            i += 2
            continue
        yield i, c, depth
        i += 1


def _rows(body: str, offset: int) -> list[tuple[int, str]]:
    """Rows of a math region split at top-level \\\\, with & removed: (offset, text)."""
    rows, start = [], 0
    chars = list(body)
    for i, piece, depth in _top_level(body):
        if depth == 0 and piece == "&":
            chars[i] = " "
        if depth == 0 and piece == "\\\\":
            rows.append((offset + start, "".join(chars[start:i])))
            start = i + 2
    rows.append((offset + start, "".join(chars[start:])))
    return rows


def _has_relation(text: str) -> bool:
    return any(depth == 0 and _RELATION.match(text, i) for i, _, depth in _top_level(text))


def _split_pieces(text: str) -> list[str]:
    """`a = 1, \\quad b = 2` → two claims when every piece has a relation."""
    cuts, last = [], 0
    for i, piece, depth in _top_level(text):
        if (depth == 0 and piece in (",", ";")) or (depth == 0 and text.startswith("\\quad", i)):
            cuts.append((last, i))
            last = i + (5 if text.startswith("\\quad", i) else len(piece))
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
    def __init__(self, text: str):
        lines = text.split("\n")
        self.starts, self.steps, kept = [], [], []
        position = 0
        for number, line in enumerate(lines, start=1):
            self.starts.append(position)
            m = _COMMENT.search(line)
            if m:
                marker = _STEP.match(line[m.end() :])
                if marker:
                    self.steps.append((position, number, marker.group(1)))
                line = line[: m.start()] + " " * (len(line) - m.start())
            kept.append(line)
            position += len(line) + 1
        self.text = "\n".join(kept)
        self.step_positions = [position for position, _, _ in self.steps]

    def line_of(self, offset: int) -> int:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    def regions(self):
        """(start, end, inner_start, inner_end) of each math region, and unclosed ones."""
        text, i = self.text, 0
        found, problems = [], []
        while i < len(text):
            if text.startswith("\\$", i):
                i += 2
                continue
            opening = closing = None
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
            if opening is None:
                i += 1
                continue
            end = text.find(closing, i + len(opening))
            if closing == "$":
                while end != -1 and text[end - 1] == "\\":
                    end = text.find("$", end + 1)
            if end == -1:
                problems.append((i, f"{opening} is never closed"))
                break
            found.append((i, end + len(closing), i + len(opening), end))
            i = end + len(closing)
        return found, problems


def split_claims(text: str) -> list[RawClaim]:
    """Every claim of a document, in order, with its line and step."""
    scanner = _Scanner(text.replace("\r\n", "\n").replace("\r", "\n"))
    regions, problems = scanner.regions()
    claims: list[tuple[int, str, str | None]] = []  # (offset, text, problem)
    math_lines = set()
    chains: list[list] = []  # [offset, [pieces], last line]; later rows may continue the last one
    for start, end, inner_start, inner_end in regions:
        math_lines.update(range(scanner.line_of(start), scanner.line_of(end) + 1))
        body = _DROP.sub(_blank, scanner.text[inner_start:inner_end])
        for offset, row in _rows(body, inner_start):
            stripped = row.strip()
            if not stripped:
                continue
            where = offset + (len(row) - len(row.lstrip()))
            # "= …" continues the chain above: in this block, or in a block just before it
            near = chains and scanner.line_of(where) - chains[-1][2] <= MAX_CONTINUATION_GAP
            if near and _RELATION.match(stripped):
                chains[-1][1].append(stripped)
                chains[-1][2] = scanner.line_of(end)
            else:
                chains.append([where, [stripped], scanner.line_of(end)])
    for where, pieces, _ in chains:
        chain = " ".join(pieces)
        if _has_relation(chain):
            claims += [(where, piece, None) for piece in _split_pieces(chain)]
    for offset, problem in problems:
        claims.append((offset, scanner.text[offset : offset + 40].strip(), problem))
        math_lines.update(range(scanner.line_of(offset), len(scanner.starts) + 1))
    for number, start in enumerate(scanner.starts, start=1):
        if number in math_lines:
            continue
        end = scanner.starts[number] - 1 if number < len(scanner.starts) else len(scanner.text)
        line = scanner.text[start:end]
        stripped = re.sub(r"^\s*(?:\\item\b|[-*+]\s)\s*", "", line).strip()
        if stripped and _has_relation(stripped) and not _is_prose(stripped):
            where = start + line.find(stripped[:1]) if stripped else start
            claims += [(where, piece, None) for piece in _split_pieces(stripped)]
    claims.sort(key=lambda c: c[0])
    return [_with_step(scanner, offset, body, problem) for offset, body, problem in claims]


def _with_step(scanner: _Scanner, offset: int, body: str, problem: str | None) -> RawClaim:
    step = 1
    k = bisect.bisect_right(scanner.step_positions, offset) - 1
    if k >= 0:
        _, marker_line, marker = scanner.steps[k]
        if marker.isdigit() and len(marker) <= 3 and 1 <= int(marker) <= MAX_STEP:
            step = int(marker)
        else:
            problem = problem or (
                f"line {marker_line}: % step {marker[:20]} is not a step from 1 to {MAX_STEP}"
            )
            step = None
    return RawClaim(scanner.line_of(offset), " ".join(body.split()), step, problem)
