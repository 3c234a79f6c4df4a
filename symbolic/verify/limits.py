"""Limits that keep every claim cheap to check, and the per-claim time limit.

Claims are refused before any SymPy work when they are too long, too deep or have huge numbers or
exponents (so no C-level big-integer operation can run away), and all SymPy work for one claim
runs under an interval timer (SIGALRM, main thread only) that raises ``ClaimTimeout``.
"""

from __future__ import annotations

import contextlib
import signal
import threading

from .errors import ClaimTimeout

MAX_CLAIM_CHARS = 4000
MAX_TOKENS = 1200
MAX_DEPTH = 40  # nesting of brackets, fractions, powers
MAX_NUMBER_DIGITS = 40
MAX_EXPONENT = 16  # |numeric exponent| (e^{…} excepted)
MAX_NESTED_POWERS = 2  # (x^a)^b is the deepest tower
MAX_MATRIX_ENTRIES = 400
MAX_SIDES = 24
#: leaves of an expression written down to inputs, targets and parameters before we give up
MAX_LEAVES = 4000
#: evaluations of the writer's own numbers (carried values) per claim
MAX_WRITER_EVALUATIONS = 20000
#: seconds of SymPy work per claim
SECONDS_PER_CLAIM = 3.0


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise ClaimTimeout in the body after ``seconds`` (only on the main thread of a process).

    Off the main thread no signal can be used; the size limits above still bound the work.
    """
    usable = (
        seconds
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise ClaimTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            signal.signal(signal.SIGALRM, previous)
