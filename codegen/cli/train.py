"""``nnderive train``: the worked example step by step (exact), or real training with --data.

Without --data: the spec's example, one row per step, in exact arithmetic (--steps N).
With --data FILE (.npz with arrays X, Y, or .csv): the generated Numba trainer runs mini-batch
gradient descent, printing a progress bar, each epoch's loss and, for one-hot or 0/1 targets,
the accuracy on the data.
"""

from __future__ import annotations

from .common import add_spec_argument, digits_int, positive_int

#: the table shows every parameter as a column up to this many
MAX_COLUMNS = 12
DEFAULT_STEPS = 3
BAR_WIDTH = 30


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
        help="parameters to show as columns (default: all, if at most 12)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="the worked example as a table for people (default) or as JSON for programs: "
        "each step's predictions per sample, error and parameters",
    )
    real = parser.add_argument_group("training on data (--data)")
    real.add_argument("--data", metavar="FILE", help="train on a .npz (arrays X, Y) or .csv file")
    real.add_argument("--epochs", type=positive_int, default=10, metavar="E", help="default 10")
    real.add_argument(
        "--batch-size", type=positive_int, default=1, metavar="B", help="default 1 (per sample)"
    )
    real.add_argument(
        "--lr", type=float, default=None, help="learning rate (default: the spec's learning_rate)"
    )
    real.add_argument("--shuffle", action="store_true", help="new sample order every epoch")
    real.add_argument("--seed", type=int, default=0, help="seed of the shuffling (default 0)")
    real.add_argument(
        "--save", metavar="FILE.npz", help="save the trained parameters (arrays W1, b1, …)"
    )
    parser.set_defaults(run=run)


def run(args) -> int:
    from symbolic.errors import NNDeriveError

    if args.data is None:
        for option, value in (("--save", args.save), ("--lr", args.lr)):
            if value is not None:
                raise NNDeriveError(f"{option} needs --data FILE (real training)")
        return run_worked_example(args)
    if args.steps is not None:
        raise NNDeriveError(
            "--steps is for the exact worked example and --data for real training; give one"
        )
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
    return 0


def progress_bar(done: int, total: int) -> str:
    filled = round(BAR_WIDTH * done / total)
    return "[" + "#" * filled + "." * (BAR_WIDTH - filled) + "]"


def run_on_data(args) -> int:
    import io
    import math
    import sys

    import numpy as np

    from symbolic import load_network
    from symbolic.errors import NNDeriveError

    from ..output import write_atomic
    from ..trainer.cache import compile_trainer
    from ..trainer.data import accuracy, is_classification, load_data

    if args.save and not args.save.endswith(".npz"):
        raise NNDeriveError(f"{args.save}: --save needs a .npz file name")
    if args.lr is not None and not (math.isfinite(args.lr) and args.lr > 0):
        raise NNDeriveError(f"--lr must be a finite number > 0, got {args.lr}")
    network = load_network(args.spec)
    X, Y = load_data(args.data, network.n_inputs, network.n_outputs)
    lr = args.lr if args.lr is not None else float(network.learning_rate)
    trainer = compile_trainer(network)
    params = trainer.init_params()
    classes = is_classification(Y)
    out = sys.stdout
    out.write(
        f"training {network.name} ({'-'.join(map(str, network.widths))}, "
        f"{network.count_parameters():,} parameters) on {args.data}: {X.shape[0]} samples, "
        f"lr {lr:g}, batch size {args.batch_size}, {args.epochs} epochs\n"
    )
    for epoch in range(1, args.epochs + 1):
        try:
            losses = trainer.train(
                params,
                X,
                Y,
                lr,
                1,
                batch_size=args.batch_size,
                shuffle=args.shuffle,
                seed=args.seed + epoch,
            )
        except trainer.TrainingDiverged as exc:
            step = exc.step
            sys.stderr.write(
                f"nnderive train: training stopped at epoch {epoch}, step {step}: the loss or a "
                "gradient is NaN or infinite (try a smaller --lr); nothing saved\n"
            )
            return 1
        line = f"epoch {epoch:>{len(str(args.epochs))}}/{args.epochs} "
        line += f"{progress_bar(epoch, args.epochs)} loss {losses[0]:.6g}"
        if classes:
            line += f"  accuracy {100 * accuracy(trainer.forward(params, X), Y):.1f}%"
        out.write(line + "\n")
        out.flush()
    final = trainer.loss(params, X, Y)
    summary = f"final loss {final:.6g}"
    if classes:
        summary += f", accuracy {100 * accuracy(trainer.forward(params, X), Y):.1f}%"
    out.write(summary + "\n")
    if args.save:
        buffer = io.BytesIO()
        np.savez(buffer, **dict(zip(trainer.PARAM_NAMES, params)))
        write_atomic(args.save, buffer.getvalue())
        out.write(f"saved {', '.join(trainer.PARAM_NAMES)} to {args.save}\n")
    return 0
