"""Derivation documents: the lecture's derivation for any small network, as LaTeX and PDF.

from codegen.document import render_latex, compile_pdf, DocumentOptions
tex = render_latex("slides", DocumentOptions(lang="en"))
pdf = compile_pdf(tex)        # bytes; raises TexMissingError / TexError
"""

from .compile import TexError, TexMissingError, compile_pdf, embedded_source_hash, source_hash
from .render import DocumentOptions, render_latex


def build_pdf(spec, options: DocumentOptions | None = None) -> bytes:
    """render_latex + compile_pdf."""
    return compile_pdf(render_latex(spec, options))


__all__ = [
    "DocumentOptions",
    "TexError",
    "TexMissingError",
    "build_pdf",
    "compile_pdf",
    "embedded_source_hash",
    "render_latex",
    "source_hash",
]
