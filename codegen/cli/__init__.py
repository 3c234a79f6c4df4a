"""The ``nnderive`` command: a thin layer over the Python API.

Each subcommand lives in its own module of this package, listed in COMMANDS; a module defines
``add_parser(subparsers)`` and a ``run(args) -> int`` that the parser's defaults point to.
User errors print one line on stderr and exit with 2; a traceback means a bug.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from symbolic.errors import NNDeriveError

from ..provenance import one_line
from ..stopping import exit_on_sigterm

#: subcommand modules, in the order ``nnderive --help`` lists them
COMMANDS = (
    "examples",
    "derive",
    "train",
    "latex",
    "pdf",
    "codegen",
    "verify",
    "exercises",
    "grade",
    "regenerate",
)

EXIT_USAGE = 2


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is a single line (and exit code 2)."""

    def error(self, message: str):
        sys.stderr.write(f"{self.prog}: error: {one_line(message)} (see {self.prog} --help)\n")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    from symbolic import __version__

    parser = OneLineParser(
        prog="nnderive",
        description="Exact backpropagation from a neural-network spec.",
    )
    parser.add_argument("--version", action="version", version=f"nnderive {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    sub.required = True
    for name in COMMANDS:
        importlib.import_module(f"{__name__}.{name}").add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with exit_on_sigterm():  # SIGTERM cleans up like Ctrl-C (temporary folders, threads)
            return args.run(args)
    except NNDeriveError as exc:
        sys.stderr.write(f"nnderive {args.command}: error: {one_line(str(exc))}\n")
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. piped into head
        return 0
    except KeyboardInterrupt:
        sys.stderr.write("nnderive: interrupted\n")
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
