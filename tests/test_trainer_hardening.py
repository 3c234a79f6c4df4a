"""``nnderive train --data`` against hostile options, Ctrl-C, divergence, caches that cannot be
written and a plain (non-editable) install, each through the real CLI or a real import.

Folders nobody may write are made so that root cannot write them either: a regular file sits
where the folder (or its parent) would be, so every mkdir fails as it does on a read-only mount.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import venv

import numpy as np
import pytest

from conftest import ROOT


def _one_line(text: str) -> bool:
    return len(text.strip().splitlines()) == 1 and "Traceback" not in text


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def digits_file(tmp_path_factory):
    """A small synthetic digits-shaped data set (64 inputs in [0, 1], labels 0..9)."""
    rng = np.random.default_rng(3)
    path = tmp_path_factory.mktemp("data") / "digits.npz"
    labels = rng.integers(0, 10, 300)
    X = np.clip(rng.normal(labels[:, None] / 10, 0.2, (300, 64)), 0, 1)
    np.savez(path, X=X, Y=labels)
    return path


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--seed", "-5", "--shuffle"), "--seed: expected a whole number ≥ 0, got -5"),
        (("--batch-size", "100000000000000000000"), "larger than the 300 training samples"),
        (("--epochs", "10000000"), "--epochs: at most 1,000,000"),
        (("--val-split", "1.5"), "--val-split: expected a number between 0 and 1"),
        (("--val-split", "0.001"), "leaves 0 for validation"),
        (("--val", "X.npz", "--val-split", "0.2"), "not allowed with argument"),
    ],
)
def test_hostile_options_are_one_line_and_exit_2(cli, cache, digits_file, options, message):
    done = cli(
        "train",
        "digits",
        "--data",
        str(digits_file),
        *options,
        env={"NNDERIVE_CACHE_DIR": str(cache)},
    )
    assert done.returncode == 2, done.stderr
    assert _one_line(done.stderr) and message in done.stderr, done.stderr


@pytest.mark.parametrize("option", ["--epochs", "--batch-size", "--seed", "--val-split"])
def test_data_options_need_data(cli, option):
    done = cli("train", "slides", option, "1" if option != "--val-split" else "0.5")
    assert done.returncode == 2 and _one_line(done.stderr)
    assert f"{option} needs --data FILE" in done.stderr


def test_validation_metrics_per_epoch_named_as_such(cli, cache, digits_file):
    done = cli(
        "train",
        "digits",
        "--data",
        str(digits_file),
        "--val-split",
        "0.2",
        "--epochs",
        "2",
        "--batch-size",
        "8",
        env={"NNDERIVE_CACHE_DIR": str(cache)},
    )
    assert done.returncode == 0, done.stderr
    assert "240 training samples, 60 validation samples (--val-split 0.2)" in done.stdout
    epochs = [line for line in done.stdout.splitlines() if line.startswith("epoch ")]
    assert len(epochs) == 2
    for label in ("train loss (running)", "train accuracy (running)", "val loss", "val accuracy"):
        assert label in epochs[0]
    assert "val accuracy" in done.stdout.splitlines()[-1]


def _start_training(cache, data, save, *extra):
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "codegen",
            "train",
            "digits",
            "--data",
            str(data),
            "--save",
            str(save),
            *extra,
        ],
        cwd=ROOT,
        env={**os.environ, "NNDERIVE_CACHE_DIR": str(cache)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # a shell without job control starts background jobs with SIGINT ignored, and a child
        # inherits that; Ctrl-C is what is tested, so the child gets the default disposition
        preexec_fn=_default_sigint,
    )


def _default_sigint():
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_saves_the_last_good_parameters_and_says_so(cache, digits_file, tmp_path):
    saved = tmp_path / "params.npz"
    process = _start_training(cache, digits_file, saved, "--epochs", "1000000")
    try:
        lines = []
        while not any(line.split("/")[0].split() == ["epoch", "2"] for line in lines):
            line = process.stdout.readline()
            assert line, process.stderr.read()
            lines.append(line)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == 130, err
    assert _one_line(err) and "interrupted in epoch" in err and str(saved) in err, err
    assert "Traceback" not in out
    from generated import digits

    params = digits.load(saved)
    assert all(np.all(np.isfinite(p)) for p in params)
    assert not np.array_equal(params[0], digits.init_params()[0])


def test_divergence_saves_the_parameters_from_before_the_step(cli, cache, tmp_path):
    from generated import slides

    X, Y = np.array([[2.0, 3.0]]), np.array([[1.0]])
    np.savez(tmp_path / "one.npz", X=X, Y=Y)
    saved = tmp_path / "params.npz"
    done = cli(
        "train",
        "slides",
        "--data",
        str(tmp_path / "one.npz"),
        "--lr",
        "10",
        "--epochs",
        "100",
        "--save",
        str(saved),
        env={"NNDERIVE_CACHE_DIR": str(cache)},
    )
    assert done.returncode == 1
    assert _one_line(done.stderr) and "training stopped at epoch" in done.stderr
    assert f"saved the parameters of the step before to {saved}" in done.stderr
    epoch = int(done.stderr.split("training stopped at epoch ")[1].split(",")[0])
    replay = slides.init_params()
    slides.train(replay, X, Y, 10.0, epoch - 1)
    for got, want in zip(slides.load(saved), replay):
        np.testing.assert_array_equal(got, want)


def _unwritable(tmp_path, name: str):
    """A path below a regular file: no folder can be made there, not even by root."""
    blocker = tmp_path / f"{name}-is-a-file"
    blocker.write_text("")
    return blocker / name


IMPORT_AND_TRAIN = (
    "from generated import slides; "
    "print(slides.train(slides.init_params(), [[2.0, 3.0]], [[1.0]], 0.05, 2)"
    "['train_loss_running'][0])"
)


def test_a_package_without_a_writable_cache_folder_runs_without_disk_cache(tmp_path):
    package = tmp_path / "site" / "generated"
    shutil.copytree(ROOT / "generated", package, ignore=shutil.ignore_patterns("__pycache__"))
    (package / "__pycache__").write_text("")  # Numba's cache folder beside the module: a file
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    env.update(HOME=str(_unwritable(tmp_path, "home")), PYTHONPATH=str(tmp_path / "site"))
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_AND_TRAIN],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) == pytest.approx(0.3272405, rel=1e-6)
    assert _one_line(done.stderr), done.stderr
    assert "no writable folder for Numba's cache" in done.stderr
    assert "compiling without a disk cache" in done.stderr


def test_an_unwritable_trainer_cache_falls_back_to_a_temporary_folder(cli, tmp_path):
    np.savez(tmp_path / "d.npz", X=np.ones((4, 2)), Y=np.ones((4, 1)))
    done = cli(
        "train",
        "slides",
        "--data",
        str(tmp_path / "d.npz"),
        "--epochs",
        "1",
        env={"NNDERIVE_CACHE_DIR": str(_unwritable(tmp_path, "cache"))},
    )
    assert done.returncode == 0, done.stderr
    assert _one_line(done.stderr) and "cannot write the trainer cache" in done.stderr
    assert "using a temporary folder" in done.stderr


@pytest.mark.slow
def test_a_plain_install_trains_digits_from_another_folder(tmp_path, digits_file):
    """pip install of the package (not editable, no extras) into a fresh venv: every runtime
    dependency is declared (SciPy for Numba's np.dot, tqdm for the progress bar)."""
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".git", "__pycache__", "*.egg-info", "build", ".*cache"),
    )
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(source)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env["NNDERIVE_CACHE_DIR"] = str(tmp_path / "cache")
    done = subprocess.run(
        [
            str(environment / "bin" / "nnderive"),
            "train",
            "digits",
            "--data",
            str(digits_file),
            "--batch-size",
            "8",
            "--epochs",
            "2",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "epoch 2/2" in done.stdout and "train accuracy" in done.stdout
