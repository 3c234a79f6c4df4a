"""``nnderive latex SPEC``: the derivation document as LaTeX (stdout, or -o FILE.tex)."""

from __future__ import annotations

from .common import add_spec_argument, digits_int, positive_int, spec_inputs


def add_document_options(parser) -> None:
    """--lang, --steps, --digits, --plot-steps: shared by ``latex`` and ``pdf``."""
    parser.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="language of the prose (default zh)"
    )
    parser.add_argument(
        "--steps",
        type=positive_int,
        default=3,
        metavar="N",
        help="worked iterations shown with their numbers (default 3)",
    )
    parser.add_argument(
        "--digits",
        type=digits_int,
        default=4,
        metavar="D",
        help="significant digits of the shown numbers (default 4, at most 15): exact values "
        "that need no more are shown exactly after =, others rounded after ≈",
    )
    parser.add_argument(
        "--plot-steps",
        type=positive_int,
        default=20,
        metavar="N",
        help="iterations in the error plot (default 20, at most 200)",
    )


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "latex", help="write the derivation document as LaTeX (forward pass, backprop, iterations)"
    )
    add_spec_argument(parser)
    parser.add_argument("-o", "--output", metavar="FILE.tex", help="write here instead of stdout")
    add_document_options(parser)
    parser.set_defaults(run=run)


def options_of(args):
    from ..document import DocumentOptions

    return DocumentOptions(
        lang=args.lang, steps=args.steps, digits=args.digits, plot_steps=args.plot_steps
    ).checked()


def run(args) -> int:
    import sys

    from ..document import render_latex
    from ..output import check_output, write_atomic

    if args.output:
        check_output(args.output, spec_inputs(args.spec))
    options = options_of(args)
    tex = render_latex(args.spec, options)
    if args.output:
        write_atomic(args.output, tex)
    else:
        sys.stdout.write(tex)
    return 0
