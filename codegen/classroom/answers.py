"""The answers an exercise asks for, one numbered slot each, with the key's rows for every slot.

Every formula comes from ``symbolic.Derivation`` (the model's definitions, the chain of
partials, the shorthand, the update rule) and every number from ``symbolic.WorkedExample``; a
slot's key rows are the formula, the formula with the step's numbers put in, and the value —
``h_1 = i_1 w_1 + i_2 w_2 = 2·0.11 + 3·0.21 = 0.85`` — so the checker can follow every row.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from symbolic import Derivation, WorkedExample
from symbolic.exercise import ExerciseTemplate, default_template
from symbolic.numbers import format_decimal, terminates
from symbolic.quantity import Quantity

#: a key shows a value exactly when its decimal expansion has at most this many places (the
#: checker reads numbers of up to 40 digits) …
KEY_EXACT_DECIMALS = 30
#: … and rounded to this many places otherwise (the checker then marks the row ``rounded``);
KEY_ROUNDED_DECIMALS = 10
#: numbers put into a formula carry more places, so that the formula's value still rounds to the
#: value written after it
KEY_PLUGGED_DECIMALS = 14


@dataclass(frozen=True)
class Answer:
    """One numbered answer of an exercise: what is asked (``subject``) and how the key gets it.

    ``quantity`` names the subject for the worked example (None for the symbolic derivation);
    ``formula`` is the right-hand side one level down (h1 = i1·w1 + i2·w2, ∂E/∂w5 = Δ·h1).
    """

    number: int
    task: str
    step: int | None
    subject: sp.Basic
    formula: sp.Basic
    quantity: Quantity | None
    chain: sp.Basic | None = None  # the derive task: ∂E/∂out · ∂out/∂h1 · ∂h1/∂w2


def template_of(network) -> ExerciseTemplate:
    """The network's exercise template: the spec's ``exercise:`` field, or the default one."""
    return network.exercise if network.exercise is not None else default_template(network)


def build_answers(network, template: ExerciseTemplate) -> list[Answer]:
    """Every answer of the exercise, numbered from 1: the derivation first, then step by step
    the forward pass, the error, δ, the gradients and the updates."""
    derivation = Derivation(network)
    model = derivation.model
    parameters = template.parameter_names(network)
    gradients = [derivation.gradient(name) for name in parameters]
    items: list[tuple] = []
    if "derive" in template.tasks:
        for g in gradients:
            chain = _chain(g)
            items.append(("derive", None, g.derivative, g.shorthand, None, chain))
    for step in range(1, template.steps + 1):
        for task in template.tasks:
            if task == "forward":
                items += [("forward", step, *unit) for unit in _forward(model, network)]
            elif task == "error":
                items.append(("error", step, model.error, model.error_expr, Quantity.error()))
                if network.loss.residual:
                    for i in range(network.n_outputs):
                        items.append(
                            (
                                "error",
                                step,
                                model.residual(i),
                                model.residual_definition(i),
                                Quantity.residual(i),
                            )
                        )
            elif task == "deltas":
                for m in range(len(network.layers), 0, -1):
                    for i in range(network.widths[m]):
                        rule = derivation.delta_rule(m, i)
                        items.append(
                            ("deltas", step, model.delta(m, i), rule, Quantity.delta(m, i))
                        )
            elif task == "gradients":
                for g in gradients:
                    items.append(
                        ("gradients", step, g.derivative, g.shorthand, g.quantity.gradient())
                    )
            elif task == "update":
                for g in gradients:
                    new, rule = g.update
                    items.append(("update", step, new, rule, g.quantity.after_update()))
    return [Answer(n, *item) for n, item in enumerate(items, start=1)]


def _chain(gradient) -> sp.Basic | None:
    paths = gradient.paths
    if not paths:
        return None
    chains = [path.chain for path in paths]
    return chains[0] if len(chains) == 1 else sp.Add(*chains, evaluate=False)


def _forward(model, network) -> list[tuple]:
    """(subject, formula, quantity) of every unit: z and a = f(z) for non-linear units."""
    out = []
    for m in range(1, len(network.widths)):
        for i in range(network.widths[m]):
            if model.has_pre(m):
                out.append((model.pre(m, i), model.net_input(m, i), Quantity.pre(m, i)))
            out.append((model.unit(m, i), model.activation_of(m, i), Quantity.unit(m, i)))
    return out


# --------------------------------------------------------------------------- numbers
def key_number(value, places: int = KEY_ROUNDED_DECIMALS) -> sp.Rational:
    """A value as the key writes it: exact when short, else rounded to ``places`` (a decimal
    either way)."""
    if isinstance(value, Fraction) and terminates(value):
        text = format_decimal(value)
        exact_places = len(text.split(".")[1]) if "." in text else 0
        if exact_places <= KEY_EXACT_DECIMALS:
            return sp.Rational(value.numerator, value.denominator)
    return sp.Rational(format_decimal(value, places))


def with_numbers(expr: sp.Basic, step) -> sp.Basic:
    """``expr`` with every symbol replaced by its value at the step, nothing evaluated."""
    values = {s: key_number(step.value(s.name), KEY_PLUGGED_DECIMALS) for s in expr.free_symbols}
    with sp.evaluate(False):
        return expr.xreplace(values)


@dataclass(frozen=True)
class KeyRows:
    """One answer as the key writes it: the subject and the chain of right-hand sides."""

    answer: Answer
    rows: tuple[sp.Basic, ...]
    value: sp.Rational | None


def key_rows(network, answers: list[Answer]) -> list[KeyRows]:
    """The key's rows for every answer: formula, formula with numbers, value."""
    example = WorkedExample(network)
    out = []
    for answer in answers:
        if answer.step is None:
            rows = (answer.chain, answer.formula) if answer.chain is not None else (answer.formula,)
            out.append(KeyRows(answer, rows, None))
            continue
        step = example.step(answer.step)
        value = key_number(step.value(answer.quantity))
        rows = [answer.formula]
        numbers = with_numbers(answer.formula, step)
        if numbers != answer.formula and not numbers.is_Number:
            rows.append(numbers)
        rows.append(value)
        out.append(KeyRows(answer, tuple(rows), value))
    return out
