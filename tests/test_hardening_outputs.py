"""No output replaces an input, and every output path is checked before the work starts.

Each case runs a writing command through the real CLI with an output path that must be refused
(an input, reached directly, through a link or through ``..``; a link, FIFO, device or folder;
a folder that is missing or not writable) and checks the promise: exit 2, one line, and every
file in the folder exactly as it was.
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from hardening_support import SLIDES, assert_one_line_error, run_in, snapshot, write_json

from codegen.output import OutputError, check_output
from conftest import ROOT
from symbolic import builtin_examples


@pytest.fixture
def work(tmp_path):
    """A folder with a spec, a data file and a symlink to the spec."""
    write_json(tmp_path / "s.json", SLIDES)
    np.savez(tmp_path / "d.npz", X=np.array([[2.0, 3.0]]), Y=np.array([[1.0]]))
    (tmp_path / "link.json").symlink_to("s.json")
    (tmp_path / "sub").mkdir()
    return tmp_path


def refused(work, *args, fragments=()):
    before = snapshot(work)
    line = assert_one_line_error(run_in(work, *args), *fragments)
    assert snapshot(work) == before
    return line


@pytest.mark.parametrize("command", ["latex", "pdf"])
def test_output_that_is_the_spec_is_refused(work, command):
    refused(work, command, "s.json", "-o", "s.json", fragments=["is the spec file"])


@pytest.mark.parametrize(
    ("spec", "output", "fragment"),
    [
        ("s.json", "link.json", "is a symbolic link"),
        ("link.json", "s.json", "is the spec file"),
        ("s.json", "sub/../s.json", "is the spec file"),
        ("s.json", "hard.json", "is the spec file"),
    ],
)
def test_the_spec_reached_another_way_is_refused(work, spec, output, fragment):
    os.link(work / "s.json", work / "hard.json")
    refused(work, "latex", spec, "-o", output, fragments=[fragment])


def test_the_builtin_spec_is_an_input_too(tmp_path):
    path = builtin_examples()["slides"]
    before = path.read_bytes()
    refused(tmp_path, "latex", "slides", "-o", str(path), fragments=["is the built-in spec"])
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("save", "fragment"), [("d.npz", "is the data file"), ("s.json", "is the spec file")]
)
def test_train_save_over_an_input_is_refused(work, save, fragment):
    refused(work, "train", "s.json", "--data", "d.npz", "--save", save, fragments=[fragment])


def test_codegen_through_a_link_is_refused(work):
    (work / "out.py").symlink_to("s.json")
    refused(work, "codegen", "s.json", "-o", "out.py", fragments=["is a symbolic link"])


def test_a_dangling_link_is_not_followed(work):
    (work / "dangling.tex").symlink_to(work / "nowhere" / "x.tex")
    refused(work, "latex", "s.json", "-o", "dangling.tex", fragments=["symbolic link"])
    assert not (work / "nowhere").exists()


def test_a_fifo_is_refused_without_blocking(work):
    os.mkfifo(work / "pipe")
    refused(work, "latex", "s.json", "-o", "pipe", fragments=["not a regular file"])


@pytest.mark.parametrize(
    ("output", "fragment"),
    [
        ("sub", "is a directory"),
        ("missing/x.tex", "does not exist"),
        ("/sys/x.tex", "cannot write in folder"),
    ],
)
def test_paths_that_cannot_be_written_are_refused(work, output, fragment):
    refused(work, "latex", "s.json", "-o", output, fragments=[fragment])


def test_a_device_is_refused_before_anything_is_written():
    """In-process on purpose: a regression must not get the chance to replace /dev/null (a test
    run as root once did, through the old write path)."""
    with pytest.raises(OutputError, match="not a regular file"):
        check_output("/dev/null")


def test_train_save_is_checked_before_training(work):
    line = refused(
        work,
        "train",
        "s.json",
        "--data",
        "d.npz",
        "--epochs",
        "1000000",
        "--save",
        "/nonexistent/p.npz",
        fragments=["--save", "does not exist"],
    )
    assert "training" not in line


def test_pdf_default_output_is_checked(work):
    (work / "slides.en.pdf").mkdir()  # the default output name of this spec, taken by a folder
    refused(work, "pdf", "s.json", "--lang", "en", fragments=["is a directory"])


def test_datasets_output_is_checked_before_loading(work):
    before = snapshot(work)
    result = subprocess.run(
        [sys.executable, "-m", "codegen.trainer.datasets", "digits", "-o", "/nonexistent/d.npz"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "does not exist" in result.stderr
    assert snapshot(work) == before


def test_a_good_output_is_still_written(work):
    result = run_in(work, "latex", "s.json", "-o", "sub/doc.tex")
    assert result.returncode == 0, result.stderr
    assert (work / "sub" / "doc.tex").read_text(encoding="utf-8").startswith("% Generated")
    assert sorted(p.name for p in (work / "sub").iterdir()) == ["doc.tex"]  # no probe left
