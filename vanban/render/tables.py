"""A table (bảng) in the .docx: in the body, in a phụ lục, in a biểu mẫu or a summary of returned forms.

Bordered, centred, fitted to the text width keeping the spec's proportions; the header rows
(merged cells for grouped columns) repeat on every page and no row breaks across pages. Group
rows carry their number in the Stt column and their name across the empty columns that follow
(corpus 19: "I | Quan trắc … (cột 2–8 gộp) | 1.364.329.243 | "), or one cell across the whole row
("I. TÊN NHÓM", corpus 17), bold and kept with their first item; the totals row is bold, its label
centred. Values are formatted through Babel vi_VN ("187.315", "1,09%"); text cells keep their
inline markup (**đậm**, *nghiêng*, __gạch chân__, links). WordprocessingML is written by
:mod:`vanban.ooxml` (``append_grid_rows``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ..model.compute import GridRow, layout, text_rows
from ..model.tables import Align, Table, Value
from ..model.values import format_value
from . import styles as st

if TYPE_CHECKING:  # imported where a table is written into a .docx: `vanban text` (table_text) needs no python-docx
    from .. import ooxml

_ALIGN = {Align.LEFT: "left", Align.CENTER: "center", Align.RIGHT: "right"}
_STYLE = {Align.LEFT: st.BANG_CHU, Align.CENTER: st.BANG_GIUA, Align.RIGHT: st.BANG_SO}


def fitted_widths(table: Table, width_mm: float) -> list[float]:
    """Column widths scaled to span the text width, keeping the spec's proportions."""
    total = table.total_width_mm
    return [round(c.width_mm * width_mm / total, 1) for c in table.columns]


def unit_line(note: str) -> str:
    """The unit line as written ("ĐVT: triệu đồng"); a bare unit ("người") becomes "Đơn vị tính: người"."""
    return note if ":" in note else f"Đơn vị tính: {note}"


def render_table(d, table: Table, grid: Sequence | None, width_mm: float, container=None):
    """The bordered table: grouped header (merged cells), column numbers, then the rows of ``grid``
    (:func:`vanban.model.compute.layout`; plain value rows are taken as the items then the total)."""
    from .. import ooxml

    container = container if container is not None else d
    rows = _grid_rows(table, grid)
    widths = fitted_widths(table, width_mm)
    columns = table.columns
    head = table.header_rows + (1 if table.number_row else 0)
    docx_table = container.add_table(rows=head, cols=len(columns))
    ooxml.grid_table(docx_table, widths, header_rows=head)
    for cell in table.header:
        merged = ooxml.merge_cells(docx_table, cell.row, cell.col, cell.row_span, cell.col_span)
        _fill(merged, st.BANG_TIEU_DE, cell.text)
    if table.number_row:
        for cell, label in zip(docx_table.rows[table.header_rows].cells, table.number_labels):
            _fill(cell, st.BANG_SO_COT, label)
    ids = {name: d.styles[name].style_id for name in (st.BANG_CHU, st.BANG_GIUA, st.BANG_SO)}
    styles = tuple(ids[_STYLE[column.alignment]] for column in columns)  # per column, looked up once per table
    merged = [_merged_up(table, row) for row in rows] + [frozenset()]
    ooxml.append_grid_rows(docx_table, widths, (_row(table, row, ids, styles, merged[n], merged[n + 1])
                                                 for n, row in enumerate(rows)))
    return docx_table


def _merged_up(table: Table, row: GridRow) -> frozenset[int]:
    return table.rows[row.index].merged_up if row.index >= 0 and row.kind == "item" else frozenset()


def _grid_rows(table: Table, grid: Sequence | None) -> list[GridRow]:
    if grid is None:
        return layout(table)
    if not grid or isinstance(grid[0], GridRow):
        return list(grid)
    out = [GridRow("group" if row.is_group else "item", list(values), n)
           for n, (row, values) in enumerate(zip(table.rows, grid))]
    out += [GridRow("total", list(values)) for values in grid[len(table.rows):]]
    return out


def _row(table: Table, row: GridRow, ids: dict[str, str], styles: tuple[str, ...], up: frozenset[int] = frozenset(),
         down: frozenset[int] = frozenset()) -> ooxml.GridRowSpec | ooxml.PlainRow:
    """One row's cells; ``styles`` is the paragraph style id of each column's cells; ``up``: its columns merged
    with the row above, ``down``: those of the next row merged with it (a sub-row of this item: the row is kept
    on the page of its sub-rows)."""
    from .. import ooxml

    source = table.rows[row.index] if row.index >= 0 else None
    if row.kind == "group" and source is not None:
        return ooxml.GridRowSpec(_group_cells(table, row, source, ids), keep_next=True)
    total = row.kind == "total"
    rich = source.rich if source is not None else ()
    if not (total or rich or up or down):  # most rows: one plain run per cell, each in its column's style
        return ooxml.PlainRow([format_value(column, value) for column, value in zip(table.columns, row.values)],
                              styles)
    label_at = table.label_column if total else None
    cells = []
    for i, (column, value) in enumerate(zip(table.columns, row.values)):
        vmerge = "continue" if i in up else "restart" if i in down else None
        if i in up:
            runs: tuple[ooxml.CellRun, ...] = ()
        else:
            text = source.rich_at(i) if rich else None
            runs = _runs(text) if text is not None else (ooxml.CellRun(format_value(column, value)),)
        style = ids[_STYLE[Align.CENTER]] if i == label_at else styles[i]
        cells.append(ooxml.GridCell(runs, style, None, 1, bold=total, vmerge=vmerge))
    return ooxml.GridRowSpec(cells, keep_next=bool(down))


def _group_cells(table: Table, row: GridRow, source, ids: dict[str, str]) -> list[ooxml.GridCell]:
    """A group row: its number and name, the name's cell spanning the empty columns after it."""
    from .. import ooxml

    columns = table.columns
    label_at = table.label_column
    stt_at = table.stt_column
    values = row.values
    rich = source.rich_at(label_at) if label_at is not None else None
    name = _runs(rich) if rich is not None else (ooxml.CellRun(str(values[label_at] or "")),) \
        if label_at is not None else ()
    if source.whole or label_at is None:
        prefix = group_prefix(row.label)
        runs = ((ooxml.CellRun(prefix),) if prefix else ()) + tuple(name)
        return [ooxml.GridCell(runs, ids[st.BANG_CHU], "left", len(columns), bold=True)]
    cells: list[ooxml.GridCell] = []
    i = 0
    while i < len(columns):
        column = columns[i]
        if i == label_at:
            span = 1
            while i + span < len(columns) and _empty(values[i + span]) and i + span != stt_at:
                span += 1
            cells.append(ooxml.GridCell(tuple(name), ids[st.BANG_CHU], "left", span, bold=True))
            i += span
            continue
        text = row.label if i == stt_at else format_value(column, values[i])
        cells.append(ooxml.GridCell((ooxml.CellRun(text),), ids[_STYLE[column.alignment]], None, 1, bold=True))
        i += 1
    return cells


def group_prefix(label: str) -> str:
    """"I" → "I. ", "a" → "a) ", "-" → "- " (a group written as one cell across the row)."""
    if not label:
        return ""
    if label == "-":
        return "- "
    if label.isalpha() and label.islower():
        return f"{label}) "
    return f"{label}. "


def _empty(value: Value) -> bool:
    return value is None or value == ""


def _runs(text) -> tuple[ooxml.CellRun, ...]:
    from .. import ooxml

    return tuple(ooxml.CellRun(s.text, s.bold, s.italic, s.underline, s.link) for s in text.spans)


def _fill(cell, style: str, text: str):
    paragraph = cell.paragraphs[0]
    paragraph.style = cell.part.document.styles[style]
    if text:
        paragraph.add_run(text)
    return paragraph



def table_text(table: Table) -> list[str]:
    """The table as plain lines ("| a | b |"), header first: ``vanban text`` and git diffs show its figures."""
    out = []
    if table.unit_note:
        out.append(unit_line(table.unit_note))
    for level in range(table.header_rows - 1):  # the merged titles of column groups above the leaf titles
        groups = sorted((c for c in table.header if c.row == level and c.row + c.row_span < table.header_rows),
                        key=lambda c: c.col)
        if groups:
            out.append("| " + " | ".join(c.text for c in groups) + " |")
    out.append("| " + " | ".join(c.header_text for c in table.columns) + " |")
    out += ["| " + " | ".join(cells) + " |" for _kind, _label, cells, _level in text_rows(table)]
    return out
