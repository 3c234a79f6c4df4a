"""From our syntax tree to SymPy: scalars and explicit matrices, built node by node.

Only whitelisted operations exist here; activation functions come from the registry in
``symbolic.activations`` so that σ, tanh, ReLU and a layer's f mean exactly what the network
means by them. A whole quantity (W^{(1)}, a_1 in the row-vector style, Θ) becomes the matrix of
its entries' symbols, arranged as its notation writes it. A 1×1 matrix acts as a number wherever
shapes would otherwise not fit ([out] = 0.191).
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from ..activations import BUILTIN, Z
from ..quantity import Quantity, shape
from . import nodes as n
from .errors import ClaimShapeError, ClaimSyntaxError, ClaimTooLarge

#: entries of a whole quantity built at once (W^{(1)} of a 784-256-10 network has 200,704)
MAX_WHOLE_ENTRIES = 4096


def _activation_prime(name):
    activation = BUILTIN[name]
    return lambda x: activation.derivative.xreplace({Z: x})


FUNCTIONS = {
    "exp": sp.exp,
    "log": sp.log,
    "sqrt": sp.sqrt,
    "abs": sp.Abs,
    "tanh": lambda x: BUILTIN["tanh"].apply(x),
    "sigmoid": lambda x: BUILTIN["sigmoid"].apply(x),
    "relu": lambda x: BUILTIN["relu"].apply(x),
    "sigmoid_prime": _activation_prime("sigmoid"),
    "tanh_prime": _activation_prime("tanh"),
    "relu_prime": _activation_prime("relu"),
    "sinh": sp.sinh,
    "cosh": sp.cosh,
}


class Maximum(sp.Function):
    """max(a, b) as written, never simplified by SymPy (which compares its arguments and
    fails on a non-real one); computed by ``evaluation``, an atom to the proofs."""

    nargs = 2


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
    """Builds the SymPy value of a side: names through ``Definitions``, gradients as symbols."""

    def __init__(self, definitions, sum_over_samples: bool = False):
        self.definitions = definitions
        self.network = definitions.network
        #: Σ sums over a batch's samples (the row-vector style): one sample's value is itself
        self.sum_over_samples = sum_over_samples

    def build(self, node):
        method = getattr(self, "_" + type(node).__name__)
        return method(node)

    def _Number(self, node: n.Number):
        return sp.Rational(node.value.numerator, node.value.denominator)

    # ------------------------------------------------------------------ names
    def _Name(self, node: n.Name):
        return self.reading(node.reading, node.pos)

    def reading(self, reading: n.Reading, pos: int = 0):
        if reading.label is not None:
            raise ClaimShapeError(f"“{reading.written}” names no quantity")
        if reading.variable is not None:
            return variable(reading.variable)
        if reading.constant is not None:
            return constant(reading.constant)
        q = reading.quantity
        value = self.whole(q, reading.augmented) if q.is_whole else self.entry(q)
        if reading.change:
            after = (
                self.whole(q.after_update(), False) if q.is_whole else self.entry(q.after_update())
            )
            value = after - value
        if reading.transposed and is_matrix(value):
            value = value.T
        return value * reading.scale if reading.scale != 1 else value

    def entry(self, q: Quantity):
        return self.definitions.symbol(q)

    def whole(self, q: Quantity, augmented: bool = False):
        """The matrix of a whole quantity's entries (a column for vectors)."""
        dims = shape(self.network, q)
        rows, cols = dims[0], dims[1] if len(dims) == 2 else 1
        if rows * cols > MAX_WHOLE_ENTRIES:
            raise ClaimTooLarge(f"{rows}×{cols} entries in one matrix")
        if len(dims) == 2:
            matrix = sp.Matrix(rows, cols, lambda i, j: self.entry(q.entry(i, j)))
        else:
            matrix = sp.Matrix(rows, 1, lambda i, _: self.entry(q.entry(i)))
        if augmented:
            if len(dims) == 2:
                bias = Quantity("bias", q.layer, updated=q.updated)
                matrix = sp.Matrix.hstack(self.whole(bias), matrix)
            else:
                matrix = sp.Matrix.vstack(sp.Matrix([[1]]), matrix)
        return sp.ImmutableMatrix(matrix)

    # ------------------------------------------------------------------ derivatives
    def _Derivative(self, node: n.Derivative):
        defs = self.definitions
        by = node.by
        if by.variable is not None:
            return sp.diff(self._scalar(self.build(node.of), "∂/∂" + by.variable), variable(by))
        defs.check_differentiable_by(by.quantity, node.pos)
        of_error = isinstance(node.of, n.Name) and (node.of.quantity or Quantity("rate")).kind == (
            "error"
        )
        of = None if of_error else self.build(node.of)
        target = self.reading(n.Reading(by.quantity, augmented=by.augmented), node.pos)

        def partial(symbol):
            if symbol == 1:
                return sp.Integer(0)
            q = defs.quantity(symbol)
            if of_error and q is not None and q.is_parameter:
                return defs.symbol(q.gradient())
            base = defs.model.error if of_error else of
            if is_matrix(base):
                raise ClaimShapeError("∂ of a matrix by a matrix is not understood here")
            return defs.partial(base, symbol)

        if is_matrix(target):
            result = sp.ImmutableMatrix(target.applyfunc(partial))
            if by.transposed:
                result = result.T
            return result * by.scale if by.scale != 1 else result
        result = partial(target)
        return result * by.scale if by.scale != 1 else result

    def _scalar(self, value, what: str):
        value = as_scalar(value)
        if is_matrix(value):
            raise ClaimShapeError(f"{what} of a {shape_text(value)} matrix is not understood")
        return value

    # ------------------------------------------------------------------ operations
    def _Negate(self, node: n.Negate):
        return -self.build(node.operand)

    def _Transpose(self, node: n.Transpose):
        value = self.build(node.operand)
        return value.T if is_matrix(value) else value

    def _Power(self, node: n.Power):
        base = as_scalar(self.build(node.base))
        exponent = self.build(node.exponent)
        if is_matrix(base):
            if 1 in base.shape:  # a vector: squared entry by entry, as (t − o)² is meant
                return base.applyfunc(lambda x: sp.Pow(x, exponent))
            raise ClaimShapeError(f"a power of a {shape_text(base)} matrix is not defined here")
        if base == 0 and exponent.is_negative:
            raise ClaimShapeError("division by zero")
        return sp.Pow(base, exponent)

    def _Sum(self, node: n.Sum):
        value = self.build(node.operand)
        if self.sum_over_samples and isinstance(node.operand, n.Name):
            return value  # Σ δ_1 over the batch: one sample's δ_1
        return sp.Add(*list(value)) if is_matrix(value) else value

    def _Call(self, node: n.Call):
        args = [self.build(a) for a in node.arguments]
        if node.function == "max":
            a, b = (as_scalar(x) for x in args)
            if is_matrix(a) or is_matrix(b):
                raise ClaimShapeError("max of matrices is not defined here")
            return Maximum(a, b)
        if node.function == "e":
            return sp.E
        (arg,) = args
        if node.function == "norm":
            entries = list(arg) if is_matrix(arg) else [arg]
            return sp.sqrt(sp.Add(*[x**2 for x in entries]))
        if node.function == "softmax":
            if not is_matrix(arg):
                raise ClaimShapeError("softmax of one number is not understood")
            total = sp.Add(*[sp.exp(x) for x in arg])
            return arg.applyfunc(lambda x: sp.exp(x) / total)
        function = self.function(node)
        if is_matrix(arg):
            return arg.applyfunc(function)
        return function(arg)

    def function(self, node: n.Call):
        if node.function in FUNCTIONS:
            return FUNCTIONS[node.function]
        activation = self.activation(node.layer, node.pos)
        if activation.is_layer_function:
            raise ClaimShapeError(f"{activation.name} is a function of the whole layer")
        if node.function == "activation_prime":
            derivative = activation.derivative
            return lambda x: derivative.xreplace({Z: x})
        return activation.apply

    def activation(self, layer: int | None, pos: int):
        """The activation f of unit layer ``layer`` (0-based from the inputs), or the only one."""
        layers = self.network.layers
        if layer is not None:
            if not 1 <= layer <= len(layers):
                raise ClaimSyntaxError(f"this network has no layer {layer} with a function", pos)
            return layers[layer - 1].activation
        kinds = {layer.activation.name for layer in layers}
        if len(kinds) != 1:
            raise ClaimSyntaxError("which layer's f? the layers use different functions", pos)
        return layers[0].activation

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
        if op in "+-∘":
            if is_matrix(left) != is_matrix(right) or (
                is_matrix(left) and left.shape != right.shape
            ):
                left, right = as_scalar(left), as_scalar(right)
            if is_matrix(left) != is_matrix(right):
                if op == "∘":
                    return left * right
                # [−0.8, 1.1, 0.1] − 1.1: a number taken from every entry (as in NumPy)
                matrix, number = (left, right) if is_matrix(left) else (right, left)
                combined = matrix.applyfunc(
                    lambda x: (
                        (x + number if op == "+" else x - number)
                        if matrix is left
                        else (number + x if op == "+" else number - x)
                    )
                )
                return sp.ImmutableMatrix(combined)
            if is_matrix(left) and left.shape != right.shape:
                verb = {"+": "add", "-": "subtract", "∘": "multiply entry by entry"}[op]
                raise ClaimShapeError(
                    f"cannot {verb} a {shape_text(right)} and a {shape_text(left)}"
                )
            if op == "∘":
                if not is_matrix(left):
                    return left * right
                return sp.ImmutableMatrix(left.multiply_elementwise(right))
            return left + right if op == "+" else left - right
        if op == "*":
            if is_matrix(left) and is_matrix(right):
                if left.shape[1] == right.shape[0]:
                    return left * right
                left, right = as_scalar(left), as_scalar(right)
                if is_matrix(left) and is_matrix(right):
                    if left.shape == right.shape and 1 in left.shape:
                        # y · log(ŷ) of two rows: entry by entry (Σ then sums them)
                        return sp.ImmutableMatrix(left.multiply_elementwise(right))
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


def variable(name) -> sp.Symbol:
    """The symbol of a generic definition's free variable (z in σ(z) = 1/(1 + e^{−z}))."""
    text = name if isinstance(name, str) else name.variable
    return sp.Symbol(f"var_{text}", real=True)


def constant(value: Fraction) -> sp.Rational:
    return sp.Rational(value.numerator, value.denominator)
