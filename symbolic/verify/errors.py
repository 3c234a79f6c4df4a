"""Why a claim could not be read or checked; rendered into the claim's explanation."""

from __future__ import annotations


class ClaimSyntaxError(Exception):
    """The claim is not readable: ``problem`` at column ``pos`` (0-based) of the claim text."""

    def __init__(self, problem: str, pos: int | None = None):
        self.problem = problem
        self.pos = pos
        super().__init__(problem)


class ClaimShapeError(Exception):
    """The claim is readable but its matrices do not fit together (e.g. 1×2 times 1×2)."""


class ClaimTooLarge(Exception):
    """Checking the claim would need more work than the limits allow."""


class ClaimTimeout(BaseException):
    """The time allowed for one claim ran out.

    A BaseException (like KeyboardInterrupt) so that no ``except Exception`` on the way can
    swallow it: once the timer has fired there is no second alarm to stop the work.
    """
