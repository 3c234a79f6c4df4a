"""Benchmark: generated Numba trainers against NumPy, JAX and PyTorch (not part of the tests).

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python tests/benchmarks/bench_train.py

Cases (plain SGD, every implementation from the same initial parameters and data; the half
squared error unless said otherwise):
  A  the lecture's 2-2-1 linear network, 1,000,000 per-sample steps (1,000 samples × 1,000 epochs)
  B  64-128-64-10 tanh with biases, per-sample SGD, 10,000 samples (one epoch)
  C  784-256-10 sigmoid with biases, batch 64, 60,000 samples (one epoch), float64 and float32
  S  784-256-10, sigmoid hidden layer, softmax output, cross-entropy (JAX: its log_softmax),
     batch 64, 60,000 samples (one epoch), float64 and float32
  digits  scikit-learn's digits with a 64-32-10 softmax + cross-entropy network, trained by
     ``nnderive train --data`` and by JAX on the same split: accuracy and speed

First every implementation trains a short run and the final weights are compared (float64: 1e-9
relative to the largest weight; float32: 1e-4); then each is timed on the full case (best of
--repeat runs; NumPy and PyTorch, driven by a Python loop per step, are timed on a slice of the
case and reported as throughput). JAX runs as jax.jit over jax.lax.fori_loop. Also measured: the
time to generate the 784-256-10 module, the first-call Numba compile and the import of a cached
module (fresh processes). Prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
#: the machine's load average when the script started (other work slows every peer alike only
#: roughly: a peer with more threads gets more of a busy machine's time)
START_LOAD = ", ".join(f"{v:.2f}" for v in os.getloadavg())
sys.path.insert(0, str(ROOT))

from symbolic import load_network  # noqa: E402


# ----------------------------------------------------------------------------- cases
def case_specs() -> dict[str, dict]:
    slides = {"spec": "slides", "lr": 0.05, "batch": 1}
    b = {
        "spec": {
            "name": "bench-b",
            "notation": "layered",
            "inputs": 64,
            "layers": [
                {"units": 128, "activation": "tanh", "bias": True},
                {"units": 64, "activation": "tanh", "bias": True},
                {"units": 10, "activation": "tanh", "bias": True},
            ],
            "loss": "half_sse",
            "learning_rate": 0.01,
            "example": {"x": [0] * 64, "y": [0] * 10},
            "seed": 1,
        },
        "lr": 0.01,
        "batch": 1,
    }
    c = {"spec": str(ROOT / "tests/data/sigmoid-784-256-10.yaml"), "lr": 0.1, "batch": 64}
    softmax = {"spec": str(ROOT / "tests/data/softmax-784-256-10.yaml"), "lr": 0.1, "batch": 64}
    return {"A": slides, "B": b, "C": c, "S": softmax}


def case_data(name: str, rng) -> tuple[np.ndarray, np.ndarray, int]:
    """(X, Y, epochs) of the full case."""
    if name == "A":
        X = np.array([2.0, 3.0]) + 0.1 * rng.standard_normal((1000, 2))
        Y = 1.0 + 0.1 * rng.standard_normal((1000, 1))
        return X, Y, 1000
    if name == "B":
        X = rng.standard_normal((10_000, 64))
        teacher = rng.standard_normal((64, 10)) / 8
        return X, np.tanh(X @ teacher), 1
    X = rng.uniform(0, 1, (60_000, 784))
    Y = np.eye(10)[rng.integers(0, 10, 60_000)]
    return X, Y, 1


def activations_of(network) -> list[tuple[str, bool]]:
    return [(layer.activation.name, layer.has_bias) for layer in network.layers]


def initial_params(network, dtype) -> list[np.ndarray]:
    params = []
    for layer in network.layers:
        params.append(np.array([[float(v) for v in r] for r in layer.weights], dtype=dtype))
        if layer.has_bias:
            params.append(np.array([float(v) for v in layer.bias], dtype=dtype))
    return params


# ----------------------------------------------------------------------------- NumPy reference
NUMPY_F = {
    "identity": (lambda z: z, lambda a: np.ones_like(a)),
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda a: a * (1 - a)),
    "tanh": (np.tanh, lambda a: 1 - a * a),
}


def numpy_softmax(z):
    shifted = np.exp(z - z.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def numpy_train(layers, params, X, Y, lr, epochs, batch, steps_limit=None):
    """Plain NumPy mini-batch SGD (hand-written backprop); returns the number of samples seen.
    A softmax output layer goes with the cross-entropy (δ = a − y), any other with ½ Σ (a − y)²."""
    seen = 0
    for _ in range(epochs):
        for start in range(0, len(X), batch):
            a = [X[start : start + batch]]
            k = 0
            for name, bias in layers:
                z = a[-1] @ params[k].T + (params[k + 1] if bias else 0)
                a.append(numpy_softmax(z) if name == "softmax" else NUMPY_F[name][0](z))
                k += 2 if bias else 1
            delta = a[-1] - Y[start : start + batch]
            if layers[-1][0] != "softmax":
                delta *= NUMPY_F[layers[-1][0]][1](a[-1])
            scale = lr / len(a[0])
            k = len(params)
            for index in reversed(range(len(layers))):
                bias = layers[index][1]
                k -= 2 if bias else 1
                W = params[k]
                below = delta @ W if index > 0 else None
                W -= scale * (delta.T @ a[index])
                if bias:
                    params[k + 1] -= scale * delta.sum(axis=0)
                if index > 0:
                    delta = below * NUMPY_F[layers[index - 1][0]][1](a[index])
            seen += len(a[0])
            if steps_limit is not None and seen >= steps_limit:
                return seen
    return seen


# ----------------------------------------------------------------------------- JAX
def jax_trainer(layers, lr, epochs, batch, n_samples, dtype):
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)
    functions = {"identity": lambda z: z, "sigmoid": jax.nn.sigmoid, "tanh": jnp.tanh}

    def loss(params, x, y):
        a, k = x, 0
        for name, bias in layers:
            z = a @ params[k].T + (params[k + 1] if bias else 0)
            if name == "softmax":  # the last layer: the cross-entropy through JAX's log_softmax
                return -jnp.sum(y * jax.nn.log_softmax(z, axis=-1))
            a = functions[name](z)
            k += 2 if bias else 1
        return 0.5 * jnp.sum((a - y) ** 2)

    grad = jax.value_and_grad(loss)
    steps = n_samples // batch

    def run(params, X, Y):
        def step(i, carry):
            params, total = carry
            x = jax.lax.dynamic_slice_in_dim(X, i * batch, batch)
            y = jax.lax.dynamic_slice_in_dim(Y, i * batch, batch)
            value, grads = grad(params, x, y)
            scale = jnp.asarray(lr / batch, dtype)
            return [p - scale * g for p, g in zip(params, grads)], total + value

        def epoch(e, carry):
            params, losses = carry
            params, total = jax.lax.fori_loop(0, steps, step, (params, jnp.asarray(0.0, dtype)))
            return params, losses.at[e].set(total / n_samples)

        return jax.lax.fori_loop(0, epochs, epoch, (params, jnp.zeros(epochs, dtype)))

    return jax.jit(run)


# ----------------------------------------------------------------------------- PyTorch
def torch_train(layers, params, X, Y, lr, epochs, batch, steps_limit=None):
    import torch

    torch.set_grad_enabled(False)
    functions = {
        "identity": lambda z: z,
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "softmax": lambda z: torch.softmax(z, dim=1),
    }
    derivative = {
        "identity": lambda a: torch.ones_like(a),
        "sigmoid": lambda a: a * (1 - a),
        "tanh": lambda a: 1 - a * a,
    }
    P = [torch.from_numpy(p) for p in params]
    Xt, Yt = torch.from_numpy(X), torch.from_numpy(Y)
    seen = 0
    for _ in range(epochs):
        for start in range(0, len(X), batch):
            a = [Xt[start : start + batch]]
            k = 0
            for name, bias in layers:
                z = a[-1] @ P[k].T
                if bias:
                    z += P[k + 1]
                a.append(functions[name](z))
                k += 2 if bias else 1
            delta = a[-1] - Yt[start : start + batch]
            if layers[-1][0] != "softmax":
                delta *= derivative[layers[-1][0]](a[-1])
            scale = lr / a[0].shape[0]
            k = len(P)
            for index in reversed(range(len(layers))):
                bias = layers[index][1]
                k -= 2 if bias else 1
                below = delta @ P[k] if index > 0 else None
                P[k].sub_(scale * (delta.T @ a[index]))
                if bias:
                    P[k + 1].sub_(scale * delta.sum(0))
                if index > 0:
                    delta = below * derivative[layers[index - 1][0]](a[index])
            seen += a[0].shape[0]
            if steps_limit is not None and seen >= steps_limit:
                return seen
    return seen


# ----------------------------------------------------------------------------- measuring
def best_of(repeat, function):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def median_of_interleaved(repeat, functions: dict) -> dict:
    """Median time of each function over ``repeat`` rounds, the peers taking turns in every
    round, so that a change in the machine's load during the run hits all of them alike. Each
    round takes them in its own order (shuffled, seeded by the round): what one leaves behind
    (threads still spinning, a cold cache) does not always fall on the same next peer."""
    import random

    times = {name: [] for name in functions}
    for round_ in range(repeat):
        for name in random.Random(round_).sample(list(functions), len(functions)):
            start = time.perf_counter()
            functions[name]()
            times[name].append(time.perf_counter() - start)
    return {name: float(np.median(values)) for name, values in times.items()}


class BusyCore:
    """``with BusyCore():`` one other process keeps one core busy (a spinning Python loop)."""

    def __enter__(self):
        self.process = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        time.sleep(0.5)
        return self

    def __exit__(self, *exc):
        self.process.kill()
        self.process.wait()
        return False


def busy_if(flag: bool):
    import contextlib

    return BusyCore() if flag else contextlib.nullcontext()


def relative_difference(a, b) -> float:
    scale = max(np.abs(b).max(), 1e-300)
    return float(np.abs(a - b).max() / scale)


def flat(params) -> np.ndarray:
    return np.concatenate([np.asarray(p, dtype=np.float64).ravel() for p in params])


def run_case(label, case, dtype, args, have_jax, have_torch):
    from codegen.trainer import compile_trainer

    rng = np.random.default_rng(7)
    network = load_network(case["spec"])
    layers = activations_of(network)
    X, Y, epochs = case_data(label[0], rng)
    X, Y = X.astype(dtype), Y.astype(dtype)
    lr, batch = case["lr"], case["batch"]
    trainer = compile_trainer(network, dtype=np.dtype(dtype).name)
    n = len(X)
    total_samples = n * epochs

    # ---- agreement on a short run
    short_n = {"A": 1000, "B": 500, "C": 640, "S": 640}[label[0]]
    short_epochs = 2 if label[0] == "A" else 1
    Xs, Ys = X[:short_n], Y[:short_n]
    results = {}
    p = [np.array(a) for a in trainer.init_params()]
    trainer.train(p, Xs, Ys, lr, short_epochs, batch_size=batch)
    results["generated"] = flat(p)
    p = initial_params(network, dtype)
    numpy_train(layers, p, Xs, Ys, lr, short_epochs, batch)
    results["numpy"] = flat(p)
    if have_jax:
        import jax.numpy as jnp

        run = jax_trainer(layers, lr, short_epochs, batch, short_n, dtype)
        out, _ = run([jnp.asarray(a) for a in initial_params(network, dtype)], Xs, Ys)
        results["jax"] = flat([np.asarray(a) for a in out])
    if have_torch:
        p = initial_params(network, dtype)
        torch_train(layers, p, Xs, Ys, lr, short_epochs, batch)
        results["torch"] = flat(p)
    tolerance = 1e-9 if dtype == np.float64 else 1e-4
    agreement = {k: relative_difference(v, results["numpy"]) for k, v in results.items()}
    bad = {k: v for k, v in agreement.items() if v > tolerance}
    if bad:
        raise SystemExit(f"{label}: implementations disagree after the short run: {bad}")

    # ---- timing on the full case: the generated trainer and JAX take turns
    fresh = trainer.init_params

    def generated_run():
        trainer.train(fresh(), X, Y, lr, epochs, batch_size=batch)

    peers = {"generated": generated_run}
    if have_jax:
        import jax
        import jax.numpy as jnp

        run = jax_trainer(layers, lr, epochs, batch, n, dtype)
        Xj, Yj = jnp.asarray(X), jnp.asarray(Y)
        start = [jnp.asarray(a) for a in initial_params(network, dtype)]
        jax.block_until_ready(run(start, Xj, Yj))  # compile

        def jax_run():
            jax.block_until_ready(run(start, Xj, Yj))

        peers["jax"] = jax_run
    with busy_if(label.endswith("busy")):
        medians = median_of_interleaved(args.repeat, peers)
    rows = {k: total_samples / t for k, t in medians.items()}
    if label.endswith("busy"):
        return rows, agreement
    limit = {"A": 50_000, "B": 10_000, "C": 60_000, "S": 60_000}[label[0]]

    def numpy_run():
        p = initial_params(network, dtype)
        numpy_train(layers, p, X, Y, lr, epochs, batch, steps_limit=limit)

    rows["numpy"] = limit / best_of(1, numpy_run)
    if have_torch:

        def torch_run():
            p = initial_params(network, dtype)
            torch_train(layers, p, X, Y, lr, epochs, batch, steps_limit=limit)

        rows["torch"] = limit / best_of(1, torch_run)
    return rows, agreement


#: the thread settings of the generated C64 trainer compared by thread_policy
THREAD_SETTINGS = {
    "THREADS = None (measured, the default)": {"THREADS": None},
    "THREADS = 1": {"THREADS": 1},
    "THREADS = 2": {"THREADS": 2},
    "THREADS = 1, BLAS_THREADS = None (OpenBLAS's default)": {"THREADS": 1, "BLAS_THREADS": None},
}


def thread_policy(repeat: int) -> tuple[dict[tuple[str, str], float], bool, float]:
    """Samples/s of the generated C64 trainer under each THREAD_SETTINGS entry, idle and with
    one core busy (the settings take turns in every round); whether the THREADS settings trained
    bit-identical weights; how far (relative) OpenBLAS's default threads moved them."""
    from codegen.trainer import compile_trainer

    network = load_network(case_specs()["C"]["spec"])
    trainer = compile_trainer(network)
    X, Y, _ = case_data("C", np.random.default_rng(7))
    weights = {}

    def run(name, settings):
        def go():
            saved = {key: getattr(trainer, key) for key in settings}
            for key, value in settings.items():
                setattr(trainer, key, value)
            try:
                params = trainer.init_params()
                trainer.train(params, X, Y, 0.1, 1, batch_size=64)
                weights[name] = flat(params)
            finally:
                for key, value in saved.items():
                    setattr(trainer, key, value)

        return go

    out = {}
    for busy in (False, True):
        with busy_if(busy):
            runs = {name: run(name, settings) for name, settings in THREAD_SETTINGS.items()}
            medians = median_of_interleaved(repeat, runs)
        for name, seconds in medians.items():
            out[(name, "one core busy" if busy else "idle")] = len(X) / seconds
    one_thread = weights["THREADS = 1"]
    same = all(
        np.array_equal(weights[name], one_thread) for name in THREAD_SETTINGS if "BLAS" not in name
    )
    blas = relative_difference(weights[next(n for n in THREAD_SETTINGS if "BLAS" in n)], one_thread)
    return out, same, blas


# ----------------------------------------------------------------------------- one-off timings
SNIPPET_COMPILE = """
import time, numpy as np, numba
start, cpu = time.perf_counter(), time.process_time()
import {module} as m
imported = time.perf_counter()
p = m.init_params()
X = np.random.default_rng(0).uniform(0, 1, ({rows}, 784)); Y = np.eye(10)[np.arange({rows}) % 10]
m.train(p, X, Y, 0.1, 1, batch_size=64)
print(imported - start, time.perf_counter() - imported, time.process_time() - cpu)
"""


def module_timings() -> dict[str, float]:
    from codegen.trainer.generate import render_trainer

    folder = Path(tempfile.mkdtemp(prefix="nnderive-bench-"))
    start = time.perf_counter()
    network = load_network(str(ROOT / "tests/data/sigmoid-784-256-10.yaml"))
    loaded = time.perf_counter()
    source = render_trainer(network)
    generated = time.perf_counter()
    (folder / "bench_module.py").write_text(source)
    env = {**os.environ, "PYTHONPATH": str(folder), "NUMBA_CACHE_DIR": str(folder / "cache")}

    def run(rows: int, cache: str) -> list[float]:
        code = SNIPPET_COMPILE.format(module="bench_module", rows=rows)
        env_cache = {**env, "NUMBA_CACHE_DIR": str(folder / cache)}
        done = subprocess.run(
            [sys.executable, "-c", code], env=env_cache, capture_output=True, text=True
        )
        return list(map(float, done.stdout.split()))

    cold_import, cold_call, cold_cpu = run(128, "cache")
    warm_import, warm_call, _ = run(128, "cache")
    # a first call long enough for the parallel step (60,000 samples: 938 steps), in a cache of
    # its own: it compiles _train_batches instead of _train_batches_one
    _, epoch_cold, _ = run(60_000, "cache-epoch")
    _, epoch_warm, _ = run(60_000, "cache-epoch")
    return {
        "cold first train() in a new process: import + compile + a short train "
        "(128 samples, 2 steps)": cold_import + cold_call,
        "the same, CPU time of that process (what load on other cores does not stretch)": cold_cpu,
        "load spec (784-256-10)": loaded - start,
        "generate module (784-256-10)": generated - loaded,
        "import of the module, first time (numba already imported)": cold_import,
        "first call, cold Numba cache (compile + the short train)": cold_call,
        "import of the module again (numba already imported)": warm_import,
        "first call, warm Numba cache (load + the short train)": warm_call,
        "first call of one epoch (60,000 samples), cold Numba cache": epoch_cold,
        "the same, warm Numba cache": epoch_warm,
    }


# ----------------------------------------------------------------------------- digits
#: a 64-32-10 classifier of scikit-learn's digits: sigmoid hidden layer, softmax + cross-entropy
DIGITS_SPEC = {
    "name": "digits-softmax",
    "title": "digits, 64-32-10, sigmoid + softmax, cross-entropy",
    "notation": "layered",
    "inputs": 64,
    "layers": [
        {"units": 32, "activation": "sigmoid", "bias": True},
        {"units": 10, "activation": "softmax", "bias": True},
    ],
    "loss": "cross_entropy",
    "learning_rate": 0.5,
    "example": {"x": [0] * 64, "y": [1] + [0] * 9},
    "seed": 1,
}
#: 357 of the 1,797 samples held out, so the 1,440 training samples make whole batches of 16
#: (JAX's fori_loop runs whole batches only)
DIGITS_RUN = {"lr": 0.5, "batch": 16, "epochs": 30, "val_split": "0.198664", "seed": 0}


def digits_comparison(repeat: int, have_jax: bool) -> dict[str, str]:
    """Accuracy and speed on the digits: ``nnderive train --data`` (a real subprocess), the same
    run in process (timed), and JAX on the same split from the same initial parameters."""
    import json

    from codegen.trainer import compile_trainer
    from codegen.trainer.data import split_validation
    from codegen.trainer.datasets import write_dataset

    run = DIGITS_RUN
    folder = Path(tempfile.mkdtemp(prefix="nnderive-bench-digits-"))
    spec_path, data_path = folder / "digits-softmax.json", folder / "digits.npz"
    spec_path.write_text(json.dumps(DIGITS_SPEC))
    data = write_dataset("digits", str(data_path))
    command = [
        *("train", str(spec_path), "--data", str(data_path), "--val-split", run["val_split"]),
        *("--seed", str(run["seed"]), "--epochs", str(run["epochs"])),
        *("--batch-size", str(run["batch"]), "--lr", str(run["lr"])),
    ]
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "codegen", *command], cwd=ROOT, capture_output=True, text=True
    )
    cli_seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"digits: nnderive train failed: {done.stderr}")
    final = [line for line in done.stdout.splitlines() if line.startswith("after epoch")][-1]
    out = {
        "command": "nnderive " + " ".join(command).replace(str(folder) + "/", ""),
        "cli final line": final,
        "cli seconds (whole process)": f"{cli_seconds:.2f}",
    }

    (X, Y), (X_val, Y_val) = split_validation(data["X"], data["Y"], float(run["val_split"]), 0)
    trainer = compile_trainer(DIGITS_SPEC)
    network = load_network(DIGITS_SPEC)
    layers = activations_of(network)
    epochs, batch, lr = run["epochs"], run["batch"], run["lr"]
    params = trainer.init_params()
    trainer.train(params, X, Y, lr, epochs, batch_size=batch)
    ours = trainer.evaluate(params, X_val, Y_val)
    out["generated val accuracy (in process)"] = f"{100 * ours['accuracy']:.1f}%"
    peers = {"generated": lambda: trainer.train(trainer.init_params(), X, Y, lr, epochs, batch)}
    if have_jax:
        import jax
        import jax.numpy as jnp

        jitted = jax_trainer(layers, lr, epochs, batch, len(X), np.float64)
        start_params = [jnp.asarray(a) for a in initial_params(network, np.float64)]
        Xj, Yj = jnp.asarray(X), jnp.asarray(Y)
        final_params, _ = jax.block_until_ready(jitted(start_params, Xj, Yj))
        final_params = [np.asarray(a) for a in final_params]
        hidden = 1 / (1 + np.exp(-(X_val @ final_params[0].T + final_params[1])))
        logits = hidden @ final_params[2].T + final_params[3]
        accuracy = np.mean(np.argmax(logits, 1) == np.argmax(Y_val, 1))
        out["JAX val accuracy"] = f"{100 * accuracy:.1f}%"
        out["largest weight difference, generated vs JAX (relative)"] = (
            f"{relative_difference(flat(params), flat(final_params)):.1e}"
        )
        peers["jax"] = lambda: jax.block_until_ready(jitted(start_params, Xj, Yj))
    medians = median_of_interleaved(repeat, peers)
    for name, seconds in medians.items():
        out[f"{name} training (samples/s)"] = f"{len(X) * epochs / seconds:,.0f}"
    if have_jax:
        out["generated / JAX"] = f"{medians['jax'] / medians['generated']:.2f}×"
    return out


def machine() -> str:
    import numba

    lines = [
        f"- CPU: {platform.processor() or platform.machine()}, {os.cpu_count()} cores "
        f"({_cpu_model()})",
        f"- Python {platform.python_version()}, NumPy {np.__version__}, Numba {numba.__version__}",
    ]
    try:
        layer = numba.threading_layer()  # known once a parallel kernel has run
    except ValueError:
        layer = "(no parallel kernel ran)"
    lines.append(
        f"- Numba threading layer: {layer}, NUMBA_NUM_THREADS={numba.config.NUMBA_NUM_THREADS}, "
        f"GOMP_SPINCOUNT={os.environ.get('GOMP_SPINCOUNT', '(unset)')}"
    )
    try:
        import jax

        lines.append(f"- JAX {jax.__version__} (CPU)")
    except ModuleNotFoundError:
        lines.append("- JAX: not installed")
    try:
        import torch

        lines.append(f"- PyTorch {torch.__version__} ({torch.get_num_threads()} threads)")
    except ModuleNotFoundError:
        lines.append("- PyTorch: not installed")
    lines.append(
        "- load average (1, 5, 15 min) at the end of the run: "
        + ", ".join(f"{v:.2f}" for v in os.getloadavg())
        + f" (at its start: {START_LOAD})"
    )
    lines.append(
        "- OPENBLAS_CORETYPE="
        + os.environ.get("OPENBLAS_CORETYPE", "(unset)")
        + ", OPENBLAS_L2_SIZE="
        + os.environ.get("OPENBLAS_L2_SIZE", "(unset)")
    )
    return "\n".join(lines)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown model"


def b_parts(repeat: int = 20_000) -> dict[str, float]:
    """Microseconds per sample for the parts of a B step (64-128-64-10 tanh, per sample), each
    timed alone in Numba the way the generated per-sample kernel does them."""
    import numba

    @numba.njit
    def tanh_units(z, a, n):
        for _ in range(n):
            for i in range(z.shape[0]):
                a[i] = np.tanh(z[i])

    from generated.digits import _tanh  # every generated module has the same _exp and _tanh

    @numba.njit(error_model="numpy")  # as the modules' kernels
    def module_tanh_units(z, a, n):
        for _ in range(n):
            for i in range(z.shape[0]):
                a[i] = _tanh(z[i])

    @numba.njit
    def rational_units(z, a, n):  # same loop, a cheap rational function instead of tanh
        for _ in range(n):
            for i in range(z.shape[0]):
                a[i] = z[i] / (1.0 + abs(z[i]))

    @numba.njit
    def products(w1, w2, w3, x, z1, z2, z3, d3, d2, d1, n):
        for _ in range(n):
            np.dot(w1, x, z1)
            np.dot(w2, z1, z2)
            np.dot(w3, z2, z3)
            np.dot(d3, w3, d2)
            np.dot(d2, w2, d1)

    @numba.njit
    def updates(w1, w2, w3, x, a1, a2, d1, d2, d3, n):
        for _ in range(n):
            for w, d, a in ((w3, d3, a2), (w2, d2, a1), (w1, d1, x)):
                for i in range(w.shape[0]):
                    rate = 1e-6 * d[i]
                    for j in range(w.shape[1]):
                        w[i, j] -= rate * a[j]

    rng = np.random.default_rng(0)
    w1, w2, w3 = rng.random((128, 64)), rng.random((64, 128)), rng.random((10, 64))
    x, z1, z2, z3 = rng.random(64), np.empty(128), np.empty(64), np.empty(10)
    d3, d2, d1 = rng.random(10), np.empty(64), np.empty(128)
    units = rng.normal(0, 1, 202)
    out = np.empty(202)
    parts = {
        "tanh of the 202 units (scalar np.tanh)": (tanh_units, (units, out)),
        "the same with the modules' _tanh (vectorised)": (module_tanh_units, (units, out)),
        "the same loop with x/(1+abs(x)) instead of tanh": (rational_units, (units, out)),
        "5 matrix-vector products (np.dot, BLAS)": (
            products,
            (w1, w2, w3, x, z1, z2, z3, d3, d2, d1),
        ),
        "3 rank-1 updates W −= η δ aᵀ (loops)": (
            updates,
            (w1, w2, w3, x, z1, z2, d1, d2, d3),
        ),
    }
    result = {}
    for name, (function, arguments) in parts.items():
        function(*arguments, 1)
        start = time.perf_counter()
        function(*arguments, repeat)
        result[name] = (time.perf_counter() - start) / repeat * 1e6
    return result


def part_timings(dtype, repeat: int = 200) -> dict[str, float]:
    """Microseconds per batch of 64 for the parts of a C step, each timed alone in Numba.

    The same operations the generated layered kernel performs (np.dot inside njit goes to the
    BLAS NumPy links; the sigmoid is a scalar loop): where the generated trainer's time goes.
    """
    import numba

    @numba.njit
    def forward_product(a0, w1, z1, n):
        for _ in range(n):
            z1[:] = np.dot(a0, w1.T)

    @numba.njit
    def sigmoid(z1, a1, n):
        one = z1.dtype.type(1)
        for _ in range(n):
            for r in range(z1.shape[0]):
                for i in range(z1.shape[1]):
                    a1[r, i] = one / (one + np.exp(-z1[r, i]))

    from generated.digits import _exp  # every generated module has the same _exp and _tanh

    @numba.njit(error_model="numpy")  # as the modules' kernels
    def module_sigmoid(z1, a1, n):
        one = z1.dtype.type(1)
        for _ in range(n):
            for r in range(z1.shape[0]):
                for i in range(z1.shape[1]):
                    a1[r, i] = one / (one + z1.dtype.type(_exp(-z1[r, i])))

    @numba.njit
    def gradient_product(d1, a0, g, n):
        for _ in range(n):
            np.dot(d1.T, a0, g)

    @numba.njit
    def update(w, g, lr, n):
        for _ in range(n):
            for i in range(w.shape[0]):
                for j in range(w.shape[1]):
                    w[i, j] -= lr * g[i, j]

    rng = np.random.default_rng(0)
    a0 = rng.random((64, 784)).astype(dtype)
    w1 = (rng.random((256, 784)).astype(dtype) - dtype(0.5)) / dtype(28)
    z1, a1 = np.empty((64, 256), dtype), np.empty((64, 256), dtype)
    d1, g = rng.random((64, 256)).astype(dtype), np.empty((256, 784), dtype)
    parts = {
        "z = a Wᵀ (64×784 · 784×256)": (forward_product, (a0, w1, z1)),
        "a = σ(z), scalar exp (64×256)": (sigmoid, (z1, a1)),
        "a = σ(z), the modules' _exp (vectorised)": (module_sigmoid, (z1, a1)),
        "∂E/∂W = δᵀ a (256×64 · 64×784)": (gradient_product, (d1, a0, g)),
        "W −= η ∂E/∂W (256×784)": (update, (w1, g, dtype(1e-3))),
    }
    out = {}
    for name, (function, arguments) in parts.items():
        function(*arguments, 1)
        start = time.perf_counter()
        function(*arguments, repeat)
        out[name] = (time.perf_counter() - start) / repeat * 1e6
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cases",
        default="A,B,C64,C32,C64busy,S64,S32",
        help="comma-separated: A,B,C64,C32,C64busy,S64,S32 (C64busy: C64 while one other process "
        "keeps a core busy; S: softmax + cross-entropy)",
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-module-timings", action="store_true")
    parser.add_argument("--skip-digits", action="store_true")
    parser.add_argument(
        "--skip-threads", action="store_true", help="do not compare the trainer's thread settings"
    )
    parser.add_argument(
        "--skip-parts",
        action="store_true",
        help="do not time the parts of a C step (where the time goes)",
    )
    args = parser.parse_args()
    try:
        import jax  # noqa: F401

        have_jax = True
    except ModuleNotFoundError:
        have_jax = False
    try:
        import torch  # noqa: F401

        have_torch = True
    except ModuleNotFoundError:
        have_torch = False
    specs = case_specs()
    table = [
        "| case | generated (samples/s) | JAX | NumPy | PyTorch | generated / JAX | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    targets = {"A": 1.5, "B": 1.5, "C64": 1.2, "C32": 1.2, "C64busy": 1.0, "S64": 1.2, "S32": 1.2}
    agreements = []
    for label in args.cases.split(","):
        dtype = np.float32 if label.endswith("32") else np.float64
        rows, agreement = run_case(label, specs[label[0]], dtype, args, have_jax, have_torch)
        agreements.append(f"{label}: " + ", ".join(f"{k} {v:.1e}" for k, v in agreement.items()))
        ratio = rows["generated"] / rows["jax"] if "jax" in rows else float("nan")
        table.append(
            f"| {label} | {rows['generated']:,.0f} | {rows.get('jax', float('nan')):,.0f} | "
            f"{rows.get('numpy', float('nan')):,.0f} | {rows.get('torch', float('nan')):,.0f} | "
            f"{ratio:.2f}× | ≥ {targets[label]}× |"
        )
        print(table[-1], flush=True)
    print()
    print("\n".join(table))
    print()
    print("Largest weight difference from the NumPy reference after the short runs (relative):")
    for line in agreements:
        print(f"- {line}")
    if not args.skip_parts:
        print()
        print("Parts of one C step (batch 64), each timed alone in Numba, µs per batch:")
        print()
        print(
            "| part | float64, 1 thread | float64, 2 threads | float32, 1 thread "
            "| float32, 2 threads |"
        )
        print("| --- | ---: | ---: | ---: | ---: |")
        from threadpoolctl import threadpool_limits

        columns = []
        for dtype in (np.float64, np.float32):
            for threads in (1, 2):
                with threadpool_limits(threads, user_api="blas"):
                    columns.append(part_timings(dtype))
        for name in columns[0]:
            print(f"| {name} | " + " | ".join(f"{c[name]:.0f}" for c in columns) + " |")
        used = [name for name in columns[0] if "scalar exp" not in name]  # the modules' parts
        print(
            "| sum (with _exp) | "
            + " | ".join(f"{sum(c[n] for n in used):.0f}" for c in columns)
            + " |"
        )
    if not args.skip_parts:
        print()
        print("Parts of one B step (one sample), each timed alone in Numba, µs per sample:")
        print()
        print("| part | µs |")
        print("| --- | ---: |")
        for name, micros in b_parts().items():
            print(f"| {name} | {micros:.2f} |")
    if not args.skip_threads:
        print()
        print("Thread settings of the generated C64 trainer (samples/s, median of rounds):")
        print()
        print("| setting during train() | idle | one core busy |")
        print("| --- | ---: | ---: |")
        policy, same, blas = thread_policy(args.repeat)
        for name in THREAD_SETTINGS:
            print(
                f"| {name} | {policy[(name, 'idle')]:,.0f} | "
                f"{policy[(name, 'one core busy')]:,.0f} |"
            )
        print()
        print(f"The three THREADS settings trained bit-identical weights: {same}")
        print(f"OpenBLAS's default threads moved the weights by (relative): {blas:.1e}")
    if not args.skip_digits:
        print()
        print("Digits, softmax + cross-entropy 64-32-10:")
        print()
        for name, value in digits_comparison(args.repeat, have_jax).items():
            print(f"- {name}: {value}")
    if not args.skip_module_timings:
        print()
        print("| step | seconds |")
        print("| --- | ---: |")
        for name, seconds in module_timings().items():
            print(f"| {name} | {seconds:.3f} |")
    print()
    print(machine())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
