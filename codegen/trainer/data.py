"""Training data for ``nnderive train --data``: .npz files (arrays X and Y) or .csv files.

A .csv file holds one sample per row: the network's inputs, then its targets (n_inputs +
n_outputs columns), or the inputs and one whole-number class label when the network has several
outputs (the label becomes a one-hot target row). A first row that is not numeric is a header.
Every problem is one line naming the file (and the line or array) and what is expected.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import numpy as np

from symbolic.errors import NNDeriveError


class DataError(NNDeriveError):
    """A data file that cannot be used for this network."""


def load_data(path, n_inputs: int, n_outputs: int) -> tuple[np.ndarray, np.ndarray]:
    """(X, Y) as float64 arrays of shapes (n, n_inputs) and (n, n_outputs)."""
    path = Path(path)
    if not path.is_file():
        raise DataError(
            f"{path}: no such data file (make one with python -m codegen.trainer.datasets)"
        )
    suffix = path.suffix.lower()
    if suffix == ".npz":
        X, Y = _read_npz(path)
    elif suffix == ".csv":
        X, Y = _read_csv(path, n_inputs, n_outputs)
    else:
        raise DataError(
            f"{path}: unknown data format {suffix or '(no suffix)'!r}; use .npz or .csv"
        )
    return _checked(path, X, Y, n_inputs, n_outputs)


def _read_npz(path: Path) -> tuple[np.ndarray, np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as archive:
            missing = [name for name in ("X", "Y") if name not in archive.files]
            if missing:
                raise DataError(
                    f"{path}: missing array {', '.join(missing)} (found: "
                    f"{', '.join(archive.files) or 'none'}); save with np.savez(path, X=X, Y=Y)"
                )
            return archive["X"], archive["Y"]
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        if isinstance(exc, DataError):
            raise
        raise DataError(f"{path}: not a readable .npz file ({exc})") from None


def _read_csv(path: Path, n_inputs: int, n_outputs: int) -> tuple[np.ndarray, np.ndarray]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read the file as UTF-8 text ({exc})") from None
    rows: list[list[float]] = []
    for number, fields in enumerate(csv.reader(text.splitlines()), start=1):
        if not fields or all(not f.strip() for f in fields):
            continue
        try:
            rows.append([float(f) for f in fields])
        except ValueError:
            if number == 1:
                continue  # a header row
            raise DataError(f"{path}:{number}: expected numbers separated by commas") from None
        if len(rows[-1]) != len(rows[0]):
            raise DataError(
                f"{path}:{number}: expected {len(rows[0])} columns like the first row, got "
                f"{len(rows[-1])}"
            )
    if not rows:
        raise DataError(f"{path}: no data rows")
    table = np.array(rows, dtype=np.float64)
    columns = table.shape[1]
    if columns == n_inputs + n_outputs:
        return table[:, :n_inputs], table[:, n_inputs:]
    if n_outputs > 1 and columns == n_inputs + 1:
        labels = table[:, -1]
        if not np.all((labels == np.round(labels)) & (labels >= 0) & (labels < n_outputs)):
            raise DataError(
                f"{path}: the last column must be a class label 0..{n_outputs - 1} "
                f"(or give {n_outputs} target columns)"
            )
        return table[:, :n_inputs], np.eye(n_outputs)[labels.astype(np.int64)]
    raise DataError(
        f"{path}: expected {n_inputs} input columns and {n_outputs} target columns "
        f"({n_inputs + n_outputs} in all), got {columns}"
    )


def _checked(path, X, Y, n_inputs: int, n_outputs: int) -> tuple[np.ndarray, np.ndarray]:
    for name, array, width in (("X", X, n_inputs), ("Y", Y, n_outputs)):
        if array.dtype.kind not in "fiub":
            raise DataError(f"{path}: {name} must hold numbers, got dtype {array.dtype}")
        if array.ndim != 2 or array.shape[1] != width or array.shape[0] == 0:
            raise DataError(
                f"{path}: {name} must have shape (n_samples, {width}) for this network, "
                f"got {array.shape}"
            )
        if not np.all(np.isfinite(array)):
            raise DataError(f"{path}: {name} contains NaN or infinite values")
    if X.shape[0] != Y.shape[0]:
        raise DataError(f"{path}: X has {X.shape[0]} samples but Y has {Y.shape[0]}")
    return np.ascontiguousarray(X, dtype=np.float64), np.ascontiguousarray(Y, dtype=np.float64)


def is_classification(Y: np.ndarray) -> bool:
    """One-hot rows (several outputs) or 0/1 targets (one output): accuracy makes sense."""
    binary = np.all((Y == 0) | (Y == 1))
    if not binary:
        return False
    return Y.shape[1] == 1 or bool(np.all(Y.sum(axis=1) == 1))


def accuracy(outputs: np.ndarray, Y: np.ndarray) -> float:
    """Share of samples whose predicted class (argmax, or output > 0.5) is the target's."""
    if Y.shape[1] == 1:
        return float(np.mean((outputs[:, 0] > 0.5) == (Y[:, 0] > 0.5)))
    return float(np.mean(np.argmax(outputs, axis=1) == np.argmax(Y, axis=1)))
