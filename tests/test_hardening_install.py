"""Install on a fresh Debian/Ubuntu: .ci/setup uses a venv in the clone, never the system Python.

The README's two commands and .ci/run agree. .ci/setup itself runs here against stand-ins for
apt-get, sudo, the TeX tools and Debian's python3 (a real apt-get or pip would need root and the
network): with a python3 that cannot make a venv it installs python3-venv and python3-pip, then
makes .venv and installs into it; run again, it reuses .venv and installs nothing from Debian.
The real run on this machine — a fresh clone, PATH=/usr/bin:/bin, Debian's python3 — is
described in the README and was checked by hand (see the report of issue 8).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hardening_support import assert_one_line_error

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")

#: stand-ins: each logs "name args" to $STUB_LOG; python3 makes a venv only after the
#: python3-venv package was "installed" (before that it leaves one without pip, as Debian does)
STUBS = {
    "apt-get": 'echo "apt-get $*" >> "$STUB_LOG"\n'
    'case " $* " in *" python3-venv "*) touch "$STUB_DIR/venv-installed";; esac\n',
    "sudo": 'echo "sudo $*" >> "$STUB_LOG"\nexec "$@"\n',
    "python3": 'echo "python3 $*" >> "$STUB_LOG"\n'
    'if [ "$1 $2" = "-m venv" ]; then\n'
    '  mkdir -p "$3/bin"\n'
    '  if [ -e "$STUB_DIR/venv-installed" ]; then cp "$STUB_DIR/venv-python" "$3/bin/python";\n'
    '  else printf "#!/bin/sh\\nexit 1\\n" > "$3/bin/python"; fi\n'
    '  chmod +x "$3/bin/python"\n'
    '  [ -e "$STUB_DIR/venv-installed" ] || exit 1\n'
    "  exit 0\n"
    "fi\n"
    f'exec {sys.executable} "$@"\n',
    "venv-python": 'echo "venv-python $*" >> "$STUB_LOG"\nexit 0\n',
    "kpsewhich": '[ -e "$STUB_DIR/no-tex" ] && exit 1\nexit 0\n',
}
TEX_TOOLS = ("xelatex", "latexmk", "pdftotext", "pdftoppm")


@pytest.fixture
def clone(tmp_path):
    """A folder shaped like a clone (.ci/setup and pyproject.toml) and a folder of stand-ins."""
    (tmp_path / "clone" / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / ".ci" / "setup", tmp_path / "clone" / ".ci" / "setup")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "clone" / "pyproject.toml")
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    for name, body in {**STUBS, **dict.fromkeys(TEX_TOOLS, "exit 0\n")}.items():
        path = stubs / name
        path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
        path.chmod(0o755)
    return tmp_path / "clone", stubs


def run_setup(clone_dir: Path, stubs: Path) -> tuple[subprocess.CompletedProcess, list[str]]:
    log = stubs / "log"
    log.write_text("", encoding="utf-8")
    result = subprocess.run(
        ["sh", str(clone_dir / ".ci" / "setup")],
        env={"PATH": f"{stubs}:/usr/bin:/bin", "STUB_LOG": str(log), "STUB_DIR": str(stubs)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result, log.read_text(encoding="utf-8").splitlines()


def test_fresh_machine_gets_python3_venv_then_a_venv_in_the_clone(clone):
    clone_dir, stubs = clone
    result, calls = run_setup(clone_dir, stubs)
    assert result.returncode == 0, result.stderr
    installs = [c for c in calls if c.startswith("apt-get install")]
    assert installs == ["apt-get install -y -qq python3-venv python3-pip"], calls
    assert "python3 -m venv .venv" in calls
    assert calls[-1] == "venv-python -m pip install -q --disable-pip-version-check -e .[test]"
    assert not [c for c in calls if c.startswith("python3 -m pip")], calls  # system untouched


def test_a_second_run_reuses_the_venv_and_installs_nothing_from_debian(clone):
    clone_dir, stubs = clone
    assert run_setup(clone_dir, stubs)[0].returncode == 0
    result, calls = run_setup(clone_dir, stubs)
    assert result.returncode == 0, result.stderr
    assert not [c for c in calls if c.startswith(("apt-get", "python3 -m venv"))], calls
    assert calls[-1].startswith("venv-python -m pip install")


def test_missing_tex_packages_are_installed_with_the_tex_set(clone):
    clone_dir, stubs = clone
    (stubs / "no-tex").touch()
    (stubs / "venv-installed").touch()
    result, calls = run_setup(clone_dir, stubs)
    assert result.returncode == 0, result.stderr
    installs = [c for c in calls if c.startswith("apt-get install")]
    assert installs == [
        "apt-get install -y -qq latexmk texlive-xetex texlive-lang-chinese texlive-latex-extra "
        "texlive-pictures poppler-utils"
    ], calls


def test_setup_never_installs_into_the_system_python():
    lines = (ROOT / ".ci" / "setup").read_text(encoding="utf-8").splitlines()
    code = [line for line in lines if not line.lstrip().startswith("#")]
    assert not [line for line in code if "break-system-packages" in line]
    pip_lines = [line for line in code if "pip install" in line]
    assert pip_lines == [
        '.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"'
    ]


def test_ci_run_is_the_readme_test_command_and_both_commands_use_the_venv():
    commands = re.findall(r"^(\./\.ci/setup && .+)$", README, flags=re.M)
    assert commands == [
        "./.ci/setup && .venv/bin/nnderive pdf slides -o slides.pdf",
        "./.ci/setup && .venv/bin/python -m pytest",
    ]
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert run[-1] == commands[1]


def test_regenerate_outside_a_source_checkout_is_one_line(tmp_path):
    """An installed copy (the packages without the checkout around them) refuses regenerate."""
    for package in ("codegen", "symbolic"):
        shutil.copytree(ROOT / package, tmp_path / package)
    result = subprocess.run(
        [sys.executable, "-m", "codegen", "regenerate", "--check"],
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert_one_line_error(result, "is not a source checkout", "git clone")
