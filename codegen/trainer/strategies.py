"""The trainer strategies as a registry: name → build function, template, what it is for.

Both read the same Derivation. A strategy's ``build`` returns its typed kernel context — the
printed statements its template places and the formulas the module's docstrings show — and
``module.py.j2`` includes its template with that context as ``kernels`` (the module-wide facts
are ``module``, a ``ModuleContext``). A new strategy is a new entry here, a build function and a
template ``<name>.py.j2``; ``choose_strategy`` (plan.py) picks one by size for ``auto``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from symbolic.derivation import Derivation

from .layered import LSE_VAR, O_VAR, T_VAR, Z_VAR, LayeredPlan, build_layered
from .plan import ParamArray
from .unrolled import UnrolledPlan, build_unrolled


@dataclass(frozen=True)
class Formulas:
    """What the module's docstrings say the kernels compute, in text."""

    summary: str  # the module docstring's section
    forward: str  # predict()'s docstring
    gradient: str  # gradients()'s docstring
    update: str  # sgd_step()'s and train()'s docstrings
    error: str  # loss()'s docstring: one sample's E


@dataclass(frozen=True)
class UnrolledStatements:
    """Statement lists the unrolled template places at its own indentation."""

    load: tuple[str, ...]  # every parameter into a local
    inputs: tuple[str, ...]
    targets: tuple[str, ...]
    forward: tuple[str, ...]


@dataclass(frozen=True)
class UnrolledKernels:
    plan: UnrolledPlan
    code: UnrolledStatements
    formulas: Formulas
    imports: tuple[str, ...]


@dataclass(frozen=True)
class LayeredKernels:
    plan: LayeredPlan
    layer_arrays: str  # "Z1, A1, Z2, A2": what _forward_batch returns
    last_arrays: str  # the output layer's ("Z2, A2")
    formulas: Formulas
    imports: tuple[str, ...]


@dataclass(frozen=True)
class Strategy:
    """One way to turn a Derivation into kernels."""

    name: str
    template: str  # included by module.py.j2
    summary: str  # what it writes and when auto picks it (docs/trainers.md says more)
    build: Callable[[Derivation, list[ParamArray], str], object]  # → its kernel context


def _indent(lines, spaces: int = 4) -> str:
    return "\n".join(" " * spaces + line for line in lines)


def build_unrolled_kernels(derivation, arrays, dtype) -> UnrolledKernels:
    plan = build_unrolled(derivation, arrays, dtype)
    forward = [line.comment for line in plan.forward]
    gradients = [g.line.comment for g in plan.gradients]
    summary = "\n".join(
        [
            "Forward pass (the SymbolicModel's unit definitions):",
            _indent(forward),
            "Error:",
            _indent([plan.error.comment]),
            "Gradients (each ParameterGradient's result; the kernels use its expansion in units):",
            _indent(gradients),
        ]
    )
    code = UnrolledStatements(
        load=tuple(f"{s.var} = {s.array}[{s.index}]" for s in plan.scalars),
        inputs=tuple(f"{var} = X[_s, {j}]" for var, j in plan.inputs),
        targets=tuple(f"{var} = Y[_s, {i}]" for var, i in plan.targets),
        forward=tuple(f"{line.target} = {line.code}  # {line.comment}" for line in plan.forward),
    )
    formulas = Formulas(
        summary=summary,
        forward=_indent(forward),
        gradient=_indent(gradients),
        update="θ ← θ − lr·∂E/∂θ",
        error=plan.error.comment,
    )
    return UnrolledKernels(plan, code, formulas, plan.imports)


def _loss_legend(variables: frozenset[str]) -> str:
    """What the letters of the loss's text stand for (z and lse only where the loss uses them)."""
    legend = f"({O_VAR}: an output, {T_VAR}: its target"
    if Z_VAR in variables:
        legend += f", {Z_VAR}: its weighted input"
    if LSE_VAR in variables:
        legend += (
            f", {LSE_VAR} = log Σ_k e^(z_k) over the\n"
            "sample's outputs, computed as max + log Σ e^(z − max)"
        )
    return legend + ")"


def build_layered_kernels(derivation, arrays, dtype) -> LayeredKernels:
    plan = build_layered(derivation, dtype)
    docs = plan.docs
    summary = "\n".join(
        [
            "Matrix form, as the kernels compute it for a batch: row r of A_l, Z_l, D_l (and of X",
            "= A0, Y) is sample r's a^(l), z^(l), δ^(l) (and x, y); rows = the batch's samples.",
            "Forward pass:",
            _indent(docs.forward),
            "Output layer:",
            _indent(docs.output),
            "Backward pass (the gradients are means over the batch's samples):",
            _indent(docs.backward),
            "Update:",
            _indent(docs.update),
            "Loss of one sample: the sum over its outputs of",
            _indent([plan.loss_text]),
            _loss_legend(plan.loss_variables),
        ]
    )
    formulas = Formulas(
        summary=summary,
        forward=_indent(docs.forward),
        gradient=_indent(docs.output + docs.backward),
        update="; ".join(docs.update),
        error=f"E = Σ over the outputs of {plan.loss_text}",
    )
    last = plan.layers[-1]
    return LayeredKernels(
        plan=plan,
        layer_arrays=", ".join(layer.arrays for layer in plan.layers),
        last_arrays=last.arrays,
        formulas=formulas,
        imports=plan.imports,
    )


STRATEGY_REGISTRY: dict[str, Strategy] = {
    "unrolled": Strategy(
        "unrolled",
        "unrolled.py.j2",
        "straight-line scalar code, one commented line per derivation step (small networks)",
        build_unrolled_kernels,
    ),
    "layered": Strategy(
        "layered",
        "layered.py.j2",
        "per-layer BLAS products and elementwise loops from the matrix-form rules (any size)",
        build_layered_kernels,
    ),
}
