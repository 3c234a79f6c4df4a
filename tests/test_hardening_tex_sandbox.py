"""TeX runs sandboxed: no shell escape, files read and written only in its own temporary folder,
and that folder is removed when the compilation is stopped by SIGTERM.

The documents nnderive writes never hold such commands (see test_hardening_spec_text); these
tests hand TeX source to ``compile_pdf`` directly to show the sandbox itself holds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from codegen.document import TexError, compile_pdf
from conftest import ROOT


def document(body: str) -> str:
    return "\\documentclass{article}\n\\begin{document}\n" + body + "\n\\end{document}\n"


def pdf_text(pdf: bytes, folder) -> str:
    path = folder / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "secret.tex"
    path.write_text("SECRETCONTENT\n", encoding="utf-8")
    return path


def test_input_of_an_absolute_path_outside_is_refused(secret):
    with pytest.raises(TexError) as caught:
        compile_pdf(document(f"before \\input{{{secret}}} after"))
    assert "secret.tex" in str(caught.value)


def test_openin_and_read_of_an_outside_file_reads_nothing(secret, tmp_path):
    body = (
        "\\newread\\r \\openin\\r=" + str(secret) + " "
        "\\ifeof\\r CLOSED\\else \\read\\r to \\line GOT: \\line\\fi"
    )
    text = pdf_text(compile_pdf(document(body)), tmp_path)
    assert "CLOSED" in text and "SECRETCONTENT" not in text


def test_parent_folder_is_refused(tmp_path):
    with pytest.raises(TexError):
        compile_pdf(document("\\input{../../../../../../etc/hostname}"))


def test_no_program_runs_even_one_that_restricted_shell_escape_allows(tmp_path):
    """TeX Live's default (restricted \\write18) would run kpsewhich and typeset its output."""
    with pytest.raises(TexError):
        compile_pdf(document('A \\input|"kpsewhich -expand-var=PIPEDMARKER" B'))


def test_write18_runs_nothing(tmp_path):
    marker = tmp_path / "MARKER"
    text = pdf_text(compile_pdf(document(f"\\immediate\\write18{{touch {marker}}} done")), tmp_path)
    assert "done" in text and not marker.exists()


def test_openout_outside_the_folder_is_refused(tmp_path):
    target = tmp_path / "written.tex"
    body = f"\\newwrite\\w \\immediate\\openout\\w={target} \\immediate\\write\\w{{x}}"
    with pytest.raises(TexError):
        compile_pdf(document(body))
    assert not target.exists()


def test_sigterm_during_pdf_removes_the_temporary_folder(tmp_path):
    """``nnderive pdf`` stopped by SIGTERM while TeX runs: exit 143, no folder, no output."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    output = tmp_path / "out.pdf"
    process = subprocess.Popen(
        [sys.executable, "-m", "codegen", "pdf", "layered-3-3-1", "-o", str(output)],
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(temp)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        # wait (a bounded number of polls, not a deadline) until TeX has started in its folder
        for _ in range(1200):
            folders = list(temp.glob("nnderive-tex-*"))
            if folders and (folders[0] / "main.tex").exists():
                break
            assert process.poll() is None, process.communicate()
            time.sleep(0.05)
        else:
            pytest.fail("TeX never started")
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 128 + signal.SIGTERM
    assert list(temp.iterdir()) == []
    assert not output.exists()
