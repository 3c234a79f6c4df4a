"""What a document adds for several samples: the samples listed, E as the mean of their errors,
the gradient as the mean of theirs, and worked iterations sample by sample.

Sample n is marked with a superscript in square brackets (x^{[2]}, E^{[2]}), since round ones
mark layers. A full-batch step (``update: full_batch``) passes every sample forward and back and
averages; with ``update: per_sample`` step t uses one sample alone. The first
``MAX_DETAILED_SAMPLES`` samples of a step are written out; the rest enter the means.
"""

from __future__ import annotations

import sympy as sp

from .arithmetic import MAX_DETAILED_SAMPLES
from .equations import equation, inline
from .iterations import pass_groups, update_value_equations
from .marks import MeanOfTerms, OfSample, SampleAverage, Updated, mean_of
from .sections import Group, Iteration
from .values import shown, shown_given, shown_matrix

#: samples listed one by one in the description of the network
MAX_LISTED_SAMPLES = 6

Matrix = sp.ImmutableMatrix


class SampleStep:
    """One sample's view of a worked step, read as a one-sample step is (``a``, ``z``,
    ``deltas``, ``error``, ``value``) by the formulas of a small network (forms.py)."""

    def __init__(self, step, sample: int):
        self.step = step
        self.sample = sample
        self.one = step.passes[sample]
        self.a, self.z, self.deltas = self.one.a, self.one.z, self.one.deltas
        self.error = self.one.loss
        self.updated = step.updated

    def value(self, q):
        return self.step.value(q, sample=self.sample)

    @property
    def prediction(self) -> tuple:
        return tuple(self.one.a[-1])


# ------------------------------------------------------------------------------ the network
def sample_paragraphs(ctx, vector) -> list[str]:
    """The samples (x^{[n]} = …, y^{[n]} = …) and how a step uses them; ``vector(symbols,
    values)`` prints one given vector."""
    network, model, words = ctx.network, ctx.model, ctx.words
    inputs = Matrix([[model.input(j) for j in range(network.n_inputs)]])
    targets = Matrix([list(model.targets)])
    paragraphs = []
    for n, sample in enumerate(network.samples[:MAX_LISTED_SAMPLES], start=1):
        paragraphs.append(
            words["sample_listed"].format(
                n=n,
                x=vector(OfSample(inputs, n), sample.x),
                y=vector(OfSample(targets, n), sample.y),
            )
        )
    rest = len(network.samples) - MAX_LISTED_SAMPLES
    if rest > 0:
        paragraphs.append(words["samples_more"].format(rest=rest))
    if network.update == "per_sample":
        paragraphs.append(words["update_per_sample"].format(again=len(network.samples) + 1))
    else:
        paragraphs.append(words["update_full_batch"])
    return paragraphs


def sample_vectors(ctx, sample: int, vector) -> tuple[str, str]:
    """(x^{[n]} = …, y^{[n]} = …) of one sample, for a sentence."""
    network, model = ctx.network, ctx.model
    inputs = Matrix([[model.input(j) for j in range(network.n_inputs)]])
    targets = Matrix([list(model.targets)])
    given = network.samples[sample]
    return (
        vector(OfSample(inputs, sample + 1), given.x),
        vector(OfSample(targets, sample + 1), given.y),
    )


# ------------------------------------------------------------------------------ the error
def mean_error_equation(ctx, value, losses=None):
    """E = (1/N)(E^{[1]} + … + E^{[N]}) ≈ (1/N)(every sample's loss, when ``losses`` gives them
    and they are few) ≈ value."""
    count, error, digits = len(ctx.network.samples), ctx.model.error, ctx.digits
    terms = [OfSample(error, n) for n in range(1, count + 1)]
    rows = [mean_of(terms, MAX_DETAILED_SAMPLES + 1)]
    if losses is not None and len(losses) <= MAX_DETAILED_SAMPLES:
        rows.append(MeanOfTerms(count, *(shown(loss, digits) for loss in losses)))
    return equation(error, [*rows, shown(value, digits)], ctx.names)


def gradient_mean_group(ctx, with_delta: bool = True) -> Group:
    """∂E/∂θ = (1/N) Σ_n ∂E^{[n]}/∂θ (full batch), or θ' = θ − η ∂E^{[n]}/∂θ (per sample);
    ``with_delta``: whether the derivation below uses δ (besides the units and Δ)."""
    words, names, model = ctx.words, ctx.names, ctx.model
    theta = sp.Symbol("theta", real=True)
    one = sp.Derivative(ctx.sample_error, theta, evaluate=False)
    symbol = inline(ctx.sample_error, names)
    items = [words["values_units"]]
    items += ["$\\Delta$"] if ctx.network.loss.residual else []
    items += ["$\\delta$"] if with_delta else []
    values = words["list_last"].join(
        [words["list_separator"].join(items[:-1]), items[-1]] if len(items) > 1 else items
    )
    if ctx.network.update == "per_sample":
        updated = Updated(theta)
        step = sp.Mul(-1, model.rate, one, evaluate=False)
        rule = equation(updated, sp.Add(theta, step, evaluate=False), names)
        return Group(words["backprop_per_sample"].format(symbol=symbol, values=values), (rule,))
    mean = SampleAverage(one, len(ctx.network.samples))
    rule = equation(sp.Derivative(model.error, theta, evaluate=False), mean, names)
    text = words["backprop_samples"].format(
        symbol=symbol, error=inline(model.error, names), values=values
    )
    return Group(text, (rule,))


# ------------------------------------------------------------------------------ iterations
def several_sample_iterations(ctx, forms, steps, with_delta: bool, vector) -> tuple[Iteration, ...]:
    """Iterations 1…ctx.steps of a small network with several samples."""
    items = []
    for n in range(1, ctx.steps + 1):
        step, following = steps[n - 1], steps[n]
        if ctx.network.update == "per_sample":
            groups, sentence = _one_sample_iteration(
                ctx, forms, step, following, with_delta, vector
            )
        else:
            groups, sentence = _full_batch_iteration(
                ctx, forms, step, following, with_delta, vector
            )
        items.append(Iteration(ctx.words["iteration"].format(n=n), tuple(groups), sentence))
    return tuple(items)


def _one_sample_iteration(ctx, forms, step, following, with_delta, vector):
    """A per-sample step: the sample it uses, its passes and the update with its gradient."""
    words, digits = ctx.words, ctx.digits
    (sample,) = step.samples
    x, y = sample_vectors(ctx, sample, vector)
    view = SampleStep(step, sample)
    groups = [Group(words["iteration_uses_sample"].format(n=sample + 1, x=x, y=y))]
    error = OfSample(ctx.model.error, sample + 1)
    groups += pass_groups(forms, view, digits, words, with_delta, error)
    groups.append(
        Group(words["iteration_update"], tuple(update_value_equations(forms, step, digits)))
    )
    after = ctx.numbers.sample_pass(step, sample, after=True)
    names = ctx.names
    sentence = words["moved_sample"].format(
        n=sample + 1,
        new=_outputs(after.a[-1], digits, names),
        old=_outputs(view.prediction, digits, names),
        target=_outputs(ctx.network.samples[sample].y, digits, names, given=True),
        count=len(ctx.network.samples),
        **_error_change(ctx, ctx.numbers.mean_error(step), ctx.numbers.mean_error(following)),
    )
    return groups, sentence


def _full_batch_iteration(ctx, forms, step, following, with_delta, vector):
    """A full-batch step: every detailed sample's passes and gradients, then the means and the
    update with the mean gradient."""
    words, digits = ctx.words, ctx.digits
    detailed = step.samples[:MAX_DETAILED_SAMPLES]
    groups = []
    for sample in detailed:
        x, y = sample_vectors(ctx, sample, vector)
        view = SampleStep(step, sample)
        groups.append(Group(words["iteration_sample"].format(n=sample + 1, x=x, y=y)))
        error = OfSample(ctx.model.error, sample + 1)
        groups += pass_groups(forms, view, digits, words, with_delta, error)
        groups.append(
            Group(words["iteration_gradients"], tuple(_sample_gradients(forms, view, digits)))
        )
    groups += elided_samples(ctx)
    means, mean_gradients = _mean_equations(ctx, forms, step)
    groups.append(Group(words["iteration_means"].format(count=len(step.samples)), tuple(means)))
    updates = update_value_equations(forms, step, digits, mean_gradients)
    groups.append(Group(words["iteration_update"], tuple(updates)))
    sentence = words["moved_mean"].format(
        count=len(step.samples), **_error_change(ctx, step.error, following.error)
    )
    return groups, sentence


def elided_samples(ctx) -> list[Group]:
    """The sentence on the samples not written out (none when every sample is)."""
    count = len(ctx.network.samples)
    if count <= MAX_DETAILED_SAMPLES:
        return []
    key = "sample_elided" if count == MAX_DETAILED_SAMPLES + 1 else "samples_elided"
    return [Group(ctx.words[key].format(first=MAX_DETAILED_SAMPLES + 1, last=count))]


def _error_change(ctx, before, after) -> dict:
    """old_error, new_error and the verb between them (falls / goes)."""
    words, names, digits = ctx.words, ctx.names, ctx.digits
    return {
        "old_error": inline(shown(before, digits), names),
        "new_error": inline(shown(after, digits), names),
        "verb": words["verb_down"] if after < before else words["verb_up"],
    }


def _outputs(values, digits: int, names, given: bool = False) -> str:
    show = shown_given if given else shown
    if len(values) == 1:
        return inline(show(values[0], digits), names)
    return inline(Matrix([[show(v, digits) for v in values]]), names)


def _trainable(layer, part: str) -> bool:
    return part not in layer.freeze


def _gradient_lhs(forms, k: int, error, bias: bool):
    """∂E/∂w arranged as the update shows W (or ∂E/∂b), for ``error`` (E or E^{[n]})."""
    rule = forms.derivation.layer_rule(k)
    if bias:
        entries = Matrix(rule.bias.T) if forms.rows else Matrix(rule.bias)
    else:
        entries = forms.arranged(k, rule.weights)
    return entries.applyfunc(lambda p: sp.Derivative(error, p, evaluate=False))


def _gradient_values(forms, step, k: int, bias: bool, sample=None) -> list:
    """Rows of ∂E/∂w (or ∂E/∂b) values arranged as the update shows W: one sample's, or the
    mean over the step's samples."""
    layer = forms.network.layers[k]
    if bias:
        values = [step.gradient("bias", k, i, None, sample=sample) for i in range(layer.units)]
        return [values] if forms.rows else [[v] for v in values]
    rows = [
        [step.gradient("weight", k, i, j, sample=sample) for j in range(layer.fan_in)]
        for i in range(layer.units)
    ]
    return [list(column) for column in zip(*rows)] if forms.rows else rows


def _sample_gradients(forms, view: SampleStep, digits: int) -> list:
    """∂E^{[n]}/∂W = δ aᵀ with the sample's numbers ≈ the matrix, output layer first."""
    error = OfSample(forms.model.error, view.sample + 1)
    out = []
    for k in range(len(forms.network.layers) - 1, -1, -1):
        layer = forms.network.layers[k]
        if _trainable(layer, "weights"):
            product = sp.MatMul(*forms.weight_gradient_factors(view, k, digits), evaluate=False)
            values = shown_matrix(_gradient_values(forms, view.step, k, False, view.sample), digits)
            out.append(
                equation(_gradient_lhs(forms, k, error, False), [product, values], forms.names)
            )
        if layer.has_bias and _trainable(layer, "bias"):
            delta = forms.bias_gradient_factor(view, k, digits)
            out.append(equation(_gradient_lhs(forms, k, error, True), delta, forms.names))
    return out


def _mean_equations(ctx, forms, step):
    """E = (1/N)(E^{[1]} + …) and ∂E/∂W = (1/N)(∂E^{[1]}/∂W + …) with numbers; and the mean
    gradients per layer, shown, for the update."""
    digits, names, model = ctx.digits, ctx.names, ctx.model
    samples = step.samples
    complete = len(samples) <= MAX_DETAILED_SAMPLES  # every term can be written with numbers
    losses = [shown(step.passes[n].loss, digits) for n in samples]
    symbols = [OfSample(model.error, n + 1) for n in samples]
    rows = [mean_of(symbols, MAX_DETAILED_SAMPLES + 1)]
    if complete:
        rows.append(MeanOfTerms(len(samples), *losses))
    out = [equation(model.error, [*rows, shown(step.error, digits)], names)]
    means = {}
    for k in range(len(forms.network.layers) - 1, -1, -1):
        layer, shown_means = forms.network.layers[k], [None, None]
        for index, bias in ((0, False), (1, True)):
            trainable = _trainable(layer, "bias" if bias else "weights")
            if not trainable or (bias and not layer.has_bias):
                continue
            mean = shown_matrix(_gradient_values(forms, step, k, bias), digits)
            shown_means[index] = mean
            rows = []
            if complete:
                each = [
                    shown_matrix(_gradient_values(forms, step, k, bias, n), digits) for n in samples
                ]
                rows.append(MeanOfTerms(len(samples), *each))
            out.append(equation(_gradient_lhs(forms, k, model.error, bias), [*rows, mean], names))
        means[k] = tuple(shown_means)
    return out, means
