"""What ``vanban build --pdf`` and ``vanban preview`` do with the pool: PDFs beside the .docx, PNG pages.

The PDF is the form in which a văn bản điện tử is signed digitally and sent (Nghị định 30, Điều 5; §7 of
``shared/nd30.md``); PDF/A-2b (``--pdf-a``) is the archival profile. Its metadata come from the model:
title = tên loại và trích yếu (ô 5a; "V/v …" of a công văn, ô 5b), subject = số và ký hiệu (ô 3),
author = cơ quan ban hành (ô 2).
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path
from typing import Callable, Sequence

from ..diagnostics import Diagnostic, Position, Severity, UserError
from ..fsio import write_atomic
from ..model import Document
from .office import find_office, find_pdftoppm
from .pool import OfficePool, PdfJob

DEFAULT_DPI = 96
PDFTOPPM_TIMEOUT = 120.0


def pdf_metadata(doc: Document) -> dict:
    """Title (trích yếu), subject (số/ký hiệu) and author (cơ quan ban hành) of the PDF, from the model."""
    number = doc.number.line.replace("Số:", "").strip()
    issuer = " ".join(doc.agency.name)
    return {"title": doc.title, "subject": number, "author": issuer,
            "keywords": [number, issuer, "Nghị định 30/2020/NĐ-CP"]}


def write_pdfs(built: Sequence[tuple[Path, Document]], pdfa: bool,
               say: Callable[[str], None]) -> list[Diagnostic]:
    """Convert each written .docx into the .pdf beside it (atomically); return the failures.

    When a document cannot be converted, an older .pdf of the same name is removed, so the folder never
    holds a PDF that does not match the .docx beside it.
    """
    if not built:
        return []
    problems: list[Diagnostic] = []
    jobs = [PdfJob(docx, str(docx), pdfa=pdfa, meta=pdf_metadata(doc)) for docx, doc in built]
    with OfficePool(workers=None, office=find_office()) as pool:
        results = pool.convert_many(jobs)
    for (docx, _doc), result in zip(built, results):
        target = docx.with_suffix(".pdf")
        if result.ok:
            write_atomic(target, result.pdf)
            say(f"đã ghi {target}" + (" (PDF/A-2b)" if pdfa else ""))
            continue
        problems.append(result.error)
        if target.exists():
            target.unlink()
            problems.append(Diagnostic("VB813", Severity.WARNING,
                                       "đã xóa bản PDF cũ không còn khớp với tệp .docx", "", Position(str(target))))
    return problems


_PAGE = re.compile(r"-(\d+)\.png$")


def pdf_pages_to_png(pdf: bytes, dpi: int = DEFAULT_DPI, label: str = "") -> list[bytes]:
    """Each page of ``pdf`` as PNG bytes, rendered by poppler's pdftoppm at ``dpi``."""
    pdftoppm = find_pdftoppm()
    with tempfile.TemporaryDirectory(prefix="vanban-preview-") as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        try:
            subprocess.run([str(pdftoppm), "-png", "-r", str(dpi), str(source), str(Path(tmp) / "page")],
                           check=True, capture_output=True, timeout=PDFTOPPM_TIMEOUT, stdin=subprocess.DEVNULL)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            detail = exc.stderr.decode("utf-8", "replace").strip()[:300] if getattr(exc, "stderr", None) else ""
            raise UserError([Diagnostic("VB814", Severity.ERROR, "pdftoppm không dựng được ảnh trang", "",
                                        Position(label or str(source)), detail)]) from None
        pages = sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(_PAGE.search(p.name).group(1)))
        return [p.read_bytes() for p in pages]


def write_previews(outdir: Path, stem: str, pngs: Sequence[bytes]) -> list[Path]:
    """Write ``<stem>-1.png`` … atomically; remove pages of an older, longer preview of the same name."""
    written = [write_atomic(outdir / f"{stem}-{n}.png", data) for n, data in enumerate(pngs, 1)]
    stale = re.compile(rf"^{re.escape(stem)}-(\d+)\.png$")
    for old in (outdir.iterdir() if outdir.is_dir() else ()):
        match = stale.match(old.name)
        if match and int(match.group(1)) > len(pngs):
            old.unlink()
    return written


def preview(items: Sequence[tuple[str, bytes, Document]], outdir: Path, dpi: int,
            say: Callable[[str], None]) -> list[Diagnostic]:
    """PNG pages of each (stem, docx bytes, model) in ``outdir``; return the failures."""
    find_pdftoppm()
    if not items:
        return []
    problems: list[Diagnostic] = []
    jobs = [PdfJob(data, label, meta=pdf_metadata(doc)) for label, data, doc in items]
    with OfficePool(office=find_office()) as pool:
        results = pool.convert_many(jobs)
    for (label, _data, _doc), result in zip(items, results):
        if not result.ok:
            problems.append(result.error)
            continue
        stem = Path(label).stem
        written = write_previews(outdir, stem, pdf_pages_to_png(result.pdf, dpi, label))
        say(f"đã ghi {', '.join(str(p) for p in written)} ({len(written)} trang)")
    return problems
