"""Writing output files: all or nothing, never half a file, never a file clobbered by a failure."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from symbolic.errors import NNDeriveError


def write_atomic(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename."""
    target = Path(path)
    if target.is_dir():
        raise NNDeriveError(f"{target}: is a directory; give a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise NNDeriveError(f"{target}: folder {folder} does not exist; create it first")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes 0600; a written file gets the usual mode
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
