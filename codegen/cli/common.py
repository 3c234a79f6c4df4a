"""Options and checks shared by several subcommands."""

from __future__ import annotations

import argparse
from pathlib import Path

from symbolic.errors import NNDeriveError


def add_spec_argument(parser) -> None:
    parser.add_argument(
        "spec",
        metavar="SPEC",
        help="a spec file (.yaml, .toml, .json) or a built-in example name (see nnderive examples)",
    )


def spec_inputs(spec: str) -> list[tuple[str, Path]]:
    """The file a SPEC argument reads, as an input that no output may replace."""
    from symbolic import builtin_examples

    path = Path(spec)
    if path.exists():
        return [("the spec file", path)]
    examples = builtin_examples()
    if spec in examples:
        return [("the built-in spec", examples[spec])]
    return []


def _whole_number(text: str, least: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < least:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ {least}, got {value}")
    return value


def positive_int(text: str) -> int:
    return _whole_number(text, 1)


def non_negative_int(text: str) -> int:
    return _whole_number(text, 0)


def bounded_int(most: int):
    """An argparse type: a whole number from 1 to ``most``."""

    def parse(text: str) -> int:
        value = positive_int(text)
        if value > most:
            raise argparse.ArgumentTypeError(f"at most {most:,}, got {text}")
        return value

    return parse


def share(text: str) -> float:
    """An argparse type: a number strictly between 0 and 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a number between 0 and 1, got {text!r}"
        ) from None
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {text}")
    return value


def digits_int(text: str) -> int:
    value = positive_int(text)
    if value > 60:
        raise argparse.ArgumentTypeError(f"at most 60 digits, got {value}")
    return value


def chosen_parameters(network, names: list[str] | None, limit: int | None = None) -> list[str]:
    """The trainable parameters named on the command line, or all of them (up to ``limit``)."""
    if names:
        for name in names:
            parameter = network.parameter(name)  # raises for unknown names
            if not parameter.trainable:
                raise NNDeriveError(
                    f"{network.name}: parameter {name!r} is frozen; it has no gradient or update"
                )
        return list(dict.fromkeys(names))
    count = network.count_parameters(trainable_only=True)
    if limit is not None and count > limit:
        raise NNDeriveError(
            f"{network.name} has {count:,} trainable parameters; choose some with --param NAME "
            f"(--list-params lists them)"
        )
    return [p.name for p in network.parameters(trainable_only=True)]
