"""Render a trainer module from a Network: plan the kernels, print the formulas, fill the template.

The output is deterministic (no timestamps, no absolute paths), so regenerating it gives the
same bytes; its header names the generator and version, the spec and its sha256, and the command
that regenerates it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2

from symbolic import Derivation, Network, load_network

from .. import __version__
from ..provenance import one_line, py_docstring_text, py_literal
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
from .strategies import STRATEGY_REGISTRY, Formulas

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
    env.filters["pyrepr"] = py_literal
    env.filters["one_line"] = one_line  # spec text in a comment line: cannot end the line
    env.filters["docstring"] = py_docstring_text  # spec text in the docstring: cannot end it
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


@dataclass(frozen=True)
class ArrayCode:
    """One parameter array as the module writes it."""

    name: str
    code: str  # the expression that builds it with the spec's values
    kind: str  # "weight" | "bias"
    shape: tuple[int, ...]
    trainable: bool


@dataclass(frozen=True)
class ModuleContext:
    """What module.py.j2, api.py.j2 and training.py.j2 read: the module-wide facts."""

    version: str
    strategy: str
    strategy_template: str
    dtype: str
    dtype_expr: str
    spec_name: str
    title: str
    sha256: str
    command: str
    widths: tuple[int, ...]
    param_names: tuple[str, ...]
    param_shapes: tuple[tuple[int, ...], ...]
    trainable: tuple[bool, ...]
    learning_rate: str
    n_inputs: int
    n_outputs: int
    init_denominator: int
    init_limits: tuple[int, ...]
    arrays: tuple[ArrayCode, ...]
    zero: str  # the dtype's 0.0
    formulas: Formulas
    imports: tuple[str, ...]
    parts: int  # the parts of a parted batch step (layered.PARTS), 1 when not parted

    @property
    def widths_text(self) -> str:
        return "-".join(map(str, self.widths))

    @property
    def param_names_text(self) -> str:
        return ", ".join(self.param_names)

    @property
    def args(self) -> str:
        return ", ".join(self.param_names)

    @property
    def grad_args(self) -> str:
        return ", ".join("G" + name for name in self.param_names)


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
    chosen = STRATEGY_REGISTRY[strategy]
    arrays = param_arrays(network)
    kernels = chosen.build(Derivation(network), arrays, dtype)
    module = ModuleContext(
        version=__version__,
        strategy=strategy,
        strategy_template=chosen.template,
        dtype=dtype,
        dtype_expr=DTYPES[dtype],
        spec_name=network.name,
        title=network.title,
        sha256=network.sha256,
        command=command or f"nnderive codegen {network.name} --strategy {strategy} --dtype {dtype}",
        widths=tuple(network.widths),
        param_names=tuple(a.name for a in arrays),
        param_shapes=tuple(a.shape for a in arrays),
        trainable=tuple(a.trainable for a in arrays),
        learning_rate=literal(network.learning_rate),
        n_inputs=network.n_inputs,
        n_outputs=network.n_outputs,
        init_denominator=INIT_DENOMINATOR,
        init_limits=tuple(init_limit(a.fan_in) for a in arrays),
        arrays=tuple(
            ArrayCode(a.name, _array_code(a), a.kind, a.shape, a.trainable) for a in arrays
        ),
        zero="np.float32(0.0)" if dtype == "float32" else "0.0",
        formulas=kernels.formulas,
        imports=kernels.imports,
        parts=parted.parts if (parted := getattr(kernels.plan, "parted", None)) else 1,
    )
    template = _environment().get_template("module.py.j2")
    return template.render(module=module, kernels=kernels)


def generate_trainer(
    spec, *, strategy: str = "auto", dtype: str = "float64", command: str | None = None
) -> str:
    """The trainer module's source for a spec: a built-in name, a file path, a dict or a Network."""
    network = spec if isinstance(spec, Network) else load_network(spec)
    return render_trainer(network, strategy=strategy, dtype=dtype, command=command)
