"""Forms as Excel workbooks (openpyxl): one sheet per form, ready to send to the recipients.

Each sheet repeats the form's heading (own header block beside the Quốc hiệu, label, title,
"(Kèm theo …)" line), then an "Đơn vị báo cáo:" line and the table: the merged header, the
column numbers, the rows with number formats and data validation by column type (number ≥ 0,
percentage 0–100 %, date), formulas for Stt, computed columns, group subtotals and the totals row. Every
cell is locked (sheet protection, no password) except the blanks to fill.

Group rows (dòng nhóm) carry ``SUBTOTAL(9, …)`` over the rows of their group and the totals row
``SUBTOTAL(9, …)`` over all data rows: SUBTOTAL leaves out the cells that are themselves SUBTOTALs, so
Excel and LibreOffice add the items only, never a group twice, however deep the groups go.

How a returned workbook is recognised (read by :mod:`vanban.forms.collect`): workbook-level
defined names written here
  ``VANBAN_F<n>_KHOA``  "<ký hiệu>|<form key>|<fingerprint of the columns and rows>" (which form)
  ``VANBAN_F<n>_BANG``  the data rows of the table on the form's sheet
  ``VANBAN_F<n>_DON_VI`` the "Đơn vị báo cáo" input cell
  ``VANBAN_DON_VI``     the recipient's code, only in the per-recipient copies
The bytes are deterministic: fixed document properties and zip timestamps.
"""

from __future__ import annotations

from ..gcpause import without_gc

import datetime as _dt
import hashlib
import io
import math
import zipfile
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation

from .. import metrics
from ..gate import formulas_as_text, set_formula
from ..ooxml import core_text, deterministic_zip
from ..model.decree import QUOC_HIEU, TIEU_NGU, upper
from ..model.forms import ColumnType, Form, Recipient, reference_line
from ..render import styles as st
from ..model.compute import merged_runs, row_labels, typed_sums
from ..model.tables import Align
from ..render.forms import fitted_widths, wants_landscape
from ..render.tables import group_prefix, unit_line
from .rowwriter import FormWriter, ItemRows, release_item_rows

FONT = st.FONT
#: Width of one Excel column-width unit in mm (a "0" of the default font, 7 px at 96 dpi).
MM_PER_UNIT = 1.9
PORTRAIT_TEXT_MM = st.PAGE_WIDTH_MM - st.MARGIN_LEFT_MM - st.MARGIN_RIGHT_MM
LANDSCAPE_TEXT_MM = st.PAGE_HEIGHT_MM - st.MARGIN_TOP_MM - st.MARGIN_BOTTOM_MM

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center", wrap_text=True)
_UNLOCKED = Protection(locked=False)
_ALIGN = {Align.LEFT: _LEFT, Align.CENTER: _CENTER, Align.RIGHT: _RIGHT}

NUMBER_FORMATS = {ColumnType.DATE: "dd/m/yyyy", ColumnType.STT: "0"}


def number_format(column) -> str:
    if column.type is ColumnType.NUMBER:
        return "#,##0" + ("." + "0" * column.decimals if column.decimals else "")
    if column.type is ColumnType.PERCENT:
        return "0" + ("." + "0" * column.decimals if column.decimals else "") + "%"
    return NUMBER_FORMATS.get(column.type, "@")


def fingerprint(form: Form) -> str:
    """Changes when the columns or the given rows change: a returned file of another version is refused."""
    parts = [f"{c.code}:{c.type.value}:{c.formula}" for c in form.table.columns]
    parts += [repr(r.values) for r in form.table.rows]
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:12]


def form_key(document, form: Form) -> str:
    """Which form a workbook carries: the letter's ký hiệu (not its number, which a draft lacks, nor
    the spec's file name, which may change), the form's place in the spec and its fingerprint."""
    return f"{document.number.code}|{form.key}|{fingerprint(form)}"


@dataclass(frozen=True)
class SheetLayout:
    """Where the parts of a form are on its sheet (1-based rows/columns)."""

    recipient_cell: str
    header_row: int
    first_data_row: int
    data_rows: int
    total_row: int | None


def layout(form: Form) -> SheetLayout:
    """The layout of a form's sheet (the writer follows it; the collector reads by it)."""
    row = 1
    if form.header_left:
        row += 2  # header block, blank
    row += 2  # label, title
    row += 1 if form.subtitle else 0  # trích yếu
    recipient_row = row + 2  # (Kèm theo …), blank
    row = recipient_row + 1
    row += 1  # unit note / blank
    header_row = row + 1
    first = header_row + form.table.header_rows + (1 if form.table.number_row else 0)
    data_rows = len(form.table.rows)
    total = None
    if form.table.total_label is not None:
        if form.table.total_top:  # "TỔNG SỐ" right under the header (corpus 19): the data rows follow it
            total, first = first, first + 1
        else:
            total = first + data_rows
    return SheetLayout(f"C{recipient_row}" if len(form.table.columns) > 2 else f"B{recipient_row}",
                       header_row, first, data_rows, total)


@without_gc
def build_workbook(document, stem: str, recipient: Recipient | None = None) -> bytes:
    """The workbook of every form of ``document`` (or, for ``recipient``, of the forms sent to it)."""
    wb = Workbook()
    wb.remove(wb.active)
    for n, form in enumerate(document.attachments, start=1):
        if form.table is None:  # a text-only phụ lục: nothing to fill
            continue
        if recipient is not None and form.recipients and recipient not in form.recipients:
            continue
        ws = wb.create_sheet(_unique_title(wb, form.sheet_title))
        reference = reference_line(document, form.reference) if form.reference is not None else ""
        _write_sheet(wb, ws, form, n, form_key(document, form), reference, recipient)
    if recipient is not None:
        wb.defined_names["VANBAN_DON_VI"] = DefinedName("VANBAN_DON_VI", attr_text=f'"{recipient.code}"')
    props = wb.properties
    props.title = core_text(f"{document.subject_line}: biểu mẫu")
    props.subject = core_text(document.number.line.replace("Số:", "").strip())
    props.creator = core_text(" ".join(document.agency.name))
    props.lastModifiedBy = "vanban"
    props.keywords = stem
    when = _dt.datetime(document.issued.year, document.issued.month or 1, document.issued.day or 1)
    props.created = props.modified = when
    formulas_as_text(wb)  # a text of the spec or registry that starts with "=" stays text (item rows: .rowwriter)
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED)  # deflated once, by deterministic_zip
    FormWriter(wb, archive).save()  # (openpyxl's save_workbook would stamp the current time)
    release_item_rows(wb)
    return deterministic_zip(buf.getvalue())


def _unique_title(wb, title: str) -> str:
    candidate, n = title, 2
    while candidate in wb.sheetnames:
        suffix = f" ({n})"
        candidate = title[: 31 - len(suffix)] + suffix
        n += 1
    return candidate


@lru_cache(maxsize=None)
def _font(size: float = 12, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=FONT, size=size, bold=bold, italic=italic)


def _line(ws, row: int, last_col: int, text: str, font: Font, align=_CENTER, height: float | None = None) -> None:
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
    cell = ws.cell(row=row, column=1, value=text)
    cell.font = font
    cell.alignment = align
    if height:
        ws.row_dimensions[row].height = height


def _lines_needed(text: str, width_mm: float, size: float, bold: bool) -> int:
    lines = 0
    for part in text.split("\n"):
        lines += max(1, math.ceil(metrics.text_width_mm(part, size, bold=bold) / max(5.0, width_mm - 3)))
    return lines


def _write_sheet(wb, ws, form: Form, n: int, key: str, reference: str, recipient: Recipient | None) -> None:
    table = form.table
    columns = table.columns
    ncols = len(columns)
    landscape = wants_landscape(table, PORTRAIT_TEXT_MM, form.orientation)
    width = LANDSCAPE_TEXT_MM if landscape else PORTRAIT_TEXT_MM
    widths = fitted_widths(table, width)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = round(w / MM_PER_UNIT, 1)
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left, ws.page_margins.right = (20 / 25.4, 20 / 25.4) if landscape else (30 / 25.4, 15 / 25.4)
    ws.page_margins.top, ws.page_margins.bottom = (30 / 25.4, 15 / 25.4) if landscape else (20 / 25.4, 20 / 25.4)
    ws.sheet_view.showGridLines = False
    plan = layout(form)

    row = 1
    if form.header_left:
        split = max(1, min(ncols - 1, round(ncols * st.HEADER_LEFT_SHARE))) if ncols > 1 else 1
        left_text = "\n".join(upper(line) for line in form.header_left)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=split)
        cell = ws.cell(row=1, column=1, value=left_text)
        cell.font, cell.alignment = _font(12, bold=True), _CENTER
        if ncols > 1:
            ws.merge_cells(start_row=1, start_column=split + 1, end_row=1, end_column=ncols)
            right = ws.cell(row=1, column=split + 1, value=f"{QUOC_HIEU}\n{TIEU_NGU}")
            right.font, right.alignment = _font(12, bold=True), _CENTER
        left_w = sum(widths[:split])
        lines = max(2, _lines_needed(left_text, left_w, 12, True))
        ws.row_dimensions[1].height = 16 * lines
        row = 3
    _line(ws, row, ncols, form.label, _font(13, bold=True))
    row += 1
    _line(ws, row, ncols, upper(form.title), _font(13, bold=True))
    row += 1
    if form.subtitle:
        _line(ws, row, ncols, form.subtitle, _font(13, bold=True),
              height=17 * _lines_needed(form.subtitle, sum(widths), 13, True))
        row += 1
    _line(ws, row, ncols, reference, _font(13, italic=True),
          height=17 * _lines_needed(reference, sum(widths), 13, False))
    row += 2
    # Đơn vị báo cáo: the recipient's name (typed by it, or written here in its own copy)
    label_span = 2 if ncols > 2 else 1
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=label_span)
    label = ws.cell(row=row, column=1, value="Đơn vị báo cáo:")
    label.font, label.alignment = _font(12, bold=True), _RIGHT
    if label_span + 1 < ncols:
        ws.merge_cells(start_row=row, start_column=label_span + 1, end_row=row, end_column=ncols)
    target = ws.cell(row=row, column=label_span + 1, value=recipient.name if recipient else None)
    target.font, target.alignment = _font(12, bold=recipient is not None), _LEFT
    target.border = Border(bottom=Side(style="dotted", color="000000"))
    if recipient is None:
        target.protection = _UNLOCKED
    assert target.coordinate == plan.recipient_cell
    row += 1
    if table.unit_note:
        _line(ws, row, ncols, unit_line(table.unit_note), _font(12, italic=True), _RIGHT)
    row += 1
    header_row = row + 1
    assert header_row == plan.header_row

    # header: merged cells, borders on every cell of a merged block
    for cell in table.header:
        top, left = header_row + cell.row, 1 + cell.col
        bottom, right = top + cell.row_span - 1, left + cell.col_span - 1
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                ws.cell(row=r, column=c).border = _BOX
        if bottom > top or right > left:
            ws.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)
        head = ws.cell(row=top, column=left, value=cell.text)
        head.font, head.alignment = _font(12, bold=True), _CENTER
    for r in range(table.header_rows):
        texts = [(c.text, sum(widths[c.col:c.col + c.col_span])) for c in table.header if c.row == r and c.row_span == 1]
        texts += [(c.text, widths[c.col]) for c in table.header if c.row == r and c.row_span > 1]
        need = max((_lines_needed(t, w, 12, True) for t, w in texts), default=1)
        spanning = [c for c in table.header if c.row == r and c.row_span > 1]
        if spanning and table.header_rows > 1:
            need = max(need, math.ceil(max(_lines_needed(c.text, widths[c.col], 12, True) for c in spanning)
                                       / table.header_rows))
        ws.row_dimensions[header_row + r].height = 16 * need + 4
    row = header_row + table.header_rows
    if table.number_row:
        for c, text in enumerate(table.number_labels, start=1):
            cell = ws.cell(row=row, column=c, value=text)
            cell.font, cell.alignment, cell.border = _font(11, italic=True), _CENTER, _BOX
        row += 1
    total_row = plan.total_row
    if table.total_top and total_row is not None:
        row += 1
    first = row
    assert first == plan.first_data_row
    last = first + len(table.rows) - 1
    labels = row_labels(table)
    grouped = not table.plain_numbers
    letters = {col.code: get_column_letter(i + 1) for i, col in enumerate(columns)}
    validations = {}
    for i, column in enumerate(columns):
        dv = _validation(column)
        if dv is not None:
            ws.add_data_validation(dv)
            validations[i] = dv
    blanks: dict[int, list[int]] = {}  # the rows each validation covers, set at once (adding one by one is quadratic)
    row_styles: dict[tuple[int, bool, bool], object] = {}  # (column, blank, group) → its cells' style (StyleArray)
    text_styles: dict[int, object] = {}  # id(style) → the same with the text format "@" (Stt labels)
    items = ItemRows(ws)  # item rows: written straight as XML when saved (linear time, .rowwriter)
    merges = merged_runs(table)  # sub-rows: cells merged with the row above (openpyxl's merged cells)
    in_merges = {r for _, top, bottom in merges for r in range(top, bottom + 1)}
    stt_formula = f"=ROW()-{first - 1}"
    row_formulas = {i: _row_formula(column, letters) for i, column in enumerate(columns) if column.formula is not None}

    def style_of(i: int, column, blank: bool, is_group: bool):
        """The style of column ``i``'s cells of this kind: made once (border, font, number format, alignment, lock),
        then shared; openpyxl registers its parts with the workbook in the order they are first made."""
        key = (i, blank, is_group)
        style = row_styles.get(key)
        if style is None:
            def apply(cell):
                cell.border = _BOX
                cell.font = _font(12, bold=is_group)
                cell.number_format = number_format(column)
                cell.alignment = _ALIGN[column.alignment]
                if blank:
                    cell.protection = _UNLOCKED
            style = row_styles[key] = items.style(apply)
        return style

    def text_style(style):
        known = text_styles.get(id(style))
        if known is None:
            def apply(cell):
                cell._style = copy(style)
                cell.number_format = "@"
            known = text_styles[id(style)] = items.style(apply)
        return known

    for r, data in enumerate(table.rows):
        excel_row = first + r
        is_group, values = data.is_group, data.values
        if not is_group and r not in in_merges:  # an item row: records, not openpyxl cells (.rowwriter)
            record = []
            for i, column in enumerate(columns):
                value = values[i]
                blank = column.type is not ColumnType.STT and column.formula is None and value is None
                style = style_of(i, column, blank, False)
                if column.type is ColumnType.STT:
                    if grouped:  # "1", "a", "-": text by level
                        record.append(items.value(i + 1, text_style(style), labels[r] or None))
                    else:
                        record.append(items.formula(i + 1, style, stt_formula))
                elif column.formula is not None:
                    record.append(items.formula(i + 1, style, str(excel_row).join(row_formulas[i])))
                elif not blank:
                    record.append(items.value(i + 1, style, _excel_value(value)))
                else:
                    record.append(items.value(i + 1, style, None))
                    if i in validations:
                        blanks.setdefault(i, []).append(excel_row)
            items.add(excel_row, record)
        else:
            for i, column in enumerate(columns):
                cell = ws.cell(row=excel_row, column=i + 1)
                blank = (column.type is not ColumnType.STT and column.formula is None and values[i] is None
                         and not is_group)  # a cell to fill (a group row's cells are computed or given)
                cell._style = copy(style_of(i, column, blank, is_group))
                if column.type is ColumnType.STT:
                    if grouped:
                        cell.value = labels[r] or None  # "I", "1", "a", "-": text by level
                        cell.number_format = "@"
                    else:
                        set_formula(cell, stt_formula)
                elif is_group:
                    if column.formula is not None:
                        set_formula(cell, cell_formula(column, letters, excel_row))
                    elif column.summable and (table.group_totals or typed_sums(table, values)):
                        letter = get_column_letter(i + 1)
                        end = first + data.end - 1
                        set_formula(cell, f"=SUBTOTAL(9,{letter}{excel_row + 1}:{letter}{end})")
                    elif values[i] is not None and not column.summable:
                        cell.value = _excel_value(values[i])
                elif column.formula is not None:
                    set_formula(cell, cell_formula(column, letters, excel_row))
                elif not blank:
                    cell.value = _excel_value(values[i])
                elif i in validations:
                    blanks.setdefault(i, []).append(excel_row)
        if data.is_group and data.whole and table.label_column is not None:  # "II. TÊN NHÓM" across the row
            cell = ws.cell(row=excel_row, column=1, value=group_prefix(labels[r]) + str(data.values[table.label_column]))
            cell.alignment, cell.number_format = _LEFT, "@"
            ws.merge_cells(start_row=excel_row, start_column=1, end_row=excel_row, end_column=ncols)
        longest = max((_lines_needed(str(v), widths[i], 12, False) for i, v in enumerate(data.values)
                       if isinstance(v, str)), default=1)
        if longest > 1:
            ws.row_dimensions[excel_row].height = 16 * longest
    for i, rows in blanks.items():
        validations[i].sqref = MultiCellRange(column_ranges(get_column_letter(i + 1), rows))
    for column, top, bottom in merges:
        ws.merge_cells(start_row=first + top, start_column=column + 1, end_row=first + bottom, end_column=column + 1)
    row = last + 1
    if table.total_label is not None:
        after = row
        if table.total_top:
            row = total_row
        for i, column in enumerate(columns):
            cell = ws.cell(row=row, column=i + 1)
            cell.border, cell.font = _BOX, _font(12, bold=True)
            cell.number_format = number_format(column)
            cell.alignment = _CENTER if i == table.label_column else (
                _RIGHT if column.type in (ColumnType.NUMBER, ColumnType.PERCENT) else _CENTER)
            if i == table.label_column:
                cell.value = table.total_label
            elif column.formula is not None:
                set_formula(cell, cell_formula(column, letters, row))
            elif column.summable:
                letter = get_column_letter(i + 1)
                span = f"{letter}{first}:{letter}{last}"
                if table.grouped:  # the items only: SUBTOTAL skips the group rows' SUBTOTALs
                    set_formula(cell, f"=SUBTOTAL(9,{span})")
                else:
                    set_formula(cell, f'=IF(COUNT({span})=0,"",SUM({span}))')
        row = after if table.total_top else row + 1
    for note in form.notes:
        row += 1
        _line(ws, row, ncols, note, _font(12, italic=True), _LEFT,
              height=16 * _lines_needed(note, sum(widths), 12, False))
    if form.signers:
        row += 2
        spans = _spans(ncols, len(form.signers))
        if form.place_date:
            a, b = spans[-1]
            ws.merge_cells(start_row=row, start_column=a, end_row=row, end_column=b)
            cell = ws.cell(row=row, column=a, value="…………, ngày …… tháng …… năm ……")
            cell.font, cell.alignment = _font(12, italic=True), _CENTER
            row += 1
        for (a, b), signer in zip(spans, form.signers):
            text = signer.title + (f"\n{signer.caption}" if signer.caption else "")
            if b > a:
                ws.merge_cells(start_row=row, start_column=a, end_row=row, end_column=b)
            cell = ws.cell(row=row, column=a, value=text)
            cell.font, cell.alignment = _font(12, bold=True), _CENTER
        ws.row_dimensions[row].height = 34
    ws.print_title_rows = f"{header_row}:{first - 1 - (1 if table.total_top and total_row is not None else 0)}"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False
    sheet = quote_sheetname(ws.title)
    last_letter = get_column_letter(ncols)
    names = {
        f"VANBAN_F{n}_KHOA": f'"{key}"',
        f"VANBAN_F{n}_BANG": f"{sheet}!$A${first}:${last_letter}${last}",
        f"VANBAN_F{n}_DON_VI": f"{sheet}!${plan.recipient_cell[0]}${plan.recipient_cell[1:]}",
    }
    for name, value in names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=value)


def column_ranges(letter: str, rows: list[int]) -> str:
    """The cells of one column at ``rows`` (ascending) as ranges of consecutive rows: "C12:C22 C24:C30", one range
    for the blanks of a 20,000-row form instead of 20,000 cells (a data validation's ``sqref``)."""
    ranges = []
    start = prev = None
    for row in rows:
        if prev is not None and row == prev + 1:
            prev = row
            continue
        if start is not None:
            ranges.append(f"{letter}{start}:{letter}{prev}" if prev > start else f"{letter}{start}")
        start = prev = row
    if start is not None:
        ranges.append(f"{letter}{start}:{letter}{prev}" if prev > start else f"{letter}{start}")
    return " ".join(ranges)


def _spans(ncols: int, count: int) -> list[tuple[int, int]]:
    """Split ``ncols`` columns into ``count`` adjacent spans (1-based, inclusive)."""
    out, start = [], 1
    for k in range(count):
        end = round(ncols * (k + 1) / count)
        end = max(end, start)
        out.append((start, min(end, ncols)))
        start = min(end + 1, ncols)
    return out


def cell_formula(column, letters: dict[str, str], row: int) -> str:
    """The Excel formula of a computed column (a + b - c, a / b) on one row, blank until its operands are filled."""
    formula = column.formula
    if formula.ratio:
        a, b = (letters[code] + str(row) for code in formula.codes)
        return f'=IF(OR({a}="",{b}="",{b}=0),"",{a}/{b})'
    refs = [f"{'-' if sign < 0 else '+'}N({letters[code]}{row})" for sign, code in formula.terms]
    text = "".join(refs)
    cells = ",".join(f"{letters[code]}{row}" for code in formula.codes)
    return f'=IF(COUNT({cells})=0,"",{text[1:] if text.startswith("+") else text})'  # blank until filled


_ROW = "\0"  # stands for the row number in a formula made once per column (no formula holds a NUL)


def _row_formula(column, letters: dict[str, str]) -> list[str]:
    """:func:`cell_formula` of ``column`` split where its row number goes: ``str(row).join(parts)`` is the formula
    of that row, made without rebuilding it for each of thousands of rows."""
    return cell_formula(column, letters, _ROW).split(_ROW)  # type: ignore[arg-type]


def _excel_value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _validation(column) -> DataValidation | None:
    common = dict(allow_blank=True, showErrorMessage=True, showInputMessage=True, errorStyle="stop",
                  errorTitle="Giá trị không hợp lệ")
    if column.computed or column.type is ColumnType.TEXT:
        return None
    if column.type is ColumnType.NUMBER:
        kind = "whole" if column.decimals == 0 else "decimal"
        what = "số nguyên" if column.decimals == 0 else "số"
        return DataValidation(type=kind, operator="greaterThanOrEqual", formula1="0",
                              error=f"{column.title}: nhập {what} lớn hơn hoặc bằng 0.",
                              promptTitle=column.title[:32], prompt=f"Nhập {what} ≥ 0", **common)
    if column.type is ColumnType.PERCENT:
        return DataValidation(type="decimal", operator="between", formula1="0", formula2="1",
                              error=f"{column.title}: nhập tỷ lệ từ 0% đến 100%, ví dụ 1,09%.",
                              promptTitle=column.title[:32], prompt="Tỷ lệ từ 0% đến 100%", **common)
    if column.type is ColumnType.DATE:
        return DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)",
                              formula2="DATE(2100,12,31)",
                              error=f"{column.title}: nhập ngày dạng 28/8/2020.",
                              promptTitle=column.title[:32], prompt="Ngày, ví dụ 28/8/2020", **common)
    return None
