"""What ``nnderive derive`` and ``nnderive train --steps`` print: text, JSON and LaTeX reports."""

from __future__ import annotations

import json

import sympy as sp

from symbolic.derivation import Derivation, ParameterGradient
from symbolic.display import gradient_align, written_is_small
from symbolic.numbers import format_decimal, is_exact_string
from symbolic.printing import latex, plain, text
from symbolic.quantity import Quantity
from symbolic.worked import WorkedExample

from .provenance import one_line

#: a fully substituted expression is printed only below this many leaves
DEFAULT_MAX_TERMS = 20_000


def _decimal(value, digits: int | None = None) -> str:
    return format_decimal(value, digits)


def _substituted(derivation: Derivation, expr: sp.Expr, max_terms: int) -> sp.Expr | None:
    if derivation.model.substituted_size(expr) > max_terms:
        return None
    return derivation.model.substituted(expr)


def _per_sample(step, value_of) -> list:
    """``value_of(sample)`` for every sample the step uses, in sample order."""
    return [value_of(n) for n in step.samples]


def parameter_record(
    derivation: Derivation,
    gradient: ParameterGradient,
    step,
    max_terms: int,
    digits: int | None = None,
) -> dict:
    """One parameter's entry in the JSON report (its value: the mean over the samples)."""
    names = derivation.names
    new, rhs = gradient.update
    size = gradient.substituted_size
    q = gradient.quantity.gradient()
    value = step.value(q)
    record = {
        "name": gradient.name,
        "latex": latex(sp.Eq(gradient.derivative, gradient.shorthand, evaluate=False), names),
        "gradient": plain(gradient.substituted) if size <= max_terms else None,
        "gradient_terms": size,
        "shorthand": plain(gradient.shorthand),
        "in_units": plain(gradient.in_units_ordered),
        "update": f"{plain(new)} = {plain(rhs)}",
        "value": _decimal(value, digits),
        "exact": digits is None and is_exact_string(value),
    }
    if len(step.samples) > 1:
        record["values"] = _per_sample(step, lambda n: _decimal(step.value(q, n), digits))
    return record


def quantity_records(
    derivation: Derivation, step, max_terms: int, digits: int | None = None
) -> tuple[list, dict]:
    """The prediction (one value per sample) and the error (the mean of the samples' losses)."""
    model = derivation.model
    predictions = []
    for i, out in enumerate(model.outputs):
        definition = model.definition(out)
        full = _substituted(derivation, out, max_terms)
        values = _per_sample(step, lambda n, i=i: _decimal(step.predictions[n][i], digits))
        record = {
            "name": out.name,
            "definition": plain(definition),
            "substituted": None if full is None else plain(full),
        }
        if len(values) == 1:
            record["value"] = values[0]
        record["values"] = values
        predictions.append(record)
    full_error = _substituted(derivation, model.error_expr, max_terms)
    error = {
        "definition": plain(model.error_expr),
        "substituted": None if full_error is None else plain(full_error),
        "value": _decimal(step.error, digits),
        "loss": derivation.network.loss.name,
        "samples": len(step.samples),
    }
    if len(step.samples) > 1:
        error["losses"] = _per_sample(step, lambda n: _decimal(step.passes[n].loss, digits))
    return predictions, error


def derive_json(
    derivation: Derivation,
    names: list[str],
    max_terms: int = DEFAULT_MAX_TERMS,
    digits: int | None = None,
) -> str:
    """The JSON report: prediction, error and one record per parameter."""
    step = WorkedExample(derivation.network).step(1)
    predictions, error = quantity_records(derivation, step, max_terms, digits)
    report = {
        "network": derivation.network.name,
        "notation": derivation.network.notation,
        "prediction": predictions,
        "error": error,
        "parameters": [
            parameter_record(derivation, derivation.gradient(n), step, max_terms, digits)
            for n in names
        ],
    }
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def _deltas_used(derivation: Derivation, gradients) -> list[tuple[int, int]]:
    """(m, i) of every δ the δ-form results refer to, directly or through the recursion."""
    widths, depth = derivation.network.widths, len(derivation.network.layers)
    needed = {g.target_unit for g in gradients if not g.uses_residual_form}
    for m in sorted({m for m, _ in needed}):
        needed |= {(up, u) for up in range(m + 1, depth + 1) for u in range(widths[up])}
    return sorted(needed, key=lambda unit: (-unit[0], unit[1]))


def _sample_values(step, value_of, digits: int | None) -> str:
    """One value, or one per sample: "0.191" / "0.19 (sample 1), 0.27 (sample 2)"."""
    values = [_decimal(value_of(n), digits) for n in step.samples]
    if len(values) == 1:
        return values[0]
    return ", ".join(f"{v} (sample {n + 1})" for v, n in zip(values, step.samples))


def derive_text(
    derivation: Derivation,
    names: list[str],
    max_terms: int = DEFAULT_MAX_TERMS,
    digits: int | None = None,
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
        value = _sample_values(step, lambda n, i=i: step.predictions[n][i], digits)
        lines.append(f"prediction {text(out)} = {text(model.definition(out))} = {value}")
    count = len(step.samples)
    mean = f" (the mean over {count} samples)" if count > 1 else ""
    lines.append(
        f"error {text(model.error)} = {text(model.error_expr)}{mean} = "
        f"{_decimal(step.error, digits)}"
    )
    if net.loss.residual:
        for i in range(net.n_outputs):
            value = _sample_values(step, lambda n, i=i: step.value(Quantity.residual(i), n), digits)
            lines.append(
                f"{text(model.residual(i))} = {text(model.residual_definition(i))} "
                f"= {value}  (prediction − actual)"
            )
    gradients = [derivation.gradient(n) for n in names]
    proved = (
        f"; a − y proved for {net.loss.name} + {net.layers[-1].activation.name}"
        if net.loss.delta_is_residual
        else ""
    )
    for m, i in _deltas_used(derivation, gradients):
        note = proved if m == len(net.layers) else ""
        rule = text(derivation.delta_rule(m, i))
        lines.append(f"{text(model.delta(m, i))} = {rule}  (∂E/∂z{note})")
    for gradient in gradients:
        lines.append("")
        lhs = text(gradient.derivative)
        pad = " " * len(lhs)
        if gradient.paths is not None:
            chains = " + ".join(text(p.chain) for p in gradient.paths)
            lines.append(f"{lhs} = {chains}")
            if written_is_small(gradient):
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
        at = "the mean over the samples" if count > 1 else "at the example"
        lines.append(f"{pad} = {_decimal(step.value(gradient.quantity.gradient()), digits)}  {at}")
        new, rhs = gradient.update
        lines.append(f"update: {text(new)} = {text(rhs)}")
    return "\n".join(lines) + "\n"


def derive_latex(derivation: Derivation, names: list[str]) -> str:
    """An ``align*`` block per parameter: chain of partials, written out, result, update."""
    blocks = [gradient_align(derivation.gradient(n)) for n in names]
    return "\n".join(blocks) + "\n"


def train_json(example: WorkedExample, steps: int, digits: int, columns: list[str]) -> str:
    """The worked example for programs: per step the samples used, the predictions per sample,
    the error (the mean of the samples' losses) and the parameters before and after the step."""
    net = example.network
    outputs = [net.names.unit(len(net.layers), i).ascii for i in range(net.n_outputs)]
    records = []
    for step in example.steps(steps):
        records.append(
            {
                "step": step.number,
                "samples": [n + 1 for n in step.samples],
                "predictions": [
                    {
                        "sample": n + 1,
                        "outputs": dict(
                            zip(outputs, (_decimal(v, digits) for v in step.predictions[n]))
                        ),
                        "loss": _decimal(step.passes[n].loss, digits),
                    }
                    for n in step.samples
                ],
                "error": _decimal(step.error, digits),
                "parameters": {c: _decimal(step.value(c), digits) for c in columns},
                "updated": {c: _decimal(step.value(c + "_new"), digits) for c in columns},
            }
        )
    report = {
        "network": net.name,
        "loss": net.loss.name,
        "update": net.update,
        "learning_rate": _decimal(net.learning_rate),
        "digits": digits,
        "steps": records,
    }
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def train_table(example: WorkedExample, steps: int, digits: int, columns: list[str]) -> str:
    """One row per step: prediction(s), error and the chosen parameters (before the update).

    With several samples each output has a column per sample (``out[2]``: sample 2), empty in
    the rows of steps that do not use that sample (``update: per_sample``).
    """
    net = example.network
    names = net.names
    count = len(net.samples)
    outputs = [
        (names.unit(len(net.layers), i).ascii + (f"[{n + 1}]" if count > 1 else ""), n, i)
        for n in range(count)
        for i in range(net.n_outputs)
    ]
    header = ["step", *(o[0] for o in outputs), "error", *columns]
    rows = []
    for step in example.steps(steps):
        predictions = step.predictions
        rows.append(
            [str(step.number)]
            + [
                format_decimal(predictions[n][i], digits) if n in predictions else ""
                for _, n, i in outputs
            ]
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
