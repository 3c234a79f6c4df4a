"""``nnderive derive``: ∂E/∂θ for the parameters of a network, as text, LaTeX or JSON."""

from __future__ import annotations

from .common import add_spec_argument, chosen_parameters, digits_int, positive_int

#: without --param, networks with more trainable parameters than this are refused
MAX_ALL_PARAMETERS = 1000


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "derive",
        help="derive dE/dw for every parameter (chain of partials, result, update, value)",
    )
    add_spec_argument(parser)
    parser.add_argument(
        "--format",
        choices=("text", "latex", "json"),
        default="text",
        help="text for people (default), latex (an align* block per parameter), or json for "
        "programs",
    )
    parser.add_argument(
        "--digits",
        type=digits_int,
        default=None,
        metavar="D",
        help="round values to D decimal places (default: exact where the value is exact, "
        "else 30 significant digits)",
    )
    parser.add_argument(
        "--param",
        nargs="+",
        metavar="NAME",
        action="extend",
        help="only these parameters (see --list-params)",
    )
    parser.add_argument(
        "--list-params",
        action="store_true",
        help="print the trainable parameters' names, one a line, and stop",
    )
    parser.add_argument(
        "--max-terms",
        type=positive_int,
        default=None,
        metavar="N",
        help="print fully substituted forms only up to N terms (default 20000)",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    import sys

    from symbolic import Derivation, load_network

    from .. import report

    network = load_network(args.spec)
    if args.list_params:
        for parameter in network.parameters(trainable_only=True):
            sys.stdout.write(parameter.name + "\n")
        return 0
    names = chosen_parameters(network, args.param, MAX_ALL_PARAMETERS)
    derivation = Derivation(network)
    max_terms = args.max_terms or report.DEFAULT_MAX_TERMS
    if args.format == "json":
        out = report.derive_json(derivation, names, max_terms, args.digits)
    elif args.format == "latex":
        out = report.derive_latex(derivation, names)
    else:
        out = report.derive_text(derivation, names, max_terms, args.digits)
    sys.stdout.write(out)
    return 0
