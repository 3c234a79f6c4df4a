"""``nnderive grade DIR SUBMISSIONS``: check every student's answers against their own variant.

Writes RESULTS/gradebook.csv, RESULTS/slips.csv and RESULTS/<id>.html and .txt (feedback).
Exit status 0 when grading finished (whatever the marks), 2 for a usage error. See
docs/classroom.md.
"""

from __future__ import annotations

from .common import positive_int


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "grade",
        help="grade a class: each SUBMISSIONS/<id>.tex against that student's variant in DIR",
    )
    parser.add_argument("exercises", metavar="DIR", help="the -o folder of nnderive exercises")
    parser.add_argument("submissions", metavar="SUBMISSIONS", help="folder of <id>.tex files")
    parser.add_argument(
        "-o", "--output", default="results", metavar="RESULTS", help="folder (default ./results)"
    )
    parser.add_argument(
        "--jobs",
        type=positive_int,
        default=None,
        metavar="N",
        help="processes (default: all cores)",
    )
    parser.add_argument(
        "--marks",
        metavar="POLICY",
        default=None,
        help="marking policy: a .yaml/.toml/.json file or inline, e.g. carried=0.5,gradients=2 "
        "(default: correct, rounded, carried earn an answer's mark)",
    )
    parser.add_argument(
        "--dask",
        metavar="ADDRESS",
        default=None,
        help="send the work to the Dask scheduler at ADDRESS (e.g. tcp://10.0.0.5:8786)",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    import os
    import sys

    from symbolic.errors import NNDeriveError

    from ..classroom.classgrade import grade_class
    from ..classroom.marking import read_policy
    from ..classroom.reports import show_mark

    if args.dask and args.jobs:
        raise NNDeriveError("give either --jobs (this machine) or --dask (a cluster), not both")
    policy = read_policy(args.marks)

    def done(grade) -> None:
        note = f" — {grade.note}" if grade.note else ""
        print(
            f"{grade.id}: {show_mark(grade.score)}/{show_mark(grade.maximum)} {grade.status}{note}"
        )

    jobs = args.jobs or os.cpu_count() or 1
    grades, strays = grade_class(
        args.exercises, args.submissions, args.output, policy, jobs, args.dask, done
    )
    for name in strays:
        sys.stderr.write(f"ignored: {os.path.join(args.submissions, name)} (no such student)\n")
    counts = {}
    for g in grades:
        counts[g.status] = counts.get(g.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    print(
        f"{len(grades)} students ({summary}); wrote {args.output}/gradebook.csv, slips.csv, "
        "<id>.html, <id>.txt"
    )
    return 0
