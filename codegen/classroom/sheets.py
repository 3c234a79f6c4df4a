"""A student's papers as LaTeX: the exercise sheet, the answer key (the claims file ``verify``
reads, and the same inside a document for key.pdf) and the answer file they fill in.

The Jinja2 templates beside this module hold layout and prose only (delimiters ``((* *))``,
``((( )))``, ``((= =))`` as in the derivation documents); every formula and number arrives
printed by the notation printer from SymPy objects of the Derivation and the worked example, and
every roster or spec text arrives escaped.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

import jinja2
import sympy as sp

from symbolic.activations import Z

from ..provenance import tex_comment, tex_text
from .answers import KEY_ROUNDED_DECIMALS, Answer, KeyRows, key_rows
from .i18n import prose

GENERATOR = "codegen.classroom"
#: a layer with more edges than this is drawn without edge labels (its values are listed)
MAX_LABELLED_EDGES = 4


@dataclass(frozen=True)
class Student:
    """One row of the roster: the id and the other columns (``name`` is shown on the sheets)."""

    id: str
    columns: tuple[tuple[str, str], ...] = ()

    @property
    def name(self) -> str:
        return dict(self.columns).get("name", "")


@dataclass(frozen=True)
class Papers:
    """Everything one student's folder holds as text (the PDFs are compiled from two of them)."""

    exercise: str  # the sheet's LaTeX document
    key_claims: str  # key.tex: the claims file
    key_document: str  # the key's LaTeX document (key.tex inside a page)
    answers: str  # answers.tex: the file the student fills in


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("codegen.classroom", "templates"),
        block_start_string="((*",
        block_end_string="*))",
        variable_start_string="(((",
        variable_end_string=")))",
        comment_start_string="((=",
        comment_end_string="=))",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
    )


def render(template: str, **context) -> str:
    return _environment().get_template(template).render(**context)


class PaperWriter:
    """Writes one variant's papers; ``provenance`` are the header lines every file starts with."""

    def __init__(self, network, answers: list[Answer], template, lang: str, provenance):
        from codegen import __version__

        self.network = network
        self.names = network.names
        self.answers = answers
        self.template = template
        self.lang = lang
        self.t = prose(lang)
        self.provenance = list(provenance)
        self.generator = f"nnderive {__version__}"

    def latex(self, expr) -> str:
        return self.network.latex(expr)

    def header(self, *extra: str) -> str:
        return "\n".join(tex_comment(line) for line in [*self.provenance, *extra])

    def papers(self, student: Student, check_command: str) -> Papers:
        rows = key_rows(self.network, self.answers)
        body = render(
            "key_body.tex.j2",
            header=self.header(f"Answer key of student {student.id}", check_command),
            sections=self._key_sections(rows),
        )
        common = {
            "lang": self.lang,
            "t": self.t,
            "generator": self.generator,
            "title": tex_text(self.network.title_for(self.lang)),
            "student_id": tex_text(student.id),
            "student_name": tex_text(student.name),
        }
        key_document = render(
            "key.tex.j2",
            header=self.header(f"Answer key of student {student.id} (document)"),
            key_note=self.t["key_note"].format(digits=KEY_ROUNDED_DECIMALS),
            body=body,
            **common,
        )
        exercise = render(
            "exercise.tex.j2",
            header=self.header(f"Exercise sheet of student {student.id}"),
            diagram=self._diagram(),
            given=self._given(),
            groups=self._groups(),
            rounding=self.t["rounding"].format(decimals=self.template.decimals),
            **common,
        )
        answers = render(
            "answers.tex.j2",
            header=self.header(
                f"Answers of student {student.id}: write each answer under its answer line",
                f"numbers rounded to {self.template.decimals} decimal places",
            ),
            sections=self._answer_sections(),
        )
        return Papers(exercise, body, key_document, answers)

    # ------------------------------------------------------------------ key and answers
    def _by_step(self, items, step_of):
        return [(step, list(group)) for step, group in itertools.groupby(items, key=step_of)]

    def _key_sections(self, rows: list[KeyRows]) -> list[dict]:
        sections = []
        for step, group in self._by_step(rows, lambda r: r.answer.step):
            entries = [
                {
                    "number": r.answer.number,
                    "subject": self.latex(r.answer.subject),
                    "rows": [self.latex(row) for row in r.rows],
                }
                for r in group
            ]
            title = self.t["iteration"].format(n=step) if step else self.t["task_derive"]
            sections.append({"step": step, "title": title, "entries": entries})
        return sections

    def _answer_sections(self) -> list[dict]:
        return [
            {
                "step": step,
                "entries": [{"number": a.number, "subject": self.latex(a.subject)} for a in group],
            }
            for step, group in self._by_step(self.answers, lambda a: a.step)
        ]

    # ------------------------------------------------------------------ the sheet
    def _groups(self) -> list[dict]:
        groups = []
        for step, group in self._by_step(self.answers, lambda a: a.step):
            tasks = []
            for task, items in itertools.groupby(group, key=lambda a: a.task):
                title = self.t[f"task_{task}"]
                if task == "update":
                    title = title.format(rate=f"${self.latex(self._rate_equation())}$")
                tasks.append(
                    {
                        "title": title,
                        "entries": [
                            {"number": a.number, "subject": self.latex(a.subject)} for a in items
                        ],
                    }
                )
            title = self.t["iteration"].format(n=step) if step else ""
            if step and step > 1:
                title += " " + self.t["iteration_note"].format(n=step - 1)
            groups.append({"title": title, "tasks": tasks})
        return groups

    def _rate_equation(self):
        model_rate = self.names.rate.symbol
        return sp.Eq(model_rate, _number(self.network.learning_rate), evaluate=False)

    def _given(self) -> list[dict]:
        net, names = self.network, self.names
        given = [
            {
                "label": self.t["inputs"],
                "math": _joined(
                    self.latex(sp.Eq(names.input(j).symbol, _number(v), evaluate=False))
                    for j, v in enumerate(net.example_x)
                ),
            },
            {
                "label": self.t["targets"],
                "math": _joined(
                    self.latex(sp.Eq(names.target(i).symbol, _number(v), evaluate=False))
                    for i, v in enumerate(net.example_y)
                ),
            },
            {"label": self.t["rate"], "math": self.latex(self._rate_equation())},
        ]
        for k, layer in enumerate(net.layers):
            symbols = sp.Matrix(
                [
                    [names.weight(k, i, j).symbol for j in range(layer.fan_in)]
                    for i in range(layer.units)
                ]
            )
            values = sp.Matrix([[_number(v) for v in row] for row in layer.weights])
            given.append(
                {
                    "label": self.t["weights"],
                    "math": self.latex(sp.Eq(symbols, values, evaluate=False)),
                }
            )
            if layer.has_bias:
                bias_symbols = sp.Matrix([[names.bias(k, i).symbol] for i in range(layer.units)])
                bias_values = sp.Matrix([[_number(v)] for v in layer.bias])
                given.append(
                    {
                        "label": self.t["biases"],
                        "math": self.latex(sp.Eq(bias_symbols, bias_values, evaluate=False)),
                    }
                )
        for k, layer in enumerate(net.layers):
            activation = layer.activation
            if activation.is_identity or activation.is_layer_function:
                continue
            function = sp.Function(activation.latex_name or "f")(Z)
            given.append(
                {
                    "label": self.t["activation"].format(layer=k + 2),
                    "math": self.latex(sp.Eq(function, activation.expr, evaluate=False)),
                }
            )
        model = _model(net)
        error = self.latex(sp.Eq(model.error, model.error_expr, evaluate=False))
        if net.loss.residual:
            residuals = _joined(
                self.latex(sp.Eq(model.residual(i), model.residual_definition(i), evaluate=False))
                for i in range(net.n_outputs)
            )
            error += rf",\quad \text{{{self.t['residual_def']}}}\quad " + residuals
        given.append({"label": self.t["error_def"], "math": error})
        return given

    def _diagram(self) -> dict:
        net, names = self.network, self.names
        widths = net.widths
        units = []
        for m, count in enumerate(widths):
            for i in range(count):
                value, side = "", ""
                if m == 0:
                    value = self.latex(
                        sp.Eq(names.input(i).symbol, _number(net.example_x[i]), evaluate=False)
                    )
                    side = "left"
                elif m == len(widths) - 1:
                    value = self.latex(
                        sp.Eq(names.target(i).symbol, _number(net.example_y[i]), evaluate=False)
                    )
                    side = "right"
                units.append(
                    {
                        "layer": m,
                        "index": i,
                        "count": count,
                        "name": self.latex(names.unit(m, i).symbol),
                        "value": value,
                        "side": side,
                    }
                )
        edges, biases = [], []
        for k, layer in enumerate(net.layers):
            labelled = layer.units * layer.fan_in <= MAX_LABELLED_EDGES
            for i in range(layer.units):
                for j in range(layer.fan_in):
                    label = ""
                    if labelled:
                        label = self.latex(
                            sp.Eq(
                                names.weight(k, i, j).symbol,
                                _number(layer.weights[i][j]),
                                evaluate=False,
                            )
                        )
                    edges.append(
                        {
                            "layer": k,
                            "source": j,
                            "fan_in": layer.fan_in,
                            "target": i,
                            "units": layer.units,
                            "label": label,
                        }
                    )
            if layer.has_bias:
                bias_edges = [
                    {
                        "target": i,
                        "label": self.latex(
                            sp.Eq(names.bias(k, i).symbol, _number(layer.bias[i]), evaluate=False)
                        )
                        if labelled
                        else "",
                    }
                    for i in range(layer.units)
                ]
                biases.append({"layer": k, "depth": max(widths), "edges": bias_edges})
        return {"units": units, "edges": edges, "biases": biases}


def _number(value) -> sp.Rational:
    return sp.Rational(value.numerator, value.denominator)


def _joined(parts) -> str:
    return r",\; ".join(parts)


def _model(network):
    from symbolic.model import SymbolicModel

    return SymbolicModel(network)
