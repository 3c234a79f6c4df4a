"""``nnderive exercises SPEC --roster ROSTER.csv -o DIR``: a different exercise for every student.

For every student of the roster, DIR/<id>/ gets the variant's spec.yaml, the exercise sheet
(exercise.pdf), the answer key (key.tex for ``verify`` and ``grade``, key.pdf) and answers.tex,
the file the student fills in. See docs/classroom.md.
"""

from __future__ import annotations

from .common import add_spec_argument, positive_int


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "exercises",
        help="a different exercise (sheet, answer key, answer file) for every student of a roster",
    )
    add_spec_argument(parser)
    parser.add_argument(
        "--roster", required=True, metavar="ROSTER.csv", help="CSV with an id column (and name …)"
    )
    parser.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write")
    parser.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="language of the sheets (default zh)"
    )
    parser.add_argument(
        "--seed",
        type=seed_int,
        default=None,
        metavar="S",
        help="the class's private seed: variants are drawn from the seed and each id (default 0)",
    )
    parser.add_argument(
        "--steps",
        type=positive_int,
        default=None,
        metavar="N",
        help="worked iterations asked (1 to 3; default: the spec's exercise.steps, else 1)",
    )
    parser.add_argument(
        "--no-pdf",
        action="store_true",
        help="write the sheets' LaTeX (exercise.tex, key.document.tex) instead of PDFs",
    )
    parser.add_argument(
        "--jobs",
        type=positive_int,
        default=None,
        metavar="N",
        help="TeX runs at once (default: all cores)",
    )
    parser.set_defaults(run=run)


def seed_int(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 to 2^63 − 1, got {value}")
    return value


def command_line(args) -> str:
    parts = ["nnderive exercises", args.spec, "--roster", args.roster, "-o", args.output]
    parts += ["--lang", args.lang, "--seed", str(args.seed or 0)]
    if args.steps is not None:
        parts += ["--steps", str(args.steps)]
    if args.no_pdf:
        parts.append("--no-pdf")
    return " ".join(parts)


def run(args) -> int:
    import os
    import sys

    from ..classroom.exercises import FILES, TEX_FILES, ExerciseOptions, make_exercises

    options = ExerciseOptions(
        lang=args.lang,
        seed=args.seed or 0,
        steps=args.steps,
        pdf=not args.no_pdf,
        jobs=args.jobs or os.cpu_count() or 1,
    )
    folders = make_exercises(args.spec, args.roster, args.output, options, command_line(args))
    names = ", ".join(FILES if options.pdf else TEX_FILES)
    for folder in folders:
        path = os.path.join(args.output, folder.student.id)
        print(f"wrote {path}/: {names} (draw {folder.attempt})")
    print(
        f"{len(folders)} students; the class list is {os.path.join(args.output, 'exercises.json')}"
    )
    if args.seed is None:
        sys.stderr.write(
            "note: no --seed given, so the variants use seed 0 and anyone with the spec and an id "
            "can redraw that student's key; give the class a private --seed\n"
        )
    return 0
