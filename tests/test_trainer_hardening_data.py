"""Hostile or careless data files for ``nnderive train --data``, through the real CLI: each ends
in a right result or one line on stderr with exit code 2, within a few seconds, nothing written.

The files are made here: an empty .npz, one whose array header claims 14.6 TiB, a 3.5 MB .npz
that unpacks to 3.6 GB, a 220 MB CSV (read: under the CSV budget), a CSV over the budget, a CSV
whose first row is a mistyped data row, and NaN in a data file.
"""

from __future__ import annotations

import io
import zipfile
import zlib

import numpy as np
import pytest

from codegen.trainer.data import MAX_CSV_BYTES, MAX_DATA_BYTES


def _one_line(text: str) -> bool:
    return len(text.strip().splitlines()) == 1 and "Traceback" not in text


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """One trainer cache for the module: each trainer compiles once."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def train(cli, cache):
    def run(data, *extra, spec="slides"):
        return cli(
            "train", spec, "--data", str(data), *extra, env={"NNDERIVE_CACHE_DIR": str(cache)}
        )

    return run


def _refused(done, *phrases) -> None:
    assert done.returncode == 2, done.stderr
    assert _one_line(done.stderr), done.stderr
    for phrase in phrases:
        assert phrase in done.stderr, done.stderr
    assert done.stdout == ""


def _npy_header(shape, descr="<f8") -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buffer, {"descr": descr, "fortran_order": False, "shape": shape}
    )
    return buffer.getvalue()


def _npy(array) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def _add_deflated(archive: zipfile.ZipFile, name: str, header: bytes, zeros: int) -> None:
    """Add ``header`` + ``zeros`` zero bytes as one deflated member without holding them: the
    deflate stream of a block of zeros repeats once the window is all zeros, so it is computed
    for two blocks and repeated; the CRC is computed over every byte."""
    block = 1 << 24
    assert zeros % block == 0
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    zero_block = bytes(block)
    first = squeeze.compress(header + zero_block) + squeeze.flush(zlib.Z_FULL_FLUSH)
    steady = squeeze.compress(zero_block) + squeeze.flush(zlib.Z_FULL_FLUSH)
    assert steady == squeeze.compress(zero_block) + squeeze.flush(zlib.Z_FULL_FLUSH)
    tail = squeeze.flush(zlib.Z_FINISH)
    count = zeros // block
    crc = zlib.crc32(header)
    for _ in range(count):
        crc = zlib.crc32(zero_block, crc)
    data = first + steady * (count - 1) + tail
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.file_size = len(header) + zeros
    info.compress_size = len(data)
    info.CRC = crc
    info.header_offset = archive.fp.tell()
    archive.fp.write(info.FileHeader(zip64=True))
    archive.fp.write(data)
    archive.filelist.append(info)
    archive.NameToInfo[name] = info
    archive.start_dir = archive.fp.tell()
    archive._didModify = True


def test_an_empty_npz_file(train, tmp_path):
    (tmp_path / "empty.npz").write_bytes(b"")
    _refused(train(tmp_path / "empty.npz"), "the file is empty")


def test_an_npz_with_no_arrays(train, tmp_path):
    np.savez(tmp_path / "none.npz")
    _refused(train(tmp_path / "none.npz"), "missing array X, Y (found: none)")


def test_an_npz_whose_header_claims_14_6_tib(train, tmp_path):
    path = tmp_path / "huge.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("X.npy", _npy_header((2_000_000, 1_000_000)) + bytes(64))
        archive.writestr("Y.npy", _npy(np.ones((2, 1))))
    done = train(path)
    _refused(done, "header claims shape (2000000, 1000000)", "damaged")


def test_a_3_5_mb_npz_that_unpacks_to_3_6_gb(train, tmp_path):
    path = tmp_path / "bomb.npz"
    with zipfile.ZipFile(path, "w") as archive:
        _add_deflated(archive, "X.npy", _npy_header((225_000_000, 2)), 225 * (1 << 24))
        archive.writestr("Y.npy", _npy(np.ones((225_000_000 // 10**6, 1))))
    assert path.stat().st_size < 4 * 10**6
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("X.npy").file_size > 3.6 * 10**9
    done = train(path)
    _refused(done, f"more than the {MAX_DATA_BYTES >> 20:,} MiB")


def test_an_npz_whose_y_does_not_fit(train, tmp_path):
    np.savez(tmp_path / "d.npz", X=np.ones((4, 2)), Y=np.ones((4, 3)))
    _refused(train(tmp_path / "d.npz"), "Y must have shape (n_samples, 1)")


def test_a_220_mb_csv_is_read_in_one_pass(train, tmp_path):
    row = b"0.5,0.25,1\n"
    rows = 220 * 10**6 // len(row)
    path = tmp_path / "big.csv"
    path.write_bytes(b"x1,x2,y\n" + row * rows)
    assert 200 * 10**6 < path.stat().st_size < MAX_CSV_BYTES
    done = train(path, "--epochs", "1", "--batch-size", "1000")
    assert done.returncode == 0, done.stderr
    assert f"{rows:,} training samples" in done.stdout


def test_a_csv_over_the_budget_is_refused_before_reading(train, tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(MAX_CSV_BYTES + 1)  # sparse: its size alone is over the budget
    _refused(train(path), "MiB of CSV", "save it as .npz")


def test_a_mistyped_first_row_is_not_taken_for_a_header(train, tmp_path):
    path = tmp_path / "typo.csv"
    path.write_text("2,3x,1\n2,3,1\n1,1,0\n")
    _refused(train(path), "typo.csv:1: column 2 ('3x') is not a number")


def test_a_header_row_has_no_number_at_all(train, tmp_path):
    path = tmp_path / "header.csv"
    path.write_text("input 1,input 2,target\n2,3,1\n1,1,0\n")
    done = train(path, "--epochs", "1")
    assert done.returncode == 0, done.stderr
    assert "2 training samples" in done.stdout


def test_a_bad_row_further_down_is_named_by_its_line(train, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("x1,x2,y\n2,3,1\n1,,0\n")
    _refused(train(path), "bad.csv:3: column 2 ('') is not a number")


@pytest.mark.parametrize("suffix", ["npz", "csv"])
def test_nan_in_a_data_file_names_row_and_column(train, tmp_path, suffix):
    X = np.ones((5, 2))
    X[3, 1] = np.nan
    path = tmp_path / f"nan.{suffix}"
    if suffix == "npz":
        np.savez(path, X=X, Y=np.ones((5, 1)))
    else:
        np.savetxt(path, np.hstack([X, np.ones((5, 1))]), delimiter=",")
    _refused(train(path), "X holds nan at row 3, column 1")


def test_class_labels_out_of_range_are_named_by_row(train, tmp_path):
    np.savez(tmp_path / "d.npz", X=np.ones((4, 64)), Y=np.array([0, 3, 10, 1]))
    done = train(tmp_path / "d.npz", spec="digits")
    _refused(done, "the class label of row 2 (counting from 0) is 10, not one of 0..9")
