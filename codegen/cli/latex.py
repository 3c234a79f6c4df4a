"""``nnderive latex SPEC``: the derivation document as LaTeX (stdout, or -o FILE.tex)."""

from __future__ import annotations

from .common import add_spec_argument, digits_int, positive_int, spec_inputs


def add_document_options(parser) -> None:
    """--lang, --steps, --digits: shared by ``latex`` and ``pdf``."""
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
        help="decimal places of the shown numbers (default 4; values are exact inside)",
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

    return DocumentOptions(lang=args.lang, steps=args.steps, digits=args.digits).checked()


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
