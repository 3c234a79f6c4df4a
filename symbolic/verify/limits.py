"""Limits that keep every claim cheap to check, measured in work, never in time.

Claims are refused before any SymPy work when they are too long, too deep or have huge numbers,
exponents or towers of exponentials (so no big-integer operation can run away). What checking a
claim costs is then counted in work units — expression nodes walked, terms expanded, candidates
tried — against a budget per claim (``WorkBudget``); a claim that would need more is
``undecided``. The same file therefore gets the same report on a quiet and on a busy machine.

A wall-clock limit (``time_limit``, SIGALRM on the main thread) remains only as a last guard
against a bug: it is far above what the budget allows, and what it stops is ``undecided`` too.
"""

from __future__ import annotations

import contextlib
import contextvars
import signal
import threading

from .errors import ClaimTimeout, ClaimTooLarge

#: a claims file (or standard input) larger than this is refused with one line
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_CLAIM_CHARS = 4000
MAX_TOKENS = 1200
MAX_DEPTH = 40  # nesting of brackets, fractions, powers
MAX_NUMBER_DIGITS = 40
MAX_EXPONENT = 16  # |numeric exponent| (e^{…} excepted)
MAX_NESTED_POWERS = 2  # (x^a)^b is the deepest tower
MAX_NESTED_EXPONENTIALS = 3  # e^{e^{e^{x}}}, σ(e^{e^{x}}) is the deepest tower
MAX_MATRIX_ENTRIES = 400
MAX_SIDES = 24
#: leaves of an expression written down to inputs, targets and parameters before we give up
MAX_LEAVES = 4000
#: terms an expansion may produce ((a + b + c)^{16} has 153)
MAX_EXPANDED_TERMS = 6000
#: evaluations of the writer's own numbers (carried values) per claim
MAX_WRITER_EVALUATIONS = 20000
#: work units (nodes walked, terms expanded or cancelled) one claim may use
WORK_PER_CLAIM = 4_000_000
#: the last-resort wall-clock guard per claim, in seconds (``--seconds``)
SECONDS_PER_CLAIM = 120.0


class WorkBudget:
    """Work units left for one claim; ``charge`` raises ClaimTooLarge when they run out."""

    def __init__(self, units: int = WORK_PER_CLAIM):
        self.units = units
        self.left = units

    @property
    def used(self) -> int:
        return self.units - self.left

    def charge(self, units: int, what: str) -> None:
        self.left -= units
        if self.left < 0:
            raise ClaimTooLarge(f"needs more than {self.units:,} work units ({what})")


_BUDGET: contextvars.ContextVar[WorkBudget | None] = contextvars.ContextVar(
    "nnderive_verify_budget", default=None
)


def charge(units: int, what: str) -> None:
    """Charge the budget of the claim being checked (no-op outside ``working``)."""
    budget = _BUDGET.get()
    if budget is not None:
        budget.charge(units, what)


@contextlib.contextmanager
def working(budget: WorkBudget):
    """Run the body with ``budget`` as the claim's work budget."""
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise ClaimTimeout in the body after ``seconds`` (only on the main thread of a process).

    Off the main thread no signal can be used; the work budget still bounds the work.
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
