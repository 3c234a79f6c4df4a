"""Spec text is data: titles, names and the spec's file name never become Python code or TeX.

Hostile titles and file names go through the real CLI into generated trainer modules, LaTeX
sources and a compiled PDF; the modules import without running anything extra and carry the
title exactly, the .tex keeps every header line a comment, and the PDF shows the payloads as text
without the content of the local file they try to include.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hardening_support import SLIDES, assert_one_line_error, spec_with, write_json

from conftest import ROOT

#: titles that once ran code on import or broke the generated module (issue 8, critical 1)
PYTHON_TITLES = {
    "docstring-end-and-code": 'x"""\nopen(MARKER, "w").close()\n"""',
    "backslash-N": "\\N",
    "windows-path": "C:\\x",
    "quotes-inside": 'a"""b',
    "nul-byte": "nul\x00byte",
    "trailing-backslash": "ends with \\",
    "line-separator": "line\u2028break\rcarriage",
    "bidi-override": "\u202eevil",
    "chinese": "一个简单的神经网络",
}


@pytest.fixture(scope="module")
def generated_modules(tmp_path_factory):
    """One trainer module per hostile title, written by ``nnderive codegen -o``."""
    folder = tmp_path_factory.mktemp("titles")
    marker = folder / "MARKER"
    modules = {}
    for key, title in PYTHON_TITLES.items():
        title = title.replace("MARKER", repr(str(marker)))
        spec = write_json(folder / f"{key}.json", spec_with(SLIDES, title=title, name="t"))
        out = folder / f"mod_{key.replace('-', '_')}.py"
        result = subprocess.run(
            [sys.executable, "-m", "codegen", "codegen", str(spec), "-o", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        modules[out.stem] = title
    return folder, marker, modules


def test_every_title_imports_without_running_code_and_reads_back_exactly(generated_modules):
    folder, marker, modules = generated_modules
    probe = (
        "import importlib, json, sys\n"
        f"sys.path.insert(0, {str(folder)!r})\n"
        "out = {}\n"
        f"for name in {sorted(modules)!r}:\n"
        "    m = importlib.import_module(name)\n"
        "    out[name] = [m.TITLE, m.TITLE in m.__doc__, m.SPEC_NAME]\n"
        "print(json.dumps(out))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=folder, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout)
    for name, title in modules.items():
        assert seen[name] == [title, True, "t"], name
    assert not marker.exists()


def test_header_comments_stay_one_line_each(generated_modules):
    folder, _, modules = generated_modules
    for name in modules:
        head = (folder / f"{name}.py").read_text(encoding="utf-8").splitlines()[:3]
        assert all(line.startswith("# ") for line in head), head


#: TeX payloads: each would read a file, run a program or change how TeX reads the rest
TEX_PAYLOADS = (
    r"\input{SECRET} \write18{touch MARKER} \catcode`\%=12 \AtBeginDocument{\input{SECRET}}"
    r" ^^5cinput{SECRET} $x_1$ & # ~ % {unbalanced"
)


@pytest.fixture(scope="module")
def hostile_document(tmp_path_factory):
    """A PDF from a spec whose title and file name carry TeX payloads (one compilation)."""
    folder = tmp_path_factory.mktemp("tex")
    secret = folder / "secret.tex"
    secret.write_text("SECRETCONTENT\n", encoding="utf-8")
    marker = folder / "MARKER"
    # TeX's ^^2f is "/", so a file name (which cannot hold "/") can still name an absolute path
    hidden = str(secret).replace("/", "^^2f")
    title = TEX_PAYLOADS.replace("SECRET", str(secret)).replace("MARKER", str(marker))
    name = f"x\n\\AtBeginDocument{{\\input{{{hidden}}}}}\n.json"
    spec = write_json(folder / name, spec_with(SLIDES, title=title, name="hostile"))
    tex_path, pdf_path = folder / "doc.tex", folder / "doc.pdf"
    for command, out in (("latex", tex_path), ("pdf", pdf_path)):
        result = subprocess.run(
            [sys.executable, "-m", "codegen", command, str(spec), "--lang", "en", "-o", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr[-3000:]
    text = subprocess.run(
        ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return tex_path.read_text(encoding="utf-8"), text, marker, title


def test_tex_header_lines_are_comments_with_the_file_name_escaped(hostile_document):
    tex, _, _, _ = hostile_document
    header = tex.split(r"\documentclass")[0].splitlines()
    assert len(header) == 4 and all(line.startswith("% ") for line in header), header
    assert "x\\n\\AtBeginDocument" in header[1]


def test_no_payload_reaches_tex_as_a_command(hostile_document):
    tex, _, _, title = hostile_document
    body = tex.split(r"\documentclass", 1)[1]
    for command in (r"\input{", r"\write18", r"\catcode", r"\AtBeginDocument", "^^5c"):
        assert command not in body, command
    assert title not in body


def test_pdf_shows_the_title_as_text_and_reads_no_local_file(hostile_document):
    _, text, marker, _ = hostile_document
    assert "SECRETCONTENT" not in text
    assert not marker.exists()
    flat = " ".join(text.split())
    for shown in ("\\input{", "\\write18{touch", "\\AtBeginDocument{", "{unbalanced"):
        assert shown in flat, shown


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "half \ud800 pair"),
        ("name", "net\n"),
        ("name", "a\nb"),
        ("inputs", ["i1\n", "i2"]),
    ],
)
def test_a_name_with_a_line_break_is_refused(cli, tmp_path, field, value):
    spec = write_json(tmp_path / "s.json", spec_with(SLIDES, **{field: value}))
    assert_one_line_error(cli("derive", str(spec)), field)


def test_an_error_naming_a_file_with_a_line_break_stays_one_line(cli, tmp_path):
    result = cli("derive", str(tmp_path / "no\nsuch.yaml"))
    assert "no\\nsuch.yaml" in assert_one_line_error(result)


def test_text_report_prints_the_title_on_one_line(cli, tmp_path):
    spec = write_json(tmp_path / "s.json", spec_with(SLIDES, title="two\nlines\x1b[31m"))
    result = cli("derive", str(spec), "--param", "w1")
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("slides: two\\nlines\\x1b[31m (slides notation"), first
    assert "\x1b" not in result.stdout


def test_json_report_is_valid_json_for_a_hostile_title(cli, tmp_path):
    spec = write_json(tmp_path / "s.json", spec_with(SLIDES, title='"}]\n\\u0000'))
    result = cli("derive", str(spec), "--format", "json", "--param", "w5")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["parameters"][0]["name"] == "w5"
