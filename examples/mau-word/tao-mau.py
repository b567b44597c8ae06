"""Make `mau-bao-cao-bluezone.docx`: an illustrative Word form with docxtpl tags, as a ministry might send one
(its own header, title, a table of figures and of rows to fill, signers), for `mau_word` in
`cong-van-mau-word.yaml`. Not a real document: it is written here, with python-docx.

    .venv/bin/python examples/mau-word/tao-mau.py      # rewrites the .docx beside this script
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent
TARGET = HERE / "mau-bao-cao-bluezone.docx"


def _para(container, text: str, *, bold: bool = False, italic: bool = False, center: bool = False,
          size: float | None = None):
    paragraph = container.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def build() -> bytes:
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    normal.paragraph_format.space_after = Pt(3)
    section = d.sections[0]  # A4 landscape, the margins of the ministry's form
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(20), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(15)

    head = d.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.paragraphs[0].text = "{{ noi_nhan.ten | hoa }}"
    left.paragraphs[0].runs[0].bold = True
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    right.paragraphs[0].text = "Mẫu số 01/BC-BLUEZONE"
    right.paragraphs[0].runs[0].italic = True
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    _para(d, "BÁO CÁO KẾT QUẢ CÀI ĐẶT ỨNG DỤNG BLUEZONE", bold=True, center=True, size=14)
    _para(d, "Trên địa bàn {{ so_lieu.dia_ban }}, tính đến ngày {{ du_lieu.den_ngay | ngay }}", italic=True,
          center=True)
    _para(d, "(Theo {{ van_ban.loai | lower }} số {{ van_ban.so_ky_hieu }} {{ van_ban.ngay_chu }} của "
             "{{ van_ban.co_quan }})", italic=True, center=True)

    table = d.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, ("TT", "Chỉ tiêu", "Kết quả", "Ghi chú")):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].runs[0].bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    rows = [("1", "Số người dùng Bluezone (người)", "{{ so_lieu.nguoi_dung | so }}", ""),
            ("2", "Tỷ lệ trên dân số", "{{ so_lieu.ty_le | phan_tram }}", ""),
            ("3", "Mục tiêu đến ngày {{ so_lieu.han | ngay }}", "{{ so_lieu.muc_tieu | phan_tram(0) }}", ""),
            ("{%tr for c in du_lieu.chi_tieu %}", "", "", ""),
            ("{{ loop.index + 3 }}", "{{ c }}", "……………", ""),
            ("{%tr endfor %}", "", "", "")]
    for values in rows:
        cells = table.add_row().cells
        for n, (cell, text) in enumerate(zip(cells, values)):
            cell.paragraphs[0].text = text
            if n in (0, 2):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    table.autofit = False
    for column, width in zip(table.columns, (Mm(15), Mm(140), Mm(50), Mm(50))):
        column.width = width
        for cell in column.cells:
            cell.width = width

    d.add_paragraph("Khó khăn, vướng mắc và kiến nghị: {{ du_lieu.goi_y }}", style="List Bullet")
    signers = d.add_table(rows=1, cols=2)
    _para(signers.rows[0].cells[0], "NGƯỜI LẬP BIỂU", bold=True, center=True)
    _para(signers.rows[0].cells[0], "(Ký, ghi rõ họ tên)", italic=True, center=True)
    _para(signers.rows[0].cells[1], "{{ noi_nhan.thu_truong | hoa }}", bold=True, center=True)
    _para(signers.rows[0].cells[1], "(Ký tên, đóng dấu)", italic=True, center=True)

    out = io.BytesIO()
    d.save(out)
    return _fixed(out.getvalue())


def _fixed(data: bytes) -> bytes:
    """The same package with fixed zip dates, so that re-running the script rewrites the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET
    target.write_bytes(build())
    print(f"đã ghi {target}")
