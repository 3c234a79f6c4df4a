"""``nnderive train``: the worked example, step by step, in exact arithmetic."""

from __future__ import annotations

from .common import add_spec_argument, digits_int, positive_int

#: the table shows every parameter as a column up to this many
MAX_COLUMNS = 12


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "train",
        help="train on the spec's example step by step (exact values, one row per step)",
    )
    add_spec_argument(parser)
    parser.add_argument(
        "--steps",
        type=positive_int,
        default=3,
        metavar="N",
        help="number of training steps on the example (default 3)",
    )
    parser.add_argument(
        "--digits",
        type=digits_int,
        default=10,
        metavar="D",
        help="decimal places shown (default 10; values are exact inside)",
    )
    parser.add_argument(
        "--param",
        nargs="+",
        metavar="NAME",
        action="extend",
        help="parameters to show as columns (default: all, if at most 12)",
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    import sys

    from symbolic import WorkedExample, load_network

    from ..report import train_table

    network = load_network(args.spec)
    if args.param:
        for name in args.param:
            network.parameter(name)
        columns = list(dict.fromkeys(args.param))
    elif network.count_parameters() <= MAX_COLUMNS:
        columns = [p.name for p in network.parameters()]
    else:
        columns = []
    sys.stdout.write(train_table(WorkedExample(network), args.steps, args.digits, columns))
    return 0
