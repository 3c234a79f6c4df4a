"""Real PDFs from xelatex: the numbers of iterations 1–3 against exact arithmetic written here,
both languages, the layered example, the embedded source hash, TeX failures and a missing engine.

Each PDF is compiled once per session (module-scoped fixtures).
"""

from __future__ import annotations

import re
import subprocess
from fractions import Fraction

import pytest

from codegen.document import (
    DocumentOptions,
    TexError,
    TexMissingError,
    compile_pdf,
    embedded_source_hash,
    render_latex,
    source_hash,
)
from pdf_support import has_number, pdf_text, rounded
from symbolic import load_network


@pytest.fixture(scope="module")
def slides_zh(tmp_path_factory):
    tex = render_latex("slides", DocumentOptions(lang="zh"))
    pdf = compile_pdf(tex)
    return tex, pdf, pdf_text(pdf, tmp_path_factory)


@pytest.fixture(scope="module")
def slides_en(tmp_path_factory):
    tex = render_latex("slides", DocumentOptions(lang="en"))
    pdf = compile_pdf(tex)
    return tex, pdf, pdf_text(pdf, tmp_path_factory)


def lecture_iterations(count: int):
    """The lecture's network trained by hand-written exact arithmetic (independent oracle)."""
    w = [Fraction(v) for v in ("0.11", "0.21", "0.12", "0.08", "0.14", "0.15")]
    i1, i2, target, eta = Fraction(2), Fraction(3), Fraction(1), Fraction("0.05")
    out = []
    for _ in range(count):
        h1, h2 = i1 * w[0] + i2 * w[1], i1 * w[2] + i2 * w[3]
        prediction = h1 * w[4] + h2 * w[5]
        delta = prediction - target
        error = delta * delta / 2
        grads = [delta * w[4] * i1, delta * w[4] * i2, delta * w[5] * i1, delta * w[5] * i2]
        grads += [delta * h1, delta * h2]
        new = [p - eta * g for p, g in zip(w, grads)]
        out.append({"h": (h1, h2), "out": prediction, "E": error, "D": delta, "new": new})
        w = new
    return out


@pytest.mark.parametrize("fixture", ["slides_zh", "slides_en"])
def test_pdf_contains_every_number_of_iterations_1_to_3(fixture, request):
    _, _, text = request.getfixturevalue(fixture)
    missing = []
    for n, it in enumerate(lecture_iterations(3), start=1):
        values = [*it["h"], it["out"], it["E"], it["D"], *it["new"]]
        missing += [(n, rounded(v)) for v in values if not has_number(text, rounded(v))]
    assert missing == []


def test_pdf_shows_true_iteration_2_prediction_not_the_slides_slip(slides_zh):
    _, _, text = slides_zh
    second = lecture_iterations(2)[1]["out"]
    assert rounded(second) == "0.2557"
    assert has_number(text, "0.2557")
    assert not has_number(text, "0.2571")


def test_pdf_has_sections_and_one_derivation_per_weight(slides_zh, slides_en):
    for (_, _, text), heading in ((slides_zh, "误差的反向传播"), (slides_en, "Backpropagation")):
        assert heading in text
    tex, _, _ = slides_en
    assert len(re.findall(r"^% derivation of", tex, flags=re.M)) == 6


def test_chinese_title_shows_in_both_languages(slides_zh, slides_en):
    title = load_network("slides").title
    for _, _, text in (slides_zh, slides_en):
        assert title in text.replace(" ", "")


def test_pdf_metadata_title_is_the_documents_title(slides_zh, slides_en, tmp_path):
    expected = {
        "zh": "一个简单的神经网络：反向传播推导",
        "en": "一个简单的神经网络: the backpropagation derivation",
    }
    for lang, (_, pdf, _) in (("zh", slides_zh), ("en", slides_en)):
        path = tmp_path / f"{lang}.pdf"
        path.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
        title = next(line for line in info.stdout.splitlines() if line.startswith("Title:"))
        assert title.split(":", 1)[1].strip() == expected[lang]


def test_title_per_language_reaches_text_and_metadata(tmp_path_factory):
    spec = {
        "name": "titled",
        "title": {"zh": "两层网络", "en": "A two-layer network & more"},
        "inputs": 1,
        "layers": [{"units": 1}],
        "example": {"x": [1], "y": [1]},
    }
    path = tmp_path_factory.mktemp("titled") / "en.pdf"
    path.write_bytes(compile_pdf(render_latex(spec, DocumentOptions(lang="en", steps=1))))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    title = next(line for line in info.stdout.splitlines() if line.startswith("Title:"))
    assert (
        title.split(":", 1)[1].strip()
        == "A two-layer network & more: the backpropagation derivation"
    )
    assert "两层网络" not in pdf_text(path.read_bytes(), tmp_path_factory)


def test_pdf_embeds_hash_of_its_source(slides_en):
    tex, pdf, _ = slides_en
    assert pdf.startswith(b"%PDF")
    assert embedded_source_hash(pdf) == source_hash(tex)


def test_layered_example_compiles_in_both_languages(tmp_path_factory):
    for lang in ("zh", "en"):
        tex = render_latex("layered-3-3-1", DocumentOptions(lang=lang))
        pdf = compile_pdf(tex)
        text = pdf_text(pdf, tmp_path_factory)
        assert "σ" in text
        assert embedded_source_hash(pdf) == source_hash(tex)


def test_tex_failure_carries_log_lines():
    broken = "\\documentclass{article}\\begin{document}\\undefinedmacro\\end{document}\n"
    with pytest.raises(TexError) as caught:
        compile_pdf(broken)
    message = str(caught.value)
    assert "Undefined control sequence" in message and "\n" not in message


def test_missing_engine_is_one_line_with_install_command(cli, tmp_path):
    env = {"PATH": str(tmp_path)}  # no latexmk, no xelatex
    result = cli("pdf", "slides", "-o", str(tmp_path / "x.pdf"), env=env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "apt-get install latexmk texlive-xetex" in lines[0]
    assert not (tmp_path / "x.pdf").exists()


def test_missing_engine_raises_from_the_api(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(TexMissingError):
        compile_pdf("\\documentclass{article}\\begin{document}x\\end{document}")
