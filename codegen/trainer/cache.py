"""``compile_trainer(spec)``: generate a trainer into a cache folder keyed by its hash, import it.

From spec to trained model in one notebook cell::

    from codegen.trainer import compile_trainer
    trainer = compile_trainer("slides")
    params = trainer.init_params()
    trainer.train(params, X, Y, lr=0.05, epochs=10)

The folder is ``$NNDERIVE_CACHE_DIR`` or ``~/.cache/nnderive``; each module lives in
``trainers/<key>/`` where the key is the sha256 of the generated source, so a changed spec,
strategy, dtype or generator gives a new module, and Numba's on-disk cache (``__pycache__`` beside
the module) is reused across sessions for an unchanged one.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.util
import os
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType

from symbolic import Network, load_network
from symbolic.errors import NNDeriveError

from ..output import os_error_words, write_atomic
from .generate import render_trainer

CACHE_ENV = "NNDERIVE_CACHE_DIR"


def cache_root() -> Path:
    """Where generated trainers are kept: $NNDERIVE_CACHE_DIR, else ~/.cache/nnderive."""
    configured = os.environ.get(CACHE_ENV)
    return Path(configured) if configured else Path.home() / ".cache" / "nnderive"


def compile_trainer(spec, *, strategy: str = "auto", dtype: str = "float64") -> ModuleType:
    """Generate (once) and import the trainer module for ``spec``.

    ``spec`` is a built-in example name, a spec file path, a dict or a Network. The module is
    imported under the name ``nnderive_trainer_<key>`` and kept in ``sys.modules``.
    """
    network = spec if isinstance(spec, Network) else load_network(spec)
    source = render_trainer(
        network,
        strategy=strategy,
        dtype=dtype,
        command=f"codegen.trainer.compile_trainer({network.name!r}, strategy={strategy!r}, "
        f"dtype={dtype!r})",
    )
    key = hashlib.sha256(source.encode("utf-8")).hexdigest()[:24]
    name = f"nnderive_trainer_{key}"
    if name in sys.modules:
        return sys.modules[name]
    folder = cache_root() / "trainers" / key
    path = folder / f"{name}.py"
    if not _holds(path, source):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(path, source)
        except (OSError, NNDeriveError) as exc:
            reason = os_error_words(exc) if isinstance(exc, OSError) else str(exc)
            path = _temporary_folder(reason) / f"{name}.py"
            write_atomic(path, source)
    return import_module_from(path, name)


def _holds(path: Path, source: str) -> bool:
    try:
        return path.is_file() and path.read_text(encoding="utf-8") == source
    except OSError:
        return False


_session_folder: Path | None = None


def _temporary_folder(reason: str) -> Path:
    """A folder for this session's trainers when the cache cannot be written (said once on
    stderr); removed when the process ends."""
    global _session_folder
    if _session_folder is None:
        _session_folder = Path(tempfile.mkdtemp(prefix="nnderive-trainers-"))
        atexit.register(shutil.rmtree, _session_folder, ignore_errors=True)
        sys.stderr.write(
            f"nnderive: cannot write the trainer cache {cache_root()} ({reason}); using a "
            "temporary folder, so compiled kernels are not kept for the next session (set "
            f"{CACHE_ENV} to a writable folder to keep them)\n"
        )
    return _session_folder


def import_module_from(path: Path, name: str) -> ModuleType:
    """Import a generated module from a file path under ``name``."""
    module_spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    try:
        module_spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module
