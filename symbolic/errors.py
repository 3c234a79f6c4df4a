"""Errors a user can meet: each renders as one line saying what, where and how to fix it."""

from __future__ import annotations


class NNDeriveError(Exception):
    """Base class of every error caused by user input (never by a bug)."""


class SpecError(NNDeriveError):
    """A network spec is unreadable or invalid.

    Rendered as ``source:line: field.path: problem (fix)``; the parts that are unknown are left out.
    """

    def __init__(
        self,
        problem: str,
        *,
        source: str | None = None,
        field: str | None = None,
        line: int | None = None,
        fix: str | None = None,
    ):
        self.problem = problem
        self.source = source
        self.field = field
        self.line = line
        self.fix = fix
        super().__init__(self.render())

    def render(self) -> str:
        where = ""
        if self.source:
            where = self.source + (f":{self.line}" if self.line else "") + ": "
        field = f"{self.field}: " if self.field else ""
        fix = f" ({self.fix})" if self.fix else ""
        return f"{where}{field}{self.problem}{fix}"

    def located(self, source: str, line: int | None = None) -> SpecError:
        """The same error, placed in a file (and line) that the raiser did not know."""
        return SpecError(
            self.problem,
            source=self.source or source,
            field=self.field,
            line=self.line or line,
            fix=self.fix,
        )


class FormulaError(NNDeriveError):
    """A formula (a custom activation) could not be parsed; ``position`` is a 0-based column."""

    def __init__(self, problem: str, position: int | None = None):
        self.problem = problem
        self.position = position
        at = f" at column {position + 1}" if position is not None else ""
        super().__init__(f"{problem}{at}")


class UnknownParameterError(NNDeriveError):
    """A parameter name that the network does not have."""
