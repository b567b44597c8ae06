"""Keep rules and section breaks in the .docx (issue 16), read back from the XML.

The Nơi nhận/signature row cannot split and the last body paragraph goes with it; headings, articles
that hold more and lead-ins ending ":" keep with the next paragraph; a section ends on its last real
paragraph, or (after the signature table, which cannot carry a section break) on a paragraph that takes
no room. The rendered behaviour is checked by the LibreOffice harness in tests/layout/.
"""

from __future__ import annotations

import textwrap

from conftest import DIRECTIVES, Rendered
from vanban import load, ooxml
from vanban.render.docx import render_docx

LETTER = textwrap.dedent("""\
    loai: cong_van
    co_quan: {chu_quan: UBND tỉnh Thái Bình, ten: Sở Thông tin và Truyền thông}
    so: 12
    ky_hieu: STTTT-VP
    dia_danh: Thái Bình
    ngay: 2025-11-28
    trich_yeu: báo cáo số liệu
    kinh_gui: Ủy ban nhân dân các xã
    noi_dung:
      - Đoạn mở đầu của công văn.
      - "Đề nghị các xã thực hiện các nội dung sau:"
      - khoan: [Nội dung thứ nhất., Nội dung thứ hai.]
      - Đoạn kết của công văn.
    noi_nhan: [Ban Giám đốc Sở]
    nguoi_ky: {ky_thay: Giám đốc, chuc_vu: Phó Giám đốc, ho_ten: Nguyễn Văn A}
    """)

APPENDIX = textwrap.dedent("""\
      - ten: Danh sách {n}
        cot: [{{ma: stt, ten: Stt, kieu: stt}}, {{ma: ten, ten: Tên, rong: 80}}]
        dong: [Một, Hai]
        ghi_chu: [Ghi chú của phụ lục {n}.]
    """)


def render(text: str) -> Rendered:
    result = load(text)
    assert result.ok, [d.format() for d in result.diagnostics]
    return Rendered(render_docx(result.document))


def with_appendices(count: int) -> Rendered:
    return render(LETTER + "phu_luc:\n" + "".join(APPENDIX.format(n=n) for n in range(1, count + 1)))


def keeps(doc: Rendered, p) -> bool:
    return doc.styles.paragraph_props(p)["keep_next"]


def test_signature_row_cannot_split_and_the_last_paragraph_goes_with_it():
    doc = render(LETTER)
    table = ooxml.body_tables(doc.document)[-1]
    assert all(not ooxml.row_can_split(tr) for tr in ooxml.table_rows(table))
    last = doc.find("Đoạn kết")
    assert keeps(doc, last)
    assert not keeps(doc, doc.find("Đoạn mở đầu"))


def test_lead_ins_and_headings_keep_with_the_next_paragraph():
    doc = render(LETTER)
    assert keeps(doc, doc.find("Đề nghị các xã thực hiện các nội dung sau:"))
    assert not keeps(doc, doc.find("1. Nội dung thứ nhất"))
    decision = Rendered(render_docx(load(DIRECTIVES / "011-thai-binh-quyet-dinh-quy-che.yaml").document))
    assert keeps(decision, decision.find("Điều 1. Phạm vi điều chỉnh"))  # an article with a title
    assert keeps(decision, decision.find("Chương I"))


def test_minutes_keep_both_signers_with_noi_nhan():
    doc = Rendered(render_docx(load(DIRECTIVES / "018-thai-binh-bien-ban.yaml").document))
    table = ooxml.body_tables(doc.document)[-1]
    rows = ooxml.table_rows(table)
    assert len(rows) == 2 and all(not ooxml.row_can_split(tr) for tr in rows)
    first_row = [p for p in doc.paragraphs if ooxml.cell_of(p) is not None and ooxml.cell_of(p).getparent() is rows[0]]
    assert first_row and all(keeps(doc, p) for p in first_row)


def test_section_after_the_signature_table_ends_on_a_paragraph_taking_no_room():
    doc = with_appendices(1)
    breaks = ooxml.section_break_paragraphs(doc.document)
    assert len(breaks) == 1
    (mark,) = breaks
    assert ooxml.previous_block(mark).tag == ooxml.qn("w:tbl")  # the signature table: it cannot hold a sectPr
    assert ooxml.paragraph_text(mark) == "" and ooxml.mark_hidden(mark)
    assert doc.styles.paragraph_props(mark)["line"] == 20  # one point, exactly


def test_section_between_appendices_ends_on_the_last_real_paragraph():
    doc = with_appendices(2)
    breaks = ooxml.section_break_paragraphs(doc.document)
    assert len(breaks) == 2
    assert ooxml.paragraph_text(breaks[1]) == "Ghi chú của phụ lục 1."
    empty = [p for p in doc.paragraphs if ooxml.is_section_break(p) and not ooxml.paragraph_text(p)]
    assert all(ooxml.mark_hidden(p) for p in empty)
    sections = ooxml.section_properties(doc.document)
    assert [ooxml.title_page(s) for s in sections] == [True, True, True]


def test_document_issued_with_a_decision_starts_a_numbered_section_without_a_break_paragraph():
    doc = Rendered(render_docx(load(DIRECTIVES / "011-thai-binh-quyet-dinh-quy-che.yaml").document))
    sections = ooxml.section_properties(doc.document)
    assert len(sections) == 2
    enclosure = sections[1]
    assert not ooxml.title_page(enclosure)  # its first page is numbered on from the decision
    assert enclosure.find(ooxml.qn("w:pgNumType")) is None
    page_breaks = [br for br in doc.document.iter(ooxml.qn("w:br")) if br.get(ooxml.qn("w:type")) == "page"]
    assert page_breaks == []  # the old page-break paragraph could spill onto a page of its own
