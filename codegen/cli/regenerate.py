"""``nnderive regenerate [--check]``: rewrite or check the committed outputs of the examples."""

from __future__ import annotations


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "regenerate",
        help="rewrite the committed outputs for the built-in examples (--check: only compare)",
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 and name every stale file instead of writing"
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    import sys

    from ..regenerate import REGENERATE_COMMAND, regenerate, stale

    if args.check:
        outdated = stale()
        for path in outdated:
            sys.stderr.write(f"stale: {path}\n")
        if outdated:
            sys.stderr.write(f"{len(outdated)} file(s) out of date; run `{REGENERATE_COMMAND}`\n")
            return 1
        print("all generated files are up to date")
        return 0
    for path in regenerate():
        print(f"wrote {path}")
    return 0
