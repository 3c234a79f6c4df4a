"""Reading spec files: YAML (with each field's line), TOML, JSON, and the built-in examples."""

from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path

import yaml

from .errors import SpecError
from .spec_scan import json_repeated_key, refuse_deep_brackets, refuse_long_numbers
from .spec_yaml import MAX_NESTING, load_yaml

try:  # Python ≥ 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".toml": "toml", ".json": "json"}


# --------------------------------------------------------------------------- built-in examples
def builtin_examples() -> dict[str, Path]:
    """Built-in example names and their spec files."""
    folder = resources.files("symbolic.examples")
    found = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".yaml"):
            found[entry.name[: -len(".yaml")]] = Path(str(entry))
    return dict(sorted(found.items()))


# --------------------------------------------------------------------------- reading files
#: a spec file larger than this is refused before it is read
MAX_SPEC_BYTES = 8 * 2**20


class _RepeatedKey(Exception):
    """Raised inside json.loads when an object repeats a key; the lines are found afterwards."""


def _json_pairs(pairs: list[tuple[str, object]]) -> dict:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _RepeatedKey
    return result


def _json_float(text: str) -> float | str:
    """A JSON float; one too large for a float stays text, so the error can show it as written."""
    value = float(text)
    return text if math.isinf(value) else value


def _parse(kind: str, text: str) -> tuple[object, dict[str, int]]:
    if kind == "yaml":
        return load_yaml(text)
    refuse_deep_brackets(text, kind, MAX_NESTING)
    if kind == "toml":
        return tomllib.loads(text, parse_float=_json_float), {}
    try:
        return json.loads(text, object_pairs_hook=_json_pairs, parse_float=_json_float), {}
    except _RepeatedKey:
        raise json_repeated_key(text) or SpecError("an object repeats a key") from None


def read_spec_file(path: Path, display: str) -> tuple[object, dict[str, int]]:
    """Parse a spec file; returns (data, field-path → line map).

    The work is bounded before and while parsing: file size, nesting depth, digits of a number,
    YAML values and aliases (see spec_yaml and spec_scan); repeated keys are refused.
    """
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise SpecError(
            f"unknown spec format {path.suffix or '(no suffix)'!r}",
            source=display,
            fix="name the file .yaml, .yml, .toml or .json",
        )
    try:
        if not path.is_file():
            raise SpecError("is not a regular file", source=display, fix="give a spec file")
        size = path.stat().st_size
        if size > MAX_SPEC_BYTES:
            raise SpecError(
                f"the file has {size:,} bytes, more than the {MAX_SPEC_BYTES // 2**20} MiB a spec "
                "may have",
                source=display,
                fix="let the seed draw large weight sets instead of listing them",
            )
        with path.open("rb") as handle:
            raw = handle.read(MAX_SPEC_BYTES + 1)
    except OSError as exc:
        raise SpecError(
            f"cannot read the file ({exc.strerror or type(exc).__name__})", source=display
        ) from None
    if len(raw) > MAX_SPEC_BYTES:
        raise SpecError(f"the file is larger than {MAX_SPEC_BYTES // 2**20} MiB", source=display)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SpecError(
            f"file is not UTF-8 text (byte {exc.start})", source=display, fix="save it as UTF-8"
        ) from None
    try:
        refuse_long_numbers(text)
        data, lines = _parse(kind, text)
        check_nesting(data)
    except SpecError as exc:
        raise exc.located(display) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        said = (getattr(exc, "context", None), getattr(exc, "problem", None))
        problem = " ".join(part for part in said if part) or "invalid YAML"
        raise SpecError(
            f"broken YAML: {problem}",
            source=display,
            line=mark.line + 1 if mark else None,
            fix="check indentation, colons and brackets",
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"broken TOML: {exc}", source=display) from None
    except json.JSONDecodeError as exc:
        raise SpecError(f"broken JSON: {exc.msg}", source=display, line=exc.lineno) from None
    return data, lines


def check_nesting(data, limit: int = MAX_NESTING) -> None:
    """Refuse parsed data nested deeper than ``limit`` (or containing itself), without recursion."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > limit:
                raise SpecError(f"nested more than {limit} levels deep")
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
