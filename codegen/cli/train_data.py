"""``nnderive train SPEC --data FILE``: real training with the generated trainer.

Loads and checks the data (and validation data) before any work, then runs the module's
``train`` with a progress hook (a tqdm bar within each epoch, on standard error, only when that
is a terminal) and a per-epoch callback that prints the epoch's metrics. Ctrl-C or a diverging
step ends training with the last good parameters, which --save keeps (and the message says so).
"""

from __future__ import annotations

import io
import math
import sys
from dataclasses import dataclass, field

from symbolic.errors import NNDeriveError

#: exit code after Ctrl-C (the shell's 128 + SIGINT)
EXIT_INTERRUPTED = 130
#: exit code when training diverged
EXIT_DIVERGED = 1

#: history keys of the generated trainer → how the epoch line names them
METRIC_LABELS = {
    "train_loss_running": "train loss (running)",
    "train_accuracy_running": "train accuracy (running)",
    "val_loss": "val loss",
    "val_accuracy": "val accuracy",
}


def _format(name: str, value: float) -> str:
    if name.endswith("accuracy") or name.endswith("accuracy_running"):
        return f"{METRIC_LABELS[name]} {100 * value:.1f}%"
    return f"{METRIC_LABELS[name]} {value:.6g}"


@dataclass
class Progress:
    """The progress bar within each epoch and the epoch lines; remembers how far training got."""

    epochs: int
    out: object
    show_bar: bool
    epoch: int = 0  # the epoch under way (1-based)
    samples: int = 0  # samples done in it
    finished: int = 0  # epochs finished
    bar: object = field(default=None, repr=False)

    def step(self, epoch: int, done: int, total: int) -> None:
        if epoch != self.epoch or self.bar is None:
            self.close()
            self.epoch = epoch
            self.bar = self._new_bar(epoch, total)
        self.bar.update(done - self.samples)
        self.samples = done

    def _new_bar(self, epoch: int, total: int):
        from tqdm import tqdm

        return tqdm(
            total=total,
            desc=f"epoch {epoch}/{self.epochs}",
            unit=" samples",
            leave=False,
            disable=not self.show_bar,
            file=sys.stderr,
            dynamic_ncols=True,
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        self.samples = 0

    def epoch_done(self, epoch: int, metrics: dict, params) -> bool:
        self.close()
        self.finished = epoch
        width = len(str(self.epochs))
        parts = [_format(name, value) for name, value in metrics.items()]
        self.out.write(f"epoch {epoch:>{width}}/{self.epochs}  " + "  ".join(parts) + "\n")
        self.out.flush()
        return False


def _load(args, network):
    from ..trainer.data import DataError, load_data, split_validation

    X, Y = load_data(args.data, network.n_inputs, network.n_outputs)
    validation = None
    if args.val is not None:
        validation = load_data(args.val, network.n_inputs, network.n_outputs)
    elif args.val_split is not None:
        (X, Y), validation = split_validation(X, Y, args.val_split, args.seed or 0)
    if args.batch_size is not None and args.batch_size > X.shape[0]:
        raise DataError(
            f"--batch-size {args.batch_size} is larger than the {X.shape[0]:,} training samples; "
            f"use at most {X.shape[0]} (the whole set per step)"
        )
    return X, Y, validation


def _save(trainer, params, path: str) -> None:
    from ..output import write_atomic

    buffer = io.BytesIO()
    trainer.save(params, buffer)
    write_atomic(path, buffer.getvalue())


def run_on_data(args) -> int:
    from symbolic import load_network

    from ..trainer.cache import compile_trainer

    if args.save and not args.save.endswith(".npz"):
        raise NNDeriveError(f"{args.save}: --save needs a .npz file name")
    if args.lr is not None and not (math.isfinite(args.lr) and args.lr > 0):
        raise NNDeriveError(f"--lr must be a finite number > 0, got {args.lr}")
    network = load_network(args.spec)
    X, Y, validation = _load(args, network)
    lr = args.lr if args.lr is not None else float(network.learning_rate)
    epochs = args.epochs or 10
    batch_size = args.batch_size or 1
    trainer = compile_trainer(network)
    params = trainer.init_params()
    out = sys.stdout
    held = ""
    if validation is not None:
        source = args.val if args.val is not None else f"--val-split {args.val_split:g}"
        held = f", {validation[0].shape[0]:,} validation samples ({source})"
    out.write(
        f"training {network.name} ({'-'.join(map(str, network.widths))}, "
        f"{network.count_parameters():,} parameters) on {args.data}: {X.shape[0]:,} training "
        f"samples{held}, lr {lr:g}, batch size {batch_size}, {epochs} epochs\n"
    )
    out.flush()
    progress = Progress(epochs, out, show_bar=sys.stderr.isatty())
    X_val, Y_val = validation if validation is not None else (None, None)
    try:
        trainer.train(
            params,
            X,
            Y,
            lr,
            epochs,
            batch_size=batch_size,
            shuffle=bool(args.shuffle),
            seed=args.seed or 0,
            X_val=X_val,
            Y_val=Y_val,
            callback=progress.epoch_done,
            progress=progress.step,
        )
    except KeyboardInterrupt:
        progress.close()
        where = f"interrupted in epoch {progress.finished + 1}"
        return _stop(trainer, params, args.save, where, "the last finished step", EXIT_INTERRUPTED)
    except trainer.TrainingDiverged as exc:
        progress.close()
        where = (
            f"training stopped at epoch {exc.epoch}, step {exc.step}: the loss or a gradient is "
            "NaN or infinite (try a smaller --lr)"
        )
        return _stop(trainer, params, args.save, where, "the step before", EXIT_DIVERGED)
    progress.close()
    final = trainer.evaluate(params, X, Y)
    summary = f"after epoch {epochs}: train loss {final['loss']:.6g}"
    if final["accuracy"] is not None:
        summary += f", train accuracy {100 * final['accuracy']:.1f}%"
    if validation is not None:
        held_out = trainer.evaluate(params, X_val, Y_val)
        summary += f"; val loss {held_out['loss']:.6g}"
        if held_out["accuracy"] is not None:
            summary += f", val accuracy {100 * held_out['accuracy']:.1f}%"
    out.write(summary + "\n")
    if args.save:
        _save(trainer, params, args.save)
        out.write(f"saved {', '.join(trainer.PARAM_NAMES)} to {args.save}\n")
    return 0


def _stop(trainer, params, save: str | None, where: str, which: str, code: int) -> int:
    """One line on stderr for an interrupted or diverged run; saves the last good parameters."""
    sys.stdout.flush()
    if save:
        _save(trainer, params, save)
        sys.stderr.write(f"nnderive train: {where}; saved the parameters of {which} to {save}\n")
    else:
        sys.stderr.write(f"nnderive train: {where}; nothing saved (--save FILE.npz keeps them)\n")
    return code
