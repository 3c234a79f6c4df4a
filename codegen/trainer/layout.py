"""The layouts of the layered kernels and the matrix rules written as array expressions.

A per-sample column vector v (a^{(l)}, z^{(l)}, δ^{(l)}, y) is, in the ``batch`` layout, row r of
a matrix V whose rows are a batch's samples (A1, Z1, D1, Y) and, in the ``vector`` layout, a 1-D
array for one sample (a1, z1, d1, y; the input is x). Parameters (W1, b1) and their gradients
(GW1, Gb1) are the same arrays in both.

``LayoutPrinter`` knows the arrays: ``entry`` writes entry (i, j) of an elementwise matrix
expression as a scalar SymPy expression over array reads (printed by NumbaPrinter, so
activations, their textbook derivatives and float32 literals come out as everywhere else), and its
``_print_<Node>`` methods write a whole rule as one NumPy expression over the layout's arrays
(W a + b → ``A0 @ W1.T + b1``), which is what the module's docstring shows. ``MatrixPrinter``
(matrix_printer.py) turns the rules into kernel statements.
"""

from __future__ import annotations

import sympy as sp

from symbolic.layers import Applied, LayerSymbol, SampleMean, SoftmaxJacobian
from symbolic.quantity import Quantity

from .printer import NumbaPrinter, UnsupportedExpression

LAYOUTS = ("batch", "vector")
#: quantities with one column vector per sample (a row of a batch matrix)
SAMPLE_KINDS = frozenset({"unit", "pre", "delta", "target", "residual"})
#: names the printed code shares with its template: the batch's row count, 1/rows, η
ROWS, INV_ROWS, RATE = "rows", "inv_rows", "lr"
#: loop indices: the sample row, a vector's entry, a matrix's column
ROW, ENTRY, COLUMN = "r", "i", "j"


def array_name(symbol: LayerSymbol, layout: str) -> str:
    """The kernel's array for a layer's vector or matrix (an updated parameter is updated in
    place, so it keeps its array)."""
    q, batch = symbol.quantity, layout == "batch"
    if q.kind == "unit":
        if q.layer == 0 and not batch:
            return "x"
        return ("A" if batch else "a") + str(q.layer)
    names = {
        "pre": ("Z" if batch else "z") + str(q.layer),
        "delta": ("D" if batch else "d") + str(q.layer),
        "target": "Y" if batch else "y",
    }
    if q.kind in names:
        return names[q.kind]
    prefix = {"weight": "W", "bias": "b", "weight_gradient": "GW", "bias_gradient": "Gb"}
    if q.kind in prefix:
        return f"{prefix[q.kind]}{q.layer + 1}"
    raise UnsupportedExpression(f"the layered kernels keep no array for {q.kind}")


def is_sample(node) -> bool:
    return isinstance(node, LayerSymbol) and node.quantity.kind in SAMPLE_KINDS


class LayoutPrinter(NumbaPrinter):
    """Array reads and array expressions of the matrix-form rules in one layout.

    Settings beyond NumbaPrinter's: ``layout``; ``network`` (whose activations Applied names);
    ``inline``: LayerSymbol → the expression printed in its place (Δ = a − y, or a per-sample
    gradient inside a per-sample update); ``preallocated``: arrays that exist before the
    statements run (BLAS writes into them instead of allocating).
    """

    _default_settings = {  # noqa: RUF012 (SymPy's settings protocol)
        **NumbaPrinter._default_settings,
        "layout": "batch",
        "network": None,
        "inline": {},
        "preallocated": frozenset(),
    }

    def __init__(self, settings=None):
        super().__init__(settings)
        if self._settings["layout"] not in LAYOUTS:
            raise UnsupportedExpression(f"unknown layout {self._settings['layout']!r}")
        self._settings["names"] = {**self._settings["names"], RATE: RATE, INV_ROWS: INV_ROWS}
        self.summed: set[str] = set()  # arrays holding rows × their SampleMean
        self._locals: dict[str, str] = {}  # array entries held in a loop's local variable
        self._j_symbols: set[sp.Symbol] = set()  # reads that change with a matrix's column j

    @property
    def batch(self) -> bool:
        return self._settings["layout"] == "batch"

    # ------------------------------------------------------------------ entries
    def _symbol(self, text: str, uses_j: bool = False) -> sp.Symbol:
        """A scalar symbol printed as ``text`` (an array entry or a local)."""
        symbol = sp.Symbol(text, real=True)
        self._settings["names"][text] = text
        if uses_j:
            self._j_symbols.add(symbol)
        return symbol

    def _array(self, node: LayerSymbol) -> str:
        return array_name(node, self._settings["layout"])

    def _access(self, node: LayerSymbol, index: str, column: str | None = None) -> str:
        name = self._array(node)
        if is_sample(node):
            return f"{name}[{ROW}, {index}]" if self.batch else f"{name}[{index}]"
        if node.quantity.kind in ("weight", "weight_gradient"):
            return f"{name}[{index}, {column}]"
        return f"{name}[{index}]"

    def _read(self, node: LayerSymbol, index: str, column: str | None = None) -> sp.Expr:
        text = self._access(node, index, column)
        if text in self._locals:
            return self._symbol(self._locals[text])
        value = self._symbol(text, uses_j=column is not None and COLUMN in (index, column))
        if self._array(node) in self.summed:
            return value * self._symbol(INV_ROWS)
        return value

    def entry(self, node, index: str = ENTRY, column: str | None = None) -> sp.Expr:
        """Entry (index, column) of an elementwise matrix expression as a scalar expression."""
        inline = self._settings["inline"]
        if isinstance(node, LayerSymbol):
            if node in inline:
                return self.entry(inline[node], index, column)
            return self._read(node, index, column)
        if isinstance(node, sp.MatrixSymbol):  # a BLAS product's buffer
            text = f"{node.name}[{ROW}, {index}]" if self.batch else f"{node.name}[{index}]"
            return self._symbol(text)
        if isinstance(node, sp.MatAdd):
            return sp.Add(*[self.entry(arg, index, column) for arg in node.args])
        if isinstance(node, sp.HadamardProduct):
            return sp.Mul(*[self.entry(arg, index, column) for arg in node.args])
        if isinstance(node, SampleMean) and not self.batch:
            return self.entry(node.argument, index, column)  # the mean over one sample
        if isinstance(node, sp.MatMul):
            return self._entry_product(node, index, column)
        if isinstance(node, Applied):
            return self._entry_applied(node, index)
        if isinstance(node, sp.Symbol) and node.name == "eta":
            return self._symbol(RATE)
        if node.is_Number:
            return node
        return self._print_not_supported(node)

    def _entry_product(self, node: sp.MatMul, index: str, column: str | None) -> sp.Expr:
        scalars = [self.entry(a) for a in node.args if not a.is_Matrix]
        matrices = [a for a in node.args if a.is_Matrix]
        if len(matrices) == 1:
            value = self.entry(matrices[0], index, column)
            # c·(a − y) stays a product: distributed, c·a − c·y rounds worse when a ≈ y
            return sp.Mul(*scalars, value, evaluate=not isinstance(value, sp.Add))
        if len(matrices) == 2 and isinstance(matrices[1], sp.Transpose):
            left, right = matrices[0], matrices[1].arg
            if is_sample(left) and is_sample(right):  # δ aᵀ of one sample
                return sp.Mul(*scalars, self.entry(left, index), self._outer(right, column))
        return self._print_not_supported(node)

    def _outer(self, node: LayerSymbol, column: str) -> sp.Expr:
        """Entry ``column`` of a per-sample vector, as the column index of an outer product."""
        symbol = self.entry(node, column)
        self._j_symbols |= symbol.free_symbols
        return symbol

    def _activation(self, layer: int):
        return self._settings["network"].layers[layer - 1].activation

    def _entry_applied(self, node: Applied, index: str) -> sp.Expr:
        activation = self._activation(node.layer)
        if activation.is_layer_function:
            return self._print_not_supported(node)  # a row operation, see _lower
        from symbolic.activations import A, Z

        argument = self.entry(node.argument, index)
        if not node.derivative:
            return activation.apply(argument)
        if activation.derivative_in_output is not None:  # the textbook form, in a = f(z)
            network = self._settings["network"]
            outputs = LayerSymbol.of(network, _unit(node.layer))
            return activation.derivative_in_output.xreplace({A: self.entry(outputs, index)})
        return activation.derivative.xreplace({Z: argument})

    # ------------------------------------------------------------------ as array expressions
    # doprint(rule.rhs) writes a rule as one NumPy expression over the layout's arrays: what the
    # module's docstring shows and each kernel block's comment names.
    def describe(self, rule) -> str:
        """``TARGET = expression`` for the module's docstring (Δ, never stored, is "Delta")."""
        target = rule.lhs
        name = "Delta" if target.quantity.kind == "residual" else self._array(target)
        inline = self._settings["inline"]
        self._settings["inline"] = {k: v for k, v in inline.items() if k != target}
        self._describing = True
        try:
            return f"{name} = {self.doprint(rule.rhs)}"
        finally:
            self._settings["inline"] = inline
            self._describing = False

    def _print_Piecewise(self, expr):
        """In a docstring's array form, np.where(condition, value, otherwise) (ReLU's
        np.where(Z1 > 0, Z1, 0)); in the kernels' scalar loops, Python's conditional."""
        if not self._describing:
            return super()._print_Piecewise(expr)
        *pieces, (otherwise, last) = expr.args
        text = self.doprint(otherwise)
        if last != sp.true:
            text = f"np.where({self.doprint(last)}, {text}, np.nan)"
        for value, condition in reversed(pieces):
            text = f"np.where({self.doprint(condition)}, {self.doprint(value)}, {text})"
        return text

    def _print_LayerSymbol(self, expr):
        inline = self._settings["inline"]
        if expr in inline:
            return f"({self.doprint(inline[expr])})"
        return self._array(expr)

    def _print_Transpose(self, expr):
        return f"{self._factor(expr.arg)}.T"

    def _factor(self, expr) -> str:
        text = self.doprint(expr)
        return f"({text})" if isinstance(expr, (sp.MatAdd, sp.MatMul, sp.HadamardProduct)) else text

    def _print_MatAdd(self, expr):
        terms = [self.doprint(arg) for arg in expr.args]
        text = terms[0]
        for term in terms[1:]:
            text += f" - {term[1:]}" if term.startswith("-") else f" + {term}"
        return text

    def _print_HadamardProduct(self, expr):
        return " * ".join(
            self.doprint(arg) if isinstance(arg, LayerSymbol) else f"({self.doprint(arg)})"
            for arg in expr.args
        )

    def _print_MatMul(self, expr):
        args = [g for a in expr.args for g in (a.args if isinstance(a, sp.MatMul) else (a,))]
        scalars = [a for a in args if not a.is_Matrix]
        matrices = [a for a in args if a.is_Matrix]
        prefix = ""
        if scalars:
            coefficient = sp.Mul(*scalars)
            if coefficient == -1:
                prefix = "-"
            else:
                prefix = self.doprint(coefficient.xreplace({sp.Symbol("eta", real=True): _rate()}))
                prefix += "*"
        if len(matrices) == 1:
            return prefix + self._factor(matrices[0])
        left, right = matrices
        if isinstance(left, SoftmaxJacobian):
            a, g = self.doprint(left.outputs), self._factor(right)
            total = f"({a} * {g}).sum(axis=1, keepdims=True)" if self.batch else f"np.dot({a}, {g})"
            return f"{prefix}{a} * ({g} - {total})"
        if isinstance(right, sp.Transpose) and is_sample(left):  # δ aᵀ of one sample
            return f"{prefix}np.outer({self.doprint(left)}, {self.doprint(right.arg)})"
        if isinstance(left, sp.Transpose):
            w = self.doprint(left.arg)
            product = (
                f"{self.doprint(right)} @ {w}" if self.batch else f"{w}.T @ {self.doprint(right)}"
            )
        else:
            w = self.doprint(left)
            product = (
                f"{self.doprint(right)} @ {w}.T" if self.batch else f"{w} @ {self.doprint(right)}"
            )
        return prefix + product

    def _print_SampleMean(self, expr):
        argument = expr.argument
        if not self.batch:
            return self.doprint(argument)
        if isinstance(argument, sp.MatMul) and isinstance(argument.args[-1], sp.Transpose):
            left, right = argument.args
            return f"{self.doprint(left)}.T @ {self.doprint(right.arg)} / {ROWS}"
        return f"{self._factor(argument)}.sum(axis=0) / {ROWS}"

    def _print_Applied(self, expr):
        activation = self._activation(expr.layer)
        argument = self._symbol(self.doprint(expr.argument))
        if activation.is_layer_function:
            return f"{activation.name}({argument.name})"
        from symbolic.activations import A, Z

        if not expr.derivative:
            return self.doprint(activation.apply(argument))
        if activation.derivative_in_output is not None:
            outputs = LayerSymbol.of(self._settings["network"], _unit(expr.layer))
            value = self._symbol(self._array(outputs))
            return self.doprint(activation.derivative_in_output.xreplace({A: value}))
        return self.doprint(activation.derivative.xreplace({Z: argument}))

    def _print_SoftmaxJacobian(self, expr):
        return self._print_not_supported(expr)  # printed with the vector it multiplies


def _rate() -> sp.Symbol:
    return sp.Symbol(RATE, real=True)


def _unit(layer: int) -> Quantity:
    return Quantity.unit(layer)
