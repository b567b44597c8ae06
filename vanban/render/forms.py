"""Attached forms in the .docx: each on a new page, in its own section (nd30.md §3.15, §3.16).

Called by :mod:`vanban.render.docx` after the letter. A form's section starts its page numbers
again from 1 and, like the letter, shows no number on its first page; a table wider than the
portrait text width gets a landscape section with the margins rotated with the sheet.
WordprocessingML details are in :mod:`vanban.ooxml`; formatting in the template's named styles.
"""

from __future__ import annotations

from typing import Callable

from docx.shared import Pt

from .. import metrics, ooxml
from ..model.decree import QUOC_HIEU, TIEU_NGU, upper
from ..model.forms import PLACE_DATE_BLANK, Form, Table, reference_line
from . import styles as st
from .lines import body_lines
from .tables import fitted_widths, render_table, unit_line

__all__ = ["render_attachments", "render_form", "render_table", "fitted_widths", "wants_landscape"]


#: Writes body lines (vanban.render.lines) at a text width: the letter renderer's own paragraphs and tables.
BodyWriter = Callable[[list, float], None]


def render_attachments(d, document, body: BodyWriter | None = None) -> None:
    """Append every form of ``document`` (the model) to the python-docx document ``d``; ``body`` writes the
    body blocks of an appendix (headings, paragraphs, items, tables) the way the letter's are written."""
    words = 0
    for form in document.attachments:
        reference = reference_line(document, form.reference) if form.reference is not None else None
        if form.word is not None:
            words += 1
        render_form(d, form, reference, body, words)


def wants_landscape(table: Table | None, portrait_width_mm: float, orientation: str | None = None) -> bool:
    if orientation is not None:
        return orientation == "landscape"
    return table is not None and table.total_width_mm > portrait_width_mm + 0.5


def render_form(d, form: Form, reference: str | None, body: BodyWriter | None = None, word_index: int = 1) -> None:
    """A phụ lục or biểu mẫu on new pages: label as written (none when empty), title IN HOA on the lines the
    clerk broke it into, the reference line, a short rule, then the unit line and the table (or the office's
    own Word form, ``mau_word``, on its own page setup), the notes, the body blocks, the signers (§3.16; Mẫu 2.1)."""
    portrait = ooxml.section_text_width_mm(d.sections[0])
    source = ooxml.wordform.open_form(form.word.data) if form.word is not None else None
    setup = ooxml.wordform.page_setup(source) if source is not None else None
    landscape = setup.landscape if setup is not None and setup.size is not None else \
        wants_landscape(form.table, portrait, form.orientation)
    section = ooxml.add_section(d, landscape=landscape)
    if setup is not None:
        ooxml.wordform.apply_page_setup(section, setup)  # the form's own paper and margins (numbering stays ours)
    width = ooxml.section_text_width_mm(section)
    if form.header_left:
        _header_block(d, form.header_left, width)
    if form.label:
        label = _para(d, st.PHU_LUC_SO, form.label)
        if form.header_left:
            label.paragraph_format.space_before = Pt(12)
    if form.title or form.word is None:
        title = _para(d, st.TEN_PHU_LUC)
        for n, line in enumerate(form.lines_of_title):
            run = title.add_run(upper(line))
            if n < len(form.lines_of_title) - 1:
                run.add_break()
    if form.subtitle:
        _para(d, st.TRICH_YEU_PL, form.subtitle)
    if reference:
        _para(d, st.KEM_THEO, reference)
    rule = _para(d, st.DUONG_KE)
    rule.paragraph_format.space_before = Pt(3)
    side = width / 2 - 15
    rule.paragraph_format.left_indent = ooxml.mm(side)
    rule.paragraph_format.right_indent = ooxml.mm(side)
    ooxml.paragraph_border(rule, "bottom")
    if form.table is not None:
        _para(d, st.DON_VI_TINH, unit_line(form.table.unit_note) if form.table.unit_note else "")
        render_table(d, form.table, None, width)
    if form.word is not None:
        ooxml.wordform.append_form(d, source, word_index)
    for note in form.rich_notes:
        paragraph = d.add_paragraph(style=st.GHI_CHU_BANG)
        for span in note.spans:
            run = paragraph.add_run(span.text)
            if span.bold:
                run.bold = True
            if span.underline:
                run.underline = True
    if form.body and body is not None:
        body(list(body_lines(form.body)), width)
    if form.signers:
        _signers(d, form, width)


def _para(container, style: str, text: str = ""):
    paragraph = container.add_paragraph(style=style)
    if text:
        paragraph.add_run(text)
    return paragraph


def _header_block(d, lines: tuple[str, ...], width: float) -> None:
    """The form's own header: its lines (ô 2 style) beside Quốc hiệu and Tiêu ngữ (ô 1).

    The left column is as in the letter (39 % of the width), widened up to what the Quốc hiệu
    leaves free when a line ("TÊN DOANH NGHIỆP………………") would otherwise wrap.
    """
    size = d.styles[st.CO_QUAN].font.size
    size = size.pt if size is not None else 13.0
    qh_size = d.styles[st.QUOC_HIEU].font.size
    qh_width = metrics.text_width_mm(QUOC_HIEU, qh_size.pt if qh_size is not None else 13.0, bold=True)
    needed = max(metrics.text_width_mm(upper(line), size, bold=True) for line in lines) + 2
    left_w = round(min(max(width * st.HEADER_LEFT_SHARE, needed), width - qh_width - 4), 1)
    right_w = round(width - left_w, 1)
    table = d.add_table(rows=1, cols=2)
    ooxml.table_layout(table, [left_w, right_w])
    left, right = table.cell(0, 0), table.cell(0, 1)
    for cell in (left, right):
        ooxml.empty_cell(cell)
    for line in lines:
        for part in metrics.balance_lines(upper(line), size, left_w - 1, bold=True):
            _para(left, st.CO_QUAN, part)
    _para(right, st.QUOC_HIEU, QUOC_HIEU)
    _para(right, st.TIEU_NGU, TIEU_NGU)
    tn_size = d.styles[st.TIEU_NGU].font.size
    tn_width = metrics.text_width_mm(TIEU_NGU, tn_size.pt if tn_size is not None else 14.0, bold=True)
    rule = _para(right, st.DUONG_KE)
    side = max(0.0, (right_w - tn_width) / 2)
    rule.paragraph_format.left_indent = ooxml.mm(side)
    rule.paragraph_format.right_indent = ooxml.mm(side)
    ooxml.paragraph_border(rule, "bottom")


def _signers(d, form: Form, width: float) -> None:
    """Signature titles side by side under the table ("Người lập biểu", "Thủ trưởng đơn vị")."""
    count = len(form.signers)
    table = d.add_table(rows=2 if form.place_date else 1, cols=count)
    ooxml.table_layout(table, [round(width / count, 1)] * count)
    for row in table.rows:
        for cell in row.cells:
            ooxml.empty_cell(cell)
    if form.place_date:
        _para(table.cell(0, count - 1), st.DIA_DANH, PLACE_DATE_BLANK)
    row = table.rows[-1]
    for cell, signer in zip(row.cells, form.signers):
        _para(cell, st.CHUC_DANH_KY, signer.title)
        if signer.caption:
            _para(cell, st.CHU_THICH_KY, signer.caption)
    for r in table.rows:
        for cell in r.cells:
            if not cell.paragraphs:
                _para(cell, st.CHU_THICH_KY)
