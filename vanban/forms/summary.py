"""The summary of the returned forms (biểu tổng hợp), as .xlsx and as a .docx table.

For each form: one row per recipient (in the order of `don_vi_bao_cao`, missing ones included
and marked "chưa nộp") plus a totals row. A one-row form keeps all its columns; a form of many
rows (one per district …) gives each recipient's totals of its number columns, ratios recomputed
from the sums. A form whose rows are given by the spec also gets a second table: each of its rows
summed over the recipients. The .xlsx has a sheet "Kiểm tra" with every problem found.
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from dataclasses import replace
from decimal import Decimal

import docx
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from .. import ooxml
from ..gate import formulas_as_text, set_formula
from ..diagnostics import Diagnostics
from ..model.compute import layout, row_values, table_grid
from ..model.decree import upper
from ..render import styles as st
from ..render.forms import render_table, wants_landscape
from ..render.template import REPO_TEMPLATE
from .collect import FormResult
from ..model.forms import Column, ColumnType, Form, HeaderCell, Row, Table, Value, reference_line
from .xlsx import MM_PER_UNIT, cell_formula, number_format

NOT_RETURNED = "chưa nộp"


def _flat(columns: list[Column], total: str | None, rows: list[list[Value]],
          shape: Table | None = None) -> tuple[Table, list[list[Value]]]:
    """A one-row-header table of ``rows``; with ``shape`` the rows keep its groups (kind, level, extent),
    numbering and totals' position, so group rows show subtotals and the total adds the items only."""
    built = tuple(Row(tuple(r)) if shape is None else replace(shape.rows[n], values=tuple(r), rich=())
                  for n, r in enumerate(rows))
    table = Table(columns=tuple(columns), header=tuple(HeaderCell(c.header_text, 0, i) for i, c in enumerate(columns)),
                  header_rows=1, rows=built, number_row=False, total_label=total)
    if shape is not None:
        table = replace(table, numbering=shape.numbering, group_totals=True, total_top=shape.total_top,
                        continuous=shape.continuous)
    return table, table_grid(table)


def _kept(form: Form) -> list[Column]:
    """The form's columns carried into the per-recipient summary."""
    table = form.table
    keep = []
    single = len(table.rows) == 1
    codes = set()
    for column in table.columns:
        if column.type is ColumnType.STT:
            continue
        if single or column.summable or (column.formula is not None):
            if column.formula is not None and not set(column.formula.codes) <= codes:
                column = Column(**{**column.__dict__, "formula": None})
            if not single and column.type is ColumnType.TEXT:
                continue
            keep.append(column)
            codes.add(column.code)
    return keep


def by_recipient(result: FormResult) -> tuple[Table, list[list[Value]]]:
    form = result.form
    kept = _kept(form)
    index = {c.code: i for i, c in enumerate(form.table.columns)}
    columns = [Column("stt", "Stt", ColumnType.STT, width_mm=12),
               Column("don_vi", "Đơn vị báo cáo", ColumnType.TEXT, width_mm=50)] + kept + [
               Column("ghi_chu_tong_hop", "Tình trạng", ColumnType.TEXT, width_mm=30)]
    rows = []
    for recipient, submission in result.ordered():
        values: list[Value] = [None, recipient.name]
        if submission is None:
            values += [None] * len(kept) + [NOT_RETURNED]
        else:
            grid = row_values(form.table, submission.rows)
            source = grid[0] if len(form.table.rows) == 1 else _sums(form, grid)
            values += [source[index[c.code]] if c.formula is None else None for c in kept]
            status = []
            if submission.bad_cells:
                status.append(f"{submission.bad_cells} ô sai")
            if submission.blank_cells:
                status.append(f"{submission.blank_cells} ô trống")
            values.append(", ".join(status) or "đủ")
        rows.append(values)
    return _flat(columns, "Tổng cộng", rows)


def _sums(form: Form, grid: list[list[Value]]) -> list[Value]:
    """The sums over the item rows of one returned form (group rows hold subtotals: not added again)."""
    out: list[Value] = [None] * len(form.table.columns)
    items = [values for values, row in zip(grid, form.table.rows) if not row.is_group]
    for i, column in enumerate(form.table.columns):
        if column.summable and column.formula is None:
            present = [row[i] for row in items if isinstance(row[i], Decimal)]
            out[i] = sum(present, Decimal(0)) if present else None
    return out


def by_row(result: FormResult) -> tuple[Table, list[list[Value]]] | None:
    """Each given row of the form (a district …) summed over the recipients."""
    form = result.form
    table = form.table
    label_at = table.label_column
    if len(table.rows) < 2 or label_at is None or not any(r.values[label_at] for r in table.rows):
        return None
    keep = [i for i, c in enumerate(table.columns)
            if c.type is ColumnType.STT or i == label_at or c.summable or c.formula is not None]
    columns = [table.columns[i] for i in keep]
    rows = []
    grids = [row_values(table, s.rows) for s in result.submissions.values()]
    for r, row in enumerate(table.rows):
        values: list[Value] = []
        for i in keep:
            column = table.columns[i]
            if i == label_at:
                values.append(row.values[i])
            elif column.summable and column.formula is None:
                present = [g[r][i] for g in grids if r < len(g) and isinstance(g[r][i], Decimal)]
                values.append(sum(present, Decimal(0)) if present else None)
            else:
                values.append(None)
        rows.append(values)
    return _flat(columns, table.total_label or "Tổng cộng", rows, table)


def _heading(result: FormResult, document) -> tuple[str, str, str]:
    form = result.form
    returned = len(result.submissions)
    expected = len(form.recipients)
    count = f"{returned}/{expected}" if expected else str(returned)
    source = reference_line(document)[len("(Kèm theo "):-1]
    return (f"Tổng hợp {form.label}", form.subtitle or form.title,
            f"(Số liệu của {count} đơn vị đã nộp, theo {source})")


# --------------------------------------------------------------------------- .xlsx


_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def summary_xlsx(results: list[FormResult], diags: Diagnostics, document) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for n, result in enumerate(results, start=1):
        ws = wb.create_sheet(f"Tổng hợp {n}")
        label, title, note = _heading(result, document)
        tables = [("Theo đơn vị báo cáo", *by_recipient(result))]
        extra = by_row(result)
        if extra:
            tables.append((f"Theo dòng của {result.form.label}", *extra))
        width = max(len(t.columns) for _, t, _ in tables)
        row = 1
        for text, font in ((label, Font(name=st.FONT, size=13, bold=True)),
                           (upper(title), Font(name=st.FONT, size=13, bold=True)),
                           (note, Font(name=st.FONT, size=12, italic=True))):
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            cell = ws.cell(row=row, column=1, value=text)
            cell.font, cell.alignment = font, Alignment(horizontal="center", wrap_text=True)
            row += 1
        widths: dict[int, float] = {}
        for caption, table, grid in tables:
            row += 1
            ws.cell(row=row, column=1, value=caption).font = Font(name=st.FONT, size=12, bold=True)
            row += 1
            for c, column in enumerate(table.columns, start=1):
                cell = ws.cell(row=row, column=c, value=column.header_text)
                cell.font, cell.border = Font(name=st.FONT, size=12, bold=True), _BOX
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
                widths[c] = max(widths.get(c, 0), column.width_mm)
            row += 1
            row = _write_rows(ws, table, row)
        for c, w in widths.items():
            ws.column_dimensions[get_column_letter(c)].width = round(max(w, 14) / MM_PER_UNIT, 1)
    ws = wb.create_sheet("Kiểm tra")
    for c, (head, w) in enumerate((("Tệp", 40), ("Vị trí", 22), ("Mã", 8), ("Mức", 10), ("Nội dung", 90)), start=1):
        cell = ws.cell(row=1, column=c, value=head)
        cell.font = Font(name=st.FONT, size=12, bold=True)
        ws.column_dimensions[get_column_letter(c)].width = w
    for r, d in enumerate(diags.sorted(), start=2):
        for c, value in enumerate((d.position.file if d.position else "", d.path, d.code, d.severity.label,
                                   d.message + (f" ({d.hint})" if d.hint else "")), start=1):
            ws.cell(row=r, column=c, value=value).font = Font(name=st.FONT, size=12)
    props = wb.properties
    props.title = ooxml.core_text(f"Tổng hợp biểu mẫu: {document.subject_line}")
    props.creator = ooxml.core_text(" ".join(document.agency.name))
    props.lastModifiedBy = "vanban"
    when = _dt.datetime(document.issued.year, document.issued.month or 1, document.issued.day or 1)
    props.created = props.modified = when
    formulas_as_text(wb)  # returned cells, unit and file names are texts typed by others: never formulas
    buf = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED)).save()
    return ooxml.deterministic_zip(buf.getvalue())


def _write_rows(ws, table: Table, top: int) -> int:
    """The rows of a summary table from ``top``: the returned values of the items, and live formulas for what
    is computed: a / b and a + b per row, SUBTOTAL(9, …) on group rows over their items and on the totals row
    over all data rows (SUBTOTAL leaves the group rows' own SUBTOTALs out). Returns the next free row."""
    shown = layout(table)
    at: dict[int, int] = {}  # table row index → Excel row
    excel = top
    for grid_row in shown:
        if grid_row.kind != "total":
            at[grid_row.index] = excel
        excel += 1
    letters = {c.code: get_column_letter(i + 1) for i, c in enumerate(table.columns)}
    data = sorted(at.values())
    row = top
    for grid_row in shown:
        bold = grid_row.kind != "item"
        for c, (column, value) in enumerate(zip(table.columns, grid_row.values), start=1):
            cell = ws.cell(row=row, column=c)
            cell.number_format = number_format(column)
            cell.font, cell.border = Font(name=st.FONT, size=12, bold=bold), _BOX
            letter = get_column_letter(c)
            span = None
            if grid_row.kind == "group" and column.summable:
                source = table.rows[grid_row.index]
                inner = [at[j] for j in range(grid_row.index + 1, source.end)]
                span = f"{letter}{min(inner)}:{letter}{max(inner)}" if inner else None
            elif grid_row.kind == "total" and column.summable and data:
                span = f"{letter}{data[0]}:{letter}{data[-1]}"
            if column.formula is not None:
                set_formula(cell, cell_formula(column, letters, row))
            elif span is not None:
                set_formula(cell, f"=SUBTOTAL(9,{span})")
            else:
                cell.value = _excel(value)
        row += 1
    return row


def _excel(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


# --------------------------------------------------------------------------- .docx


def summary_docx(results: list[FormResult], document, template=None) -> bytes:
    d = docx.Document(str(template or REPO_TEMPLATE))
    ooxml.clear_body(d)
    portrait = ooxml.section_text_width_mm(d.sections[0])
    for n, result in enumerate(results):
        label, title, note = _heading(result, document)
        tables = [("Theo đơn vị báo cáo", *by_recipient(result))]
        extra = by_row(result)
        if extra:
            tables.append((f"Theo dòng của {result.form.label}", *extra))
        wide = any(wants_landscape(t, portrait) for _, t, _ in tables)
        if n == 0:
            section = d.sections[0]
            ooxml.orient_section(section, wide)
        else:
            section = ooxml.add_section(d, landscape=wide, restart_numbering=False)
        width = ooxml.section_text_width_mm(section)
        for style, text in ((st.PHU_LUC_SO, label), (st.TEN_PHU_LUC, upper(title)), (st.KEM_THEO, note)):
            d.add_paragraph(style=style).add_run(text)
        for caption, table, grid in tables:
            d.add_paragraph(style=st.DON_VI_TINH)
            d.add_paragraph(style=st.TRICH_YEU_PL).add_run(caption)
            render_table(d, table, grid, width)
    ooxml.set_core_properties(d, title=f"Tổng hợp biểu mẫu: {document.subject_line}",
                              author=" ".join(document.agency.name),
                              when=_dt.datetime(document.issued.year, document.issued.month or 1,
                                                document.issued.day or 1))
    return ooxml.save_document(d)
