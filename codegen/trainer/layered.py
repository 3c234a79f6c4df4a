"""The `layered` strategy: ``Derivation.matrix_rules`` printed as per-layer BLAS and loops.

Every line of the kernels comes from the layer rules of ``symbolic.layers`` — z = W a + b,
a = f(z), the output δ (c·Δ ∘ f'(z), J(a)(c·Δ) or a − y, as the derivation proved it), the δ
recursion, ∂E/∂W = δ aᵀ (the mean over a batch's samples) and W − η ∂E/∂W — printed by
``MatrixPrinter`` twice: in the batch layout (rows are samples, gemm) for mini-batches and in the
vector layout (gemv and a rank-1 update) for one sample per step. A network whose products are
large enough (``PARTED_WORK``) gets its batch kernels parted too: each layer's units in ``PARTS``
fixed parts that Numba threads run side by side (see ``PartedPlan``). The loss, which the rules do
not contain, is one output's term of the spec's loss; for the cross-entropies it is rewritten in
the output layer's z with stable logarithms (``stable.output_term_in_pre``). Nothing per
parameter is built, so generating a 784-256-10 trainer costs about the same as a 2-2-1 one.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symbolic.derivation import Derivation
from symbolic.layers import LayerRules, LayerSymbol, SampleMean
from symbolic.printing import text
from symbolic.quantity import Quantity

from .layout import ROWS, array_name
from .matrix_printer import MatrixPrinter
from .printer import UnsupportedExpression
from .stable import LogSumExp, check_softmax, output_term_in_pre

#: generic symbols of one output's loss term: output, target, weighted input, log Σ e^{z}
O_VAR, T_VAR, Z_VAR, LSE_VAR = "o", "t", "z", "lse"
#: the count of the SampleMean a batch's gradient is wrapped in (any count above 1)
BATCH_MARK = 2
#: the parts of every layer in a parted batch kernel: fixed, so the results are the same
#: whether one thread runs the parts in turn or several run them at once
PARTS = 2
#: a network's batch kernels are parted when one sample's products take at least this many
#: multiply-adds (Σ over layers of units × fan-in): below it a step is too short for the
#: threads' start and join to pay (784-256-10: 203,264; digits' 64-32-10: 2,368)
PARTED_WORK = 32_768


@dataclass(frozen=True)
class LayerCode:
    """One weight layer (W_l, b_l; 1-based ``number``) and its printed backward statements."""

    number: int
    units: int
    fan_in: int
    identity: bool
    has_bias: bool
    weights_trainable: bool
    bias_trainable: bool
    arrays: str  # "Z1, A1" (batch), "A1" for a linear layer
    gradient: str  # batch: Σ over rows of ∂E/∂W_l, ∂E/∂b_l into GW_l, Gb_l (trainable only)
    delta_below: str  # batch: δ of the unit layer below (empty for the first layer)
    vector_delta_below: str  # the same for one sample


@dataclass(frozen=True)
class LayoutCode:
    """The statements of one layout that are not per layer."""

    forward: str
    output_delta: str  # δ of the output layer (into D_L / d_L)
    loss: str  # adds the loss of every row to ``e_sum`` / ``e_sample``
    update: str  # θ ← θ − η ∂E/∂θ for every trainable array


@dataclass(frozen=True)
class PartSection:
    """A rule's statements for the units lo..hi of a layer ``units`` wide (one part)."""

    units: int
    code: str


@dataclass(frozen=True)
class BackwardPhase:
    """One backward phase: δ of the layer below (all of δ above it is known) and that layer's
    gradients from the part's own units of it; the first phase also the output layer's."""

    above: tuple[PartSection, ...]  # ∂E/∂W_L, ∂E/∂b_L (the first phase only, when they train)
    delta: PartSection  # δ of the layer below, part by part
    delta_array: str  # its batch array (each part sums its own entries, for the check)
    below: tuple[PartSection, ...]  # that layer's ∂E/∂W, ∂E/∂b (when they train)


@dataclass(frozen=True)
class PartedPlan:
    """The printed rules of ``_train_batches``'s parted step, phase by phase; the template lays
    the phases out (one ``numba.prange`` loop inside a loop over the phases, since every prange
    loop of a parallel function costs its own compile time).

    Phases: the batch's rows copied from X and Y; z and a of each hidden layer; the backward
    phases, top first; the update of every layer's rows. The output layer's z and a (``last``)
    are computed whole after the last hidden layer, with its δ and loss: its softmax and loss
    need every unit of a row. The check for a NaN or infinite loss or δ comes before the update.
    """

    parts: int
    allocate: str  # every batch array of the step
    hidden: tuple[PartSection, ...]  # z and a, one hidden layer per phase
    last: str  # the output layer's z and a, every unit
    backward: tuple[BackwardPhase, ...]
    update: tuple[PartSection, ...]


@dataclass(frozen=True)
class RuleDocs:
    """The rules as NumPy expressions over the batch arrays, for the module's docstrings."""

    forward: tuple[str, ...]
    output: tuple[str, ...]  # Δ and the output layer's δ
    backward: tuple[str, ...]  # δ recursion and the (mean) gradients, top layer first
    update: tuple[str, ...]


@dataclass(frozen=True)
class LayeredPlan:
    layers: tuple[LayerCode, ...]
    batch: LayoutCode
    vector: LayoutCode
    docs: RuleDocs
    loss_text: str  # one output's term of the loss, as the kernels evaluate it
    loss_variables: frozenset[str]  # the names in it (O_VAR, T_VAR, Z_VAR, LSE_VAR)
    imports: tuple[str, ...]
    parted: PartedPlan | None  # None: the batch kernels run on one thread


def _join(lines: list[str]) -> str:
    return "\n".join(lines)


def _loss_term(derivation: Derivation):
    """(term, symbols, lse) for MatrixPrinter.loss_statements: one output's share of the loss."""
    network, model = derivation.network, derivation.model
    depth, last = len(network.layers), network.layers[-1]
    o, t, z, lse = (sp.Symbol(name, real=True) for name in (O_VAR, T_VAR, Z_VAR, LSE_VAR))
    outputs = LayerSymbol.of(network, Quantity.unit(depth))
    targets = LayerSymbol.of(network, Quantity.target())
    term = None
    if model.has_pre(depth):
        zs = [model.pre(depth, k) for k in range(network.n_outputs)]
        stable = output_term_in_pre(network.loss, last.activation, zs, list(model.targets), 0)
        if stable is not None:
            pre = LayerSymbol.of(network, Quantity.pre(depth))
            term = stable.replace(LogSumExp, lambda *args: lse)
            term = term.xreplace({zs[0]: z, model.targets[0]: t})
            symbols = {z: pre, t: targets}
            row = (lse, pre) if lse in term.free_symbols else None
    if term is None:
        term = network.loss.output_term(model.outputs, model.targets, 0)
        term = term.xreplace({model.outputs[0]: o, model.targets[0]: t})
        symbols, row = {o: outputs, t: targets}, None
    extra = term.free_symbols - {o, t, z, lse}
    if extra:
        raise UnsupportedExpression(
            f"the layered strategy needs a loss that is a sum of one term per output; output 1's "
            f"term also uses {', '.join(sorted(s.name for s in extra))} (use --strategy unrolled)"
        )
    return term, symbols, row


def _per_sample(rule):
    """A gradient rule's per-sample matrix (δ aᵀ or δ), without the mean over samples."""
    return rule.rhs.argument if isinstance(rule.rhs, SampleMean) else rule.rhs


def _batch_gradient(rule):
    """∂E/∂θ of a batch: the mean over its samples, whatever the spec's number of samples (the
    batch printer averages over the batch's rows; SampleMean's count only says "several")."""
    return type(rule)(rule.lhs, SampleMean(_per_sample(rule), BATCH_MARK))


def _trainable_gradients(r: LayerRules) -> list:
    """A layer's gradient rules for the arrays that train (a frozen array has no update)."""
    return [
        gradient
        for gradient, update in (
            (r.weight_gradient, r.weight_update),
            (r.bias_gradient, r.bias_update),
        )
        if gradient is not None and update is not None
    ]


def _updates(rules: list[LayerRules]):
    return [u for r in rules for u in (r.weight_update, r.bias_update) if u is not None]


def _printers(network, rules: list[LayerRules], dtype: str):
    last = rules[-1]
    residual = {last.residual.lhs: last.residual.rhs} if last.residual else {}
    gradients = {}
    for r in rules:
        for rule in (r.weight_gradient, r.bias_gradient):
            if rule is not None:
                gradients[rule.lhs] = _per_sample(rule)
    batch_arrays = {array_name(g, "batch") for g in gradients} | {array_name(last.delta, "batch")}
    vector_arrays = set()
    for r in rules:
        for symbol in (r.pre, r.outputs, r.delta):
            vector_arrays.add(array_name(symbol, "vector"))
    common = {"network": network, "dtype": dtype}
    batch = MatrixPrinter(
        {**common, "layout": "batch", "inline": residual, "preallocated": frozenset(batch_arrays)}
    )
    vector = MatrixPrinter(
        {
            **common,
            "layout": "vector",
            "inline": {**residual, **gradients},
            "preallocated": frozenset(vector_arrays),
        }
    )
    return batch, vector


def build_layered(derivation: Derivation, dtype: str) -> LayeredPlan:
    """Every statement of the layered kernels, printed from the derivation's matrix rules."""
    network = derivation.network
    rules = derivation.matrix_rules
    if network.layers[-1].activation.is_layer_function:
        model = derivation.model
        check_softmax(
            network.layers[-1].activation,
            [model.pre(len(rules), k) for k in range(network.n_outputs)],
        )
    batch, vector = _printers(network, rules, dtype)
    forward = [rule for r in rules for rule in (r.forward, r.activation) if rule is not None]
    last = rules[-1]
    layers = []
    for r in rules:
        layer = network.layers[r.layer]
        trainable = _trainable_gradients(r)
        below = rules[r.layer - 1].delta_rule if r.layer > 0 else None
        layers.append(
            LayerCode(
                number=r.layer + 1,
                units=layer.units,
                fan_in=layer.fan_in,
                identity=layer.activation.is_identity,
                has_bias=layer.has_bias,
                weights_trainable=r.weight_update is not None,
                bias_trainable=r.bias_update is not None,
                arrays=", ".join(_unit_arrays(r)),
                gradient=_join(batch.statements([_batch_gradient(g) for g in trainable])),
                delta_below=_join(batch.statements([below])) if below else "",
                vector_delta_below=_join(vector.statements([below])) if below else "",
            )
        )
    # after the gradients: the batch printer reads a gradient as it stored it (a sum over rows)
    term, symbols, row = _loss_term(derivation)
    batch_code, vector_code = (
        LayoutCode(
            forward=_join(printer.statements(forward)),
            output_delta=_join(printer.statements([last.delta_rule])),
            loss=_join(printer.loss_statements(term, symbols, accumulator, row)),
            update=_join(printer.statements(_updates(rules))),
        )
        for printer, accumulator in ((batch, "e_sum"), (vector, "e_sample"))
    )
    try:
        parted = _parted(network, rules, dtype)
    except UnsupportedExpression:  # a rule the parted printer cannot split: the one-thread step
        parted = None
    parted_imports = {"llvmlite.binding", "numba.extending"} if parted else set()
    return LayeredPlan(
        parted=parted,
        layers=tuple(layers),
        batch=batch_code,
        vector=vector_code,
        docs=_docs(batch, rules),
        loss_text=text(term),
        loss_variables=frozenset(symbol.name for symbol in term.free_symbols),
        imports=tuple(sorted(set(batch.imports) | set(vector.imports) | parted_imports)),
    )


def _parted(network, rules: list[LayerRules], dtype: str) -> PartedPlan | None:
    """The parted training step, or None for a network too small for threads to pay."""
    work = sum(layer.units * layer.fan_in for layer in network.layers)
    if work < PARTED_WORK or len(rules) < 2:
        return None
    symbols = {}
    for r in rules:
        for symbol in (r.pre, r.outputs, r.delta):
            symbols.setdefault(array_name(symbol, "batch"), symbol)
    arrays = frozenset(symbols) | {
        array_name(rule.lhs, "batch")
        for r in rules
        for rule in (r.weight_gradient, r.bias_gradient)
        if rule is not None
    }
    common = {"network": network, "dtype": dtype, "layout": "batch", "preallocated": arrays}
    parted = MatrixPrinter({**common, "parted": True, "inline": {}})
    whole = MatrixPrinter({**common, "inline": {}})  # the output layer, every unit at once

    def section(r: LayerRules, statements) -> PartSection:
        return PartSection(network.layers[r.layer].units, _join(parted.statements(statements)))

    # a weight update that is one product into W (its gradient then goes straight into it)
    fused = {
        r.layer: parted.fused_update(r.weight_update, _batch_gradient(r.weight_gradient))
        for r in rules
        if r.weight_update is not None and r.weight_gradient is not None
    }

    def gradients(r: LayerRules) -> tuple[PartSection, ...]:
        trainable = [_batch_gradient(g) for g in _trainable_gradients(r)]
        if fused.get(r.layer) is not None:
            trainable = [g for g in trainable if g.lhs != r.weight_gradient.lhs]
        return (section(r, trainable),) if trainable else ()

    def updates(r: LayerRules) -> PartSection:
        lines = fused.get(r.layer)
        if lines is None:
            return section(r, _updates([r]))
        bias = _join(parted.statements([r.bias_update])) if r.bias_update is not None else ""
        return PartSection(network.layers[r.layer].units, _join([*lines, bias] if bias else lines))

    def forward(r: LayerRules) -> list:
        return [x for x in (r.forward, r.activation) if x is not None]

    last = rules[-1]
    hidden = tuple(section(r, forward(r)) for r in rules[:-1])
    last_forward = _join(whole.statements(forward(last)))
    backward = []
    for r in reversed(rules[1:]):
        below = rules[r.layer - 1]
        backward.append(
            BackwardPhase(
                above=gradients(r) if r is last else (),
                delta=section(below, [below.delta_rule]),
                delta_array=array_name(below.delta, "batch"),
                below=gradients(below),
            )
        )
    update = tuple(
        updates(r) for r in rules if r.weight_update is not None or r.bias_update is not None
    )
    allocate = [
        f"{name} = np.empty(({ROWS}, {symbol.shape[0]}), dtype=DTYPE)"
        for name, symbol in symbols.items()
    ]
    return PartedPlan(PARTS, _join(allocate), hidden, last_forward, tuple(backward), update)


def _unit_arrays(r: LayerRules) -> list[str]:
    """The batch arrays of a layer's z and a (one array for a linear layer)."""
    return list(dict.fromkeys(array_name(s, "batch") for s in (r.pre, r.outputs)))


def _docs(printer: MatrixPrinter, rules: list[LayerRules]) -> RuleDocs:
    """The rules as NumPy expressions over the batch arrays (rows are samples)."""
    last = rules[-1]
    backward = []
    for r in reversed(rules):
        if r is not last:
            backward.append(r.delta_rule)
        backward += [
            _batch_gradient(g) for g in (r.weight_gradient, r.bias_gradient) if g is not None
        ]
    forward = [rule for r in rules for rule in (r.forward, r.activation) if rule is not None]
    output = [rule for rule in (last.residual, last.delta_rule) if rule is not None]
    return RuleDocs(
        forward=tuple(printer.describe(rule) for rule in forward),
        output=tuple(printer.describe(rule) for rule in output),
        backward=tuple(printer.describe(rule) for rule in backward),
        update=tuple(printer.describe(rule) for rule in _updates(rules)),
    )
