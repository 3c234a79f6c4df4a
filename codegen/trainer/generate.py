"""Render a trainer module from a Network: plan the kernels, print the formulas, fill the template.

The output is deterministic (no timestamps, no absolute paths), so regenerating it gives the
same bytes; its header names the generator and version, the spec and its sha256, and the command
that regenerates it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2
import sympy as sp

from symbolic import Derivation, Network, load_network
from symbolic.printing import text

from .. import __version__
from .plan import (
    INIT_DENOMINATOR,
    ParamArray,
    check_dtype,
    choose_strategy,
    init_limit,
    literal,
    param_arrays,
)
from .printer import DTYPES
from .strategies import STRATEGY_REGISTRY

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: arrays up to this many values are written as nested list literals, larger ones as text blocks
LITERAL_MAX_VALUES = 4096
VALUES_PER_LINE = 10


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["pyrepr"] = repr
    return env


def _array_code(array: ParamArray) -> str:
    """``np.array([[0.11, 0.21], …], dtype=DTYPE)`` or ``_values('''…''', shape)``."""
    values = [literal(v) for v in array.values]
    if array.size <= LITERAL_MAX_VALUES:
        if array.kind == "bias":
            body = "[" + ", ".join(values) + "]"
        else:
            cols = array.shape[1]
            rows = [
                "[" + ", ".join(values[r * cols : (r + 1) * cols]) + "]"
                for r in range(array.shape[0])
            ]
            body = "[" + ", ".join(rows) + "]"
            if len(body) > 80:
                body = "[\n            " + ",\n            ".join(rows) + ",\n        ]"
        return f"np.array({body}, dtype=DTYPE)"
    lines = [
        " ".join(values[i : i + VALUES_PER_LINE]) for i in range(0, len(values), VALUES_PER_LINE)
    ]
    block = "\n".join(lines)
    return f'_values(\n            """\n{block}\n""",\n            {array.shape_text},\n        )'


def _minus(matrix, step):
    """matrix − step, kept in that order for printing."""
    return sp.MatAdd(matrix, sp.MatMul(-1, step, evaluate=False), evaluate=False)


def _matrix_formulas(network: Network) -> dict[str, str]:
    """The matrix-form rules, built as SymPy matrix expressions and printed."""
    depth = len(network.layers)
    widths = network.widths
    eta = sp.Symbol("eta")
    lines_forward, lines_backward, lines_update = [], [], []
    for k, layer in enumerate(network.layers):
        n = k + 1
        W = sp.MatrixSymbol(f"W{n}", widths[n], widths[k])
        a_prev = sp.MatrixSymbol(f"a{k}", widths[k], 1)
        z = W * a_prev
        if layer.has_bias:
            z = z + sp.MatrixSymbol(f"b{n}", widths[n], 1)
        lines_forward.append(f"z{n} = {text(z)};  a{n} = f{n}(z{n})")
        delta = sp.MatrixSymbol(f"delta{n}", widths[n], 1)
        lines_update.append(f"W{n} <- {text(_minus(W, eta * delta * a_prev.T))}")
        if layer.has_bias:
            b = sp.MatrixSymbol(f"b{n}", widths[n], 1)
            lines_update.append(f"b{n} <- {text(_minus(b, eta * delta))}")
        lines_backward.append(f"dE/dW{n} = {text(delta * a_prev.T)}")
        if n < depth:
            W_up = sp.MatrixSymbol(f"W{n + 1}", widths[n + 1], widths[n])
            delta_up = sp.MatrixSymbol(f"delta{n + 1}", widths[n + 1], 1)
            fprime = sp.MatrixSymbol(f"fprime{n}", widths[n], 1)
            lines_backward.append(f"delta{n} = ({text(W_up.T * delta_up)}) ∘ {text(fprime)}")
    return {
        "forward": lines_forward,
        "backward": list(reversed(lines_backward)),
        "update": lines_update,
    }


def render_trainer(
    network: Network,
    *,
    strategy: str = "auto",
    dtype: str = "float64",
    command: str | None = None,
) -> str:
    """The source of a trainer module for ``network``."""
    dtype = check_dtype(dtype)
    strategy = choose_strategy(network, strategy)
    derivation = Derivation(network)
    arrays = param_arrays(network)
    args = ", ".join(a.name for a in arrays)
    grad_args = ", ".join("G" + a.name for a in arrays)
    matrix = _matrix_formulas(network)
    context = {
        "version": __version__,
        "strategy": strategy,
        "dtype": dtype,
        "dtype_expr": DTYPES[dtype],
        "spec_name": network.name,
        "title": network.title,
        "sha256": network.sha256,
        "command": command
        or f"nnderive codegen {network.name} --strategy {strategy} --dtype {dtype}",
        "widths": network.widths,
        "widths_text": "-".join(map(str, network.widths)),
        "param_names": tuple(a.name for a in arrays),
        "param_names_text": ", ".join(a.name for a in arrays),
        "param_shapes": tuple(a.shape for a in arrays),
        "trainable": tuple(a.trainable for a in arrays),
        "learning_rate": literal(network.learning_rate),
        "n_inputs": network.n_inputs,
        "n_outputs": network.n_outputs,
        "init_denominator": INIT_DENOMINATOR,
        "init_limits": tuple(init_limit(a.fan_in) for a in arrays),
        "arrays": [
            {
                "name": a.name,
                "code": _array_code(a),
                "kind": a.kind,
                "shape": a.shape,
                "trainable": a.trainable,
            }
            for a in arrays
        ],
        "args": args,
        "grad_args": grad_args,
        "zero": "np.float32(0.0)" if dtype == "float32" else "0.0",
    }
    chosen = STRATEGY_REGISTRY[strategy]
    formulas = chosen.fill(context, derivation, arrays, dtype, matrix)
    context["strategy_template"] = chosen.template
    context["formulas"] = formulas["all"]
    context["forward_doc"] = formulas["forward"]
    context["gradient_doc"] = formulas["gradient"]
    context["update_doc"] = formulas["update"]
    return _environment().get_template("module.py.j2").render(context)


def generate_trainer(
    spec, *, strategy: str = "auto", dtype: str = "float64", command: str | None = None
) -> str:
    """The trainer module's source for a spec: a built-in name, a file path, a dict or a Network."""
    network = spec if isinstance(spec, Network) else load_network(spec)
    return render_trainer(network, strategy=strategy, dtype=dtype, command=command)
