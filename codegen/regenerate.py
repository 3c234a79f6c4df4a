"""Committed outputs for the built-in examples, and the check that they are up to date.

Each generator module listed in PROVIDERS has a function ``regenerate_targets() -> list[Target]``.
``nnderive regenerate`` writes every target; ``nnderive regenerate --check`` rebuilds them in
memory and names every committed file that differs (exit 1).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from symbolic import builtin_examples
from symbolic.errors import NNDeriveError

from .output import OutputError, check_output, write_atomic

#: "module:function" of every provider of regeneration targets
PROVIDERS: tuple[str, ...] = (
    "codegen.document.regenerate:regenerate_targets",
    "codegen.trainer.regenerate:regenerate_targets",
)

REGENERATE_COMMAND = "nnderive regenerate"


@dataclass(frozen=True)
class Target:
    """One committed file: its path relative to the source checkout and how to build it."""

    path: str
    build: Callable[[], bytes]
    #: compares a committed file with the fresh build; default: byte equality
    same: Callable[[bytes, bytes], bool] = bytes.__eq__


def source_root() -> Path:
    """The source checkout this package runs from (regenerate is a developer command)."""
    root = Path(__file__).resolve().parent.parent
    if not (root / "pyproject.toml").is_file():
        raise NNDeriveError(
            f"{root} is not a source checkout of nnderive; run regenerate from a git clone "
            "installed with pip install -e ."
        )
    return root


def targets() -> list[Target]:
    found: list[Target] = []
    for provider in PROVIDERS:
        module, function = provider.split(":")
        found += getattr(importlib.import_module(module), function)()
    return found


def _builds(root: Path) -> list[tuple[Target, Path, bytes, bool]]:
    """(target, its path, the fresh build, whether the committed file already matches it)."""
    out = []
    for target in targets():
        path = root / target.path
        fresh = target.build()
        current = path.is_file() and target.same(path.read_bytes(), fresh)
        out.append((target, path, fresh, current))
    return out


def stale(root: Path | None = None) -> list[str]:
    """Paths of committed files that are missing or differ from a fresh build."""
    return [t.path for t, _, _, current in _builds(root or source_root()) if not current]


def regenerate(root: Path | None = None) -> list[str]:
    """Write every target that is missing or stale; returns the paths written."""
    root = root or source_root()
    inputs = [("the built-in spec", path) for path in builtin_examples().values()]
    for target in targets():  # every output checked before any is built
        path = root / target.path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                f"regenerate: cannot create folder {path.parent} ({exc.strerror or exc})"
            ) from None
        check_output(path, inputs, option="regenerate")
    changed = []
    for target, path, fresh, current in _builds(root):
        if not current:
            write_atomic(path, fresh)
            changed.append(target.path)
    return changed
