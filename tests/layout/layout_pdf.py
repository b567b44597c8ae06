"""Reading a rendered PDF back as lines with positions (poppler's ``pdftotext -tsv``), and the page-level
properties of issue 16 checked on them."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: Points per millimetre.
PT_PER_MM = 72 / 25.4
#: The page number sits in the top margin (20 mm, §3.15): any digits-only line above this is one.
PAGE_NUMBER_ZONE_PT = 20 * PT_PER_MM


@dataclass(frozen=True)
class PdfLine:
    page: int  # 1-based
    top: float  # points from the top of the page
    bottom: float
    left: float
    text: str


def pdf_lines(pdf: Path) -> tuple[int, list[PdfLine]]:
    """The number of pages and every text line (words grouped as poppler groups them into lines)."""
    out = subprocess.run(["pdftotext", "-tsv", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True,
                         timeout=60).stdout.decode("utf-8")
    pages = 0
    groups: dict[tuple, list] = {}
    for row in out.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12:
            continue
        level, page = int(cols[0]), int(cols[1])
        pages = max(pages, page)
        if level != 5:
            continue
        key = (page, int(cols[2]), int(cols[3]), int(cols[4]))
        left, top, width, height = (float(c) for c in cols[6:10])
        groups.setdefault(key, []).append((left, top, top + height, cols[11]))
    lines = []
    for (page, *_), words in groups.items():
        words.sort()
        lines.append(PdfLine(page, min(w[1] for w in words), max(w[2] for w in words), words[0][0],
                             " ".join(w[3] for w in words)))
    lines.sort(key=lambda line: (line.page, line.top, line.left))
    return pages, lines


def is_page_number(line: PdfLine) -> bool:
    return line.bottom < PAGE_NUMBER_ZONE_PT and re.fullmatch(r"\d+", line.text) is not None


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def violations(case, pages: int, lines: list[PdfLine]) -> list[str]:
    """What the rendering of ``case`` breaks, one message per property (empty: all hold)."""
    found: list[str] = []
    by_page: dict[int, list[PdfLine]] = {p: [] for p in range(1, pages + 1)}
    for line in lines:
        by_page[line.page].append(line)

    # 1. the signature block (Nơi nhận, quyền hạn, chức vụ, name) on one page
    where = {}
    for text in case.signature_texts:
        hits = [line.page for line in lines if text in line.text]
        where[text] = max(hits) if hits else None
    if None in where.values():
        found.append(f"signature text not found: {[t for t, p in where.items() if p is None]}")
    elif len(set(where.values())) > 1:
        found.append(f"signature block split over pages: {where}")

    # 2. no page without body text (a page holding nothing or only its number)
    for page, page_lines in by_page.items():
        if not [line for line in page_lines if not is_page_number(line)]:
            found.append(f"page {page} holds no text but its number")

    # 3. header lines on one rendered line (page 1)
    first = [squash(line.text) for line in by_page.get(1, [])]
    for text in case.one_line:
        if not any(text in line for line in first):
            found.append(f"header line not on one line: {text!r}")

    # 4. no heading or ":" lead-in as the last line of a page
    for page, page_lines in by_page.items():
        if page == pages:
            continue
        body = [line for line in page_lines if not is_page_number(line)]
        if not body:
            continue
        last = squash(max(body, key=lambda line: (line.bottom, line.left)).text)
        for keep in case.keep_texts:
            if len(last) >= 8 and last in keep:
                found.append(f"page {page} ends with a heading or lead-in: {last!r}")

    # 5. page numbers from page 2, restarted in an appendix (its first page without a number)
    appendix_start = None
    if case.appendix:
        starts = [line.page for line in lines if "DANH SÁCH ĐƠN VỊ BÁO CÁO" in line.text]
        appendix_start = starts[0] if starts else None
        if appendix_start is None:
            found.append("appendix title not found")
    for page, page_lines in by_page.items():
        numbers = [line.text for line in page_lines if is_page_number(line)]
        if appendix_start is not None and page >= appendix_start:
            expected = page - appendix_start + 1
        else:
            expected = page
        want = [] if expected == 1 else [str(expected)]
        if numbers != want:
            found.append(f"page {page}: number {numbers} where {want} was due")
    return found
