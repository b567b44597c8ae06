"""The layer contract (``.importlinter``): spec → model → render → services → app → cli, checked by import-linter
on the package, and shown to fail when a lower layer imports a higher one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

LINT = Path(sys.executable).with_name("lint-imports")


def lint(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT), "--config", str(ROOT / ".importlinter"), "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def linter():
    if not LINT.exists():
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    return lint


def test_the_package_keeps_its_layers(linter):
    result = linter(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


@pytest.mark.parametrize("module, planted", [
    ("model/walk.py", "from .. import app  # noqa\n"),  # the model reaching up to the pipeline
    ("spec/loader.py", "from ..render import docx as _docx  # noqa\n"),  # the reader importing a writer
    ("checker/rules.py", "from .. import copies as _copies  # noqa\n"),  # one service importing another
])
def test_a_planted_upward_import_breaks_the_contract(linter, tmp_path, module, planted):
    shutil.copytree(ROOT / "vanban", tmp_path / "vanban", ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / "vanban" / module
    target.write_text(target.read_text(encoding="utf-8") + planted, encoding="utf-8")
    result = linter(tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout.upper()
