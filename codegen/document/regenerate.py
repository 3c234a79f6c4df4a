"""Committed documents of the built-in examples: docs/examples/<name>.<lang>.tex and .pdf.

The .tex is compared byte for byte. A PDF is compared by the source hash it embeds: xelatex's
bytes differ between TeX versions, but a PDF compiled from today's .tex is up to date. Building a
PDF target reuses the committed file when its embedded hash already matches (no recompilation).
"""

from __future__ import annotations

from functools import cache

from symbolic import builtin_examples, load_network

from ..regenerate import REGENERATE_COMMAND, Target, source_root
from .compile import compile_pdf, embedded_source_hash, source_hash
from .i18n import LANGUAGES
from .render import DocumentOptions, render_latex

FOLDER = "docs/examples"


@cache
def _tex(name: str, lang: str) -> str:
    return render_latex(
        load_network(name), DocumentOptions(lang=lang), regenerate=REGENERATE_COMMAND
    )


def _same_pdf(committed: bytes, fresh: bytes) -> bool:
    found = embedded_source_hash(committed)
    return found is not None and found == embedded_source_hash(fresh)


def _pdf_builder(name: str, lang: str, path: str):
    def build() -> bytes:
        tex = _tex(name, lang)
        committed = source_root() / path
        if committed.is_file():
            data = committed.read_bytes()
            if embedded_source_hash(data) == source_hash(tex):
                return data
        return compile_pdf(tex)

    return build


def regenerate_targets() -> list[Target]:
    targets = []
    for name in sorted(builtin_examples()):
        for lang in LANGUAGES:
            base = f"{FOLDER}/{name}.{lang}"
            targets.append(Target(f"{base}.tex", lambda n=name, g=lang: _tex(n, g).encode()))
            targets.append(
                Target(f"{base}.pdf", _pdf_builder(name, lang, f"{base}.pdf"), _same_pdf)
            )
    return targets
