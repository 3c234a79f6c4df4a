"""``nnderive pdf SPEC``: the derivation document compiled to PDF by xelatex (-o FILE.pdf)."""

from __future__ import annotations

from .common import add_spec_argument, spec_inputs
from .latex import add_document_options, options_of


def add_parser(sub) -> None:
    parser = sub.add_parser("pdf", help="compile the derivation document to PDF (needs xelatex)")
    add_spec_argument(parser)
    parser.add_argument(
        "-o", "--output", metavar="FILE.pdf", help="where to write (default: <name>.<lang>.pdf)"
    )
    add_document_options(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    from symbolic import load_network

    from ..document import compile_pdf, render_latex
    from ..output import check_output, write_atomic

    inputs = spec_inputs(args.spec)
    if args.output:
        check_output(args.output, inputs)
    options = options_of(args)
    network = load_network(args.spec)
    output = args.output or f"{network.name}.{options.lang}.pdf"
    if not args.output:
        check_output(output, inputs)
    pdf = compile_pdf(render_latex(network, options))
    write_atomic(output, pdf)
    print(f"wrote {output}")
    return 0
