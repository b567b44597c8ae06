"""``vanban so-van-ban xuat``: the register as the .xlsx sổ đăng ký văn bản đi of Phụ lục IV, mục I.

A cover sheet ("Bìa và trang đầu": the body, SỔ ĐĂNG KÝ VĂN BẢN ĐI, the year, from/to date and number) and one
sheet of entries with the ten columns of the form ("Tối thiểu gồm 10 nội dung"): (1) Số, ký hiệu văn bản,
(2) Ngày tháng văn bản, (3) Tên loại và trích yếu nội dung văn bản, (4) Người ký, (5) Nơi nhận văn bản,
(6) Đơn vị, người nhận bản lưu, (7) Số lượng bản, (8) Ngày chuyển, (9) Ký nhận, (10) Ghi chú. A number
cancelled (thu hồi, Điều 18) stays on its line, with the cancellation in Ghi chú.

The bytes are deterministic for the same entries (fixed properties and zip timestamps).
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.writer.excel import ExcelWriter

from ..ooxml import deterministic_zip
from .register import Entry

COLUMNS = (
    ("Số, ký hiệu văn bản", 16), ("Ngày tháng văn bản", 12), ("Tên loại và trích yếu nội dung văn bản", 40),
    ("Người ký", 20), ("Nơi nhận văn bản", 30), ("Đơn vị, người nhận bản lưu", 16), ("Số lượng bản", 8),
    ("Ngày chuyển", 12), ("Ký nhận", 12), ("Ghi chú", 24),
)
FONT = "Times New Roman"
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def short_date(date: _dt.date) -> str:
    """"05/3/2026": day with its leading zero, months 1–2 with theirs (as on the document, §3.4)."""
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{date.day:02d}/{month}/{date.year}"


def build_register_workbook(entries: list[Entry], *, agency: str, register: str, year: int) -> bytes:
    """The .xlsx sổ of ``entries`` (those of one body, register and year)."""
    wb = Workbook()
    cover = wb.active
    cover.title = "Bìa"
    cover.column_dimensions["A"].width = 80
    numbers = [e.number for e in entries]
    dates = [e.date for e in entries]
    lines = [
        (agency.upper(), 13, True), ("", 13, False), ("SỔ ĐĂNG KÝ VĂN BẢN ĐI", 20, True),
        (f"Sổ: {register}", 14, False), (f"Năm: {year}", 14, True),
        (f"Từ ngày {short_date(min(dates))} đến ngày {short_date(max(dates))}" if dates else "Từ ngày … đến ngày …",
         14, False),
        (f"Từ số {min(numbers):02d} đến số {max(numbers):02d}" if numbers else "Từ số … đến số …", 14, False),
        ("Quyển số: 01", 14, False),
    ]
    for row, (text, size, bold) in enumerate(lines, start=1):
        cell = cover.cell(row=row, column=1, value=text or None)
        cell.font = Font(name=FONT, size=size, bold=bold)
        cell.alignment = _CENTRE
        cover.row_dimensions[row].height = 24 if size < 20 else 36
    ws = wb.create_sheet("Văn bản đi")
    for col, (title, width) in enumerate(COLUMNS, start=1):
        letter = ws.cell(row=1, column=col).column_letter
        ws.column_dimensions[letter].width = width
        for row, value in ((1, title), (2, f"({col})")):
            cell = ws.cell(row=row, column=col, value=value)
            cell.font = Font(name=FONT, size=12, bold=row == 1)
            cell.alignment = _CENTRE
            cell.border = _BOX
    ws.freeze_panes = "A3"
    ws.print_title_rows = "1:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    for row, entry in enumerate(entries, start=3):
        record = entry.record
        note = ""
        if entry.cancelled is not None:
            note = f"Thu hồi ngày {short_date(entry.cancelled.date)}: {entry.cancelled.reason}"
        values = (entry.number_code, short_date(entry.date), f"{record.type_name}: {record.subject}",
                  record.signer, "\n".join(record.recipients), ", ".join(record.archive), record.copies, None, None,
                  note or None)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.font = Font(name=FONT, size=12)
            cell.alignment = _WRAP
            cell.border = _BOX
    props = wb.properties
    props.title = f"Sổ đăng ký văn bản đi năm {year}"
    props.subject = register
    props.creator = agency
    props.lastModifiedBy = "vanban"
    when = _dt.datetime(year, 1, 1)
    props.created = props.modified = when
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED)
    ExcelWriter(wb, archive).save()
    return deterministic_zip(buf.getvalue())
