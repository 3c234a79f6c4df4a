"""Derivation documents: LaTeX that follows the lecture, compiled to PDF."""
