"""A .docx made the way an office makes one, from a text of ../shared/corpus (for the tests of ``vanban nhap``).

Typed in Word style with python-docx: Word's default template (no vanban styles), direct formatting only
(Times New Roman 14, bold/italic runs, centred or justified paragraphs, a first-line indent), numbers typed by
hand in the text, the header as a borderless two-column table or typed with tabs, Nơi nhận and the signature
side by side in a table. The corpus texts are Markdown-like transcriptions (``**bold**``, ``*italic*``, rules
of dashes); :func:`parse` splits one into the parts a clerk would type.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

_RULE = re.compile(r"^[\s*_\-–—=]*$")
_MARK = re.compile(r"(\*\*|\*)")


@dataclass
class Line:
    text: str  # markers removed
    bold: bool
    italic: bool
    runs: list[tuple[str, bool, bool]]  # (text, bold, italic)


def _line(raw: str) -> Line:
    runs, bold, italic, buf = [], False, False, ""
    for piece in _MARK.split(raw):
        if piece == "**":
            if buf:
                runs.append((buf, bold, italic))
                buf = ""
            bold = not bold
        elif piece == "*":
            if buf:
                runs.append((buf, bold, italic))
                buf = ""
            italic = not italic
        else:
            buf += piece
    if buf:
        runs.append((buf, bold, italic))
    runs = [(t.replace("\\", ""), b, i) for t, b, i in runs if t]
    text = "".join(t for t, _, _ in runs)
    letters = [(t, b, i) for t, b, i in runs if t.strip()]
    return Line(" ".join(text.split()), bool(letters) and all(b for _, b, _ in letters),
                bool(letters) and all(i for _, _, i in letters), runs)


@dataclass
class Parsed:
    agency: list[Line] = field(default_factory=list)
    number: str = ""
    subject: list[Line] = field(default_factory=list)  # V/v lines of a công văn
    date: str = ""
    title: list[Line] = field(default_factory=list)  # tên loại and trích yếu (centred)
    address: list[Line] = field(default_factory=list)  # Kính gửi block or "… điện:" block
    body: list[Line] = field(default_factory=list)
    noi_nhan: list[str] = field(default_factory=list)
    signature: list[Line] = field(default_factory=list)
    notes: list[Line] = field(default_factory=list)  # footnotes typed after the signature ("[1] …")
    #: the phụ lục after the signature, each from its label ("PHỤ LỤC", "PHỤ LỤC II") on, on a page of its own
    appendices: list[list[Line]] = field(default_factory=list)


_APPENDIX = re.compile(r"^(PHỤ LỤC|Phụ lục)(\s+([IVXLC]+|\d+))?$")


def corpus_text(name: str) -> str:
    text = (CORPUS / name).read_text(encoding="utf-8")
    return text.split("\n\n", 1)[1]


def parse(text: str) -> Parsed:
    lines = [_line(raw) for raw in text.splitlines()]
    lines = [line for line in lines if line.text and not _RULE.match(line.text)]
    out = Parsed()
    i = 0
    while not lines[i].text.startswith("CỘNG HÒA"):
        out.agency.append(lines[i])
        i += 1
    i += 2  # Quốc hiệu, Tiêu ngữ
    out.number = lines[i].text
    i += 1
    while not re.search(r", ngày\b", lines[i].text):
        out.subject.append(lines[i])
        i += 1
    out.date = lines[i].text
    i += 1
    while i < len(lines) and not lines[i].text.startswith("Kính gửi") and not lines[i].text.endswith("điện:") and \
            (not out.subject and (lines[i].text == lines[i].text.upper() or lines[i].bold) and len(out.title) < 3):
        out.title.append(lines[i])
        i += 1
    if i < len(lines) and (lines[i].text.startswith("Kính gửi") or lines[i].text.endswith("điện:")):
        out.address.append(lines[i])
        i += 1
        while i < len(lines) and lines[i].text.startswith("- ") and (
                out.address[0].text.endswith(":") or len(out.address) > 1):
            out.address.append(lines[i])
            i += 1
    while i < len(lines) and not lines[i].text.startswith("Nơi nhận"):
        out.body.append(lines[i])
        i += 1
    i += 1
    while i < len(lines) and lines[i].text.startswith("-"):
        out.noi_nhan.append(lines[i].text)
        i += 1
    while i < len(lines) and not lines[i].text.startswith("[") and not _APPENDIX.match(lines[i].text):
        out.signature.append(lines[i])
        i += 1
    while i < len(lines) and _APPENDIX.match(lines[i].text):
        j = i + 1
        while j < len(lines) and not _APPENDIX.match(lines[j].text):
            j += 1
        out.appendices.append(lines[i:j])
        i = j
    out.notes = lines[i:]
    return out


def _font(run, size: float = 14, bold: bool = False, italic: bool = False) -> None:
    run.font.name = "Times New Roman"
    run.font.size = Pt(size)
    run.bold = bold or None
    run.italic = italic or None


def _para(container, text_or_runs, *, size: float = 14, bold: bool = False, italic: bool = False,
          align=WD_ALIGN_PARAGRAPH.CENTER, indent: bool = False):
    p = container.add_paragraph()
    p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Mm(12.7)
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(6) if indent else Pt(0)
    runs = [(text_or_runs, bold, italic)] if isinstance(text_or_runs, str) else text_or_runs
    for text, b, i in runs:
        _font(p.add_run(text), size, b or bold, i or italic)
    return p


def office_docx(parsed: Parsed, *, tabs: bool = False) -> bytes:
    """The .docx a clerk types: header in a table (or with tabs), typed numbers, direct formatting."""
    d = docx.Document()
    section = d.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    body = d.element.body  # python-docx's default document starts empty but for its section
    del body  # (nothing to clear)
    agency = [(line.text, line.bold) for line in parsed.agency]
    right = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, 13), ("Độc lập - Tự do - Hạnh phúc", True, 14)]
    if tabs:
        rows = max(len(agency), len(right))
        for n in range(rows):
            p = d.add_paragraph()
            p.paragraph_format.tab_stops.add_tab_stop(Mm(110), alignment=1)
            p.paragraph_format.space_after = Pt(0)
            if n < len(agency):
                _font(p.add_run(agency[n][0].upper()), 13, agency[n][1])
            p.add_run("\t")
            if n < len(right):
                _font(p.add_run(right[n][0]), right[n][2], True)
        p = d.add_paragraph()
        p.paragraph_format.tab_stops.add_tab_stop(Mm(110), alignment=1)
        _font(p.add_run(parsed.number), 13)
        p.add_run("\t")
        _font(p.add_run(parsed.date), 14, italic=True)
        for line in parsed.subject:
            _para(d, line.text, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    else:
        table = d.add_table(rows=2, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        left, right_cell = table.cell(0, 0), table.cell(0, 1)
        for cell in (left, right_cell, table.cell(1, 0), table.cell(1, 1)):
            cell.paragraphs[0].text = ""
        first = True
        for text, bold in agency:
            p = left.paragraphs[0] if first else left.add_paragraph()
            first = False
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(p.add_run(text.upper()), 13, bold)
        p = right_cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(right[0][0]), 13, True)
        _para(right_cell, right[1][0], bold=True)
        p = table.cell(1, 0).paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(parsed.number), 13)
        for line in parsed.subject:
            _para(table.cell(1, 0), line.text, size=12)
        p = table.cell(1, 1).paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(parsed.date), 14, italic=True)
    for n, line in enumerate(parsed.title):
        _para(d, line.text, bold=True)
    for n, line in enumerate(parsed.address):
        if n == 0 and line.text.endswith("điện:"):
            _para(d, line.runs)
        elif n == 0:
            _para(d, line.text, align=WD_ALIGN_PARAGRAPH.CENTER if len(parsed.address) == 1 else WD_ALIGN_PARAGRAPH.LEFT)
        else:
            p = _para(d, line.text, align=WD_ALIGN_PARAGRAPH.LEFT)
            p.paragraph_format.left_indent = Mm(30)
    _text(d, parsed.body)
    table = d.add_table(rows=1, cols=2)
    left, right_cell = table.cell(0, 0), table.cell(0, 1)
    p = left.paragraphs[0]
    _font(p.add_run("Nơi nhận:"), 12, True, True)
    for entry in parsed.noi_nhan:
        _para(left, entry, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    for line in parsed.signature:
        p = right_cell.paragraphs[0] if first else right_cell.add_paragraph()
        first = False
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(line.text), 14, True)
    for lines in parsed.appendices:  # on a new page: label and name centred bold, "(Kèm theo …)" italic, the text
        d.add_page_break()
        k = 1
        _para(d, lines[0].text, bold=True)
        while k < len(lines) and not lines[k].text.startswith("(") and lines[k].text.upper() == lines[k].text:
            _para(d, lines[k].text, bold=True)
            k += 1
        if k < len(lines) and lines[k].text.startswith(("(Kèm theo", "(Ban hành kèm theo")):
            _para(d, lines[k].text, italic=True)
            k += 1
        _text(d, lines[k:])
    for line in parsed.notes:
        _para(d, line.runs, size=10, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _text(d, lines: list[Line]) -> None:
    """Paragraphs justified with a first-line indent; the rows of a Markdown table as a Word table (bold header)."""
    rows: list[list[str]] = []
    for line in lines + [Line("", False, False, [])]:
        if line.text.startswith("|"):  # a Markdown table row of the transcription: a Word table
            cells = [c.strip() for c in line.text.strip().strip("|").split("|")]
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                rows.append(cells)
            continue
        if rows:
            table = d.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table.style = "Table Grid"
            for r, cells in enumerate(rows):
                for c, text in enumerate(cells):
                    p = table.cell(r, c).paragraphs[0]
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if r == 0 else WD_ALIGN_PARAGRAPH.LEFT
                    _font(p.add_run(text), 13, bold=r == 0)
            rows = []
        if line.text:
            _para(d, line.runs, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)


def source_words(parsed: Parsed) -> list[str]:
    """The words of the document as the corpus gives them (header, title, address, body, Nơi nhận, signer, phụ lục)."""
    parts = [line.text for line in parsed.agency] + ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    parts += [parsed.number] + [line.text for line in parsed.subject]
    parts += [parsed.date] + [line.text for line in parsed.title] + [line.text for line in parsed.address]
    parts += _words(parsed.body)
    parts += ["Nơi nhận:"] + parsed.noi_nhan + [line.text for line in parsed.signature]
    parts += _words([line for lines in parsed.appendices for line in lines])
    parts += [line.text for line in parsed.notes]
    return " ".join(parts).split()


def _words(lines: list[Line]) -> list[str]:
    parts = []
    for line in lines:
        if line.text.startswith("|"):
            cells = [c.strip() for c in line.text.strip().strip("|").split("|")]
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                parts += cells
        else:
            parts.append(line.text)
    return parts
