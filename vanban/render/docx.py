"""Model → .docx, laid out per Phụ lục I of Nghị định 30/2020/NĐ-CP.

Takes only a :class:`vanban.model.Document`; formatting comes from the named styles of the Word
template (``templates/nd30.docx``), geometry from the template's section. WordprocessingML
details are delegated to :mod:`vanban.ooxml`.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from .. import metrics, ooxml
from .. import model as m
from ..text import close_text, upper
from . import styles as st
from .template import REPO_TEMPLATE


@dataclass(frozen=True)
class _Geometry:
    text_width_mm: float

    @property
    def header_left(self) -> float:
        return round(self.text_width_mm * st.HEADER_LEFT_SHARE, 1)

    @property
    def header_right(self) -> float:
        return round(self.text_width_mm - self.header_left, 1)

    @property
    def signature_left(self) -> float:
        return round(self.text_width_mm * st.SIGNATURE_LEFT_SHARE, 1)

    @property
    def signature_right(self) -> float:
        return round(self.text_width_mm - self.signature_left, 1)


def _size(document, style_name: str) -> float:
    size = document.styles[style_name].font.size
    return size.pt if size is not None else 14.0


class DocxRenderer:
    """Render one document. Use :func:`render_docx`."""

    def __init__(self, template: Path | None = None):
        self.template = Path(template) if template else REPO_TEMPLATE

    def render(self, doc: m.Document) -> bytes:
        d = docx.Document(str(self.template))
        ooxml.clear_body(d)
        section = d.sections[0]
        geometry = _Geometry(ooxml.twips_to_mm(section.page_width.twips - section.left_margin.twips
                                               - section.right_margin.twips))
        self.d = d
        self.geometry = geometry
        self._header(doc)
        self._addressees(doc.distribution)
        self._body(doc.body)
        self._signature(doc)
        self._page_numbers(section)
        self._properties(doc)
        return ooxml.save_document(d)

    # helpers ---------------------------------------------------------------

    def _para(self, container, style: str, text: str = ""):
        paragraph = container.add_paragraph(style=style)
        if text:
            paragraph.add_run(text)
        return paragraph

    def _rich(self, paragraph, text: m.RichText) -> None:
        for span in text.spans:
            if span.link:
                ooxml.add_hyperlink(paragraph, span.link, span.text, bold=span.bold, italic=span.italic)
                continue
            run = paragraph.add_run(span.text)
            if span.bold:
                run.bold = True
            if span.italic:
                run.italic = True

    def _rule(self, cell, width_mm: float, cell_width_mm: float) -> None:
        """A solid rule of ``width_mm``, centred in the cell (bottom border of a tiny paragraph)."""
        paragraph = self._para(cell, st.DUONG_KE)
        side = max(0.0, (cell_width_mm - width_mm) / 2)
        paragraph.paragraph_format.left_indent = ooxml.mm(side)
        paragraph.paragraph_format.right_indent = ooxml.mm(side)
        ooxml.paragraph_border(paragraph._p, "bottom")

    def _lines(self, lines: tuple[str, ...], style: str, width_mm: float) -> tuple[str, ...]:
        """Upper-case lines; a single long line is broken into balanced lines that fit."""
        definition = self.d.styles[style]
        size = _size(self.d, style)
        bold = bool(definition.font.bold)
        out: list[str] = []
        for line in lines:
            out.extend(metrics.balance_lines(upper(line), size, width_mm - 1, bold=bold))
        return tuple(out)

    # ô 1–5: the header table -------------------------------------------------

    def _header(self, doc: m.Document) -> None:
        g = self.geometry
        table = self.d.add_table(rows=2, cols=2)
        ooxml.table_layout(table, [g.header_left, g.header_right])
        left, right = table.cell(0, 0), table.cell(0, 1)
        for cell in (left, right, table.cell(1, 0), table.cell(1, 1)):
            ooxml.empty_cell(cell)

        # ô 2: cơ quan chủ quản (not bold) and cơ quan ban hành (bold), a short rule below.
        for line in self._lines(doc.agency.parent, st.CHU_QUAN, g.header_left):
            self._para(left, st.CHU_QUAN, line)
        name_lines = self._lines(doc.agency.name, st.CO_QUAN, g.header_left)
        for line in name_lines:
            self._para(left, st.CO_QUAN, line)
        size = _size(self.d, st.CO_QUAN)
        longest = max(metrics.text_width_mm(line, size, bold=True) for line in name_lines)
        self._rule(left, longest * st.AGENCY_RULE_SHARE, g.header_left)

        # ô 1: Quốc hiệu and Tiêu ngữ, with a rule as long as the Tiêu ngữ.
        self._para(right, st.QUOC_HIEU, QUOC_HIEU)
        self._para(right, st.TIEU_NGU, TIEU_NGU)
        tn_width = metrics.text_width_mm(TIEU_NGU, _size(self.d, st.TIEU_NGU), bold=True)
        self._rule(right, tn_width, g.header_right)

        # ô 3 + ô 5b (left) on the same row as ô 4 (right).
        self._para(table.cell(1, 0), st.SO_KY_HIEU, doc.number.line)
        self._para(table.cell(1, 0), st.TRICH_YEU_CV, doc.subject_line)
        self._para(table.cell(1, 1), st.DIA_DANH, doc.issued.line)

    # ô 9a: Kính gửi -------------------------------------------------------------

    def _addressees(self, dist: m.Distribution) -> None:
        lines = dist.addressee_lines
        if len(lines) == 1:
            paragraph = self._para(self.d, st.KINH_GUI, lines[0])
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            return
        size = _size(self.d, st.KINH_GUI)
        label = metrics.text_width_mm("Kính gửi:", size)
        widest = max(metrics.text_width_mm(line, size) for line in lines[1:])
        # "Kính gửi:" right of centre (ô 9a); the dashes start under its colon. Move the block
        # left when the longest recipient would otherwise wrap, but keep it off the margin.
        indent = min(35.0, max(10.0, self.geometry.text_width_mm - label - widest - 2))
        head = self._para(self.d, st.KINH_GUI, lines[0])
        head.paragraph_format.left_indent = ooxml.mm(indent)
        for line in lines[1:]:
            item = self._para(self.d, st.KINH_GUI, line)
            item.paragraph_format.space_before = Pt(0)
            item.paragraph_format.left_indent = ooxml.mm(indent + label - 1.5)

    # ô 6: body -------------------------------------------------------------------

    def _body(self, blocks: tuple[m.Block, ...]) -> None:
        paragraphs = list(_flatten(blocks))
        label, text = paragraphs[-1]
        paragraphs[-1] = (label, close_text(text))
        first = True
        for label, text in paragraphs:
            paragraph = self._para(self.d, st.NOI_DUNG)
            if first:
                paragraph.paragraph_format.space_before = Pt(12)  # a clear gap after Kính gửi
                first = False
            if label:
                paragraph.add_run(label + " ")
            self._rich(paragraph, text)

    # ô 7 + ô 9b: Nơi nhận and signature side by side -------------------------------

    def _signature(self, doc: m.Document) -> None:
        g = self.geometry
        table = self.d.add_table(rows=1, cols=2)
        ooxml.table_layout(table, [g.signature_left, g.signature_right])
        left, right = table.cell(0, 0), table.cell(0, 1)
        for cell in (left, right):
            ooxml.empty_cell(cell)
        self._para(left, st.NOI_NHAN_TIEU_DE, "Nơi nhận:")
        for line in doc.distribution.lines:
            self._para(left, st.NOI_NHAN, line)
        for line in doc.signature.all_lines:
            self._para(right, st.QUYEN_HAN, upper(line))
        self._para(right, st.HO_TEN, doc.signature.name)

    # page numbers and properties ----------------------------------------------------

    def _page_numbers(self, section) -> None:
        """Số trang: centred in the top margin, from page 2 (first page header left empty)."""
        ooxml.set_title_page(section)
        first = section.first_page_header
        first.is_linked_to_previous = False
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.style = self.d.styles[st.SO_TRANG]
        ooxml.add_page_field(paragraph)

    def _properties(self, doc: m.Document) -> None:
        props = self.d.core_properties
        props.title = doc.subject_line
        props.subject = doc.number.line.replace("Số:", "").strip()
        props.author = " ".join(doc.agency.name)
        props.last_modified_by = "vanban"
        props.keywords = "Nghị định 30/2020/NĐ-CP"
        props.revision = 1
        props.comments = ""
        when = _dt.datetime(doc.issued.year, doc.issued.month or 1, doc.issued.day or 1)
        props.created = props.modified = when


QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


def _flatten(blocks: tuple[m.Block, ...]):
    """Body blocks as (label, text) paragraphs in reading order; labels are plain text."""
    for block in blocks:
        if isinstance(block, m.Paragraph):
            yield "", block.text
            continue
        for item in block.items:
            yield item.label, item.text
            yield from _flatten(item.children)


def render_docx(doc: m.Document, template: Path | None = None) -> bytes:
    return DocxRenderer(template).render(doc)
