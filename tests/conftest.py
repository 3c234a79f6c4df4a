"""Shared fixtures: seeded random generators (nothing seeds global state), and Hypothesis's
repeatable profile."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

# The property tests draw the same examples on every run, so a run's verdict does not depend on
# luck (CI gates on it); HYPOTHESIS_PROFILE=explore draws new ones, to look for failures.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


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
