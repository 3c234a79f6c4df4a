"""What ``nnderive derive`` and ``nnderive train --steps`` print: text, JSON and LaTeX reports."""

from __future__ import annotations

import json

import sympy as sp

from symbolic.derivation import Derivation, ParameterGradient
from symbolic.numbers import format_decimal, is_exact_string
from symbolic.printing import latex, plain, text
from symbolic.worked import WorkedExample

from .provenance import one_line

#: a fully substituted expression is printed only below this many leaves
DEFAULT_MAX_TERMS = 20_000
#: a written-out partial is shown in text only when its definition is this small
MAX_WRITTEN_TERMS = 40


def _value(step, name: str) -> str:
    return format_decimal(step.value(name))


def _substituted(derivation: Derivation, expr: sp.Expr, max_terms: int) -> sp.Expr | None:
    if derivation.model.substituted_size(expr) > max_terms:
        return None
    return derivation.model.substituted(expr)


def parameter_record(
    derivation: Derivation, gradient: ParameterGradient, step, max_terms: int
) -> dict:
    """One parameter's entry in the JSON report."""
    names = derivation.names
    new, rhs = gradient.update
    size = gradient.substituted_size
    value = step.value("d" + gradient.name)
    record = {
        "name": gradient.name,
        "latex": latex(sp.Eq(gradient.derivative, gradient.shorthand, evaluate=False), names),
        "gradient": plain(gradient.substituted) if size <= max_terms else None,
        "gradient_terms": size,
        "shorthand": plain(gradient.shorthand),
        "in_units": plain(gradient.in_units_ordered),
        "update": f"{plain(new)} = {plain(rhs)}",
        "value": format_decimal(value),
        "exact": is_exact_string(value),
    }
    return record


def quantity_records(derivation: Derivation, step, max_terms: int) -> tuple[list, dict]:
    model = derivation.model
    predictions = []
    for i, out in enumerate(model.outputs):
        definition = model.definition(out)
        full = _substituted(derivation, out, max_terms)
        predictions.append(
            {
                "name": out.name,
                "definition": plain(definition),
                "substituted": None if full is None else plain(full),
                "value": format_decimal(step.prediction[i]),
            }
        )
    full_error = _substituted(derivation, model.error_expr, max_terms)
    error = {
        "definition": plain(model.error_expr),
        "substituted": None if full_error is None else plain(full_error),
        "value": format_decimal(step.error),
    }
    return predictions, error


def derive_json(
    derivation: Derivation, names: list[str], max_terms: int = DEFAULT_MAX_TERMS
) -> str:
    """The JSON report: prediction, error and one record per parameter."""
    step = WorkedExample(derivation.network).step(1)
    predictions, error = quantity_records(derivation, step, max_terms)
    report = {
        "network": derivation.network.name,
        "notation": derivation.network.notation,
        "prediction": predictions,
        "error": error,
        "parameters": [
            parameter_record(derivation, derivation.gradient(n), step, max_terms) for n in names
        ],
    }
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def _written_is_small(gradient: ParameterGradient) -> bool:
    return all(
        len(sp.Add.make_args(p.written.expr)) <= MAX_WRITTEN_TERMS
        for path in gradient.paths
        for p in path.partials
    )


def _deltas_used(derivation: Derivation, gradients) -> list[tuple[int, int]]:
    """(m, i) of every δ the δ-form results refer to, directly or through the recursion."""
    widths, depth = derivation.network.widths, len(derivation.network.layers)
    needed = {g.target_unit for g in gradients if not g.uses_residual_form}
    for m in sorted({m for m, _ in needed}):
        needed |= {(up, u) for up in range(m + 1, depth + 1) for u in range(widths[up])}
    return sorted(needed, key=lambda unit: (-unit[0], unit[1]))


def derive_text(
    derivation: Derivation, names: list[str], max_terms: int = DEFAULT_MAX_TERMS
) -> str:
    """The report for people: the lecture's three-line derivation for each parameter."""
    net, model = derivation.network, derivation.model
    step = WorkedExample(net).step(1)
    lines = [
        f"{net.name}: {one_line(net.title)} ({net.notation} notation, "
        f"{'-'.join(map(str, net.widths))} units, {net.count_parameters(True)} trainable "
        f"parameters)",
        "",
    ]
    for i, out in enumerate(model.outputs):
        lines.append(
            f"prediction {text(out)} = {text(model.definition(out))} "
            f"= {format_decimal(step.prediction[i])}"
        )
    lines.append(
        f"error {text(model.error)} = {text(model.error_expr)} = {format_decimal(step.error)}"
    )
    if net.loss.residual:
        for i in range(net.n_outputs):
            lines.append(
                f"{text(model.residual(i))} = {text(model.residual_definition(i))} "
                f"= {format_decimal(step.residuals[i])}  (prediction − actual)"
            )
    gradients = [derivation.gradient(n) for n in names]
    for m, i in _deltas_used(derivation, gradients):
        lines.append(f"{text(model.delta(m, i))} = {text(derivation.delta_rule(m, i))}  (∂E/∂z)")
    for gradient in gradients:
        lines.append("")
        lhs = text(gradient.derivative)
        pad = " " * len(lhs)
        if gradient.paths is not None:
            chains = " + ".join(text(p.chain) for p in gradient.paths)
            lines.append(f"{lhs} = {chains}")
            if _written_is_small(gradient):
                lines.append(f"{pad} = " + " + ".join(text(p.written) for p in gradient.paths))
            lines.append(f"{pad} = {text(gradient.in_units_ordered)}")
        else:
            lines.append(
                f"{lhs} = {text(gradient.in_units)}  "
                f"({gradient.n_paths} paths, summed by the δ recursion)"
            )
        if not gradient.uses_residual_form:
            lines.append(f"{pad} = {text(gradient.shorthand)}")
        if gradient.substituted_size <= max_terms:
            lines.append(f"{pad} = {text(gradient.substituted)}")
        else:
            lines.append(
                f"{pad}   (fully substituted form omitted: {gradient.substituted_size:,} "
                f"terms; raise --max-terms to print it)"
            )
        lines.append(f"{pad} = {_value(step, 'd' + gradient.name)}  at the example")
        new, rhs = gradient.update
        lines.append(f"update: {text(new)} = {text(rhs)}")
    return "\n".join(lines) + "\n"


def derive_latex(derivation: Derivation, names: list[str]) -> str:
    """An ``align*`` block per parameter: chain of partials, written out, result."""
    notation = derivation.names
    blocks = []
    for gradient in (derivation.gradient(n) for n in names):
        lhs = latex(gradient.derivative, notation)
        rows = []
        if gradient.paths is not None:
            rows.append(" + ".join(latex(p.chain, notation) for p in gradient.paths))
            if _written_is_small(gradient):
                rows.append(" + ".join(latex(p.written, notation) for p in gradient.paths))
            rows.append(latex(gradient.in_units_ordered, notation))
        if not gradient.uses_residual_form or gradient.paths is None:
            rows.append(latex(gradient.shorthand, notation))
        body = f"{lhs} &= {rows[0]}" + "".join(f" \\\\\n  &= {r}" for r in rows[1:])
        new, rhs = gradient.update
        blocks.append(
            "\\begin{align*}\n  " + body + f" \\\\\n  {latex(new, notation)} &= "
            f"{latex(rhs, notation)}\n\\end{{align*}}"
        )
    return "\n".join(blocks) + "\n"


def train_table(example: WorkedExample, steps: int, digits: int, columns: list[str]) -> str:
    """One row per step: prediction(s), error and the chosen parameters (before the update)."""
    net = example.network
    names = net.names
    outputs = [names.unit(len(net.layers), i).ascii for i in range(net.n_outputs)]
    header = ["step", *outputs, "error", *columns]
    rows = []
    for step in example.steps(steps):
        rows.append(
            [str(step.number)]
            + [format_decimal(v, digits) for v in step.prediction]
            + [format_decimal(step.error, digits)]
            + [format_decimal(step.value(c), digits) for c in columns]
        )
    if columns:
        last = example.step(steps)
        rows.append(
            [
                f"after {steps}",
                *([""] * (len(outputs) + 1)),
                *(format_decimal(last.value(c + "_new"), digits) for c in columns),
            ]
        )
    widths = [max(len(r[c]) for r in [header, *rows]) for c in range(len(header))]
    out = [
        "  ".join(h.rjust(w) for h, w in zip(header, widths)),
        "  ".join("-" * w for w in widths),
    ]
    out += ["  ".join(v.rjust(w) for v, w in zip(r, widths)) for r in rows]
    return "\n".join(out) + "\n"
