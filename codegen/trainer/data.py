"""Training data for ``nnderive train --data``: .npz files (arrays X and Y) or .csv files.

A .csv file holds one sample per row: the network's inputs, then its targets (n_inputs +
n_outputs columns), or the inputs and one whole-number class label when the network has several
outputs. A first row with no number at all is a header; any other row that is not all numbers is
an error naming its line. A Y (or label column) of class labels stays 1-D: the generated trainer
takes labels wherever it takes target rows.

Sizes are checked before anything is loaded (work budgets, not clocks): an .npz array's size is
read from its header and the zip directory, a .csv file's from the file system. Every problem is
one line naming the file (and the line, row or array) and what is expected.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import numpy as np

from symbolic.errors import NNDeriveError

#: the data of one run, held as float64 (X and Y together), may take at most this many bytes
MAX_DATA_BYTES = 1 << 30
#: a .csv file may be at most this large (NumPy parses about 250 MB/s; larger: use .npz)
MAX_CSV_BYTES = 256 << 20
#: an .npz array's header is at most this large (NumPy writes 128 bytes, up to 64 KiB allowed)
_MAX_HEADER_BYTES = 1 << 16


class DataError(NNDeriveError):
    """A data file that cannot be used for this network."""


def load_data(path, n_inputs: int, n_outputs: int) -> tuple[np.ndarray, np.ndarray]:
    """(X, Y): X float64 (n, n_inputs); Y float64 (n, n_outputs) or int64 class labels (n,)."""
    path = Path(path)
    if not path.is_file():
        raise DataError(
            f"{path}: no such data file (make one with python -m codegen.trainer.datasets)"
        )
    if path.stat().st_size == 0:
        raise DataError(f"{path}: the file is empty; expected a .npz (arrays X, Y) or .csv file")
    suffix = path.suffix.lower()
    if suffix == ".npz":
        X, Y = _read_npz(path, n_inputs, n_outputs)
    elif suffix == ".csv":
        X, Y = _read_csv(path, n_inputs, n_outputs)
    else:
        raise DataError(
            f"{path}: unknown data format {suffix or '(no suffix)'!r}; use .npz or .csv"
        )
    return _checked(path, X, Y, n_inputs, n_outputs)


def _budget(path: Path, rows: int, columns: int, what: str) -> None:
    need = rows * columns * 8
    if need > MAX_DATA_BYTES:
        raise DataError(
            f"{path}: {what} would take {need / 2**20:,.0f} MiB as float64, more than the "
            f"{MAX_DATA_BYTES >> 20:,} MiB nnderive train loads; train on a part of it, or from "
            "Python with the generated module"
        )


def _npy_header(path: Path, archive: zipfile.ZipFile, name: str) -> tuple[tuple, np.dtype]:
    """Shape and dtype of the array ``name`` from its .npy header, checked against the zip
    directory's uncompressed size before a byte of data is read."""
    member = archive.getinfo(f"{name}.npy")
    with archive.open(member) as handle:
        try:
            version = np.lib.format.read_magic(handle)
            read_header = (
                np.lib.format.read_array_header_1_0
                if version == (1, 0)
                else np.lib.format.read_array_header_2_0
            )
            shape, _, dtype = read_header(handle, max_header_size=_MAX_HEADER_BYTES)
        except (ValueError, OSError, EOFError, zipfile.BadZipFile) as exc:
            raise DataError(f"{path}: array {name} has no readable .npy header ({exc})") from None
    if dtype.hasobject or dtype.kind not in "fiub":
        raise DataError(f"{path}: {name} must hold numbers, got dtype {dtype}")
    count = _count(shape)
    if count * dtype.itemsize > member.file_size:
        raise DataError(
            f"{path}: {name}'s header claims shape {shape} ({count * dtype.itemsize:,} bytes) but "
            f"the file holds {member.file_size:,} bytes for it; the file is damaged"
        )
    return shape, dtype


def _count(shape: tuple) -> int:
    count = 1
    for extent in shape:
        count *= extent
    return count


def _read_npz(path: Path, n_inputs: int, n_outputs: int) -> tuple[np.ndarray, np.ndarray]:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n[: -len(".npy")] for n in archive.namelist() if n.endswith(".npy")]
            missing = [name for name in ("X", "Y") if name not in names]
            if missing:
                raise DataError(
                    f"{path}: missing array {', '.join(missing)} (found: "
                    f"{', '.join(names) or 'none'}); save with np.savez(path, X=X, Y=Y)"
                )
            shapes = {name: _npy_header(path, archive, name) for name in ("X", "Y")}
            _budget(path, sum(_count(shape) for shape, _ in shapes.values()), 1, "X and Y")
            arrays = []
            for name in ("X", "Y"):
                with archive.open(f"{name}.npy") as handle:
                    arrays.append(
                        np.lib.format.read_array(
                            handle, allow_pickle=False, max_header_size=_MAX_HEADER_BYTES
                        )
                    )
            return arrays[0], arrays[1]
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise DataError(f"{path}: not a readable .npz file ({exc})") from None


def _numbers(fields: list[str]) -> list[float | None]:
    values: list[float | None] = []
    for field in fields:
        try:
            values.append(float(field))
        except ValueError:
            values.append(None)
    return values


def _read_csv(path: Path, n_inputs: int, n_outputs: int) -> tuple[np.ndarray, np.ndarray]:
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise DataError(
            f"{path}: {size / 2**20:,.0f} MiB of CSV, more than the {MAX_CSV_BYTES >> 20} MiB "
            "nnderive train reads as text; save it as .npz (np.savez(path, X=X, Y=Y))"
        )
    header_lines = _leading_lines(path)
    try:
        table = np.loadtxt(
            path,
            delimiter=",",
            ndmin=2,
            dtype=np.float64,
            skiprows=header_lines,
            comments=None,
            encoding="utf-8",
        )
    except (ValueError, UnicodeDecodeError) as exc:
        raise _csv_problem(path, header_lines) or DataError(f"{path}: {exc}") from None
    if table.shape[0] == 0:
        raise DataError(f"{path}: no data rows")
    columns = table.shape[1]
    if columns == n_inputs + n_outputs:
        return table[:, :n_inputs], table[:, n_inputs:]
    if n_outputs > 1 and columns == n_inputs + 1:
        return table[:, :n_inputs], table[:, -1]
    raise DataError(
        f"{path}: expected {n_inputs} input columns and {n_outputs} target columns "
        f"({n_inputs + n_outputs} in all)"
        + (f", or {n_inputs} inputs and a class label" if n_outputs > 1 else "")
        + f", got {columns}"
    )


def _leading_lines(path: Path) -> int:
    """How many lines come before the data: blank lines and one header row with no number at
    all. A first row that mixes numbers and text is a mistyped data row, not a header."""
    skipped = 0
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for line in handle:
                skipped += 1
                fields = next(csv.reader([line]), [])
                if not any(f.strip() for f in fields):
                    continue
                values = _numbers(fields)
                if all(v is None for v in values):
                    return skipped  # the header
                if any(v is None for v in values):
                    bad = values.index(None)
                    raise DataError(
                        f"{path}:{skipped}: column {bad + 1} ({fields[bad].strip()!r}) is not a "
                        "number; a header row has no numbers at all, a data row only numbers"
                    )
                return skipped - 1
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: cannot read the file as UTF-8 text ({exc})") from None
    return skipped


def _csv_problem(path: Path, skipped: int) -> DataError | None:
    """The first line NumPy could not read, found again line by line (only on failure)."""
    width = None
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if number <= skipped or not line.strip():
                continue
            fields = next(csv.reader([line]), [])
            values = _numbers(fields)
            if any(v is None for v in values):
                bad = values.index(None)
                return DataError(
                    f"{path}:{number}: column {bad + 1} ({fields[bad].strip()!r}) is not a number; "
                    "expected numbers separated by commas"
                )
            if width is None:
                width = len(values)
            elif len(values) != width:
                return DataError(
                    f"{path}:{number}: expected {width} columns like the first data row, got "
                    f"{len(values)}"
                )
    return None


def _checked(path, X, Y, n_inputs: int, n_outputs: int) -> tuple[np.ndarray, np.ndarray]:
    checks = [("X", X, n_inputs)]
    if Y.ndim == 1 and n_outputs > 1:
        Y = _labels(path, Y, n_outputs)
    else:
        checks.append(("Y", Y, n_outputs))
    for name, array, width in checks:
        if array.dtype.kind not in "fiub":
            raise DataError(f"{path}: {name} must hold numbers, got dtype {array.dtype}")
        if array.ndim != 2 or array.shape[1] != width or array.shape[0] == 0:
            raise DataError(
                f"{path}: {name} must have shape (n_samples, {width}) for this network"
                + (" (or Y a 1-D array of class labels)" if name == "Y" and width > 1 else "")
                + f", got {array.shape}"
            )
        bad = ~np.isfinite(array)
        if bad.any():
            row, column = np.argwhere(bad)[0]
            raise DataError(
                f"{path}: {name} holds {array[row, column]} at row {row}, column {column} "
                "(counting from 0); remove or fill in such rows"
            )
    if X.shape[0] != Y.shape[0]:
        raise DataError(f"{path}: X has {X.shape[0]} samples but Y has {Y.shape[0]}")
    X = np.ascontiguousarray(X, dtype=np.float64)
    if Y.ndim == 2:
        Y = np.ascontiguousarray(Y, dtype=np.float64)
    return X, Y


def _labels(path, labels: np.ndarray, n_outputs: int) -> np.ndarray:
    """A 1-D Y of class labels 0..n_outputs-1, as int64; a bad label is named by its row."""
    if labels.dtype.kind not in "fiub" or labels.shape[0] == 0:
        raise DataError(f"{path}: Y must hold class labels, got dtype {labels.dtype}")
    values = labels.astype(np.float64)
    valid = np.isfinite(values) & (values == np.round(values)) & (values >= 0)
    valid &= values < n_outputs
    if not valid.all():
        row = int(np.argmin(valid))
        raise DataError(
            f"{path}: the class label of row {row} (counting from 0) is {labels[row]}, not one of "
            f"0..{n_outputs - 1}"
        )
    return values.astype(np.int64)


def split_validation(X, Y, share: float, seed: int):
    """((X_train, Y_train), (X_val, Y_val)): a random ``share`` of the samples (drawn with
    numpy.random.default_rng(seed)) held out for validation."""
    n = X.shape[0]
    held = round(share * n)
    if held < 1 or held > n - 1:
        raise DataError(
            f"--val-split {share:g} of {n} samples leaves {held} for validation and {n - held} for "
            "training; each needs at least one"
        )
    order = np.random.default_rng(seed).permutation(n)
    val, train = np.sort(order[:held]), np.sort(order[held:])
    return (X[train], Y[train]), (X[val], Y[val])
