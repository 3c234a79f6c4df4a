"""Project rules that are cheap to check mechanically: ruff, and symbolic never imports codegen."""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import ROOT


def test_ruff_lint_and_format_are_clean():
    for args in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_symbolic_never_imports_codegen():
    for path in (ROOT / "symbolic").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else []
            else:
                continue
            assert not any(n.split(".")[0] == "codegen" for n in names), path


def test_no_eval_on_text_in_the_product():
    """No eval/exec/sympify/parse_expr calls anywhere in symbolic/ or codegen/."""
    banned = {"eval", "exec", "sympify", "parse_expr", "parse_latex"}
    for package in ("symbolic", "codegen"):
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    func = node.func
                    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                    assert name not in banned, f"{path}:{node.lineno} calls {name}"
