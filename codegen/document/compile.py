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
import signal
import subprocess
import tempfile
from contextlib import contextmanager, suppress
from pathlib import Path

from symbolic.errors import NNDeriveError

from ..stopping import exit_on_sigterm

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


#: TeX reads and writes only inside its working folder (kpathsea's "paranoid" mode: no dot
#: files, no ``..``, no absolute paths) and runs no program: see texmf.cnf, openin_any
SANDBOX_ENV = {"openin_any": "p", "openout_any": "p", "shell_escape": "f"}
#: variables that would widen what TeX may read or write, removed for the run
UNSAFE_ENV = ("TEXMFOUTPUT", "TEXINPUTS")


def _sandbox_env(source_date_epoch: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in UNSAFE_ENV}
    env.update(SANDBOX_ENV)
    env.update({"SOURCE_DATE_EPOCH": str(source_date_epoch), "FORCE_SOURCE_DATE": "1"})
    return env


def _run_tex(command: list[str], work: Path, env: dict[str, str]) -> tuple[int, str]:
    """Run latexmk in its own process group, so that stopping it stops xelatex too."""
    process = subprocess.Popen(
        command,
        cwd=work,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        _stop_group(process)
        raise TexError(f"xelatex did not finish within {TIMEOUT} s") from None
    except BaseException:
        _stop_group(process)
        raise
    return process.returncode, output


def _stop_group(process: subprocess.Popen) -> None:
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def compile_pdf(tex: str, *, source_date_epoch: int = 0) -> bytes:
    """Compile LaTeX source to PDF bytes (raises TexMissingError or TexError).

    TeX runs in a fresh temporary folder, without shell escape, reading and writing only there
    (and in the TeX installation); the folder is removed afterwards, also on Ctrl-C and SIGTERM.
    """
    _require_tools()
    digest = source_hash(tex)
    with exit_on_sigterm(), _temporary_folder() as work:
        (work / "document.tex").write_text(tex, encoding="utf-8")
        (work / "main.tex").write_text(
            f"\\def\\nnderivesourcehash{{{digest}}}\n\\input{{document.tex}}\n", encoding="utf-8"
        )
        command = [
            "latexmk",
            "-xelatex",
            "-latexoption=-no-shell-escape",
            "-interaction=nonstopmode",
            "-halt-on-error",
            "-file-line-error",
            "-norc",
            "main.tex",
        ]
        returncode, output = _run_tex(command, work, _sandbox_env(source_date_epoch))
        pdf = work / "main.pdf"
        if returncode != 0 or not pdf.is_file():
            log_file = work / "main.log"
            log = (
                log_file.read_text(encoding="utf-8", errors="replace") if log_file.is_file() else ""
            )
            raise TexError(f"xelatex failed: {log_excerpt(log or output)}")
        return pdf.read_bytes()


@contextmanager
def _temporary_folder():
    try:
        folder = tempfile.TemporaryDirectory(prefix="nnderive-tex-")
    except OSError as exc:
        raise NNDeriveError(
            f"cannot create a temporary folder for TeX in {tempfile.gettempdir()} "
            f"({exc.strerror or exc}); set TMPDIR to a writable folder"
        ) from None
    with folder as name:
        yield Path(name)


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
