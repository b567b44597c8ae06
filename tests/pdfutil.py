"""Helpers of the PDF tests: skipping without LibreOffice, reading PDFs back, finding stray processes."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from vanban.pdf.office import APT_PACKAGES, available


#: Whether the running test is marked ``libreoffice`` (set by tests/conftest.py before each test).
MARKED_LIBREOFFICE = False


def _only_in_the_libreoffice_tier() -> None:
    """A test that starts LibreOffice must be marked so: ``make test`` leaves them to ``make test-all``."""
    if not MARKED_LIBREOFFICE:
        pytest.fail("this test starts LibreOffice: mark it @pytest.mark.libreoffice", pytrace=False)


def soffice_program() -> str:
    """The ``soffice`` program for a test marked ``libreoffice``; skip with the reason when it is missing."""
    _only_in_the_libreoffice_tier()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    return soffice


def require_office() -> None:
    """Skip (with the reason shown by ``pytest -rs``) when LibreOffice or poppler is not installed."""
    _only_in_the_libreoffice_tier()
    if not available():
        pytest.skip(f"LibreOffice with python3-uno is not installed (apt-get install {APT_PACKAGES})")
    if not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils)")


def processes_mentioning(token: str) -> list[int]:
    """Live processes whose command line contains ``token`` (the pool's pipe names and profile paths do)."""
    found = []
    needle = token.encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    """True while ``pid`` exists at all (a zombie counts: it was not reaped)."""
    return Path(f"/proc/{pid}").exists()


def pdftotext_pages(pdf: Path) -> list[str]:
    """The text of each page as poppler lays it out (``-layout``: rows of the page, columns side by side)."""
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         check=True, timeout=60).stdout.decode("utf-8")
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def docx_with_document_xml(docx: bytes, document_xml: bytes) -> bytes:
    """A copy of a real .docx with ``word/document.xml`` replaced (for hostile inputs)."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            data = document_xml if info.filename == "word/document.xml" else source.read(info.filename)
            package.writestr(info.filename, data)
    return out.getvalue()


def stray_processes(token: str, pids=(), wait: float = 0.0) -> list[int]:
    """Processes of a pool still around (by token, or by pid if never reaped), after up to ``wait`` s."""
    deadline = time.monotonic() + wait
    while True:
        left = sorted(set(processes_mentioning(token)) | {p for p in pids if alive(p)})
        if not left or time.monotonic() >= deadline:
            return left
        time.sleep(0.1)

