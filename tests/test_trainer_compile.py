"""compile_trainer (generate into a hash-keyed cache folder, import) and the digits data set."""

from __future__ import annotations

import numpy as np

from codegen.trainer import compile_trainer
from codegen.trainer.datasets import write_dataset


def test_compile_trainer_caches_under_the_configured_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("NNDERIVE_CACHE_DIR", str(tmp_path))
    trainer = compile_trainer("layered-3-3-1", strategy="layered")
    files = list((tmp_path / "trainers").glob("*/*.py"))
    assert len(files) == 1 and files[0].stem == trainer.__name__
    assert compile_trainer("layered-3-3-1", strategy="layered") is trainer
    assert compile_trainer("layered-3-3-1", strategy="unrolled") is not trainer
    assert trainer.STRATEGY == "layered"


def test_digits_data_set_trains_the_digits_example(tmp_path):
    from generated import digits

    arrays = write_dataset("digits", str(tmp_path / "digits.npz"))
    with np.load(tmp_path / "digits.npz") as archive:
        X, Y = archive["X"], archive["Y"]
    assert X.shape == (1797, 64) and Y.shape == (1797, 10)
    assert X.min() == 0 and X.max() == 1 and np.all(Y.sum(axis=1) == 1)
    np.testing.assert_array_equal(np.argmax(Y, axis=1), arrays["labels"])
    params = digits.init_params()
    before = digits.evaluate(params, X, Y)["accuracy"]
    history = digits.train(params, X, Y, 0.5, 3, batch_size=1, shuffle=True, seed=0)
    losses = history["train_loss_running"]
    assert losses[-1] < losses[0]
    assert digits.evaluate(params, X, Y)["accuracy"] > max(0.8, before)
