"""The vectorisable _exp and _tanh of codegen/trainer/templates/vecmath.py.j2, in a real module.

The partial is pasted, as the generator does, into a module with ``import numpy as np``,
``import numba`` and ``_njit`` (numba.njit with the disk cache and error_model="numpy"), beside
loop kernels that call it. Oracle: mpmath at 100 bits, rounded to float64 here (subnormal
results and overflow included), independent of NumPy and libm.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jinja2
import mpmath
import numba
import numpy as np
import pytest

PARTIAL = Path(__file__).resolve().parent.parent / "codegen/trainer/templates/vecmath.py.j2"

HEAD = """import numba
import numpy as np


def _njit(function):
    return numba.njit(cache=True, error_model="numpy")(function)


"""
KERNELS = """

@_njit
def exp_all(z, out):
    for i in range(z.shape[0]):
        out[i] = _exp(z[i])


@_njit
def tanh_all(z, out):
    for i in range(z.shape[0]):
        out[i] = _tanh(z[i])
"""

TINY = 2.0**-1074  # the subnormal spacing
HUGE = float(np.finfo(np.float64).max)
EXP_MAX = 709.782712893384  # the largest x whose e**x is finite in float64
EXP_MIN = -745.1332191019411  # the smallest x whose e**x does not round to 0
EXP_SUBNORMAL = -708.3964185322641  # the smallest x whose e**x is normal
TANH_ONE = 19.07  # above it tanh x rounds to 1

#: 100-bit values of exp and tanh, cached per argument: several tests share points
_EXACT: dict[tuple[str, float], mpmath.mpf] = {}


def module_text() -> str:
    return HEAD + PARTIAL.read_text() + KERNELS


@pytest.fixture(scope="module")
def vm(tmp_path_factory):
    folder = tmp_path_factory.mktemp("vecmath")
    path = folder / "vecmath_module.py"
    path.write_text(module_text())
    spec = importlib.util.spec_from_file_location("vecmath_module", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def exact(name: str, x: float) -> mpmath.mpf:
    key = (name, float(x))
    if key not in _EXACT:
        with mpmath.workprec(100):
            _EXACT[key] = getattr(mpmath, name)(mpmath.mpf(float(x)))
    return _EXACT[key]


def rounded(v: mpmath.mpf) -> float:
    """v correctly rounded to float64 (to nearest), subnormals and overflow to ±inf included."""
    if abs(v) < mpmath.ldexp(1, -1022):
        return float(mpmath.nint(mpmath.ldexp(v, 1074))) * TINY  # exact: an integer times TINY
    if abs(v) >= mpmath.ldexp(1, 1024) - mpmath.ldexp(1, 1024 - 54):  # halfway to 2**1024
        return float(mpmath.sign(v)) * np.inf
    with mpmath.workprec(53):
        return float(+v)


def steps(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """How many representable values lie between a and b (elementwise, same float dtype)."""
    ints = {np.float64: np.int64, np.float32: np.int32}[a.dtype.type]
    i, j = a.view(ints).astype(np.int64), b.view(ints).astype(np.int64)
    sign = np.int64(np.iinfo(ints).max)
    i = np.where(i < 0, -(i & sign), i)
    j = np.where(j < 0, -(j & sign), j)
    return np.abs(i - j)


def log_uniform(rng, lo, hi, n):
    return np.exp2(rng.uniform(np.log2(lo), np.log2(hi), n))


def around(x, n=3):
    """x and its n neighbours on each side."""
    out = [x]
    up = down = x
    for _ in range(n):
        up, down = np.nextafter(up, np.inf), np.nextafter(down, -np.inf)
        out += [up, down]
    return np.array(out)


def exp_points(rng):
    """Log-uniform over the whole float64 range, denser where results are special."""
    near0 = log_uniform(rng, TINY, 1.0, 400)
    return {
        "near 0": np.concatenate([near0, -near0]),
        "moderate": np.concatenate([log_uniform(rng, 1, 700, 400), -log_uniform(rng, 1, 700, 400)]),
        "near overflow": np.concatenate([rng.uniform(700, EXP_MAX, 200), around(EXP_MAX)]),
        "subnormal results": np.concatenate(
            [
                rng.uniform(EXP_MIN - 0.1, EXP_SUBNORMAL + 0.1, 400),
                around(EXP_MIN),
                around(EXP_SUBNORMAL),
            ]
        ),
        "overflow and underflow": np.concatenate(
            [log_uniform(rng, EXP_MAX, HUGE, 100), -log_uniform(rng, -EXP_MIN, HUGE, 100)]
        ),
    }


def tanh_points(rng):
    small = log_uniform(rng, TINY, 0.625, 500)
    middle = np.concatenate(
        [log_uniform(rng, 0.625, TANH_ONE + 1, 500), rng.uniform(0.55, 0.7, 200)]
    )
    large = log_uniform(rng, TANH_ONE - 1, HUGE, 100)
    return {
        "|x| < 0.625": np.concatenate([small, -small]),
        "0.625 <= |x| < 20": np.concatenate([middle, -middle, around(0.625)]),
        "|x| >= 18": np.concatenate([large, -large]),
    }


def run(kernel, x, dtype=np.float64):
    x = np.ascontiguousarray(x, dtype=dtype)
    out = np.full_like(x, 7.0)
    kernel(x, out)
    return out


@pytest.mark.parametrize("name", ["exp", "tanh"])
def test_accuracy_against_mpmath(vm, name):
    """At most 2 ulp (measured: 1.52 for exp, 1.34 for tanh); subnormal results within one
    subnormal spacing; results that round to 0 or overflow are exactly that."""
    rng = np.random.default_rng(20261127)
    kernel = vm.exp_all if name == "exp" else vm.tanh_all
    points = exp_points(rng) if name == "exp" else tanh_points(rng)
    for label, x in points.items():
        got = run(kernel, x)
        values = [exact(name, v) for v in x]
        want = np.array([rounded(v) for v in values])
        assert steps(got, want).max() <= 2, label
        for g, w, v, xi in zip(got, want, values, x):
            if not np.isfinite(w) or w == 0:
                assert g == w, (label, xi, g, w)
            elif abs(w) < 2.0**-1022:
                assert abs(mpmath.mpf(float(g)) - v) <= TINY, (label, xi, g, w)
            else:
                ulps = abs(mpmath.mpf(float(g)) - v) / mpmath.mpf(float(np.spacing(abs(w))))
                assert ulps <= 2, (label, xi, g, w, float(ulps))


def bits_equal(got, want):
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    same = (got.view(np.int64) == want.view(np.int64)) | (np.isnan(got) & np.isnan(want))
    return bool(same.all())


def test_exp_special_values(vm):
    cases = [
        (0.0, 1.0),
        (-0.0, 1.0),
        (TINY, 1.0),
        (-TINY, 1.0),
        (np.inf, np.inf),
        (-np.inf, 0.0),
        (np.nan, np.nan),
        (-np.nan, np.nan),
        (np.nextafter(EXP_MAX, np.inf), np.inf),
        (710.0, np.inf),
        (1e308, np.inf),
        (HUGE, np.inf),
        (np.nextafter(EXP_MIN, -np.inf), 0.0),
        (-746.0, 0.0),
        (-1e308, 0.0),
        (-HUGE, 0.0),
        (EXP_MIN, TINY),
    ]
    x, want = (np.array(c) for c in zip(*cases))
    # repeated so that the vectorised loop body (not only its scalar remainder) sees each value
    got = run(vm.exp_all, np.tile(x, 16))
    assert bits_equal(got, np.tile(want, 16))
    assert not np.signbit(got[np.tile(want, 16) == 0]).any()
    assert np.isfinite(run(vm.exp_all, [EXP_MAX])[0])


def test_tanh_special_values(vm):
    tiny = [2.0**-28 * (1 - 2.0**-53), 2.0**-29, 1e-10 * 2.0**-28, 1e-300, 2.0**-1022, TINY]
    cases = [
        (0.0, 0.0),
        (-0.0, -0.0),
        (np.inf, 1.0),
        (-np.inf, -1.0),
        (np.nan, np.nan),
        (-np.nan, np.nan),
        *((t, t) for t in tiny),
        *((-t, -t) for t in tiny),
        *((s * v, s * 1.0) for v in (TANH_ONE, 20.0, 40.0, 355.0, 1e10, HUGE) for s in (1, -1)),
    ]
    x, want = (np.array(c) for c in zip(*cases))
    got = run(vm.tanh_all, np.tile(x, 16))
    assert bits_equal(got, np.tile(want, 16))
    assert (np.signbit(got) == np.signbit(np.tile(want, 16))).all()


@pytest.mark.parametrize("name", ["exp", "tanh"])
def test_float32_in_and_out(vm, name):
    """A float32 argument is computed in float64 and the result stored as float32: within one
    float32 ulp of float32(oracle), including float32 overflow and subnormal results."""
    rng = np.random.default_rng(7)
    if name == "exp":
        kernel = vm.exp_all
        x = np.concatenate(
            [
                log_uniform(rng, 2.0**-149, 1, 200),
                -log_uniform(rng, 2.0**-149, 1, 200),
                rng.uniform(-110, 95, 800),  # float32 subnormal results below -87.3, inf above 88.7
            ]
        )
    else:
        kernel = vm.tanh_all
        x = log_uniform(rng, 2.0**-149, 50, 600)
        x = np.concatenate([x, -x])
    x = x.astype(np.float32)
    got = run(kernel, x, np.float32)
    assert got.dtype == np.float32
    with np.errstate(over="ignore"):
        want = np.array([rounded(exact(name, v)) for v in x]).astype(np.float32)
    assert steps(got, want).max() <= 1
    assert bits_equal(got[~np.isfinite(want)], want[~np.isfinite(want)])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", ["exp_all", "tanh_all"])
def test_loops_vectorise(vm, name, dtype):
    """Structural: LLVM turned the loop over _exp/_tanh into vector code (width by CPU)."""
    kernel = getattr(vm, name)
    run(kernel, np.linspace(-3, 3, 64), dtype)
    signature = next(s for s in kernel.signatures if s[0].dtype == numba.from_dtype(dtype))
    llvm = kernel.inspect_llvm(signature)
    assert re.search(r"<(?:[2-9]|\d\d+) x double>", llvm), f"{name}({dtype.__name__}) is scalar"


CACHE_RUN = """
import json, sys, warnings
warnings.simplefilter("always")
with warnings.catch_warnings(record=True) as caught:
    import numpy as np
    import vecmath_cached as m
    z = np.linspace(-30.0, 30.0, 1000)
    out = np.empty_like(z)
    m.exp_all(z, out)
    m.tanh_all(z, out)
stats = {k: m.__dict__[k].stats for k in ("exp_all", "tanh_all")}
print(json.dumps({
    "hits": {k: sum(s.cache_hits.values()) for k, s in stats.items()},
    "misses": {k: sum(s.cache_misses.values()) for k, s in stats.items()},
    "warnings": [str(w.message) for w in caught],
    "tanh": out.tolist(),
}))
"""


def test_disk_cache_with_the_intrinsic(tmp_path):
    """A second process loads the kernels (and _exp, _tanh, the intrinsic) from Numba's cache."""
    (tmp_path / "vecmath_cached.py").write_text(module_text())
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(tmp_path)}
    runs = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", CACHE_RUN],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=env,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        runs.append(json.loads(done.stdout))
    first, second = runs
    assert first["misses"] == {"exp_all": 1, "tanh_all": 1}
    assert first["hits"] == {"exp_all": 0, "tanh_all": 0}
    assert second["hits"] == {"exp_all": 1, "tanh_all": 1}
    assert second["misses"] == {"exp_all": 0, "tanh_all": 0}
    assert first["warnings"] == second["warnings"] == []
    assert first["tanh"] == second["tanh"]
    assert any((tmp_path / "cache").rglob("*.nbc"))


def test_partial_is_plain_python(vm):
    """No Jinja syntax (it renders to itself); underscore names; _exp and _tanh branch-free."""
    text = PARTIAL.read_text()
    assert jinja2.Environment(keep_trailing_newline=True).from_string(text).render() == text
    tree = ast.parse(text)
    imported = {"ir", "types", "intrinsic", "overload"}
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            assert {a.asname or a.name for a in node.names} <= imported
        elif isinstance(node, ast.FunctionDef):
            assert node.name.startswith("_"), node.name
        else:
            assert isinstance(node, ast.Assign), ast.dump(node)
            names = [n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name)]
            assert all(n.startswith("_") for n in names), names
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    for name in ("_exp", "_tanh"):
        kinds = {type(n) for n in ast.walk(functions[name])}
        assert not kinds & {ast.If, ast.For, ast.While, ast.Raise, ast.Try}, name
        assert isinstance(getattr(vm, name)(0.5), float)
