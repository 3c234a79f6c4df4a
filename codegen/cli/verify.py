"""``nnderive verify``: check a hand derivation or calculation, written in LaTeX, line by line.

Exit status: 0 when every claim is correct, rounded or carried, 1 otherwise (a claim wrong,
unreadable or undecided), 2 for usage errors (a bad spec, a missing, unreadable or too large
claims file).
"""

from __future__ import annotations

from pathlib import Path

from symbolic.errors import NNDeriveError
from symbolic.verify.limits import MAX_FILE_BYTES

from .common import add_spec_argument


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "verify",
        help="check LaTeX claims (a derivation or a hand calculation) against a network",
    )
    add_spec_argument(parser)
    parser.add_argument(
        "claims",
        metavar="CLAIMS",
        help="a LaTeX document or file of claims (one per line, or in align/aligned/$$ "
        "blocks), or - for standard input; '%% step N' / '%% sample N' lines and headings "
        "('Iteration 2') set the step and sample; '%% nnderive: notation NAME' (slides, "
        "layered, net-out, unit-numbered, row-vector) and '%% nnderive: let LATEX = NAME' "
        "declare the writer's notation",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list, one object per claim (line, column, text, verdict, step, "
        "sample, subject, expected, expected_text, explanation, slip, carried_from, notation)",
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=None,
        metavar="S",
        help="last-resort time guard per claim, in seconds (default 120); the work per claim "
        "is bounded by a budget, so the same file gets the same report on any machine",
    )
    parser.set_defaults(run=run)


def read_claims(name: str) -> str:
    """The claims text of a file or of standard input ("-"), refused past MAX_FILE_BYTES."""
    import sys

    limit = MAX_FILE_BYTES
    too_large = (
        f"{name if name != '-' else 'standard input'}: larger than {limit // 2**20} MB "
        "(the limit for one claims file); split the file"
    )
    if name == "-":
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise NNDeriveError(too_large)
    else:
        path = Path(name)
        if not path.exists():
            raise NNDeriveError(
                f"{name}: no such file (give a file of LaTeX claims, or - for stdin)"
            )
        if path.is_dir():
            raise NNDeriveError(f"{name}: is a directory; give a file of LaTeX claims")
        try:
            with path.open("rb") as handle:
                data = handle.read(limit + 1)
        except OSError as exc:
            raise NNDeriveError(f"{name}: cannot be read ({exc.strerror})") from None
        if len(data) > limit:
            raise NNDeriveError(too_large)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = name if name != "-" else "standard input"
        raise NNDeriveError(
            f"{where}: not UTF-8 text (byte {exc.start}); save the file as UTF-8"
        ) from None


def run(args) -> int:
    import sys

    from symbolic import load_network
    from symbolic.verify import render_json, render_text
    from symbolic.verify.claims import summary, verify_claims
    from symbolic.verify.header import HeaderError
    from symbolic.verify.limits import SECONDS_PER_CLAIM

    if args.seconds is not None and not 0 < args.seconds <= 600:
        raise NNDeriveError(f"--seconds must be between 0 and 600, got {args.seconds:g}")
    network = load_network(args.spec)
    text = read_claims(args.claims)
    try:
        results = verify_claims(network, text, seconds=args.seconds or SECONDS_PER_CLAIM)
    except HeaderError as exc:  # a bad % nnderive: line, named with the file it is in
        where = "standard input" if args.claims == "-" else args.claims
        raise NNDeriveError(f"{where}: {exc}") from None
    if args.json:
        sys.stdout.write(render_json(results))
    else:
        sys.stdout.write(render_text(results))
        sys.stderr.write(summary(results) + "\n")
    bad = any(r.verdict in ("wrong", "unreadable", "undecided") for r in results)
    return 1 if bad else 0
