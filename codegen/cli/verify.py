"""``nnderive verify``: check a hand derivation or calculation, written in LaTeX, line by line.

Exit status: 0 when no claim is wrong or unreadable, 1 otherwise, 2 for usage errors (a bad
spec, a missing claims file).
"""

from __future__ import annotations

from pathlib import Path

from symbolic.errors import NNDeriveError

from .common import add_spec_argument

#: claims files larger than this are refused (a 10,000-line file is about 1 MB)
MAX_BYTES = 20 * 1024 * 1024


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "verify",
        help="check LaTeX claims (a derivation or a hand calculation) against a network",
    )
    add_spec_argument(parser)
    parser.add_argument(
        "claims",
        metavar="CLAIMS",
        help="a file of claims in LaTeX (one per line, or in align/aligned/$$ blocks), "
        "or - for standard input; '%% step N' lines set the training step",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='print a JSON list of {"line", "text", "verdict", "expected", "explanation"}',
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=None,
        metavar="S",
        help="time allowed per claim (default 3)",
    )
    parser.set_defaults(run=run)


def read_claims(name: str) -> str:
    import sys

    if name == "-":
        return sys.stdin.read()
    path = Path(name)
    if not path.exists():
        raise NNDeriveError(f"{name}: no such file (give a file of LaTeX claims, or - for stdin)")
    if path.is_dir():
        raise NNDeriveError(f"{name}: is a directory; give a file of LaTeX claims")
    if path.stat().st_size > MAX_BYTES:
        raise NNDeriveError(f"{name}: larger than {MAX_BYTES // 2**20} MB; split the file")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise NNDeriveError(
            f"{name}: not UTF-8 text (byte {exc.start}); save the file as UTF-8"
        ) from None


def run(args) -> int:
    import sys

    from symbolic import load_network
    from symbolic.verify import render_json, render_text
    from symbolic.verify.claims import verify_claims
    from symbolic.verify.limits import SECONDS_PER_CLAIM
    from symbolic.verify.report import summary

    if args.seconds is not None and not 0 < args.seconds <= 600:
        raise NNDeriveError(f"--seconds must be between 0 and 600, got {args.seconds:g}")
    network = load_network(args.spec)
    text = read_claims(args.claims)
    results = verify_claims(network, text, seconds=args.seconds or SECONDS_PER_CLAIM)
    if args.json:
        sys.stdout.write(render_json(results))
    else:
        sys.stdout.write(render_text(results))
        sys.stderr.write(summary(results) + "\n")
    bad = any(r.verdict in ("wrong", "unreadable") for r in results)
    return 1 if bad else 0
