"""The trainer strategies as a registry: name → what it builds, its template, what it is for.

Both read the same Derivation; each fills the module template's context with its plan (the
printed kernel lines) and the formulas the module's docstrings show. A new strategy is a new
entry here, a build function and a template ``<name>.py.j2``; ``choose_strategy`` (plan.py)
picks one by size for ``auto``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .layered import build_layered
from .unrolled import build_unrolled


@dataclass(frozen=True)
class Strategy:
    """One way to turn a Derivation into kernels."""

    name: str
    template: str  # included by module.py.j2
    summary: str  # what it writes and when auto picks it (docs/trainers.md says more)
    fill: Callable  # (context, derivation, arrays, dtype, matrix) -> formulas for docstrings


def _fill_unrolled(context, derivation, arrays, dtype, matrix) -> dict[str, str]:
    plan = build_unrolled(derivation, arrays, dtype)
    context["plan"] = plan
    context["code"] = _unrolled_statements(plan)
    context["imports"] = plan.imports
    context["error_doc"] = f"{plan.error.comment}"
    return _unrolled_formulas(plan)


def _fill_layered(context, derivation, arrays, dtype, matrix) -> dict[str, str]:
    plan = build_layered(derivation, dtype)
    context["plan"] = plan
    context["layer_arrays"] = ", ".join(
        f"Z{layer.number}, A{layer.number}" for layer in plan.layers
    )
    context["imports"] = plan.imports
    context["error_doc"] = f"E = Σ_k {plan.error_text} (o: output, t: target)."
    return _layered_formulas(plan, matrix)


def _unrolled_statements(plan) -> dict[str, list[str]]:
    """Statement lists the unrolled template places at its own indentation."""
    return {
        "load": [f"{s.var} = {s.array}[{s.index}]" for s in plan.scalars],
        "inputs": [f"{var} = X[_s, {j}]" for var, j in plan.inputs],
        "targets": [f"{var} = Y[_s, {i}]" for var, i in plan.targets],
        "forward": [f"{line.target} = {line.code}  # {line.comment}" for line in plan.forward],
    }


def _indent(lines, spaces: int = 4) -> str:
    return "\n".join(" " * spaces + line for line in lines)


def _unrolled_formulas(plan) -> dict[str, str]:
    forward = [line.comment for line in plan.forward]
    gradients = [g.line.comment for g in plan.gradients]
    all_text = "\n".join(
        [
            "Forward pass (the SymbolicModel's unit definitions):",
            _indent(forward),
            "Error:",
            _indent([plan.error.comment]),
            "Gradients (each ParameterGradient's result; the kernels use its expansion in units):",
            _indent(gradients),
        ]
    )
    return {
        "all": all_text,
        "forward": _indent(forward),
        "gradient": _indent(gradients),
        "update": "θ ← θ − lr·∂E/∂θ",
    }


def _layered_formulas(plan, matrix) -> dict[str, str]:
    layer_lines = [
        f"layer {layer.number}: f{layer.number}(z) = {layer.activation_text},  "
        f"f{layer.number}' = {layer.derivative_text}"
        for layer in plan.layers
    ]
    all_text = "\n".join(
        [
            "Forward pass (matrix form, one column a per sample; a0 = x):",
            _indent(matrix["forward"]),
            _indent(layer_lines),
            "Error, per output o with target t:",
            _indent([f"E = Σ {plan.error_text}", f"delta_out = {plan.output_delta_text}"]),
            "Backward pass:",
            _indent(matrix["backward"]),
            "Update:",
            _indent(matrix["update"]),
        ]
    )
    return {
        "all": all_text,
        "forward": _indent(matrix["forward"] + layer_lines),
        "gradient": _indent(matrix["backward"]),
        "update": "; ".join(matrix["update"]),
    }


STRATEGY_REGISTRY: dict[str, Strategy] = {
    "unrolled": Strategy(
        "unrolled",
        "unrolled.py.j2",
        "straight-line scalar code, one commented line per derivation step (small networks)",
        _fill_unrolled,
    ),
    "layered": Strategy(
        "layered",
        "layered.py.j2",
        "per-layer BLAS products and elementwise loops from the matrix-form rules (any size)",
        _fill_layered,
    ),
}
