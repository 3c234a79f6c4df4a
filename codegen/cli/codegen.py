"""``nnderive codegen``: write a trainer module (NumPy + Numba only) for a spec."""

from __future__ import annotations

from ..trainer.plan import AUTO_UNROLL_MAX_PARAMETERS, UNROLL_MAX_PARAMETERS
from .common import add_spec_argument, spec_inputs


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "codegen",
        help="write a Numba trainer module for a spec (forward, loss, gradients, sgd_step, train)",
    )
    add_spec_argument(parser)
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE.py",
        help="write the module here (default: print it on standard output)",
    )
    parser.add_argument(
        "--strategy",
        choices=("auto", "unrolled", "layered"),
        default="auto",
        help="unrolled: straight-line code per parameter (at most "
        f"{UNROLL_MAX_PARAMETERS:,} parameters); layered: per-layer BLAS, any size; auto "
        f"(default): unrolled up to {AUTO_UNROLL_MAX_PARAMETERS} parameters, layered above",
    )
    parser.add_argument(
        "--dtype",
        choices=("float64", "float32"),
        default="float64",
        help="floating-point type of the parameters and kernels (default float64; float32 "
        "halves the memory and agrees with float64 to about 1e-5; speed: docs/benchmarks.md)",
    )
    parser.set_defaults(run=run)


def command_line(args) -> str:
    """The command that regenerates this output, for the module's header."""
    parts = ["nnderive codegen", args.spec]
    if args.output:
        parts += ["-o", args.output]
    if args.strategy != "auto":
        parts += ["--strategy", args.strategy]
    if args.dtype != "float64":
        parts += ["--dtype", args.dtype]
    return " ".join(parts)


def run(args) -> int:
    import sys

    from symbolic.errors import NNDeriveError

    from ..output import check_output, write_atomic
    from ..trainer.generate import generate_trainer

    if args.output and not args.output.endswith(".py"):
        raise NNDeriveError(f"{args.output}: the output must be a .py file (e.g. -o trainer.py)")
    if args.output:
        check_output(args.output, spec_inputs(args.spec))
    source = generate_trainer(
        args.spec, strategy=args.strategy, dtype=args.dtype, command=command_line(args)
    )
    if args.output:
        write_atomic(args.output, source)
        sys.stderr.write(f"wrote {args.output}\n")
    else:
        sys.stdout.write(source)
    return 0
