"""Reading spec files: YAML (with each field's line), TOML, JSON, and the built-in examples."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import yaml

from .errors import SpecError

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
def _yaml_lines(text: str) -> dict[str, int]:
    """Field path → 1-based line for every node of a YAML document."""
    lines: dict[str, int] = {}

    def walk(node, path: str) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = f"{path}.{key.value}" if path else str(key.value)
                lines[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, f"{path}[{index}]")

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, "")
    return lines


def read_spec_file(path: Path, display: str) -> tuple[object, dict[str, int]]:
    """Parse a spec file; returns (data, field-path → line map)."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise SpecError(
            f"unknown spec format {path.suffix or '(no suffix)'!r}",
            source=display,
            fix="name the file .yaml, .yml, .toml or .json",
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SpecError(f"cannot read the file ({exc.strerror})", source=display) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SpecError("file is not UTF-8 text", source=display) from None
    try:
        if kind == "yaml":
            return yaml.safe_load(text), _yaml_lines(text)
        if kind == "toml":
            return tomllib.loads(text), {}
        return json.loads(text), {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
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
