"""The package as users install it: the wheel built from the source, installed into a fresh virtual
environment outside the checkout, and the installed `vanban` run from a folder of its own, with no checkout
in sight (the Word template, the starters and the LibreOffice settings must all come from the wheel).

Slow tier (`make test-all`): building and installing take tens of seconds. Dependencies come from the package
index through pip's cache.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import ROOT
from pdfutil import require_office
from vanban import ooxml

pytestmark = [pytest.mark.wheel, pytest.mark.slow]

#: What the build reads from the checkout (pyproject names README.md and LICENSE).
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "vanban")
ABOUT = "tiếp tục đẩy mạnh cài đặt ứng dụng Bluezone"  # the trích yếu of the công văn starter


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "VANBAN_DEBUG")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _run(args: list, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, env=_clean_env(),
                            timeout=timeout)
    assert result.returncode == 0, f"{args}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


def _package_data() -> list[str]:
    """Every file of the package that is not Python source, as the checkout has it."""
    if shutil.which("git") and (ROOT / ".git").exists():
        listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "vanban"], capture_output=True, text=True,
                                check=True).stdout.split()
    else:
        listed = [str(p.relative_to(ROOT)) for p in (ROOT / "vanban").rglob("*") if p.is_file()]
    return sorted(name for name in listed if not name.endswith((".py", ".pyc")) and "__pycache__" not in name)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the sources (the checkout gets no build/ or *.egg-info)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", work / "dist", source], cwd=work)
    (built,) = (work / "dist").glob("vanban-*.whl")
    return built


@pytest.fixture(scope="module")
def vanban(wheel, tmp_path_factory) -> Path:
    """The `vanban` program of a fresh virtual environment (outside the checkout) where only the wheel is installed."""
    venv = tmp_path_factory.mktemp("venv")
    assert ROOT not in venv.parents, "the virtual environment must be outside the checkout"
    _run([sys.executable, "-m", "venv", venv], cwd=venv)
    _run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel], cwd=venv)
    where = _run([venv / "bin" / "python", "-c", "import vanban; print(vanban.__file__)"], cwd=venv).stdout.strip()
    assert Path(where).is_relative_to(venv), where  # the installed copy, not the checkout
    return venv / "bin" / "vanban"


def test_the_wheel_carries_every_file_read_at_run_time(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in _package_data() if name not in names]
    assert not missing, f"not in the wheel (add them to [tool.setuptools.package-data]): {missing}"
    assert "vanban/templates/nd30.docx" in names and "vanban/starters/cong_van.yaml" in names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    metadata = next(name for name in names if name.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode("utf-8")
    assert "License-Expression: MIT" in text


def _letter_text(path: Path) -> str:
    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs) + "\n" + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells)


def test_installed_vanban_writes_builds_checks_and_redlines_a_letter_outside_the_checkout(vanban, tmp_path):
    work = tmp_path / "van-thu"
    work.mkdir()
    new = _run([vanban, "new", "cong_van", "-o", "thu.yaml"], cwd=work)
    assert new.stdout.splitlines() == ["đã ghi thu.yaml", "đã ghi vanban.schema.json"]
    spec = (work / "thu.yaml").read_text(encoding="utf-8")
    assert spec.startswith("# yaml-language-server: $schema=vanban.schema.json\n")
    assert '"$schema"' in (work / "vanban.schema.json").read_text(encoding="utf-8")

    built = _run([vanban, "build", "thu.yaml"], cwd=work)
    assert built.stdout == f"đã ghi {Path('out') / 'thu.docx'}\n" and built.stderr == ""
    letter = work / "out" / "thu.docx"
    text = _letter_text(letter)
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", f"V/v {ABOUT}",
                     "Kính gửi:", "Nơi nhận:", "- Như trên;"):
        assert expected in text, expected
    # formatted by the template shipped in the wheel: its named styles are in the letter
    styles = {s.name for s in docx.Document(str(letter)).styles}
    assert {"VB Quốc hiệu", "VB Tiêu ngữ", "VB Nội dung"} <= styles

    checked = _run([vanban, "check", "thu.yaml", "out/thu.docx"], cwd=work)
    assert checked.stdout == "2 tệp: 0 lỗi, 0 cảnh báo\n"

    (work / "thu-sua.yaml").write_text(spec.replace("ngay: 2021-02-04", "ngay: 2021-02-05"), encoding="utf-8")
    diff = _run([vanban, "diff", "thu.yaml", "thu-sua.yaml", "--redline", "out/sua.docx"], cwd=work)
    assert "Ngày ban hành: 04/02/2021 → 05/02/2021" in diff.stdout.splitlines()
    root = ooxml.open_package((work / "out" / "sua.docx").read_bytes()).xml(ooxml.W_MAIN)
    inserted = ["".join(t.text for t in n.iter(ooxml.qn("w:t"))) for n in root.iter(ooxml.qn("w:ins"))]
    deleted = ["".join(t.text for t in n.iter(ooxml.qn("w:delText"))) for n in root.iter(ooxml.qn("w:del"))]
    assert "05" in inserted and "04" in deleted
    assert f"V/v {ABOUT}" in _letter_text(work / "out" / "sua.docx")
    assert sorted(p.name for p in work.iterdir()) == ["out", "thu-sua.yaml", "thu.yaml", "vanban.schema.json"]


@pytest.mark.libreoffice
def test_installed_vanban_previews_pages_with_libreoffice(vanban, tmp_path):
    require_office()
    _run([vanban, "new", "cong_van", "-o", "thu.yaml"], cwd=tmp_path)
    result = _run([vanban, "preview", "thu.yaml", "-o", "trang", "--dpi", "40"], cwd=tmp_path)
    pages = sorted(p.name for p in (tmp_path / "trang").iterdir())
    assert pages and pages[0] == "thu-1.png", result.stdout
    assert all((tmp_path / "trang" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for name in pages)
