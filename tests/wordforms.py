"""Small Word forms with docxtpl tags for the tests of `mau_word`, made with python-docx (no real document)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.shared import Pt

from specload import long_an_letter

LETTER = long_an_letter(trich_yeu="báo cáo kết quả cài đặt ứng dụng", kinh_gui="Sở Thông tin và Truyền thông",
                        body="Đề nghị Sở báo cáo theo mẫu đính kèm.")


def form(paragraphs=(), rows=None, *, landscape: bool = False, bullet: str | None = None) -> bytes:
    """A .docx: its paragraphs (text with tags), then a table of ``rows`` (lists of cell texts), then a bulleted
    paragraph; Times New Roman 13 in its own Normal style."""
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    for text in paragraphs:
        d.add_paragraph(text)
    if rows:
        table = d.add_table(rows=0, cols=len(rows[0]))
        table.style = "Table Grid"
        for cells in rows:
            row = table.add_row().cells
            for cell, text in zip(row, cells):
                cell.text = text
    if bullet:
        d.add_paragraph(bullet, style="List Bullet")
    if landscape:
        section = d.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


#: A report form: title with the year, the letter's reference line, a table looping over du_lieu rows, a note.
REPORT_FORM = dict(
    paragraphs=["MẪU SỐ 01: BÁO CÁO KẾT QUẢ NĂM {{ du_lieu.nam }}", "{{ van_ban.kem_theo }}"],
    rows=[["STT", "Chỉ tiêu", "Số lượng"], ["{%tr for d in du_lieu.dong %}", "", ""],
          ["{{ loop.index }}", "{{ d.ten }}", "{{ d.so | so }}"], ["{%tr endfor %}", "", ""]],
    bullet="Ghi chú: {{ du_lieu.ghi_chu }}",
    landscape=True,
)

REPORT_VALUES = """\
    du_lieu:
      nam: 2026
      ghi_chu: "số liệu <tạm tính> & chưa kiểm tra"
      dong:
        - {ten: Người dùng, so: 187315}
        - {ten: Thiết bị, so: 1200}
"""


def write_spec(folder: Path, extra: str, form_bytes: bytes | None = None, name: str = "mau.docx",
               spec: str = "thu.yaml", letter: str = LETTER) -> Path:
    """A letter in ``folder`` with ``extra`` YAML appended (its phu_luc / bieu_mau), and the form beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    if form_bytes is not None:
        (folder / name).write_bytes(form_bytes)
    path = folder / spec
    path.write_text(letter + extra, encoding="utf-8")
    return path
