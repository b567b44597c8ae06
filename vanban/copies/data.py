"""Per-recipient figures (số liệu từng nơi nhận) from a CSV or XLSX table, joined on the ``ma`` column.

The first row names the columns; the column ``ma`` holds the recipient id of the registry. In a
template a row is ``so_lieu`` (``{{ so_lieu.ty_le | phan_tram }}``). Values are typed on reading:
whole numbers, decimals (in a CSV separated by ";" the decimal mark is ",", as Vietnamese Excel
writes it; with "," it is "."), dates (2020-08-20 or 20/8/2020), else text; an empty cell is a missing
field. In an XLSX workbook the first sheet is read and numbers and dates keep the cell's own type.

Codes:
  VB631 không đọc được bảng số liệu            VB632 thiếu cột `ma` / ô mã trống
  VB633 dòng có nhiều ô hơn tiêu đề             VB634 dòng thừa: mã không nằm trong Kính gửi (cảnh báo)
  VB635 mã lặp lại trong bảng                   VB636 thiếu dòng số liệu cho một nơi nhận
"""

from __future__ import annotations

import csv
import datetime as _dt
import difflib
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import gate, ooxml
from ..diagnostics import Diagnostic, Diagnostics, Position, Severity

ID_COLUMN = "ma"
MAX_TABLE_BYTES = 64 * 1024 * 1024

_INT = re.compile(r"^[+-]?(?:0|[1-9]\d*)$")
_DEC_DOT = re.compile(r"^[+-]?\d+\.\d+$")
_DEC_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass
class DataTable:
    """The rows of a data table by recipient id, with the position of every cell."""

    path: str
    columns: list[str] = field(default_factory=list)
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    cells: dict[str, dict[str, Position]] = field(default_factory=dict)
    row_positions: dict[str, Position] = field(default_factory=dict)

    def where(self, rid: str, value: Any) -> tuple[str | None, Position | None]:
        """The column and cell of ``value`` in the row of ``rid`` (for a message about a bad value)."""
        for column, cell_value in self.rows.get(rid, {}).items():
            if cell_value is value:
                return column, self.cells[rid][column]
        return None, self.row_positions.get(rid)


def convert(text: str, decimal_comma: bool) -> Any:
    """A cell's text as int, Decimal, date or str (stripped); ``None`` when empty."""
    text = text.strip()
    if not text:
        return None
    if _INT.match(text):
        return int(text)
    if (_DEC_COMMA if decimal_comma else _DEC_DOT).match(text):
        return Decimal(text.replace(",", "."))
    for pattern, order in ((_ISO_DATE, "ymd"), (_VN_DATE, "dmy")):
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, map(int, match.groups())))
            try:
                return _dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                return text
    return text


def load_table(path: str | Path) -> tuple[DataTable | None, Diagnostics]:
    path = Path(path)
    diags = Diagnostics()
    try:
        raw = gate.read_input(path, MAX_TABLE_BYTES, code="VB631", what="bảng số liệu")
    except gate.InputRefused as exc:
        diags.add(exc.diagnostic())
        return None, diags
    if path.suffix.lower() in (".xlsx", ".xlsm"):  # read as values only: no macro ever runs
        rows = _xlsx_rows(str(path), raw, diags)
    else:
        rows = _csv_rows(str(path), raw, diags)
    if rows is None:
        return None, diags
    return _table(str(path), rows, diags), diags


def _csv_rows(name: str, raw: bytes, diags: Diagnostics):
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        diags.add(Diagnostic("VB631", Severity.ERROR, "bảng số liệu không phải UTF-8 (hãy lưu CSV UTF-8)", "",
                             Position(name, line, 1)))
        return None
    header = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=header.count)
    decimal_comma = delimiter != ","
    out = []
    try:
        for line_no, cells in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            out.append([(cell, Position(name, line_no, col), decimal_comma) for col, cell in enumerate(cells, 1)])
    except csv.Error as exc:
        diags.add(Diagnostic("VB631", Severity.ERROR, f"CSV sai dạng: {exc}", "", Position(name)))
        return None
    return out


def _xlsx_rows(name: str, raw: bytes, diags: Diagnostics):
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    try:
        ooxml.check_zip(raw, "xl/workbook.xml")  # the limits of every package read from outside
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except ooxml.PackageError as exc:
        diags.add(Diagnostic("VB631", Severity.ERROR, f"không mở được tệp Excel: {exc.message}", "", Position(name)))
        return None
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
        diags.add(Diagnostic("VB631", Severity.ERROR, f"không mở được tệp Excel ({type(exc).__name__})", "",
                             Position(name)))
        return None
    try:
        sheet = workbook.worksheets[0]
        out = []
        for row_no, row in enumerate(sheet.iter_rows(values_only=True), 1):
            out.append([(value, Position(f"{name}[{sheet.title}!{get_column_letter(col)}{row_no}]"), True)
                        for col, value in enumerate(row, 1)])
        return out
    finally:
        workbook.close()


def _typed(value: Any, decimal_comma: bool) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        return convert(value, decimal_comma)
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else Decimal(repr(value))
    if isinstance(value, _dt.datetime):
        return value.date()
    return value


def _table(name: str, rows: list, diags: Diagnostics) -> DataTable | None:
    table = DataTable(name)
    rows = [r for r in rows if any(_typed(v, c) is not None for v, _, c in r)]
    before = len(diags.errors)
    for row in rows:  # a cell reaches letters: refused like spec text (VB107/VB109), zero-width warned (VB108)
        for value, position, _ in row:
            if isinstance(value, str):
                for code, severity, message in gate.text_problems(value):
                    diags.add(Diagnostic(code, severity, message, "", position,
                                         "xóa ký tự này trong bảng số liệu" if severity is Severity.ERROR else ""))
    if len(diags.errors) > before:
        return None
    if not rows:
        diags.add(Diagnostic("VB632", Severity.ERROR, "bảng số liệu trống", "", Position(name)))
        return None
    header = [(str(v).strip() if v is not None else "", pos) for v, pos, _ in rows[0]]
    columns = [h for h, _ in header]
    if ID_COLUMN not in columns:
        close = difflib.get_close_matches(ID_COLUMN, [c.lower() for c in columns], n=1, cutoff=0.3)
        diags.add(Diagnostic("VB632", Severity.ERROR, f"dòng tiêu đề thiếu cột `{ID_COLUMN}` (mã nơi nhận)", "",
                             header[0][1] if header else Position(name),
                             f"đổi tên cột `{close[0]}` thành `{ID_COLUMN}`?" if close else ""))
        return None
    table.columns = [c for c in columns if c]
    id_index = columns.index(ID_COLUMN)
    for cells in rows[1:]:
        first = cells[0][1]
        if len(cells) > len(columns) and any(_typed(v, c) is not None for v, _, c in cells[len(columns):]):
            diags.add(Diagnostic("VB633", Severity.ERROR, "dòng có nhiều ô hơn dòng tiêu đề", "",
                                 cells[len(columns)][1]))
            continue
        rid_cell = cells[id_index] if id_index < len(cells) else (None, first, True)
        rid = str(rid_cell[0]).strip() if rid_cell[0] is not None else ""
        if not rid:
            diags.add(Diagnostic("VB632", Severity.ERROR, f"ô `{ID_COLUMN}` trống", "", rid_cell[1]))
            continue
        if rid in table.rows:
            diags.add(Diagnostic("VB635", Severity.ERROR, f"mã `{rid}` lặp lại (đã có ở {table.row_positions[rid]})",
                                 "", rid_cell[1]))
            continue
        values: dict[str, Any] = {}
        where: dict[str, Position] = {}
        for (column, _), (value, position, comma) in zip(header, cells):
            typed = _typed(value, comma)
            if column and typed is not None:
                values[column] = typed
                where[column] = position
        table.rows[rid] = values
        table.cells[rid] = where
        table.row_positions[rid] = rid_cell[1]
    return table


def join(table: DataTable, recipient_ids: list[str], names: dict[str, str]) -> Diagnostics:
    """Check the table against the recipients of a run: a missing row is an error, an extra row a warning."""
    diags = Diagnostics()
    wanted = set(recipient_ids)
    for rid in recipient_ids:
        if rid not in table.rows:
            diags.add(Diagnostic("VB636", Severity.ERROR,
                                 f"không có dòng số liệu cho nơi nhận `{rid}` ({names.get(rid, '')})", "",
                                 Position(table.path)))
    for rid, position in table.row_positions.items():
        if rid not in wanted:
            close = difflib.get_close_matches(rid, recipient_ids, n=1, cutoff=0.6)
            diags.add(Diagnostic("VB634", Severity.WARNING, f"dòng thừa: mã `{rid}` không nằm trong Kính gửi", "",
                                 position, f"có phải ý bạn là `{close[0]}`?" if close else ""))
    return diags
