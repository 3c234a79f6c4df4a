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

from symbolic.errors import NNDeriveError

from .output import write_atomic

#: "module:function" of every provider of regeneration targets
PROVIDERS: tuple[str, ...] = ("codegen.trainer.regenerate:regenerate_targets",)

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


def stale(root: Path | None = None) -> list[str]:
    """Paths of committed files that are missing or differ from a fresh build."""
    root = root or source_root()
    out = []
    for target in targets():
        path = root / target.path
        fresh = target.build()
        if not path.is_file() or not target.same(path.read_bytes(), fresh):
            out.append(target.path)
    return out


def regenerate(root: Path | None = None) -> list[str]:
    """Write every target; returns the paths that changed."""
    root = root or source_root()
    changed = []
    for target in targets():
        path = root / target.path
        fresh = target.build()
        if path.is_file() and target.same(path.read_bytes(), fresh):
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, fresh)
        changed.append(target.path)
    return changed
