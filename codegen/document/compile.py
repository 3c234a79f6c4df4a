"""``compile_pdf``: LaTeX source to PDF bytes with latexmk and xelatex, in a temporary folder.

The PDF carries the sha256 of the source it was compiled from in its Keywords
(``nnderive-tex-sha256:<hash>``), so a committed PDF can be checked against its .tex without
recompiling (xelatex output differs between TeX versions). Dates come from SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from symbolic.errors import NNDeriveError

INSTALL_HINT = (
    "apt-get install latexmk texlive-xetex texlive-lang-chinese texlive-latex-extra "
    "texlive-pictures"
)
KEYWORD = "nnderive-tex-sha256:"
#: seconds one compilation may take before it is stopped
TIMEOUT = 180
#: log lines kept around each TeX error
CONTEXT_LINES = 3


class TexMissingError(NNDeriveError):
    """No TeX engine (latexmk + xelatex) on this machine."""


class TexError(NNDeriveError):
    """TeX ran and failed; the message carries the relevant lines of its log."""


def source_hash(tex: str) -> str:
    return hashlib.sha256(tex.encode("utf-8")).hexdigest()


def _require_tools() -> None:
    missing = [tool for tool in ("latexmk", "xelatex") if shutil.which(tool) is None]
    if missing:
        raise TexMissingError(
            f"no TeX engine found ({' and '.join(missing)} missing); install it with: "
            f"{INSTALL_HINT}"
        )


def log_excerpt(log: str) -> str:
    """The error lines of a TeX log (``! …`` or ``file:line: …``) with a little context."""
    lines = log.splitlines()
    picked: list[str] = []
    for k, line in enumerate(lines):
        if line.startswith("!") or re.match(r"^[^:\s]+\.tex:\d+: ", line):
            picked += [s.strip() for s in lines[k : k + CONTEXT_LINES] if s.strip()]
            if len(picked) >= 4 * CONTEXT_LINES:
                break
    if not picked:
        picked = [s.strip() for s in lines[-CONTEXT_LINES * 2 :] if s.strip()]
    return " | ".join(dict.fromkeys(picked))


def compile_pdf(tex: str, *, source_date_epoch: int = 0) -> bytes:
    """Compile LaTeX source to PDF bytes (raises TexMissingError or TexError)."""
    _require_tools()
    digest = source_hash(tex)
    with tempfile.TemporaryDirectory(prefix="nnderive-tex-") as folder:
        work = Path(folder)
        (work / "document.tex").write_text(tex, encoding="utf-8")
        (work / "main.tex").write_text(
            f"\\def\\nnderivesourcehash{{{digest}}}\n\\input{{document.tex}}\n", encoding="utf-8"
        )
        env = {
            **os.environ,
            "SOURCE_DATE_EPOCH": str(source_date_epoch),
            "FORCE_SOURCE_DATE": "1",
        }
        command = [
            "latexmk",
            "-xelatex",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "-file-line-error",
            "-norc",
            "main.tex",
        ]
        try:
            run = subprocess.run(
                command,
                cwd=work,
                env=env,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise TexError(f"xelatex did not finish within {TIMEOUT} s") from None
        pdf = work / "main.pdf"
        if run.returncode != 0 or not pdf.is_file():
            log_file = work / "main.log"
            log = (
                log_file.read_text(encoding="utf-8", errors="replace") if log_file.is_file() else ""
            )
            excerpt = log_excerpt(log or run.stdout + run.stderr)
            raise TexError(f"xelatex failed: {excerpt}")
        return pdf.read_bytes()


def embedded_source_hash(pdf: bytes) -> str | None:
    """The source hash a PDF made by compile_pdf carries, or None."""
    match = re.search(rb"nnderive-tex-sha256:([0-9a-f]{64})", pdf)
    if match:
        return match.group(1).decode()
    if shutil.which("pdfinfo") is None:
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        info = subprocess.run(
            ["pdfinfo", handle.name], capture_output=True, text=True, check=False
        ).stdout
    match = re.search(r"nnderive-tex-sha256:([0-9a-f]{64})", info)
    return match.group(1) if match else None
