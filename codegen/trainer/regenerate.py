"""The committed trainers of the built-in examples (``generated/<name>.py``) for ``regenerate``."""

from __future__ import annotations

from symbolic import builtin_examples, load_network

from ..regenerate import REGENERATE_COMMAND, Target
from .generate import render_trainer


def module_name(example: str) -> str:
    """The module under generated/: '-' and '.' become '_' (layered-3-3-1 → layered_3_3_1)."""
    return example.replace("-", "_").replace(".", "_")


def build(example: str) -> bytes:
    network = load_network(example)
    source = render_trainer(network, command=REGENERATE_COMMAND)
    return source.encode("utf-8")


def regenerate_targets() -> list[Target]:
    return [
        Target(f"generated/{module_name(name)}.py", lambda name=name: build(name))
        for name in builtin_examples()
    ]
