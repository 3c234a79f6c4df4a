"""Generated Numba trainers: a plain Python module per network, kernels printed from SymPy.

``generate_trainer(spec)`` returns the module's source; ``compile_trainer(spec)`` writes it into a
cache folder and imports it. Two strategies read the same Derivation: ``unrolled`` (straight-line
scalar code, one commented line per derivation step) and ``layered`` (per-layer BLAS and loops
from the matrix-form rules); ``auto`` picks by size. Codegen never differentiates anything.
"""

from .cache import compile_trainer
from .generate import generate_trainer, render_trainer
from .printer import NumbaPrinter, UnsupportedExpression

__all__ = [
    "NumbaPrinter",
    "UnsupportedExpression",
    "compile_trainer",
    "generate_trainer",
    "render_trainer",
]
