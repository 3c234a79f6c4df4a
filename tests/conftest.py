"""Shared fixtures: seeded random generators (nothing seeds global state)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def rng():
    return np.random.default_rng(20261127)


def run_cli(*args: str, input: str | None = None, cwd: Path | None = None, env=None):
    """Run ``nnderive`` in a real subprocess; returns the CompletedProcess."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "codegen", *args],
        capture_output=True,
        text=True,
        input=input,
        cwd=cwd or ROOT,
        env=full_env,
        timeout=600,
    )


@pytest.fixture
def cli():
    return run_cli
