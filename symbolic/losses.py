"""Loss functions: one small registered entry each (SymPy form of E per sample, LaTeX name).

The derivative ∂E/∂out_k always comes from SymPy. When it equals prediction − actual, the
derivation names it Δ_k as the lecture does (the entry claims it; SymPy proves it before use).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy as sp


@dataclass(frozen=True, eq=False)
class Loss:
    name: str
    build: Callable[[Sequence[sp.Expr], Sequence[sp.Expr]], sp.Expr]
    description: str
    residual: bool = False  # claims ∂E/∂out_k = out_k − y_k (Δ_k); proven in ``derivative``

    def expr(self, outputs: Sequence[sp.Expr], targets: Sequence[sp.Expr]) -> sp.Expr:
        """E for one sample."""
        return self.build(outputs, targets)

    def derivative(self, outputs: Sequence[sp.Expr], targets: Sequence[sp.Expr], k: int) -> sp.Expr:
        """∂E/∂out_k, from SymPy."""
        result = sp.diff(self.expr(outputs, targets), outputs[k])
        if self.residual and sp.expand(result - (outputs[k] - targets[k])) != 0:
            raise AssertionError(f"loss {self.name}: ∂E/∂out is not out − y but {result}")
        return result


def _half_sse(outputs: Sequence[sp.Expr], targets: Sequence[sp.Expr]) -> sp.Expr:
    return sp.Rational(1, 2) * sp.Add(*[(o - y) ** 2 for o, y in zip(outputs, targets)])


BUILTIN: dict[str, Loss] = {
    "half_sse": Loss("half_sse", _half_sse, "E = 1/2 * sum_k (out_k - y_k)^2", residual=True),
}
