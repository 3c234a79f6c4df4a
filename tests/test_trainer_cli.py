"""`nnderive codegen` and `nnderive train --data` end to end, and one-line errors everywhere."""

from __future__ import annotations

import numpy as np
import pytest

import generated.slides as slides
from symbolic import WorkedExample, load_network


def _one_line(text: str) -> bool:
    return len(text.strip().splitlines()) == 1 and "Traceback" not in text


def test_codegen_writes_an_importable_module(cli, tmp_path):
    target = tmp_path / "trainer_slides.py"
    done = cli("codegen", "slides", "-o", str(target), "--strategy", "layered")
    assert done.returncode == 0, done.stderr
    source = target.read_text(encoding="utf-8")
    assert f"# Regenerate: nnderive codegen slides -o {target} --strategy layered" in source
    assert "STRATEGY = 'layered'" in source
    printed = cli("codegen", "slides", "--strategy", "layered", "-o", str(target))
    assert printed.returncode == 0 and target.read_text(encoding="utf-8") == source


@pytest.mark.parametrize(
    "args",
    [
        ("codegen", "no-such-example"),
        ("codegen", "slides", "--strategy", "fast"),
        ("codegen", "slides", "--dtype", "float16"),
        ("codegen", "slides", "-o", "trainer.txt"),
        ("codegen", "tests/data/sigmoid-784-256-10.yaml", "--strategy", "unrolled"),
    ],
)
def test_codegen_bad_input_is_one_line_and_exit_2(cli, tmp_path, args):
    done = cli(*args, cwd=None)
    assert done.returncode == 2
    assert _one_line(done.stderr), done.stderr
    assert done.stdout == ""


def test_codegen_failure_leaves_an_existing_file_alone(cli, tmp_path):
    target = tmp_path / "keep.py"
    target.write_text("original")
    done = cli("codegen", "no-such-example", "-o", str(target))
    assert done.returncode == 2 and target.read_text() == "original"


def test_train_on_npz_data_prints_progress_loss_and_accuracy(cli, tmp_path):
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, (40, 3))
    labels = (X[:, 0] > 0.5).astype(int)
    Y = np.eye(1)[np.zeros(40, dtype=int)] * labels[:, None]
    np.savez(tmp_path / "data.npz", X=X, Y=Y)
    saved = tmp_path / "params.npz"
    done = cli(
        "train",
        "layered-3-3-1",
        "--data",
        str(tmp_path / "data.npz"),
        "--epochs",
        "3",
        "--batch-size",
        "4",
        "--save",
        str(saved),
        env={"NNDERIVE_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    epochs = [line for line in lines if line.startswith("epoch ")]
    assert len(epochs) == 3
    assert "train loss (running)" in epochs[0] and "train accuracy (running)" in epochs[0]
    assert "%|" not in done.stdout + done.stderr  # no progress bar when not on a terminal
    with np.load(saved) as archive:
        assert archive.files == ["W1", "b1", "W2", "b2"]
        assert archive["W1"].shape == (3, 3)


def test_train_on_csv_with_class_labels(cli, tmp_path):
    rows = ["x1,x2,label"] + [f"{i % 3},{(i * 7) % 5},{i % 2}" for i in range(12)]
    (tmp_path / "data.csv").write_text("\n".join(rows))
    spec = tmp_path / "two.yaml"
    spec.write_text(
        "inputs: 2\nlayers:\n  - {units: 2, activation: sigmoid, bias: true}\n"
        "loss: half_sse\nlearning_rate: 0.5\nexample: {x: [0, 1], y: [1, 0]}\n"
    )
    done = cli(
        "train",
        str(spec),
        "--data",
        str(tmp_path / "data.csv"),
        "--epochs",
        "2",
        env={"NNDERIVE_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert done.returncode == 0, done.stderr
    assert "accuracy" in done.stdout


def test_train_without_data_is_still_the_exact_worked_example(cli):
    done = cli("train", "slides", "--steps", "3")
    assert done.returncode == 0
    example = WorkedExample(load_network("slides"))
    assert "0.3323139301" in done.stdout
    assert f"{float(example.step(3).prediction[0]):.10f}" in done.stdout


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--data", "DATA", "--steps", "3"), "--steps"),
        (("--data", "MISSING"), "no such data file"),
        (("--data", "DATA", "--save", "OUTTXT"), ".npz"),
        (("--data", "DATA", "--lr", "-1"), "--lr"),
        (("--data", "BADCSV"), "expected numbers"),
        (("--data", "WRONGNPZ"), "missing array Y"),
        (("--save", "OUTNPZ"), "--save needs --data"),
    ],
)
def test_train_bad_input_is_one_line_and_exit_2(cli, tmp_path, extra, message):
    np.savez(tmp_path / "ok.npz", X=np.ones((2, 2)), Y=np.ones((2, 1)))
    np.savez(tmp_path / "wrong.npz", X=np.ones((2, 2)))
    (tmp_path / "bad.csv").write_text("1,2,3\n1,oops,3\n")
    replace = {
        "DATA": str(tmp_path / "ok.npz"),
        "BADCSV": str(tmp_path / "bad.csv"),
        "WRONGNPZ": str(tmp_path / "wrong.npz"),
        "MISSING": str(tmp_path / "missing.npz"),
        "OUTTXT": str(tmp_path / "out.txt"),
        "OUTNPZ": str(tmp_path / "out.npz"),
    }
    args = [replace.get(a, a) for a in extra]
    done = cli("train", "slides", *args, env={"NNDERIVE_CACHE_DIR": str(tmp_path / "cache")})
    assert done.returncode == 2, done.stderr
    assert _one_line(done.stderr) and message in done.stderr, done.stderr
    assert not (tmp_path / "out.txt").exists() and not (tmp_path / "out.npz").exists()


def test_diverging_training_stops_with_one_line_and_keeps_earlier_parameters():
    X, Y = np.array([[2.0, 3.0]]), np.array([[1.0]])
    params = slides.init_params()
    with pytest.raises(slides.TrainingDiverged) as info:
        slides.train(params, X, Y, 10.0, 100)
    error = info.value
    assert _one_line(str(error)) and f"epoch {error.epoch}, step 1" in str(error)
    assert all(np.all(np.isfinite(p)) for p in params)
    replay = slides.init_params()
    slides.train(replay, X, Y, 10.0, error.epoch - 1)
    for kept, expected in zip(params, replay):
        np.testing.assert_array_equal(kept, expected)
    assert len(error.history["train_loss_running"]) == error.epoch - 1


def test_one_sample_steps_stop_at_the_row_whose_step_overflows():
    """The unrolled kernel's loop for batch_size 1 (no sums) stops before the update of the
    first row whose loss or gradient is not finite and keeps the steps before it."""
    X = np.array([[2.0, 3.0], [1.0, -1.0], [0.5, 2.0], [1e200, 1e200], [1.0, 1.0]])
    Y = np.array([[1.0], [0.0], [2.0], [1.0], [1.0]])
    params = slides.init_params()
    with pytest.raises(slides.TrainingDiverged) as info:
        slides.train(params, X, Y, 0.05, 3, batch_size=1)
    assert (info.value.epoch, info.value.step) == (1, 4)
    w = [float(v) for v in (*slides.init_params()[0].ravel(), *slides.init_params()[1].ravel())]
    for (i1, i2), (y,) in zip(X[:3], Y[:3]):  # the lecture's rules, by hand, row by row
        h1, h2 = i1 * w[0] + i2 * w[1], i1 * w[2] + i2 * w[3]
        delta = h1 * w[4] + h2 * w[5] - y
        grads = [delta * w[4] * i1, delta * w[4] * i2, delta * w[5] * i1, delta * w[5] * i2]
        grads += [delta * h1, delta * h2]
        w = [v - 0.05 * g for v, g in zip(w, grads)]
    kept = [*params[0].ravel(), *params[1].ravel()]
    np.testing.assert_allclose(kept, w, rtol=1e-14)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p, X, Y: slides.forward(p, X.ravel()), "X must have shape (n_samples, 2)"),
        (lambda p, X, Y: slides.loss(p, X, np.ones((2, 1))), "X has 1 samples but Y has 2"),
        (lambda p, X, Y: slides.gradients((p[0],), X, Y), "params must be a tuple of 2"),
        (lambda p, X, Y: slides.train((p[0].astype(np.float32), p[1]), X, Y, 0.1, 1), "dtype"),
        (lambda p, X, Y: slides.train((p[0], p[1].T), X, Y, 0.1, 1), "W2 must have shape"),
        (lambda p, X, Y: slides.train(p, X, Y, -0.1, 1), "lr must be a finite number > 0"),
        (lambda p, X, Y: slides.train(p, X, Y, 0.1, 0), "epochs must be a whole number"),
        (lambda p, X, Y: slides.train(p, X, Y, 0.1, 1, batch_size=1.5), "batch_size"),
        (lambda p, X, Y: slides.sgd_step(p, X.astype(str), Y, 0.1), "real numbers"),
    ],
)
def test_wrappers_refuse_bad_input_with_one_clear_line(call, message):
    X, Y = np.array([[2.0, 3.0]]), np.array([[1.0]])
    params = slides.init_params()
    with pytest.raises(slides.TrainerInputError) as info:
        call(params, X, Y)
    assert message in str(info.value) and _one_line(str(info.value))
    np.testing.assert_array_equal(params[0], slides.init_params()[0])
