"""``nnderive train``: the worked example step by step (exact), or real training with --data.

Without --data: the spec's example, one row per step, in exact arithmetic (--steps N).
With --data FILE (.npz with arrays X, Y, or .csv): the generated Numba trainer runs mini-batch
gradient descent (train_data.py): a progress bar within each epoch, then the epoch's training
and validation (--val, --val-split) loss and, for classes, accuracy.
"""

from __future__ import annotations

from .common import (
    add_spec_argument,
    bounded_int,
    digits_int,
    non_negative_int,
    positive_int,
    share,
    spec_inputs,
)

#: the table shows every parameter as a column up to this many
MAX_COLUMNS = 12
DEFAULT_STEPS = 3
DEFAULT_EPOCHS = 10
#: --epochs accepts at most this many (the generated trainer's MAX_EPOCHS)
MAX_EPOCHS = 1_000_000


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "train",
        help="train on the spec's example step by step (exact values), or on a data file (--data)",
    )
    add_spec_argument(parser)
    parser.add_argument(
        "--steps",
        type=positive_int,
        default=None,
        metavar="N",
        help=f"number of exact training steps on the example (default {DEFAULT_STEPS})",
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
        help=f"parameters to show as columns (default: all, if at most {MAX_COLUMNS})",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="the worked example as a table for people (default) or as JSON for programs: "
        "each step's predictions per sample, error and parameters",
    )
    real = parser.add_argument_group(
        "training on data (with --data FILE; these options need it)",
        "Runs the generated Numba trainer (nnderive codegen) on a data file, with a progress bar "
        "within each epoch when standard error is a terminal.",
    )
    real.add_argument(
        "--data",
        metavar="FILE",
        help="train on a .npz (arrays X, Y; Y may be 1-D class labels) or .csv file (inputs, then "
        "targets or a class label; a first row without numbers is a header)",
    )
    real.add_argument(
        "--epochs",
        type=bounded_int(MAX_EPOCHS),
        default=None,
        metavar="E",
        help=f"passes over the training samples (default {DEFAULT_EPOCHS})",
    )
    real.add_argument(
        "--batch-size",
        type=positive_int,
        default=None,
        metavar="B",
        help="samples per update (default 1: per sample; at most the number of samples)",
    )
    real.add_argument(
        "--lr", type=float, default=None, help="learning rate (default: the spec's learning_rate)"
    )
    real.add_argument(
        "--shuffle", action="store_true", default=None, help="a new sample order every epoch"
    )
    real.add_argument(
        "--seed",
        type=non_negative_int,
        default=None,
        help="seed (a whole number >= 0) of the shuffling and of --val-split (default 0)",
    )
    held = real.add_mutually_exclusive_group()
    held.add_argument(
        "--val",
        metavar="FILE",
        help="validation data (.npz or .csv like --data): its loss and accuracy after each epoch",
    )
    held.add_argument(
        "--val-split",
        type=share,
        metavar="F",
        help="hold out a random share F (0 < F < 1, drawn with --seed) of --data for validation",
    )
    real.add_argument(
        "--save",
        metavar="FILE.npz",
        help="save the trained parameters (arrays W1, b1, …; the generated module's load() "
        "reads them); also saved, and said so, when training is interrupted or diverges",
    )
    parser.set_defaults(run=run)


def training_inputs(args) -> list:
    """The files ``train --data`` reads: none of them may be an output."""
    inputs = [*spec_inputs(args.spec), ("the data file", args.data)]
    if getattr(args, "val", None):
        inputs.append(("the validation file", args.val))
    return inputs


def run(args) -> int:
    from symbolic.errors import NNDeriveError

    from ..output import check_output

    if args.data is None:
        for option, value in (
            ("--save", args.save),
            ("--lr", args.lr),
            ("--val", args.val),
            ("--val-split", args.val_split),
            ("--epochs", args.epochs),
            ("--batch-size", args.batch_size),
            ("--shuffle", args.shuffle),
            ("--seed", args.seed),
        ):
            if value is not None:
                raise NNDeriveError(f"{option} needs --data FILE (real training)")
        return run_worked_example(args)
    if args.steps is not None or args.format != "text":
        option = "--steps" if args.steps is not None else "--format"
        raise NNDeriveError(
            f"{option} is for the exact worked example and --data for real training; give one"
        )
    if args.save is not None:
        check_output(args.save, training_inputs(args), option="--save")
    from .train_data import run_on_data

    return run_on_data(args)


def run_worked_example(args) -> int:
    import sys

    from symbolic import WorkedExample, load_network

    from ..report import train_json, train_table

    network = load_network(args.spec)
    if args.param:
        for name in args.param:
            network.parameter(name)
        columns = list(dict.fromkeys(args.param))
    elif network.count_parameters() <= MAX_COLUMNS or args.format == "json":
        columns = [p.name for p in network.parameters()]
    else:
        columns = []
    steps = args.steps if args.steps is not None else DEFAULT_STEPS
    example = WorkedExample(network)
    if args.format == "json":
        sys.stdout.write(train_json(example, steps, args.digits, columns))
    else:
        sys.stdout.write(train_table(example, steps, args.digits, columns))
        if not args.param and not columns:
            sys.stdout.write(hidden_columns_note(network, args.spec))
    return 0


def hidden_columns_note(network, spec: str) -> str:
    """The line under a table without parameter columns: which are hidden, how to show them."""
    import shlex

    first = [p.name for _, p in zip(range(2), network.parameters())]
    return (
        f"(the {network.count_parameters():,} parameters are not shown as columns: more than "
        f"{MAX_COLUMNS}; show some with --param NAME …, e.g. --param {' '.join(first)}; "
        f"`nnderive derive {shlex.quote(spec)} --list-params` lists them)\n"
    )
