"""Numerically stable forms for the kernels, rewritten by SymPy and checked before use.

A kernel must not overflow where the mathematics is finite: e^{z} of a logit of 1000 is inf in
floating point, and log(a) of an output that rounded to 0 is −inf. Two functions stand for what
needs care, and the Numba printer prints each in its stable form:

* ``LogSumExp(z_1, …, z_n)`` = log Σ_k e^{z_k}, printed as m + log Σ_k e^{z_k − m} with
  m = max_k z_k (no term exceeds 1, one term is 1, so no overflow and no log of 0);
* ``Softplus(u)`` = log(1 + e^{u}), printed as max(u, 0) + log1p(e^{−|u|}).

``softmax_entry`` writes a softmax unit as e^{z_i − LogSumExp(z)}, and ``output_term_in_pre`` writes
a loss with logarithms (the cross-entropies) in the output layer's weighted inputs z instead of its
outputs a: SymPy substitutes a = f(z), expands the logarithms (under its own positivity
assumptions, no ``force``) and the two functions replace log Σ e^{z} and log(1 + e^{u}). Each
rewrite is checked against the original expression at several points in 50-digit arithmetic.
"""

from __future__ import annotations

import random

import sympy as sp

#: the rewrites are checked at this many points, to this many digits
CHECK_POINTS, CHECK_DIGITS = 4, 50


class LogSumExp(sp.Function):
    """log Σ_k e^{z_k} (the Numba printer prints it shifted by the largest z_k)."""

    is_real = True

    def _eval_rewrite_as_log(self, *args, **kwargs):
        return sp.log(sp.Add(*[sp.exp(z) for z in args]))


class Softplus(sp.Function):
    """log(1 + e^{u}) (the Numba printer prints max(u, 0) + log1p(e^{−|u|}))."""

    nargs = 1
    is_real = True

    def _eval_rewrite_as_log(self, u, **kwargs):
        return sp.log(1 + sp.exp(u))


def _stable_logs(expr: sp.Expr) -> sp.Expr:
    """log(e^{u} + 1) → Softplus(u), log(e^{z_1} + … + e^{z_n}) → LogSumExp(z_1, …, z_n)."""

    def rewrite(arg):
        terms = sp.Add.make_args(arg)
        if all(isinstance(t, sp.exp) for t in terms) and len(terms) > 1:
            return LogSumExp(*[t.args[0] for t in terms])
        if len(terms) == 2 and sp.Integer(1) in terms:
            (other,) = [t for t in terms if t != 1]
            if isinstance(other, sp.exp):
                return Softplus(other.args[0])
        return sp.log(arg)

    return expr.replace(sp.log, rewrite)


def _expand_logs(expr: sp.Expr) -> sp.Expr:
    """Every log(x) as a sum of logs of simpler factors: x brought over a common denominator
    and factored first, then SymPy's expand_log, which splits only what it knows is positive."""
    return expr.replace(sp.log, lambda arg: sp.expand_log(sp.log(sp.factor(sp.together(arg)))))


def check_same(original: sp.Expr, rewritten: sp.Expr, symbols, what: str) -> None:
    """Raises AssertionError unless the two agree at CHECK_POINTS points (to CHECK_DIGITS)."""
    rng = random.Random(0)
    back = rewritten.rewrite(sp.log)
    for _ in range(CHECK_POINTS):
        point = {s: sp.Rational(rng.randint(-3000, 3000), 1000) for s in symbols}
        left = original.xreplace(point).evalf(CHECK_DIGITS)
        right = back.xreplace(point).evalf(CHECK_DIGITS)
        if abs(left - right) > sp.Float(10) ** (10 - CHECK_DIGITS) * (1 + abs(left)):
            raise AssertionError(f"{what}: the stable form differs at {point}: {left} ≠ {right}")


def softmax_entry(zs, i: int) -> sp.Expr:
    """Unit i of a softmax layer, e^{z_i} / Σ_k e^{z_k}, as e^{z_i − LogSumExp(z)}."""
    return sp.exp(zs[i] - LogSumExp(*zs))


def check_softmax(activation, zs) -> None:
    """The stable softmax agrees with the layer function's own definition."""
    for i, unit in enumerate(activation.apply_layer(zs)):
        check_same(unit, softmax_entry(zs, i), zs, f"softmax unit {i + 1}")


def output_term_in_pre(loss, activation, zs, ys, k: int) -> sp.Expr | None:
    """Output k's term of one sample's loss in the output layer's z, with stable logarithms; None
    when the term has no logarithm (then it is evaluated from the outputs as the derivation
    writes it).

    ``activation`` is the output layer's (an elementwise Activation or the softmax LayerFunction);
    E = Σ_k term_k by the definition of a Loss.
    """
    outputs = (
        activation.apply_layer(list(zs))
        if activation.is_layer_function
        else [activation.apply(z) for z in zs]
    )
    original = loss.output_term(outputs, ys, k)
    if not original.has(sp.log):
        return None
    rewritten = _stable_logs(sp.expand(_expand_logs(original)))
    if any(isinstance(node, sp.log) for node in sp.preorder_traversal(rewritten)):
        return None  # a logarithm with no stable form: keep the derivation's form
    check_same(original, rewritten, [*zs, *ys], f"output {k + 1}'s term of the loss {loss.name}")
    return rewritten
