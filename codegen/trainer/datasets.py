"""Real small data sets that a package ships, written as .npz files for ``nnderive train --data``.

    python -m codegen.trainer.datasets digits -o digits.npz

``digits``: scikit-learn's 8×8 handwritten digits (1,797 samples, installed with the package, no
download; ``pip install 'nnderive[digits]'``). X holds the 64 pixel intensities scaled from 0..16
to 0..1, Y the one-hot digit (10 columns), ``labels`` the digit itself.
"""

from __future__ import annotations

import argparse
import io
import sys

import numpy as np

from symbolic.errors import NNDeriveError

DATASETS = ("digits",)


def digits() -> dict[str, np.ndarray]:
    """scikit-learn's digits: X (1797, 64) in [0, 1], Y one-hot (1797, 10), labels (1797,)."""
    try:
        from sklearn.datasets import load_digits
    except ModuleNotFoundError:
        raise NNDeriveError(
            "the digits data set needs scikit-learn: pip install 'nnderive[digits]' "
            "(or pip install scikit-learn)"
        ) from None
    bunch = load_digits()
    labels = bunch.target.astype(np.int64)
    return {
        "X": bunch.data.astype(np.float64) / 16.0,
        "Y": np.eye(10)[labels],
        "labels": labels,
    }


def write_dataset(name: str, path: str) -> dict[str, np.ndarray]:
    from ..output import check_output, write_atomic

    if name not in DATASETS:
        raise NNDeriveError(f"unknown data set {name!r}; available: {', '.join(DATASETS)}")
    if not path.endswith(".npz"):
        raise NNDeriveError(f"{path}: the output must be a .npz file (e.g. -o {name}.npz)")
    check_output(path)
    arrays = digits()
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    write_atomic(path, buffer.getvalue())
    return arrays


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m codegen.trainer.datasets",
        description="Write a small real data set as .npz (arrays X, Y) for nnderive train --data.",
    )
    parser.add_argument("name", choices=DATASETS)
    parser.add_argument("-o", "--output", required=True, metavar="FILE.npz")
    args = parser.parse_args(argv)
    try:
        arrays = write_dataset(args.name, args.output)
    except NNDeriveError as exc:
        sys.stderr.write(f"datasets: error: {exc}\n")
        return 2
    print(f"wrote {args.output}: X {arrays['X'].shape}, Y {arrays['Y'].shape}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
