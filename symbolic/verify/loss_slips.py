"""Slips of the loss and the output layer, tried before the general ones (``slips``).

- **forgetting the mean**: with several samples and a full-batch step, E and ∂E/∂θ (no sample
  named) are the mean over the samples; the writer gave their sum;
- **log of the wrong output**: a cross-entropy loss of a sample with a one-hot target e_c
  written −log a_j for another output j;
- **softmax treated elementwise**: ∂a_i/∂z_j = 0 for i ≠ j, or the output δ_i (∂E/∂z_i) written
  (a_i − y_i)·a_i(1 − a_i) as if a softmax output were a sigmoid;
- **the loss's constant**: Σ(out − y)² without the ½ of ``half_sse``, a ½ added to ``sse``,
  the 1/n of ``mse`` forgotten, in E or an output's loss term.

Each slip is a formula (in unit form) whose value or proof is tested like any other candidate,
so it is named only when it reproduces what was written.
"""

from __future__ import annotations

import sympy as sp

from ..quantity import Quantity
from . import nodes as n
from .slips import Slip

#: kinds whose formula a loss's constant factor is named in (in a gradient a factor 2 is
#: named as the general "extra factor 2")
SCALED = frozenset({"error", "loss"})
#: kinds that are a mean over the samples when no sample is named
MEANS = frozenset({"error", "weight_gradient", "bias_gradient"})


def subject_kind(defs, node, symbol) -> str | None:
    """The kind of quantity a cell is about; ∂E/∂θ written as a derivative counts as a
    gradient, ∂E/∂z as a δ."""
    q = defs.quantity(symbol) if isinstance(symbol, sp.Symbol) else None
    derivative = _derivative(node)
    if derivative is not None:
        of, by = derivative
        if of is not None and of.kind in ("error", "loss"):
            return "weight_gradient" if by is not None and by.is_parameter else "delta"
    return q.kind if q is not None else None


def is_mean(claim, node, symbol) -> bool:
    """Whether the cell's true value is a mean over several samples (E, ∂E/∂θ, no sample)."""
    network = claim.file.network
    several = len(network.samples) > 1 and network.update == "full_batch"
    if not several or claim.sample is not None:
        return False
    return subject_kind(claim.file.definitions, node, symbol) in MEANS


def loss_slips(claim, node, symbol, expr) -> list[Slip]:
    """The loss slips that apply to a claim about ``node`` (one cell: ``symbol``, whose
    formula in unit form is ``expr``)."""
    defs = claim.file.definitions
    q = defs.quantity(symbol) if isinstance(symbol, sp.Symbol) else None
    derivative = _derivative(node)
    kind = subject_kind(defs, node, symbol)
    out: list[Slip] = []
    out += _softmax_slips(defs, q, derivative)
    if kind == "error" or (kind == "loss" and q is not None and q.row is None):
        out += _wrong_log(claim, defs)
    constants = _constant_slips(defs.network, expr) if kind in SCALED else []
    if is_mean(claim, node, symbol):
        count = len(defs.network.samples)
        detail = f"the sum over the {count} samples, not their mean"
        same = [c for c in constants if c.expr == expr * count]
        if same:  # Σ(out − y)² for ½·Σ over 2 samples: the same number, both named
            detail += f" (or {same[0].kind}: the same number with {count} samples)"
            constants = [c for c in constants if c not in same]
        out.append(Slip("forgetting the mean", detail, expr * count))
    out += constants
    return [s for s in out if s.expr is None or s.expr != expr]


def _derivative(node):
    """(what, by what) of a written ∂X/∂Y, as Quantities (None where not one)."""
    while isinstance(node, (n.Transpose, n.Negate)):
        node = node.operand
    if not isinstance(node, n.Derivative):
        return None
    of = node.of.reading.quantity if isinstance(node.of, n.Name) else None
    return of, node.by.quantity


def _softmax_slips(defs, q: Quantity | None, derivative) -> list[Slip]:
    model, network = defs.model, defs.network
    out = []
    if derivative is not None:
        of, by = derivative
        softmax_pair = (
            of is not None
            and by is not None
            and of.kind == "unit"
            and by.kind == "pre"
            and of.layer == by.layer
            and of.row is not None
            and by.row is not None
            and defs.is_layer_function_unit(of)
        )
        if softmax_pair and of.row != by.row:
            detail = "∂a_i/∂z_j taken as 0 for i ≠ j (a softmax unit depends on every z)"
            out.append(Slip("softmax treated elementwise", detail, sp.Integer(0)))
        by_z = by is not None and by.kind == "pre" and by.row is not None
        if of is not None and of.kind in ("error", "loss") and by_z:
            q = Quantity("delta", by.layer, by.row)
    if q is not None and q.kind == "delta" and q.row is not None and q.layer == len(network.layers):
        unit = Quantity.unit(q.layer, q.row)
        if defs.is_layer_function_unit(unit):
            a, y = model.outputs[q.row], model.targets[q.row]
            detail = "δ written (a − y)·a(1 − a), as if the softmax output were a sigmoid"
            out.append(Slip("softmax treated elementwise", detail, (a - y) * a * (1 - a)))
    return out


def _wrong_log(claim, defs) -> list[Slip]:
    """−log a_j for each output j other than the sample's one-hot class."""
    network = defs.network
    if network.loss.name != "cross_entropy":
        return []
    sample = claim.sample
    if sample is None:
        if len(network.samples) > 1:
            return []
        sample = 0
    if sample >= len(network.samples):
        return []
    target = network.samples[sample].y
    if sorted(target) != [0] * (len(target) - 1) + [1]:
        return []
    c = list(target).index(1)
    outputs = defs.model.outputs
    show = claim.file.slips.show
    return [
        Slip(
            "log of the wrong output",
            f"−log {show(outputs[j])} instead of −log {show(outputs[c])} (the target is output "
            f"{c + 1})",
            -sp.log(outputs[j]),
        )
        for j in range(len(outputs))
        if j != c
    ]


def _constant_slips(network, expr) -> list[Slip]:
    name, count = network.loss.name, network.n_outputs
    if name == "half_sse":
        return [Slip("loss without its ½", "Σ(out − y)² used, not ½·Σ(out − y)²", expr * 2)]
    if name == "sse":
        return [Slip("loss with a ½", "½·Σ(out − y)² used, not Σ(out − y)²", expr / 2)]
    if name == "mse" and count > 1:
        detail = f"the sum over the {count} outputs, not their mean (1/{count} forgotten)"
        return [Slip("mse without 1/n", detail, expr * count)]
    return []
