"""How the symbolic API shows itself: LaTeX derivations and HTML tables for notebooks.

Every object of the API has a display (``_repr_latex_`` or ``_repr_html_``, which Jupyter calls)
built here from the same printers the reports and documents use. A display that shows only part
of an object says so, and says how to see the rest.
"""

from __future__ import annotations

import html
from itertools import islice

import sympy as sp

from .numbers import format_decimal
from .printing import latex
from .quantity import Quantity

#: rows a display shows before it is cut (and says so)
MAX_ROWS = 50
#: a written-out partial is shown only when its definition has at most this many terms
MAX_WRITTEN_TERMS = 40
#: decimal places of the numbers in tables
TABLE_DIGITS = 10


def written_is_small(gradient) -> bool:
    """Whether every written-out partial of a gradient's paths is small enough to show."""
    return all(
        len(sp.Add.make_args(d.expr)) <= MAX_WRITTEN_TERMS
        for path in gradient.paths
        for p in path.partials
        for d in p.written.atoms(sp.Derivative)
    )


def gradient_rows(gradient) -> tuple[str, list[str]]:
    """(∂E/∂θ, [chain of partials, partials written out, result in units, shorthand]) in LaTeX,
    the lecture's three-line derivation; the shorthand is left out where it is the result."""
    notation = gradient.derivation.names
    rows = []
    if gradient.paths is not None:
        rows.append(" + ".join(latex(p.chain, notation) for p in gradient.paths))
        if written_is_small(gradient):
            rows.append(" + ".join(latex(p.written, notation) for p in gradient.paths))
        rows.append(latex(gradient.in_units_ordered, notation))
    if not gradient.uses_residual_form or gradient.paths is None:
        rows.append(latex(gradient.shorthand, notation))
    return latex(gradient.derivative, notation), rows


def gradient_align(gradient, environment: str = "align*") -> str:
    """The derivation of one parameter and its update as one LaTeX alignment."""
    notation = gradient.derivation.names
    lhs, rows = gradient_rows(gradient)
    body = f"{lhs} &= {rows[0]}" + "".join(f" \\\\\n  &= {r}" for r in rows[1:])
    new, rhs = gradient.update
    return (
        f"\\begin{{{environment}}}\n  {body} \\\\\n  {latex(new, notation)} &= "
        f"{latex(rhs, notation)}\n\\end{{{environment}}}"
    )


def _math(block: str) -> str:
    return f"$$\n{block}\n$$"


def gradient_latex(gradient) -> str:
    return _math(gradient_align(gradient, "aligned"))


def derivation_latex(derivation) -> str:
    """∂E/∂θ = shorthand for the first MAX_ROWS trainable parameters, saying when it is cut."""
    names = derivation.names
    total = derivation.network.count_parameters(trainable_only=True)
    rows = [
        latex(g.derivative, names) + " &= " + latex(g.shorthand, names)
        for g in islice(derivation.gradients(), MAX_ROWS)
    ]
    if total > MAX_ROWS:
        rows.append(
            rf"&\text{{… first {MAX_ROWS} of {total:,} parameters; "
            r"derivation.gradient(name) shows any one}"
        )
    return _math("\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}")


def layer_rules_latex(rules, notation) -> str:
    """One layer's matrix-form rules (symbolic.layers.LayerRules), one per line."""
    rows = [f"{latex(r.lhs, notation)} &= {latex(r.rhs, notation)}" for r in rules.rules]
    return _math("\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}")


def layer_rule_latex(rule, notation) -> str:
    """One layer's rules written out as explicit matrices (Derivation.layer_rule)."""
    rows = [
        f"{latex(rule.pre, notation)} &= {latex(rule.weights, notation)}"
        f"{latex(rule.inputs, notation)}"
        + (f" + {latex(rule.bias, notation)}" if rule.bias is not None else ""),
        f"{latex(rule.delta, notation)} &= {latex(rule.delta_rule, notation)}",
        f"\\frac{{\\partial E}}{{\\partial W}} &= {latex(rule.weight_gradient, notation)}",
    ]
    if rule.bias_gradient is not None:
        rows.append(
            f"\\frac{{\\partial E}}{{\\partial b}} &= {latex(rule.bias_gradient, notation)}"
        )
    return _math("\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}")


def _table(
    header: list[str], rows: list[list[str]], note: str = "", colours: list[str] | None = None
) -> str:
    """An HTML table of text cells (escaped); ``colours``, one per row, are their backgrounds."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    styles = [f' style="background-color:{c}"' for c in colours] if colours else [""] * len(rows)
    body = "".join(
        f"<tr{style}>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
        for row, style in zip(rows, styles, strict=True)
    )
    caption = f"<caption>{html.escape(note)}</caption>" if note else ""
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cut_note(shown: int, total: int, what: str, how: str) -> str:
    return f"first {shown} of {total:,} {what}; {how}" if total > shown else ""


def step_html(step) -> str:
    """One step as a table: the predictions per sample, the error, each parameter before and
    after the step and its gradient (the mean over the step's samples)."""
    net = step.network
    names = net.names
    rows = []
    for n, outputs in step.predictions.items():
        for i, value in enumerate(outputs):
            label = names.unit(len(net.layers), i).ascii
            rows.append([f"{label} (sample {n + 1})", format_decimal(value, TABLE_DIGITS)])
    rows.append([names.error.ascii, format_decimal(step.error, TABLE_DIGITS)])
    parameters = list(net.parameters())
    for p in parameters[:MAX_ROWS]:
        q = Quantity.parameter(p.kind, p.layer, p.row, p.col)
        rows.append(
            [
                p.name,
                format_decimal(step.value(q), TABLE_DIGITS)
                + f" → {format_decimal(step.value(q.after_update()), TABLE_DIGITS)}"
                + f"  (∂E/∂{p.name} = {format_decimal(step.value(q.gradient()), TABLE_DIGITS)})",
            ]
        )
    note = _cut_note(MAX_ROWS, len(parameters), "parameters", "step.value(name) gives any one")
    return _table([f"step {step.number}", "value"], rows, note)


def worked_html(example, steps: int = 3) -> str:
    """The first steps of a worked example as a table: predictions per sample and error."""
    net = example.network
    names = net.names
    header = ["step"]
    for n in range(len(net.samples)):
        for i in range(net.n_outputs):
            label = names.unit(len(net.layers), i).ascii
            header.append(label + (f" (sample {n + 1})" if len(net.samples) > 1 else ""))
    header.append(names.error.ascii)
    rows = []
    for step in example.steps(steps):
        row = [str(step.number)]
        for n in range(len(net.samples)):
            values = step.predictions.get(n)
            if values is None:  # a per-sample step that does not use sample n
                row += [""] * net.n_outputs
            else:
                row += [format_decimal(v, TABLE_DIGITS) for v in values]
        rows.append([*row, format_decimal(step.error, TABLE_DIGITS)])
    note = f"first {steps} steps; example.step(n) shows any step"
    return _table(header, rows, note)


#: background colour of each verdict in a verify report (green for right, red for wrong)
VERDICT_COLOURS = {
    "correct": "#d4edda",
    "rounded": "#e6f4d7",
    "carried": "#fff3cd",
    "undecided": "#e2e3e5",
    "wrong": "#f8d7da",
    "unreadable": "#ffe5b4",
}


def verify_html(results, summary: str) -> str:
    """A verify report as a table, one row per claim coloured by its verdict, under its
    ``summary`` line (the counts the CLI prints), which also says where the table is cut."""
    shown = list(results)[:MAX_ROWS]
    note = _cut_note(MAX_ROWS, len(results), "claims", "iterate over the report for the rest")
    return _table(
        ["line", "claim", "verdict", "explanation", "slip"],
        [[str(r.line), r.text, r.verdict, r.explanation, r.slip or ""] for r in shown],
        summary + (f" — {note}" if note else ""),
        [VERDICT_COLOURS[r.verdict] for r in shown],
    )
