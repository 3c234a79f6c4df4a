"""The teacher's exercise template (the spec's ``exercise:`` field) and drawing its variants.

A template says what a class exercise asks — which tasks (forward pass, error, δ, gradients,
updates, the symbolic derivation), for which parameters, over how many worked steps, rounded to
how many decimals — and from which ranges the numbers of every student's variant are drawn
(weights and biases, inputs, targets; each range with its own decimals). A variant keeps the
spec's architecture and replaces only the numbers.

Draws are reproducible everywhere: they come from SHA-256 of (seed, student id, attempt, counter),
never from Python's ``hash()`` or a library generator whose stream may change between versions.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction

from .numbers import exact

#: every task an exercise can ask, in the order a sheet lists them within a step
TASKS = ("derive", "forward", "error", "deltas", "gradients", "update")
DEFAULT_TASKS = ("forward", "error", "gradients", "update")
FIELDS = ("tasks", "parameters", "steps", "decimals", "weights", "biases", "inputs", "targets")
RANGE_FIELDS = ("min", "max", "decimals")
#: worked steps an exercise may ask (exact values grow about threefold in digits per step)
MAX_STEPS = 3
MAX_DECIMALS = 6
#: numbers a range may offer at least (so that redrawing can find separated values)
MIN_CHOICES = 4

Fail = Callable[..., Exception]


@dataclass(frozen=True)
class NumberRange:
    """Numbers min ≤ v ≤ max with ``decimals`` places; ``nonzero`` leaves 0 out."""

    low: Fraction
    high: Fraction
    decimals: int
    nonzero: bool = False

    @property
    def scale(self) -> int:
        return 10**self.decimals

    def bounds(self) -> tuple[int, int]:
        """The range in units of 10^-decimals: whole numbers lo ≤ k ≤ hi."""
        return math.ceil(self.low * self.scale), math.floor(self.high * self.scale)

    def choices(self) -> int:
        lo, hi = self.bounds()
        count = max(hi - lo + 1, 0)
        return count - (1 if self.nonzero and lo <= 0 <= hi else 0)

    def as_dict(self) -> dict:
        return {
            "min": _plain(self.low),
            "max": _plain(self.high),
            "decimals": self.decimals,
        }


@dataclass(frozen=True)
class ExerciseTemplate:
    """What every student is asked, and the ranges their numbers come from."""

    tasks: tuple[str, ...]
    parameters: tuple[str, ...] | None  # None: every trainable parameter
    steps: int
    decimals: int  # the answers' decimal places
    weights: NumberRange
    biases: NumberRange
    inputs: NumberRange
    targets: NumberRange

    def as_dict(self) -> dict:
        """The template as a spec's ``exercise:`` field (every default written out)."""
        out: dict = {"tasks": list(self.tasks)}
        if self.parameters is not None:
            out["parameters"] = list(self.parameters)
        out.update(
            steps=self.steps,
            decimals=self.decimals,
            weights=self.weights.as_dict(),
            biases=self.biases.as_dict(),
            inputs=self.inputs.as_dict(),
            targets=self.targets.as_dict(),
        )
        return out

    def with_steps(self, steps: int) -> ExerciseTemplate:
        return replace(self, steps=steps)

    def parameter_names(self, network) -> list[str]:
        if self.parameters is not None:
            return list(self.parameters)
        return [p.name for p in network.parameters(trainable_only=True)]


def _plain(value: Fraction) -> int | float:
    """A spec number: an int when whole, else a float whose repr is the exact decimal."""
    return int(value) if value.denominator == 1 else float(value)


def default_template(network) -> ExerciseTemplate:
    """The template used when a spec has no ``exercise:`` field: the lecture's class exercise
    (forward pass, error, every gradient, every update; one step). A linear network gets the
    lecture's kind of numbers (weights 0.05–0.5, whole inputs 1–5, answers to 4 decimals); a
    non-linear one signed weights and inputs with 2 decimals and answers to 6 decimals, which
    its small δ values need for the common slips to stay apart."""
    if network.is_linear:
        weights = NumberRange(Fraction(1, 20), Fraction(1, 2), 2, nonzero=True)
        inputs = NumberRange(Fraction(1), Fraction(5), 0, nonzero=True)
        decimals = 4
    else:
        weights = NumberRange(Fraction(-1, 2), Fraction(1, 2), 2, nonzero=True)
        inputs = NumberRange(Fraction(-1), Fraction(1), 2, nonzero=True)
        decimals = 6
    tasks = DEFAULT_TASKS
    if not _residual_form(network):
        tasks = (*DEFAULT_TASKS[:2], "deltas", *DEFAULT_TASKS[2:])
    return ExerciseTemplate(
        tasks=tasks,
        parameters=None,
        steps=1,
        decimals=decimals,
        weights=weights,
        biases=weights,
        inputs=inputs,
        targets=_default_targets(network),
    )


def _default_targets(network) -> NumberRange:
    """Targets the output can reach: within (0, 1) for a non-linear output (σ, softmax)."""
    if network.loss.targets != "any" or not network.layers[-1].activation.is_identity:
        return NumberRange(Fraction(1, 10), Fraction(9, 10), 1)
    return NumberRange(Fraction(1, 2), Fraction(3, 2), 1)


def _residual_form(network) -> bool:
    """Whether the network's gradients are written with Δ (the lecture's linear form), not δ."""
    from .derivation import Derivation

    derivation = Derivation(network)
    names = derivation.parameter_names()
    return not names or derivation.gradient(names[0]).uses_residual_form


# --------------------------------------------------------------------------- validation
def read_exercise(raw, network, fail: Fail) -> ExerciseTemplate:
    """The spec's ``exercise:`` field, checked; ``fail(field, problem, fix=None)`` makes the
    SpecError that names the field (and its line)."""
    if not isinstance(raw, Mapping):
        raise fail("exercise", "expected a mapping of fields (tasks, parameters, steps, …)")
    for key in raw:
        if key not in FIELDS:
            raise fail(f"exercise.{key}", f"unknown field {key!r}", f"allowed: {', '.join(FIELDS)}")
    base = default_template(network)
    tasks = _tasks(raw.get("tasks", list(base.tasks)), network, fail)
    parameters = _parameters(raw.get("parameters"), network, fail)
    steps = _whole(raw.get("steps", base.steps), "exercise.steps", 1, MAX_STEPS, fail)
    decimals = _whole(
        raw.get("decimals", base.decimals), "exercise.decimals", 0, MAX_DECIMALS, fail
    )
    weights = _range(raw.get("weights"), "exercise.weights", base.weights, fail, nonzero=True)
    biases = _range(raw.get("biases"), "exercise.biases", weights, fail, nonzero=True)
    inputs = _range(raw.get("inputs"), "exercise.inputs", base.inputs, fail, nonzero=True)
    targets = _range(raw.get("targets"), "exercise.targets", base.targets, fail)
    if network.loss.targets == "unit_interval" and not (targets.low >= 0 and targets.high <= 1):
        raise fail("exercise.targets", f"{network.loss.name} needs targets between 0 and 1")
    return ExerciseTemplate(tasks, parameters, steps, decimals, weights, biases, inputs, targets)


def _tasks(value, network, fail: Fail) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise fail(
            "exercise.tasks",
            "expected a non-empty list of tasks",
            f"choose from {', '.join(TASKS)}",
        )
    for n, task in enumerate(value):
        if task not in TASKS:
            raise fail(
                f"exercise.tasks[{n}]", f"unknown task {task!r}", f"choose from {', '.join(TASKS)}"
            )
    if len(set(value)) != len(value):
        raise fail("exercise.tasks", "a task is listed twice")
    if "deltas" in value and _residual_form(network):
        raise fail(
            "exercise.tasks",
            "deltas: this network's gradients are written with Δ (linear units), not δ",
            "remove deltas from the tasks",
        )
    return tuple(t for t in TASKS if t in value)


def _parameters(value, network, fail: Fail) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        raise fail(
            "exercise.parameters", "expected a non-empty list of parameter names, e.g. [w5, w2]"
        )
    trainable = {p.name for p in network.parameters(trainable_only=True)}
    for n, name in enumerate(value):
        if not isinstance(name, str) or name not in trainable:
            raise fail(
                f"exercise.parameters[{n}]",
                f"{name!r} is not a trainable parameter of this network",
                f"`nnderive derive {network.name} --list-params` lists them",
            )
    if len(set(value)) != len(value):
        raise fail("exercise.parameters", "a parameter is listed twice")
    return tuple(value)


def _whole(value, field: str, low: int, high: int, fail: Fail) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise fail(field, f"expected a whole number from {low} to {high}, got {value!r}")
    return value


def _range(value, field: str, default: NumberRange, fail: Fail, nonzero=False) -> NumberRange:
    if value is None:
        return NumberRange(default.low, default.high, default.decimals, nonzero)
    if not isinstance(value, Mapping):
        raise fail(field, "expected {min: …, max: …, decimals: …}")
    for key in value:
        if key not in RANGE_FIELDS:
            raise fail(f"{field}.{key}", f"unknown field {key!r}", "allowed: min, max, decimals")
    numbers = {}
    for key, fallback in (("min", default.low), ("max", default.high)):
        try:
            numbers[key] = exact(value.get(key, fallback))
        except (TypeError, ValueError, ZeroDivisionError):
            raise fail(f"{field}.{key}", f"expected a number, got {value.get(key)!r}") from None
        if abs(numbers[key]) > 1000:
            raise fail(f"{field}.{key}", "expected a number between -1000 and 1000")
    decimals = _whole(value.get("decimals", default.decimals), f"{field}.decimals", 0, 4, fail)
    result = NumberRange(numbers["min"], numbers["max"], decimals, nonzero)
    if result.low > result.high:
        raise fail(field, "min is larger than max")
    if result.choices() < MIN_CHOICES:
        raise fail(
            field,
            f"offers only {result.choices()} different numbers",
            f"widen the range or allow more decimals (at least {MIN_CHOICES} numbers)",
        )
    return result


# --------------------------------------------------------------------------- drawing
class Draws:
    """A reproducible stream of whole numbers from SHA-256(seed, student id, attempt, counter)."""

    def __init__(self, seed: int, student: str, attempt: int):
        self._prefix = f"nnderive-exercise\0{seed}\0{student}\0{attempt}\0".encode()
        self._counter = 0

    def _next(self) -> int:
        digest = hashlib.sha256(self._prefix + str(self._counter).encode()).digest()
        self._counter += 1
        return int.from_bytes(digest[:8], "big")

    def below(self, n: int) -> int:
        """Uniform in 0 … n − 1 (rejection sampling, so no value is favoured)."""
        limit = (1 << 64) - (1 << 64) % n
        while True:
            value = self._next()
            if value < limit:
                return value % n

    def number(self, numbers: NumberRange) -> Fraction:
        lo, hi = numbers.bounds()
        while True:
            k = lo + self.below(hi - lo + 1)
            if not (numbers.nonzero and k == 0):
                return Fraction(k, numbers.scale)


@dataclass(frozen=True)
class VariantNumbers:
    """One variant's numbers: per layer the weights (rows) and biases, and the samples."""

    weights: tuple[tuple[tuple[Fraction, ...], ...], ...]
    biases: tuple[tuple[Fraction, ...] | None, ...]
    samples: tuple[tuple[tuple[Fraction, ...], tuple[Fraction, ...]], ...]


def draw_numbers(network, template: ExerciseTemplate, draws: Draws) -> VariantNumbers:
    """New weights, biases, inputs and targets for the network's architecture."""
    weights, biases = [], []
    for layer in network.layers:
        weights.append(
            tuple(
                tuple(draws.number(template.weights) for _ in range(layer.fan_in))
                for _ in range(layer.units)
            )
        )
        biases.append(
            tuple(draws.number(template.biases) for _ in range(layer.units))
            if layer.has_bias
            else None
        )
    samples = []
    for _ in network.samples:
        x = tuple(draws.number(template.inputs) for _ in range(network.n_inputs))
        samples.append((x, _targets(network, template, draws)))
    return VariantNumbers(tuple(weights), tuple(biases), tuple(samples))


def _targets(network, template: ExerciseTemplate, draws: Draws) -> tuple[Fraction, ...]:
    n = network.n_outputs
    if network.loss.targets == "distribution":  # a one-hot target
        hot = draws.below(n)
        return tuple(Fraction(int(k == hot)) for k in range(n))
    return tuple(draws.number(template.targets) for _ in range(n))


def variant_data(spec_data: Mapping, numbers: VariantNumbers, template: ExerciseTemplate) -> dict:
    """The teacher's spec (parsed) with the variant's numbers in place of its own, and the
    template written out in full (so that the variant's spec says exactly what was asked)."""
    data = dict(spec_data)
    layers = []
    for raw, weights, biases in zip(spec_data["layers"], numbers.weights, numbers.biases):
        layer = dict(raw)
        layer["weights"] = [[_plain(v) for v in row] for row in weights]
        if biases is not None:
            layer["bias"] = [_plain(v) for v in biases]
        layers.append(layer)
    data["layers"] = layers
    samples = [
        {"x": [_plain(v) for v in x], "y": [_plain(v) for v in y]} for x, y in numbers.samples
    ]
    if "examples" in data:
        data["examples"] = samples
    else:
        data["example"] = samples[0]
    data["exercise"] = template.as_dict()
    return data


def candidate_variants(
    network, template: ExerciseTemplate, seed: int, student: str
) -> Iterator[tuple[int, VariantNumbers]]:
    """(attempt, numbers) for attempts 0, 1, 2, …: the caller keeps the first that suits it."""
    attempt = 0
    while True:
        yield attempt, draw_numbers(network, template, Draws(seed, student, attempt))
        attempt += 1
