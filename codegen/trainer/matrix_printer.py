"""The layered strategy's printer: the matrix-form rules of ``symbolic.layers`` as Numba code.

Two layouts of a per-sample column vector v (a^{(l)}, z^{(l)}, δ^{(l)}, y):

* ``batch``: v is row r of a matrix V whose rows are a batch's samples, so W a + b becomes
  A·Wᵀ + b (``np.dot(A, W.T)``, BLAS), Wᵀδ becomes D·W, and the mean over the samples of δ aᵀ
  becomes Dᵀ·A. A ``SampleMean`` is stored as its sum (BLAS sums over the rows); the array is
  read times ``inv_rows`` = 1/rows wherever the rules use the mean.
* ``vector``: one sample, v is a 1-D array; W a is ``np.dot(W, a)`` and a SampleMean of one
  sample is that sample's own value, so an update W − η δ aᵀ is one loop over W's entries.

A rule becomes the BLAS products it needs (into its target or a temporary), then one loop over
its entries for everything elementwise (the scalar entry expression printed by NumbaPrinter, so
activations, their textbook derivatives and float32 literals are printed as everywhere else), then
row operations: the softmax of a row, stable (its largest z subtracted before exp), and the
softmax Jacobian times a vector. Consecutive elementwise rules over the same entries share one
loop. What the printer cannot translate raises UnsupportedExpression naming the node's type.

With the setting ``parted`` (batch layout), a rule computes only its target's units ``lo`` to
``hi`` (the columns of a sample matrix, the rows of a parameter) — one part of a layer, which
the template runs beside the other parts on Numba threads. Its products go to the module's
``_mm_nt``, ``_mm_nn`` and ``_mm_tn`` (the same BLAS products restricted to those units, written
in place), its loops run over those units, and every array exists beforehand. The parts are fixed
by the spec, so each part makes the same BLAS calls however many threads run them: the results
do not depend on the thread count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from symbolic.layers import Applied, LayerSymbol, SampleMean, SoftmaxJacobian

from .layout import COLUMN, ENTRY, INV_ROWS, ROW, ROWS, LayoutPrinter, is_sample
from .printer import UnsupportedExpression

#: the local variable that holds a quantity's entry inside a loop
LOCALS = {"unit": "a", "pre": "z", "delta": "d"}
#: a part's first unit and the unit after its last (set by the template around parted code)
LO, HI = "lo", "hi"


@dataclass
class _Lowered:
    """One rule on its way to code: statements before the loop, the entry expression, row ops."""

    target: LayerSymbol
    allocations: list[str] = field(default_factory=list)
    before: list[str] = field(default_factory=list)
    element: sp.Expr | None = None
    row_ops: list = field(default_factory=list)  # functions (printer) -> lines, run per row


class MatrixPrinter(LayoutPrinter):
    """Numba statements for matrix-form rules in the ``batch`` or ``vector`` layout."""

    _default_settings = {  # noqa: RUF012 (SymPy's settings protocol)
        **LayoutPrinter._default_settings,
        "parted": False,
    }

    def __init__(self, settings=None):
        super().__init__(settings)
        if self.parted and not self.batch:
            raise UnsupportedExpression("only the batch layout is parted")
        self._temporaries = 0
        self._inv_rows_done = False

    @property
    def parted(self) -> bool:
        return self._settings["parted"]

    def _units(self, width) -> str:
        """The range of a loop over a target's units: all of them, or the part's."""
        return f"{LO}, {HI}" if self.parted else str(width)

    # ------------------------------------------------------------------ lowering
    def _blas(self, product: sp.MatMul, out: str | None, preallocated: bool) -> tuple[str, str]:
        """(statement, buffer name) of a matrix product W a or Wᵀ δ by np.dot."""
        left, right = product.args
        if isinstance(left, sp.Transpose):
            weights, transposed = left.arg, True
        else:
            weights, transposed = left, False
        if not (isinstance(weights, LayerSymbol) and is_sample(right)):
            return self._print_not_supported(product)
        w, v = self._array(weights), self._array(right)
        if self.parted:
            if out is None or not preallocated:
                raise UnsupportedExpression("a parted product needs its target allocated")
            helper = "_mm_nn" if transposed else "_mm_nt"
            return f"{helper}({v}, {w}, {out}, {LO}, {HI})", out
        if self.batch:
            args = f"{v}, {w}" if transposed else f"{v}, {w}.T"
        else:
            args = f"{v}, {w}" if transposed else f"{w}, {v}"
        if out is None:
            self._temporaries += 1
            out = f"_P{self._temporaries}"
        if preallocated:
            return f"np.dot({args}, {out})", out
        return f"{out} = np.dot({args})", out

    def _products_to_buffers(self, node, lowered: _Lowered, target_free: list[bool]):
        """``node`` with each BLAS product replaced by the MatrixSymbol of its buffer."""
        if isinstance(node, sp.MatMul):
            matrices = [a for a in node.args if a.is_Matrix]
            if len(matrices) == 2 and not isinstance(matrices[1], sp.Transpose):
                if len(node.args) != 2:
                    return self._print_not_supported(node)
                name = self._array(lowered.target)
                own = target_free[0]
                target_free[0] = False
                preallocated = own and (name in self._settings["preallocated"] or not self.batch)
                statement, buffer = self._blas(node, name if own else None, preallocated)
                lowered.before.append(statement)
                return sp.MatrixSymbol(buffer, *node.shape)
        if isinstance(node, (sp.MatAdd, sp.HadamardProduct, sp.MatMul)):
            args = [self._products_to_buffers(a, lowered, target_free) for a in node.args]
            return node.func(*args, evaluate=False) if args != list(node.args) else node
        return node

    def _lower(self, target: LayerSymbol, rhs) -> _Lowered:
        lowered = _Lowered(target)
        name = self._array(target)
        if isinstance(rhs, SampleMean) and self.batch:
            self._lower_mean(lowered, rhs)
            return lowered
        if isinstance(rhs, Applied) and self._activation(rhs.layer).is_layer_function:
            if not is_sample(rhs.argument) or rhs.derivative:
                return self._print_not_supported(rhs)
            lowered.row_ops.append(lambda: self._softmax_row(rhs.argument, target))
            self._allocate(lowered, name)
            return lowered
        if isinstance(rhs, sp.MatMul) and isinstance(rhs.args[0], SoftmaxJacobian):
            if len(rhs.args) != 2:
                return self._print_not_supported(rhs)
            outputs = rhs.args[0].outputs
            lowered.row_ops.append(lambda: self._jacobian_row(outputs, target))
            rhs = rhs.args[1]
        target_free = [not _reads(rhs, target)]
        rhs = self._products_to_buffers(rhs, lowered, target_free)
        if not (lowered.before and target_free[0] is False and isinstance(rhs, sp.MatrixSymbol)):
            if target_free[0]:
                self._allocate(lowered, name)
            lowered.element = rhs
        return lowered

    def _allocate(self, lowered: _Lowered, name: str) -> None:
        if name in self._settings["preallocated"] or not is_sample(lowered.target):
            return
        if self.parted:
            raise UnsupportedExpression(f"parted code needs {name} allocated beforehand")
        if not self.batch:
            raise UnsupportedExpression(f"the vector layout needs {name} allocated beforehand")
        width = lowered.target.shape[0]
        lowered.allocations.append(f"{name} = np.empty(({ROWS}, {width}), dtype=DTYPE)")

    def _lower_mean(self, lowered: _Lowered, mean: SampleMean) -> None:
        """Σ over the batch's rows into the target (read back times inv_rows)."""
        name, argument = self._array(lowered.target), mean.argument
        if isinstance(argument, sp.MatMul) and len(argument.args) == 2:
            left, right = argument.args
            if is_sample(left) and isinstance(right, sp.Transpose) and is_sample(right.arg):
                args = f"{self._array(left)}.T, {self._array(right.arg)}"
                if self.parted:
                    args = f"{self._array(left)}, {self._array(right.arg)}, {name}, {LO}, {HI}"
                    lowered.before.append(f"_mm_tn({args})")
                elif name in self._settings["preallocated"]:
                    lowered.before.append(f"np.dot({args}, {name})")
                else:
                    lowered.before.append(f"{name} = np.dot({args})")
                self.summed.add(name)
                return
        if is_sample(argument):
            width, zero = argument.shape[0], self._zero()
            source = self._array(argument)
            if name not in self._settings["preallocated"]:
                lowered.before.append(f"{name} = np.empty({width}, dtype=DTYPE)")
            units = self._units(width)
            lowered.before += [
                f"for {ENTRY} in range({units}):",
                f"    {name}[{ENTRY}] = {zero}",
                f"for {ROW} in range({ROWS}):",
                f"    for {ENTRY} in range({units}):",
                f"        {name}[{ENTRY}] += {source}[{ROW}, {ENTRY}]",
            ]
            self.summed.add(name)
            return
        self._print_not_supported(mean)

    def fused_update(self, update, gradient) -> list[str] | None:
        """A parted weight update W ← W + c·∂E/∂W whose ∂E/∂W is the batch mean of δ aᵀ, as
        one product into W's rows ``lo``..``hi`` (``_mm_tn_add``: gemm with β = 1, α = c/rows):
        no gradient array is written and read back, no loop runs over W. None when the rules
        have another form (they are then printed one by one)."""
        if not self.parted or not isinstance(update.rhs, sp.MatAdd):
            return None
        old = LayerSymbol(*update.lhs.args[:4])  # W before the update
        terms = [t for t in update.rhs.args if t != old]
        if len(terms) != 1 or len(update.rhs.args) != 2:
            return None
        coefficient, matrices = _scalar_times(terms[0])
        mean = gradient.rhs
        if matrices != [gradient.lhs] or not isinstance(mean, SampleMean):
            return None
        product = mean.argument
        if not (isinstance(product, sp.MatMul) and len(product.args) == 2):
            return None
        left, right = product.args
        if not (is_sample(left) and isinstance(right, sp.Transpose) and is_sample(right.arg)):
            return None
        self._inv_rows_done = False
        rate = {symbol: self.entry(symbol) for symbol in coefficient.free_symbols}  # η → lr
        alpha = coefficient.xreplace(rate) * self._symbol(INV_ROWS)
        args = f"{self._array(left)}, {self._array(right.arg)}, {self._array(update.lhs)}"
        call = f"_mm_tn_add({args}, {LO}, {HI}, {self.doprint(alpha)})"
        return [*self._inv_rows_line(alpha), call]

    def _zero(self) -> str:
        return "np.float32(0.0)" if self._settings["dtype"] == "float32" else "0.0"

    # ------------------------------------------------------------------ row operations
    def _row(self, node: LayerSymbol, index: str) -> str:
        return self._access(node, index)

    def _softmax_row(self, pre: LayerSymbol, outputs: LayerSymbol) -> list[str]:
        """a = softmax(z) for one row: e^{z_i − max z} / Σ_k e^{z_k − max z}."""
        n, zero = pre.shape[0], self._zero()
        z, a = self._row(pre, ENTRY), self._row(outputs, ENTRY)
        shifted = self.doprint(sp.exp(self._symbol(z) - self._symbol("_max")))
        return [
            f"_max = {self._row(pre, '0')}",
            f"for {ENTRY} in range(1, {n}):",
            f"    _max = max(_max, {z})",
            f"_sum = {zero}",
            f"for {ENTRY} in range({n}):",
            f"    _e = {shifted}",
            f"    {a} = _e",
            "    _sum += _e",
            f"for {ENTRY} in range({n}):",
            f"    {a} = {a} / _sum",
        ]

    def _jacobian_row(self, outputs: LayerSymbol, target: LayerSymbol) -> list[str]:
        """target ← J(a) target for one row, J = diag(a) − a aᵀ: a_i (g_i − Σ_k a_k g_k)."""
        n = outputs.shape[0]
        a, g = self._row(outputs, ENTRY), self._row(target, ENTRY)
        return [
            f"_dot = {self._zero()}",
            f"for {ENTRY} in range({n}):",
            f"    _dot += {a} * {g}",
            f"for {ENTRY} in range({n}):",
            f"    {g} = {a} * ({g} - _dot)",
        ]

    def log_sum_exp_row(self, pre: LayerSymbol, name: str) -> list[str]:
        """``name`` = log Σ_k e^{z_k} of one row, as max + log Σ e^{z − max}."""
        n, z = pre.shape[0], self._row(pre, ENTRY)
        shifted = self.doprint(sp.exp(self._symbol(z) - self._symbol("_max")))
        log = self.doprint(sp.log(self._symbol("_sum")))
        return [
            f"_max = {self._row(pre, '0')}",
            f"for {ENTRY} in range(1, {n}):",
            f"    _max = max(_max, {z})",
            f"_sum = {self._zero()}",
            f"for {ENTRY} in range({n}):",
            f"    _sum += {shifted}",
            f"{name} = _max + {log}",
        ]

    # ------------------------------------------------------------------ statements
    def statements(self, rules) -> list[str]:
        """Code lines (indented relative to 0) computing each rule's target, in order."""
        lines: list[str] = []
        group: list[_Lowered] = []
        self._inv_rows_done = False
        for rule in rules:
            lowered = self._lower(rule.lhs, rule.rhs)
            if group and self._joins(group, lowered):
                group.append(lowered)
                continue
            lines += self._emit(group)
            group = [lowered]
        return lines + self._emit(group)

    def _joins(self, group: list[_Lowered], lowered: _Lowered) -> bool:
        last = group[-1]
        return (
            not lowered.before
            and not last.row_ops
            and is_sample(last.target)
            and is_sample(lowered.target)
            and last.target.shape == lowered.target.shape
        )

    def _emit(self, group: list[_Lowered]) -> list[str]:
        if not group:
            return []
        lines = [line for lowered in group for line in lowered.allocations]
        lines += [line for lowered in group for line in lowered.before]
        if all(g.element is None and not g.row_ops for g in group):
            return lines
        if is_sample(group[0].target):
            return lines + self._emit_samples(group)
        return lines + self._emit_parameter(group[0])

    def _emit_samples(self, group: list[_Lowered]) -> list[str]:
        width = group[0].target.shape[0]
        body: list[str] = []
        elements = [g for g in group if g.element is not None]
        loop = f"for {ENTRY} in range({self._units(width)}):"
        for k, lowered in enumerate(elements):
            # Parted, each rule has its own loop: inside Numba's parallel region LLVM does not
            # vectorise a loop that writes two arrays (it cannot rule out that they overlap).
            if k == 0 or self.parted:
                body.append(loop)
            code = self.doprint(self.entry(lowered.element))
            access = self._access(lowered.target, ENTRY)
            local = LOCALS.get(lowered.target.quantity.kind, "v_" + self._array(lowered.target))
            body += [f"    {local} = {code}", f"    {access} = {local}"]
            if not self.parted:
                self._locals[access] = local
        self._locals.clear()
        for lowered in group:
            if lowered.row_ops and self.parted:
                raise UnsupportedExpression("a row operation needs every unit of the row")
            for row_op in lowered.row_ops:
                body += row_op()
        if not self.batch:
            return body
        return [f"for {ROW} in range({ROWS}):", *("    " + line for line in body)]

    def _emit_parameter(self, lowered: _Lowered) -> list[str]:
        """An elementwise loop over a parameter's entries (an update, a per-sample gradient)."""
        shape = [int(n) for n in lowered.target.shape]
        matrix = lowered.target.quantity.kind in ("weight", "weight_gradient")
        self._j_symbols = set()
        value = self.entry(lowered.element, ENTRY, COLUMN if matrix else None)
        access = self._access(lowered.target, ENTRY, COLUMN if matrix else None)
        head = self._inv_rows_line(value)
        if not matrix:
            return [
                *head,
                f"for {ENTRY} in range({self._units(shape[0])}):",
                f"    {access} = {self.doprint(value)}",
            ]
        hoisted, value = self._hoist(value)
        lines = [*head, f"for {ENTRY} in range({self._units(shape[0])}):"]
        lines += [f"    {name} = {self.doprint(expr)}" for name, expr in hoisted]
        lines += [
            f"    for {COLUMN} in range({shape[1]}):",
            f"        {access} = {self.doprint(value)}",
        ]
        return lines

    def _inv_rows_line(self, value: sp.Expr) -> list[str]:
        if self._inv_rows_done or self._symbol(INV_ROWS) not in value.free_symbols:
            return []
        self._inv_rows_done = True
        one = self.doprint(sp.Integer(1))
        return [f"{INV_ROWS} = DTYPE({one}) / DTYPE({ROWS})"]

    def _hoist(self, value: sp.Expr) -> tuple[list[tuple[str, sp.Expr]], sp.Expr]:
        """Factors of a product that read arrays at [i] only, computed once per i (``_h0`` …)."""
        hoisted: list[tuple[str, sp.Expr]] = []

        def visit(node):
            if not isinstance(node, sp.Mul):
                return node.func(*[visit(a) for a in node.args]) if node.args else node
            fixed = [a for a in node.args if not (a.free_symbols & self._j_symbols)]
            moving = [a for a in node.args if a.free_symbols & self._j_symbols]
            reads = any("[" in s.name for a in fixed for s in a.free_symbols)
            if not (moving and reads):
                return node
            name = f"_h{len(hoisted)}"
            hoisted.append((name, sp.Mul(*fixed)))
            return sp.Mul(self._symbol(name), *moving)

        return hoisted, visit(value)

    # ------------------------------------------------------------------ the loss
    def loss_statements(self, term: sp.Expr, symbols: dict, accumulator: str, lse=None) -> list:
        """``accumulator += Σ_i term`` over the output entries (and the batch's rows).

        ``term`` is one output's share of the loss in generic symbols; ``symbols`` maps each to
        the LayerSymbol whose entry it stands for; ``lse`` is (symbol, pre) when the term uses
        the row's log Σ e^{z} (computed once per row).
        """
        width = next(iter(symbols.values())).shape[0]
        mapping = {s: self.entry(node) for s, node in symbols.items()}
        body = []
        if lse is not None:
            symbol, pre = lse
            body += self.log_sum_exp_row(pre, "_lse")
            mapping[symbol] = self._symbol("_lse")
        code = self.doprint(term.xreplace(mapping))
        body += [f"for {ENTRY} in range({width}):", f"    {accumulator} += {code}"]
        if not self.batch:
            return body
        return [f"for {ROW} in range({ROWS}):", *("    " + line for line in body)]


def _reads(node, symbol: LayerSymbol) -> bool:
    return any(n == symbol for n in sp.preorder_traversal(node))


def _scalar_times(node) -> tuple[sp.Expr, list]:
    """(c, [M, …]) of a matrix product c·M·…, nested products flattened."""
    if not isinstance(node, sp.MatMul):
        return (sp.Integer(1), [node]) if node.is_Matrix else (node, [])
    coefficient, matrices = sp.Integer(1), []
    for arg in node.args:
        c, ms = _scalar_times(arg)
        coefficient, matrices = coefficient * c, matrices + ms
    return coefficient, matrices
