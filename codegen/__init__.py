"""nnderive's code generators: derivation documents (LaTeX/PDF) and Numba trainers.

``codegen`` reads what ``symbolic`` derived; it never differentiates anything itself.
"""

__version__ = "0.1.0"
