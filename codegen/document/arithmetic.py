"""Where a document's numbers come from, and in which arithmetic, within a work budget.

The worked example (``symbolic.worked``) computes exactly while fractions stay small and with 60
significant digits after that; its cost grows with parameters × steps (the 784-256-10 network
needs about five seconds a step). So a document computes at most ``PRECISE_WORK_BUDGET``
parameter-steps that way; iterations or a plot that would need more are computed in float64 by
the generated trainer (``codegen.trainer.compile_trainer``), whose kernels are printed from the
same Derivation. The document names the arithmetic it used.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import mpmath

from symbolic.errors import NNDeriveError
from symbolic.numbers import WORKING_DIGITS, to_mpf
from symbolic.worked import SamplePass, WorkedExample

#: parameter-steps (one parameter through one training step) computed exactly / with 60 digits
PRECISE_WORK_BUDGET = 100_000

EXACT, PRECISE, FLOAT64 = "exact", "precise", "float64"
#: the samples of a step whose values a document writes out one by one (the rest enter the means)
MAX_DETAILED_SAMPLES = 3


def affordable(network, steps: int) -> bool:
    """Whether ``steps`` worked steps of ``network`` fit the budget of exact/60-digit work (one
    pass per sample and step: the mean error of a step looks at every sample)."""
    return network.count_parameters() * steps * len(network.samples) <= PRECISE_WORK_BUDGET


def arithmetic_of(steps) -> str:
    """EXACT when every number of these worked steps is an exact fraction, else PRECISE."""
    for step in steps:
        numbers = [step.error]
        for one in step.passes.values():  # one forward and backward pass per sample
            numbers += one.output_gradient
            numbers += [v for layer in one.a for v in layer]
            numbers += [v for layer in one.z if layer is not None for v in layer]
            numbers += [v for layer in one.deltas if layer is not None for v in layer]
        numbers += [v for layer in step.weights for row in layer for v in row]
        numbers += [v for layer in step.biases if layer is not None for v in layer]
        if not all(isinstance(v, Fraction) for v in numbers):
            return PRECISE
    return EXACT


@dataclass(frozen=True)
class ParameterChange:
    """One parameter in one step: its value before, ∂E/∂θ (the mean over the step's samples),
    its value after the update, and (sample, ∂E^{[n]}/∂θ) of the first samples of a step that
    uses several."""

    name: str
    before: object
    gradient: object
    after: object
    per_sample: tuple = ()


@dataclass(frozen=True)
class IterationValues:
    """The numbers a large document shows for one iteration: (sample, outputs) of the step's
    first samples, the error (the mean over the step's samples) and the parameter changes."""

    predictions: tuple[tuple[int, tuple], ...]
    error: object
    changes: tuple[ParameterChange, ...]
    #: every sample the step uses (0-based)
    samples: tuple[int, ...] = (0,)

    @property
    def prediction(self) -> tuple:
        """The outputs for the step's first sample (its only one, for one sample)."""
        return self.predictions[0][1]


def from_worked_steps(steps, parameters) -> list[IterationValues]:
    """IterationValues of worked steps (the last one's parameter changes are not asked for)."""
    out = []
    for n, step in enumerate(steps):
        detailed = step.samples[:MAX_DETAILED_SAMPLES]
        changes = ()
        if n < len(steps) - 1:
            changes = tuple(
                ParameterChange(
                    name,
                    step.value(name),
                    step.value("d" + name),
                    steps[n + 1].value(name),
                    tuple((k, step.value("d" + name, k)) for k in detailed)
                    if len(step.samples) > 1
                    else (),
                )
                for name in parameters
            )
        predictions = tuple((k, step.predictions[k]) for k in detailed)
        out.append(IterationValues(predictions, step.error, changes, step.samples))
    return out


def float64_run(network, trainer, count: int, detailed: int, parameters):
    """``count`` gradient-descent steps of the generated float64 ``trainer`` on the spec's samples
    (each step on all of them, or on one in turn for ``update: per_sample``, as the worked example).

    Returns the IterationValues of the first ``detailed`` steps (parameter changes for all but
    the last of them) and the mean error over all samples before every step.
    """
    import numpy as np

    params = trainer.init_params()
    x = np.array([[float(v) for v in sample.x] for sample in network.samples])
    y = np.array([[float(v) for v in sample.y] for sample in network.samples])
    every = list(range(len(x)))
    batches = [every] if network.update != "per_sample" else [[n] for n in every]
    rate = float(network.learning_rate)
    where = [_array_index(network, trainer, name) for name in parameters]
    iterations, errors = [], []
    for n in range(1, count + 1):
        batch = batches[(n - 1) % len(batches)]  # every sample, or one in turn (per_sample)
        if len(batch) < len(every):  # the mean over all samples, as a full batch would see it
            mean_error = trainer.loss(params, x, y)
        if n <= detailed:
            shown = batch[:MAX_DETAILED_SAMPLES]
            outputs = trainer.forward(params, x[shown])
            predictions = tuple((k, tuple(float(v) for v in row)) for k, row in zip(shown, outputs))
            before = [_initial(network, name) if n == 1 else None for name in parameters]
            before = [
                b if b is not None else float(params[a][index])
                for b, (a, index) in zip(before, where)
            ]
            gradients = trainer.gradients(params, x[batch], y[batch])
            each = []
            if len(batch) > 1:
                each = [(k, trainer.gradients(params, x[[k]], y[[k]])) for k in shown]
        try:
            batch_error = float(trainer.sgd_step(params, x[batch], y[batch], rate))
        except trainer.TrainingDiverged:
            if n <= detailed:
                raise NNDeriveError(
                    f"{network.name}: in float64 arithmetic the training diverges at iteration "
                    f"{n} (a NaN or infinite value); choose a smaller learning_rate or fewer "
                    "--steps"
                ) from None
            break
        errors.append(float(mean_error) if len(batch) < len(every) else batch_error)
        if n <= detailed:
            changes = ()
            if n < detailed:
                changes = tuple(
                    ParameterChange(
                        name,
                        b,
                        float(gradients[a][index]),
                        float(params[a][index]),
                        tuple((k, float(g[a][index])) for k, g in each),
                    )
                    for name, b, (a, index) in zip(parameters, before, where)
                )
            iterations.append(IterationValues(predictions, batch_error, changes, tuple(batch)))
    return iterations, errors


def mean(values):
    """The mean of exact or 60-digit values: exact when every value is a Fraction."""
    if all(isinstance(v, Fraction) for v in values):
        return sum(values, Fraction(0)) / len(values)
    with mpmath.workdps(WORKING_DIGITS):
        return mpmath.fsum(to_mpf(v) for v in values) / len(values)


def _array_index(network, trainer, name: str):
    """(position in the trainer's parameter tuple, index in that array) of a parameter."""
    q = network.names.quantity(name)
    if q.kind == "weight":
        return trainer.PARAM_NAMES.index(f"W{q.layer + 1}"), (q.row, q.col)
    return trainer.PARAM_NAMES.index(f"b{q.layer + 1}"), (q.row,)


def _initial(network, name: str) -> Fraction:
    """A parameter's initial value as the spec gives it (exact)."""
    return network.parameter(name).initial


class DocumentNumbers:
    """The worked steps a document shows and the errors it plots, each in the arithmetic the
    budget allows; the worked example is built once and shared."""

    def __init__(self, network):
        self.network = network
        self.example = WorkedExample(network)
        self._trainer = None

    @property
    def trainer(self):
        """The generated float64 trainer of the network (generated and compiled once)."""
        if self._trainer is None:
            from ..trainer import compile_trainer

            self._trainer = compile_trainer(self.network)
        return self._trainer

    def worked_steps(self, count: int):
        return self.example.steps(count)

    def mean_errors(self, count: int) -> tuple[list, str]:
        """The error E — the mean loss over all samples — at the parameters before iterations
        1…count, and the arithmetic that computed them. With ``update: per_sample`` a step
        computes one sample's loss; the other samples are passed through here."""
        if affordable(self.network, count):
            steps = self.example.steps(count)
            return [self.mean_error(step) for step in steps], arithmetic_of(steps)
        _, errors = float64_run(self.network, self.trainer, count, 0, [])
        return errors, FLOAT64

    def mean_error(self, step):
        """The mean loss over all samples at the parameters of ``step`` (before its update)."""
        if len(step.samples) == len(self.network.samples):
            return step.error
        losses = [
            step.passes[n].loss if n in step.passes else self.sample_pass(step, n).loss
            for n in range(len(self.network.samples))
        ]
        return mean(losses)

    def sample_pass(self, step, sample: int, after: bool = False) -> SamplePass:
        """One sample's forward and backward pass at the parameters of ``step`` (``after``: at
        those after its update)."""
        weights, biases = step.updated if after else (step.weights, step.biases)
        return SamplePass(self.network, weights, biases, self.network.samples[sample])

    def large_iterations(self, count: int, parameters) -> tuple[list[IterationValues], str]:
        """IterationValues of steps 1…count+1 (the last for its prediction and error only)."""
        if affordable(self.network, count + 1):
            steps = self.example.steps(count + 1)
            return from_worked_steps(steps, parameters), arithmetic_of(steps)
        iterations, _ = float64_run(self.network, self.trainer, count + 1, count + 1, parameters)
        return iterations, FLOAT64
