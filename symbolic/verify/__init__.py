"""Checking hand derivations and hand calculations, written in LaTeX, against a network.

``verify_claims(network, text)`` reads claims (chains A = B = C …) from LaTeX, parses them with
a whitelisting parser into SymPy objects built here (never eval, sympify or parse_expr), and
judges each one: ``correct``, ``rounded``, ``carried``, ``wrong`` (with the expected value or
formula and, where one explains it, the slip) or ``unreadable`` (with where).
"""

from .claims import VERDICTS, ClaimResult, verify_claims
from .report import render_json, render_text

__all__ = ["VERDICTS", "ClaimResult", "render_json", "render_text", "verify_claims"]
