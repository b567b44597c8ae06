"""Seed 004 (Sở TT&TT Bình Phước): the letter and its Biểu mẫu số 1, word for word, and the form
read back from the .docx (sections, page numbering, header block, reference line, table)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter

import pytest

from vanban import ooxml
from conftest import seed_text
from pdfutil import soffice_program

STEM = "004-binh-phuoc-bluezone"
SEED = "004_e1f555be9fe08a6a.txt"

#: Differences from the extracted text: extraction artefacts and one thể thức correction.
CORRECTIONS = [
    ("KT.GIÁM ĐỐC", "KT. GIÁM ĐỐC"),  # §3.8: a space after the prefix
    ("/STTTT - TTBCXB", "/STTTT-TTBCXB"),  # a ký hiệu has no spaces (§3.3); derived from the letter
    ("\nmailto:stttt@binhphuoc.gov.vn\nhttps://ict-binhphuoc.gov.vn/\n", "\n"),  # the extraction lists link targets
]

#: The rows of the form (districts of Bình Phước in 2020 and the totals row) are in the spec, not in the
#: extraction, which stops at the header row of the table.
DISTRICTS = ["Thành phố Đồng Xoài", "Thị xã Bình Long", "Thị xã Phước Long", "Huyện Bù Đăng", "Huyện Bù Đốp",
             "Huyện Bù Gia Mập", "Huyện Chơn Thành", "Huyện Đồng Phú", "Huyện Hớn Quản", "Huyện Lộc Ninh",
             "Huyện Phú Riềng"]
ADDED_ROWS = [f"{n} {name}" for n, name in enumerate(DISTRICTS, start=1)] + ["Tổng cộng"]

REFERENCE = "(Kèm theo Công văn số      /STTTT-TTBCXB ngày     /8/2020 của Sở Thông tin và Truyền thông)"


def seed_tokens() -> list[str]:
    text = seed_text(SEED)
    for old, new in CORRECTIONS:
        assert old in text, old
        text = text.replace(old, new)
    return text.split()


def tables(doc):
    return ooxml.body_tables(doc.document)


def form_table(doc):
    return tables(doc)[-1]


def docx_tokens(doc) -> list[str]:
    return " ".join(ooxml.paragraph_text(p) for p in doc.paragraphs).split()


def test_every_word_of_the_seed_from_kinh_gui_in_order(rendered):
    doc = rendered[STEM]
    ours = docx_tokens(doc)
    ours = ours[ours.index("Kính"):]
    grid = ooxml.table_grid(form_table(doc))
    rows = [" ".join(cell["text"] for cell in row if cell["text"]) for row in grid[1:]]
    assert rows == ADDED_ROWS
    added = " ".join(ADDED_ROWS).split()
    assert ours[-len(added):] == added
    assert ours[:-len(added)] == seed_tokens()


def test_header_inferred_for_the_letter(rendered):
    doc = rendered[STEM]
    words = docx_tokens(doc)
    head = " ".join(words[:words.index("Kính")])
    assert head.startswith("UBND TỈNH BÌNH PHƯỚC SỞ THÔNG TIN VÀ TRUYỀN THÔNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert "Số: /STTTT-TTBCXB" in head
    assert "Bình Phước, ngày tháng 8 năm 2020" in head
    assert Counter(seed_tokens())["Bluezone"] + 1 == Counter(words)["Bluezone"]  # one more in the V/v


def test_form_is_its_own_section_numbered_from_one_without_a_number_on_its_first_page(rendered):
    doc = rendered[STEM]
    letter, form = ooxml.section_properties(doc.document)
    q = ooxml.qn
    assert letter.find(q("w:titlePg")) is not None and letter.find(q("w:pgNumType")) is None
    assert {h.get(q("w:type")) for h in letter.findall(q("w:headerReference"))} == {"first", "default"}
    # the form inherits the letter's headers (PAGE field; empty first-page header) and restarts at 1
    assert form.findall(q("w:headerReference")) == []
    assert form.find(q("w:titlePg")) is not None
    assert form.find(q("w:pgNumType")).get(q("w:start")) == "1"
    assert form.find(q("w:type")) is None or form.find(q("w:type")).get(q("w:val")) == "nextPage"
    # six columns in 165 mm: portrait, with the letter's page and margins
    for attr in ("w:w", "w:h"):
        assert form.find(q("w:pgSz")).get(q(attr)) == letter.find(q("w:pgSz")).get(q(attr))
    assert form.find(q("w:pgSz")).get(q("w:orient")) in (None, "portrait")
    assert dict(form.find(q("w:pgMar")).attrib) == dict(letter.find(q("w:pgMar")).attrib)


def test_form_header_block_label_title_and_reference_line(rendered):
    doc = rendered[STEM]
    header = tables(doc)[-2]
    grid = ooxml.table_grid(header)
    assert " ".join(grid[0][0]["text"].split()) == "TÊN DOANH NGHIỆP………………"  # (on two lines: 74 mm)
    assert grid[0][1]["text"].split("\n")[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    texts = [ooxml.paragraph_text(p) for p in doc.paragraphs]
    start = texts.index("Biểu mẫu số 1")
    assert texts[start:start + 4] == ["Biểu mẫu số 1", "MẪU BÁO CÁO",
                                      "Thống kê số lượng điện thoại thông minh cài đặt Bluezone trên địa bàn tỉnh",
                                      REFERENCE]
    label, title, subtitle, reference = doc.paragraphs[texts.index("Biểu mẫu số 1"):][:4]
    for p, size, bold, italic in ((label, 14, True, False), (title, 14, True, False), (reference, 14, False, True)):
        (props,) = doc.run_props(p)
        assert (props["size"], props["bold"], props["italic"]) == (size, bold, italic)
        assert doc.styles.paragraph_props(p)["align"] == "center"


def test_form_table_columns_and_rows(rendered):
    doc = rendered[STEM]
    table = form_table(doc)
    grid = ooxml.table_grid(table)
    assert [c["text"] for c in grid[0]] == ["Stt", "Tên huyện/thị/thành phố", "Số lượng điện thoại thông minh cài đặt",
                                           "Tỷ lệ", "Thời điểm báo cáo", "Ghi chú"]
    assert len(grid) == 1 + 11 + 1 and all(len(row) == 6 for row in grid)
    q = ooxml.qn
    widths = [int(g.get(q("w:w"))) for g in table.find(q("w:tblGrid")).findall(q("w:gridCol"))]
    assert ooxml.twips_to_mm(sum(widths)) == pytest.approx(165, abs=0.5)
    header_row = table.find(q("w:tr"))
    assert header_row.find(f"{q('w:trPr')}/{q('w:tblHeader')}") is not None  # repeats on every page
    assert table.find(f"{q('w:tblPr')}/{q('w:tblBorders')}/{q('w:insideH')}").get(q("w:val")) == "single"
    total = grid[-1]
    assert [c["text"] for c in total] == ["", "Tổng cộng", "", "", "", ""]


@pytest.mark.libreoffice
def test_libreoffice_pages_the_letter_and_the_form(tmp_path, rendered):
    soffice = soffice_program()
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    source = tmp_path / f"{STEM}.docx"
    source.write_bytes(rendered[STEM].data)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(source)], capture_output=True, timeout=300, check=True)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / f"{STEM}.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = [page.strip() for page in text.split("\f") if page.strip()]
    form_at = next(i for i, page in enumerate(pages) if "Biểu mẫu số 1" in page)
    assert form_at >= 2
    first_lines = [page.splitlines()[0].strip() for page in pages]
    assert first_lines[0].startswith("UBND TỈNH")  # no number on the letter's first page
    assert first_lines[1:form_at] == [str(n) for n in range(2, form_at + 1)]  # the letter from page 2
    assert first_lines[form_at].startswith("TÊN DOANH")  # the form's page 1 shows no number
    assert re.search(r"Tổng cộng", pages[form_at])
