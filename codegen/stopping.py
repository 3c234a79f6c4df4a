"""SIGTERM ends a command the way Ctrl-C does: ``finally`` blocks and context managers run.

Python's default SIGTERM stops the process at once, leaving temporary folders (TeX's, for
instance) behind. Inside ``exit_on_sigterm()`` a SIGTERM raises SystemExit(143) instead, so the
same clean-up as for any other exit happens. Outside the main thread, where Python cannot set a
handler, nothing changes.
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager


def _stop(signum, frame):
    raise SystemExit(128 + signum)


@contextmanager
def exit_on_sigterm():
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
