"""Model → .docx, laid out per Phụ lục I of Nghị định 30/2020/NĐ-CP.

Takes only a :class:`vanban.model.Document`; formatting comes from the named styles of the Word
template (``templates/nd30.docx``), geometry from the template's section. WordprocessingML
details are delegated to :mod:`vanban.ooxml`.
"""

from __future__ import annotations

from ..gcpause import without_gc

import datetime as _dt
import gc
import io
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from .. import metrics, ooxml
from .. import model as m
from ..model.decree import QUOC_HIEU, TIEU_NGU, upper
from . import header, styles as st
from .forms import render_attachments
from .lines import Line, body_lines, closed_content_lines
from .tables import render_table, unit_line
from .template import REPO_TEMPLATE, read_template


@dataclass(frozen=True)
class _Geometry:
    text_width_mm: float

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
        self.template = Path(template) if template else None

    def render(self, doc: m.Document) -> bytes:
        if self.template is None:
            d = docx.Document(str(REPO_TEMPLATE))
        else:  # an office's template: through the gate and the package limits, external links removed
            d = docx.Document(io.BytesIO(read_template(self.template)[0]))
        ooxml.clear_body(d)
        section = d.sections[0]
        geometry = _Geometry(ooxml.twips_to_mm(section.page_width.twips - section.left_margin.twips
                                               - section.right_margin.twips))
        self.d = d
        self.footnote_ids: dict[str, int] = {}  # footnote label → its id, in the order of the references
        self.paragraphs = ooxml.ParagraphAppender(d)
        self.geometry = geometry
        self._header(doc)
        if doc.type.has_named_title:
            self._title(doc.type, doc.subject)
        self._preamble(doc)
        if doc.type is m.DocumentType.CONG_DIEN:
            self._cong_dien(doc)
        elif doc.distribution.addressees:
            self._addressees(doc.distribution)
        self._body(closed_content_lines(doc), close=False)
        if doc.second_signature is not None:
            self._minutes_signatures(doc)
        else:
            self._signature(doc)
        self._page_numbers(section)
        self._first_page_parts(doc, section)
        for enclosed in doc.enclosures:
            self._enclosure(doc, enclosed)
        render_attachments(d, doc, lambda lines, width: self._body(lines, keep_last=False, width=width, close=False))  # phụ lục / biểu mẫu, each in its own section (vanban.forms)
        self._footnotes(doc)
        self._properties(doc)
        return ooxml.save_document(d)

    # helpers ---------------------------------------------------------------

    def _footnote_id(self, label: str) -> int:
        """The id of a footnote in the part: 1, 2, … in the order the references are written (as Word numbers)."""
        return self.footnote_ids.setdefault(label, len(self.footnote_ids) + 1)

    def _footnotes(self, doc: m.Document) -> None:
        """Chú thích cuối trang: the notes referenced, in ``word/footnotes.xml``, 12 pt (Nghị định 30 sets no
        size for them; 12 is the size of the Nơi nhận title and of the tables, §3.10)."""
        if not self.footnote_ids:
            return
        texts = dict(doc.footnotes)
        notes = [(number, tuple(ooxml.CellRun(s.text, s.bold, s.italic, s.underline) for s in texts[label].spans
                                if s.text)) for label, number in self.footnote_ids.items()]
        ooxml.add_footnotes_part(self.d, notes, st.FOOTNOTE_SIZE_PT)

    def _para(self, container, style: str, text: str = ""):
        paragraph = self.paragraphs.add(container, style)  # constant time: a letter of 40,000 paragraphs is linear
        if text:
            ooxml.add_text_run(paragraph, text)
        return paragraph

    def _rich(self, paragraph, text: m.RichText) -> None:
        for span in text.spans:
            if span.footnote is not None:
                ooxml.add_footnote_reference(paragraph, self._footnote_id(span.footnote))
                continue
            if span.link:
                ooxml.add_hyperlink(paragraph, span.link, span.text, bold=span.bold, italic=span.italic)
                continue
            run = ooxml.add_text_run(paragraph, span.text)
            if span.bold:
                run.bold = True
            if span.italic:
                run.italic = True
            if span.underline:
                run.underline = True

    def _rule(self, cell, width_mm: float, cell_width_mm: float) -> None:
        """A solid rule of ``width_mm``, centred in the cell (bottom border of a tiny paragraph)."""
        paragraph = self._para(cell, st.DUONG_KE)
        side = max(0.0, (cell_width_mm - width_mm) / 2)
        paragraph.paragraph_format.left_indent = ooxml.mm(side)
        paragraph.paragraph_format.right_indent = ooxml.mm(side)
        ooxml.paragraph_border(paragraph, "bottom")

    def _balance(self, paragraph, text: str, style: str, width_mm: float) -> None:
        """Narrow a centred paragraph so its lines come out balanced: no lone word on the last line."""
        definition = self.d.styles[style]
        indent = header.balanced_indent(text, _size(self.d, style), width_mm, bold=bool(definition.font.bold),
                                        italic=bool(definition.font.italic))
        if indent:
            paragraph.paragraph_format.left_indent = ooxml.mm(indent)
            paragraph.paragraph_format.right_indent = ooxml.mm(indent)

    # ô 1–5: the header table -------------------------------------------------

    def _header(self, doc: m.Document, numbered: bool = True) -> None:
        """ô 1–4 (and 5b, 10a, 10b): a borderless table; ``numbered=False`` for a document issued with a
        decision (Mẫu 1.3), which has no số, ký hiệu or date of its own. Columns, date size and agency
        lines come from the measured text (:mod:`.header`)."""
        sizes = header.HeaderSizes(parent=_size(self.d, st.CHU_QUAN), name=_size(self.d, st.CO_QUAN),
                                   quoc_hieu=_size(self.d, st.QUOC_HIEU), tieu_ngu=_size(self.d, st.TIEU_NGU),
                                   date=_size(self.d, st.DIA_DANH))
        plan = header.layout(doc, self.geometry.text_width_mm, sizes, numbered)
        if numbered:
            self.header_plan = plan
        table = self.d.add_table(rows=2 if numbered else 1, cols=2)
        ooxml.table_layout(table, [plan.left_mm, plan.right_mm])
        left, right = table.cell(0, 0), table.cell(0, 1)
        cells = (left, right, table.cell(1, 0), table.cell(1, 1)) if numbered else (left, right)
        for cell in cells:
            ooxml.empty_cell(cell)

        # ô 2: cơ quan chủ quản (not bold) and cơ quan ban hành (bold), a short rule below.
        for line in plan.parent_lines:
            self._para(left, st.CHU_QUAN, line)
        for line in plan.name_lines:
            self._para(left, st.CO_QUAN, line)
        longest = max(metrics.text_width_mm(line, sizes.name, bold=True) for line in plan.name_lines)
        self._rule(left, min(longest, plan.left_mm) * st.AGENCY_RULE_SHARE, plan.left_mm)

        # ô 1: Quốc hiệu and Tiêu ngữ, with a rule as long as the Tiêu ngữ.
        self._para(right, st.QUOC_HIEU, QUOC_HIEU)
        self._para(right, st.TIEU_NGU, TIEU_NGU)
        tn_width = metrics.text_width_mm(TIEU_NGU, sizes.tieu_ngu, bold=True)
        self._rule(right, tn_width, plan.right_mm)
        if not numbered:
            return

        # ô 3 + ô 5b (left) on the same row as ô 4 (right); a biên bản has no date there (Mẫu 1.9).
        self._para(table.cell(1, 0), st.SO_KY_HIEU, doc.number.line)
        if doc.type is m.DocumentType.CONG_VAN:
            subject = self._para(table.cell(1, 0), st.TRICH_YEU_CV, doc.subject_line)
            self._balance(subject, doc.subject_line, st.TRICH_YEU_CV, plan.left_mm)
        if doc.type is m.DocumentType.BIEN_BAN:
            self._para(table.cell(1, 1), st.DIA_DANH)
        else:
            date = self._para(table.cell(1, 1), st.DIA_DANH, doc.issued.line)
            if plan.date_size != sizes.date:  # 13 pt keeps a long địa danh on one line (§3.4: 13–14)
                date.runs[0].font.size = Pt(plan.date_size)
        # ô 10a, 10b: the độ mật and mức độ khẩn stamps, left, under ô 3/5b (§3.13).
        for stamp in (doc.secrecy, doc.urgency):
            if stamp is not None:
                self._stamp(table.cell(1, 0), stamp.text, stamp.size_mm, stamp.double_border)

    def _stamp(self, cell, text: str, size_mm: tuple[float, float], double: bool) -> None:
        """A stamp: the word in a box of the decree's size, in red (§3.13)."""
        self._para(cell, st.DUONG_KE)  # a little space above the box
        width, height = size_mm
        box = cell.add_table(rows=1, cols=1)
        ooxml.box_table(box, width, height, double=double, color=st.STAMP_COLOR)
        inner = box.cell(0, 0)
        ooxml.empty_cell(inner)
        self._para(inner, st.DAU, text)
        cell.paragraphs[-1].style = self.d.styles[st.DUONG_KE]  # the paragraph a cell must end with

    # ô 5a: tên loại, trích yếu and the short rule (Mẫu 1.4) ------------------------------

    def _title(self, doc_type: m.DocumentType, subject: str | None, reference: str | None = None) -> None:
        width = self.geometry.text_width_mm
        self._para(self.d, st.TEN_LOAI, doc_type.heading)
        widest = 0.0
        if subject:
            text = subject[:1].upper() + subject[1:]
            self._balance(self._para(self.d, st.TRICH_YEU, text), text, st.TRICH_YEU, width)
            widest = metrics.text_width_mm(text, _size(self.d, st.TRICH_YEU), bold=True)
        if reference:
            self._para(self.d, st.KEM_THEO, reference)
        widest = min(widest or metrics.text_width_mm(doc_type.heading, _size(self.d, st.TEN_LOAI), bold=True),
                     width - 10)
        self._rule(self.d, widest * st.AGENCY_RULE_SHARE, width)

    def _preamble(self, doc: m.Document) -> None:
        """Quyết định, nghị quyết: thẩm quyền ban hành, căn cứ (italic, ";" … "."), "QUYẾT ĐỊNH:"."""
        word = doc.enacting_word
        if word is None:
            return
        if doc.authority:
            self._para(self.d, st.THAM_QUYEN, upper(doc.authority))
        for ground in doc.ground_lines:
            self._rich(self._para(self.d, st.CAN_CU), ground)
        self._para(self.d, st.BAN_HANH, word)

    def _cong_dien(self, doc: m.Document) -> None:
        """Công điện (Mẫu 1.6): "<THẨM QUYỀN> điện:" and the recipients, one "- …;" a line."""
        paragraph = self._para(self.d, st.CONG_DIEN)
        paragraph.add_run(upper(doc.issuer_name)).bold = True
        paragraph.add_run(" điện:")
        lines = doc.distribution.dash_lines
        size = _size(self.d, st.KINH_GUI)
        widest = max(metrics.text_width_mm(line, size) for line in lines)
        indent = min(35.0, max(10.0, self.geometry.text_width_mm - widest - 2))
        for line in lines:
            item = self._para(self.d, st.KINH_GUI, line)
            item.paragraph_format.space_before = Pt(0)
            item.paragraph_format.left_indent = ooxml.mm(indent)

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

    def _body(self, lines: list[Line], keep_last: bool = True, width: float | None = None,
              close: bool = True) -> None:
        """ô 6, one paragraph per line; ``keep_last``: the signature block follows (not after an enclosure);
        ``width``: the text width of the section (an appendix may be landscape); ``close``: end with "./."."""
        if not lines:
            return
        if close:
            lines[-1] = lines[-1].closed()
        first = True
        for n, line in enumerate(lines, 1):
            if line.table is not None:
                if line.table.unit_note:
                    self._para(self.d, st.DON_VI_TINH, unit_line(line.table.unit_note))
                render_table(self.d, line.table, None, width or self.geometry.text_width_mm)
                if n == len(lines):  # two tables in a row are one table to Word and LibreOffice: keep the
                    self.d.add_paragraph()  # signature block (a borderless table) off a body's last table
                first = False
                continue
            paragraph = self._para(self.d, line.style)
            if first:
                paragraph.paragraph_format.space_before = Pt(12)  # a clear gap after Kính gửi / the title
                first = False
            # headings and lead-ins stay with what follows; the last paragraph (its last lines, by
            # widow control) goes with the Nơi nhận/signature block: that block never stands alone
            if line.keep_next or (keep_last and n == len(lines)):
                paragraph.paragraph_format.keep_with_next = True
            if line.label:
                run = ooxml.add_text_run(paragraph, line.label + (" " if line.text.plain else ""))
                if line.bold_label:
                    run.bold = True
            self._rich(paragraph, line.text)

    # ô 7 + ô 9b: Nơi nhận and signature side by side -------------------------------

    def _signature(self, doc: m.Document) -> None:
        g = self.geometry
        table = self.d.add_table(rows=1, cols=2)
        ooxml.table_layout(table, [g.signature_left, g.signature_right])
        left, right = table.cell(0, 0), table.cell(0, 1)
        for cell in (left, right):
            ooxml.empty_cell(cell)
        self._noi_nhan(left, doc.distribution)
        self._signer(right, doc.signature)
        if isinstance(doc.form, m.Leave):
            # Mẫu 1.10: the confirmation of the place of leave, bottom left.
            self._para(left, st.XAC_NHAN, doc.form.confirmation)
        ooxml.keep_table_together(table)  # the block never splits across pages (issue 16)

    def _noi_nhan(self, cell, distribution: m.Distribution) -> None:
        self._para(cell, st.NOI_NHAN_TIEU_DE, "Nơi nhận:")
        for line in distribution.lines:
            self._para(cell, st.NOI_NHAN, line)

    def _signer(self, cell, signature: m.Signature, placeholder: str = m.SIGNATURE_PLACEHOLDER) -> None:
        for line in signature.all_lines:
            self._para(cell, st.QUYEN_HAN, upper(line))
        name = self._para(cell, st.HO_TEN, signature.name)
        if signature.placeholder:
            hint = self._para(cell, st.CHI_DAN_KY, placeholder)
            ooxml.move_before(hint, name)
            name.paragraph_format.space_before = Pt(60)

    def _minutes_signatures(self, doc: m.Document) -> None:
        """Two signers, then Nơi nhận: the biên bản's THƯ KÝ left, CHỦ TỌA right (Mẫu 1.9); the other party left and
        the issuer right in a hợp đồng, bản ghi nhớ, bản thỏa thuận."""
        g = self.geometry
        half = round(g.text_width_mm / 2, 1)
        table = self.d.add_table(rows=2, cols=2)
        ooxml.table_layout(table, [half, round(g.text_width_mm - half, 1)])
        for row in range(2):
            for col in range(2):
                ooxml.empty_cell(table.cell(row, col))
        left = m.MINUTES_SECRETARY_PLACEHOLDER if doc.type is m.DocumentType.BIEN_BAN else m.SIGNATURE_PLACEHOLDER
        self._signer(table.cell(0, 0), doc.second_signature, left)
        self._signer(table.cell(0, 1), doc.signature)
        self._noi_nhan(table.cell(1, 0), doc.distribution)
        self._para(table.cell(1, 1), st.NOI_NHAN)
        ooxml.keep_table_together(table)  # both signers and Nơi nhận on one page (issue 16)

    # ô 11 and ô 13: first page only ------------------------------------------------------

    def _first_page_parts(self, doc: m.Document, section) -> None:
        if doc.circulation:
            # ô 11: in the top margin above ô 1, in a single-border box (§3.13).
            top = section.first_page_header
            text = upper(doc.circulation)
            width = metrics.text_width_mm(text, _size(self.d, st.PHAM_VI), bold=True) + 6
            box = top.add_table(rows=1, cols=1, width=ooxml.mm(width))
            indent = self.header_plan.left_mm + self.header_plan.right_mm / 2 - width / 2
            ooxml.box_table(box, width, 8, indent_mm=indent)
            inner = box.cell(0, 0)
            ooxml.empty_cell(inner)
            self._para(inner, st.PHAM_VI, text)
            ooxml.move_before(box, top.paragraphs[0])
        if doc.contact:
            # ô 13: at the foot of the first page, under a full-width solid rule (§3.12).
            footer = section.first_page_footer
            footer.is_linked_to_previous = False
            for i, line in enumerate(doc.contact.lines):
                paragraph = footer.paragraphs[0] if i == 0 else footer.add_paragraph()
                paragraph.style = self.d.styles[st.DIA_CHI]
                paragraph.add_run(line)
                if i == 0:
                    ooxml.paragraph_border(paragraph, "top")

    # a document issued with the decision (Mẫu 1.3) ---------------------------------------

    def _enclosure(self, doc: m.Document, enclosed: m.EnclosedDocument) -> None:
        # a new section, numbered on from the decision: no break paragraph to spill onto a page of its own
        ooxml.add_section(self.d, landscape=False, restart_numbering=False, title_page=False)
        self._header(doc, numbered=False)
        self._title(enclosed.type, enclosed.subject, enclosed.reference)
        self._body(list(body_lines(enclosed.body)), keep_last=False)

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
        ooxml.set_core_properties(
            self.d, title=doc.title, subject=doc.number.line.replace("Số:", "").strip(),
            author=" ".join(doc.agency.name), keywords="Nghị định 30/2020/NĐ-CP", comments="",
            when=_dt.datetime(doc.issued.year, doc.issued.month or 1, doc.issued.day or 1))


@without_gc
def render_docx(doc: m.Document, template: Path | None = None) -> bytes:
    """The .docx of ``doc``, with ``template``'s styles (the repository's when None)."""
    data = DocxRenderer(template).render(doc)
    # the python-docx package just rendered is a web of cycles holding its XML (450 MB for a 20,000-row form): with
    # the collector paused for a build (vanban.gcpause) everything made since is in the youngest generation, so this
    # frees it now, before the .docx is read back for the checks, not when the collector runs after the build
    gc.collect(0)
    return data
