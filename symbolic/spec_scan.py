"""Linear scans of a spec's text that bound the parsers' work before they run.

Python's JSON and TOML parsers recurse once per bracket and convert integer literals with
``int()``, which refuses more than 4,300 digits; so a file is first scanned for bracket depth
(outside strings and comments) and for long runs of digits, each in one pass with no
backtracking. JSON keeps the last of two equal keys silently; ``json_repeated_key`` finds the
first repetition and both of its lines.
"""

from __future__ import annotations

import json
import re

from .errors import SpecError

#: a number with more digits than this cannot be a spec value (they have at most 30)
MAX_DIGIT_RUN = 1000

_DIGIT_RUN = re.compile(r"[0-9][0-9_]*")
#: strings (and, for TOML, comments) inside which brackets do not count
_JSON_SKIPPED = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_TOML_SKIPPED = re.compile(
    r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]',
    re.DOTALL,
)
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}:,]', re.DOTALL)


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def refuse_long_numbers(text: str) -> None:
    """A run of more than MAX_DIGIT_RUN digits anywhere is refused, naming its line."""
    for match in _DIGIT_RUN.finditer(text):
        if match.end() - match.start() > MAX_DIGIT_RUN:
            raise SpecError(
                f"a number written with more than {MAX_DIGIT_RUN:,} digits",
                line=_line_of(text, match.start()),
                fix="numbers in a spec have at most 30 significant digits",
            )


def refuse_deep_brackets(text: str, kind: str, limit: int) -> None:
    """Brackets nested deeper than ``limit`` (outside strings and comments) are refused."""
    if text.count("[") + text.count("{") <= limit:
        return
    pattern = _JSON_SKIPPED if kind == "json" else _TOML_SKIPPED
    depth = 0
    for match in pattern.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                raise SpecError(
                    f"nested more than {limit} levels deep",
                    line=_line_of(text, match.start()),
                    fix="a spec needs 5 levels: spec, layers, layer, weights, row",
                )
        elif token in "]}":
            depth -= 1


def json_repeated_key(text: str) -> SpecError | None:
    """The error for the first key that an object of this (valid) JSON text repeats, if any."""
    objects: list[dict[str, int] | None] = []  # per open bracket: key → line, None for a list
    expecting_key = False
    line, counted = 1, 0  # lines are counted as the scan goes, so it stays linear
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token == "{":
            objects.append({})
            expecting_key = True
        elif token == "[":
            objects.append(None)
        elif token in "]}":
            objects.pop()
        elif token == ",":
            expecting_key = bool(objects) and objects[-1] is not None
        elif token.startswith('"') and expecting_key:
            expecting_key = False
            line += text.count("\n", counted, match.start())
            counted = match.start()
            key, keys = json.loads(token), objects[-1]
            if key in keys:
                return SpecError(
                    f"key {key!r} appears twice, at lines {keys[key]} and {line}"
                    if keys[key] != line
                    else f"key {key!r} appears twice on line {line}",
                    line=line,
                    fix="keep one of them",
                )
            keys[key] = line
    return None
