"""Writing output files: checked before the work starts, all or nothing, never over an input.

``check_output`` is called by every command that writes a file, before it does any work: it
refuses an output that is (symlinks and hard links included) one of the command's inputs, that is
a symbolic link, a directory, a FIFO, a device or a read-only file, or whose folder is missing or
not writable. ``write_atomic`` then writes through a temporary file in the same folder and a
rename, so a failure never leaves half a file and a link is never followed to replace its target.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from symbolic.errors import NNDeriveError

from .provenance import one_line

#: (what the input is, e.g. "the spec file", its path) — the files a command reads
Inputs = Iterable[tuple[str, "str | os.PathLike"]]


class OutputError(NNDeriveError):
    """An output path that nnderive refuses to write."""


def _refuse_special(target: Path, shown: str) -> os.stat_result | None:
    """The lstat of an existing output, after refusing anything but a regular file."""
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"{shown}: cannot be examined ({os_error_words(exc)})") from None
    if stat.S_ISLNK(info.st_mode):
        raise OutputError(
            f"{shown}: is a symbolic link; give the path of the file itself "
            "(nnderive never writes through a link)"
        )
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{shown}: is a directory; give a file name")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(
            f"{shown}: is not a regular file (a FIFO, device or socket); give a file name"
        )
    return info


def os_error_words(exc: OSError) -> str:
    """A few words for an OSError, never 'None'."""
    return exc.strerror or type(exc).__name__


def _folder_of(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def check_output(path: str | os.PathLike, inputs: Inputs = (), *, option: str = "-o") -> Path:
    """Refuse, with one line, an output path that cannot or must not be written.

    ``inputs`` are the files the command reads; an output that resolves to any of them (through
    a symbolic link, a hard link or ``..``) is refused. Nothing is written, except that the
    folder's writability is probed by creating and removing an empty temporary file.
    """
    target = Path(path)
    shown = f"{option} {one_line(os.fspath(path))}"
    if not os.fspath(path):
        raise OutputError(f"{option}: the output file name is empty")
    existing = _refuse_special(target, shown)
    for role, source in inputs:
        source_path = Path(source)
        same = os.path.realpath(target) == os.path.realpath(source_path)
        if existing is not None and source_path.exists():
            same = same or os.path.samefile(target, source_path)
        if same:
            raise OutputError(
                f"{shown}: is {role} {one_line(os.fspath(source))}; writing there would replace "
                "the input, choose another output file"
            )
    if existing is not None and not os.access(target, os.W_OK):
        raise OutputError(f"{shown}: the file exists and is read-only; choose another file")
    folder = _folder_of(target)
    if not folder.is_dir():
        raise OutputError(
            f"{shown}: folder {one_line(str(folder))} does not exist; create it first"
        )
    try:
        fd, probe = tempfile.mkstemp(prefix=".nnderive-probe-", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"{shown}: cannot write in folder {one_line(str(folder))} ({os_error_words(exc)}); "
            "choose a writable folder"
        ) from None
    os.close(fd)
    os.unlink(probe)
    return target


def write_atomic(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename."""
    target = Path(path)
    shown = one_line(os.fspath(path))
    _refuse_special(target, shown)
    folder = _folder_of(target)
    if not folder.is_dir():
        raise OutputError(
            f"{shown}: folder {one_line(str(folder))} does not exist; create it first"
        )
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(
            f"{shown}: cannot write in folder {one_line(str(folder))} ({os_error_words(exc)})"
        ) from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes 0600; a written file gets the usual mode
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, target)  # replaces a name, never follows a link at it
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{shown}: could not be written ({os_error_words(exc)})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
