"""From our syntax tree to SymPy: scalars and explicit matrices, built node by node.

Only whitelisted operations exist here; activation functions come from the registry in
``symbolic.activations`` so that σ, tanh and ReLU mean exactly what the network means by them.
A 1×1 matrix acts as a number wherever shapes would otherwise not fit ([out] = 0.191).
"""

from __future__ import annotations

import sympy as sp

from ..activations import BUILTIN, Z
from . import nodes as n
from .errors import ClaimShapeError


def _sigmoid(x):
    return BUILTIN["sigmoid"].apply(x)


def _activation_prime(name):
    activation = BUILTIN[name]
    return lambda x: activation.derivative.xreplace({Z: x})


FUNCTIONS = {
    "exp": sp.exp,
    "log": sp.log,
    "sqrt": sp.sqrt,
    "abs": sp.Abs,
    "tanh": lambda x: BUILTIN["tanh"].apply(x),
    "sigmoid": _sigmoid,
    "relu": lambda x: BUILTIN["relu"].apply(x),
    "sigmoid_prime": _activation_prime("sigmoid"),
    "tanh_prime": _activation_prime("tanh"),
    "sinh": sp.sinh,
    "cosh": sp.cosh,
}


def is_matrix(value) -> bool:
    return isinstance(value, sp.MatrixBase)


def as_scalar(value):
    """A 1×1 matrix as its entry; anything else unchanged."""
    if is_matrix(value) and value.shape == (1, 1):
        return value[0, 0]
    return value


def shape_text(value) -> str:
    return f"{value.shape[0]}×{value.shape[1]}" if is_matrix(value) else "number"


class Builder:
    """Builds the SymPy value of a side: partials through ``Definitions``, gradients as symbols."""

    def __init__(self, definitions):
        self.definitions = definitions

    def build(self, node):
        method = getattr(self, "_" + type(node).__name__)
        return method(node)

    def _Number(self, node: n.Number):
        return sp.Rational(node.value.numerator, node.value.denominator)

    def _Name(self, node: n.Name):
        return self.definitions.symbol(node.quantity)

    def _Derivative(self, node: n.Derivative):
        defs = self.definitions
        defs.check_differentiable_by(node.by, node.pos)
        by = defs.symbol(node.by)
        if (
            isinstance(node.of, n.Name)
            and node.of.quantity.kind == "error"
            and node.by.is_parameter
        ):
            return defs.gradient_symbol(node.by.role)
        of = self.build(node.of)
        return defs.partial(of, by)

    def _Negate(self, node: n.Negate):
        return -self.build(node.operand)

    def _Transpose(self, node: n.Transpose):
        value = self.build(node.operand)
        return value.T if is_matrix(value) else value

    def _Power(self, node: n.Power):
        base = as_scalar(self.build(node.base))
        if is_matrix(base):
            raise ClaimShapeError(f"a power of a {shape_text(base)} matrix is not defined here")
        exponent = self.build(node.exponent)
        if base == 0 and exponent.is_negative:
            raise ClaimShapeError("division by zero")
        return sp.Pow(base, exponent)

    def _Call(self, node: n.Call):
        args = [self.build(a) for a in node.arguments]
        if node.function == "max":
            a, b = (as_scalar(x) for x in args)
            if is_matrix(a) or is_matrix(b):
                raise ClaimShapeError("max of matrices is not defined here")
            return sp.Max(a, b, evaluate=False)
        function = FUNCTIONS[node.function]
        (arg,) = args
        if is_matrix(arg):
            return arg.applyfunc(function)
        return function(arg)

    def _MatrixLiteral(self, node: n.MatrixLiteral):
        rows = []
        for row in node.rows:
            cells = []
            for cell in row:
                value = as_scalar(self.build(cell))
                if is_matrix(value):
                    raise ClaimShapeError("a matrix entry is itself a matrix")
                cells.append(value)
            rows.append(cells)
        return sp.ImmutableMatrix(rows)

    def _Binary(self, node: n.Binary):
        left, right = self.build(node.left), self.build(node.right)
        op = node.op
        if op in "+-":
            if is_matrix(left) != is_matrix(right) or (
                is_matrix(left) and left.shape != right.shape
            ):
                left, right = as_scalar(left), as_scalar(right)
            if is_matrix(left) != is_matrix(right) or (
                is_matrix(left) and left.shape != right.shape
            ):
                raise ClaimShapeError(
                    f"cannot {'add' if op == '+' else 'subtract'} a {shape_text(right)} "
                    f"{'to' if op == '+' else 'from'} a {shape_text(left)}"
                )
            return left + right if op == "+" else left - right
        if op == "*":
            if is_matrix(left) and is_matrix(right):
                if left.shape[1] == right.shape[0]:
                    return left * right
                left, right = as_scalar(left), as_scalar(right)
                if is_matrix(left) and is_matrix(right):
                    raise ClaimShapeError(
                        f"cannot multiply a {shape_text(left)} matrix by a {shape_text(right)} one"
                    )
            return left * right
        right = as_scalar(right)
        if is_matrix(right):
            raise ClaimShapeError(f"cannot divide by a {shape_text(right)} matrix")
        if right == 0:
            raise ClaimShapeError("division by zero")
        return left / right
