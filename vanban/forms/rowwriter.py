"""The item rows of a form's sheet, written in linear time (issue 13, point 13: 20,000 rows ≤ 10 s).

openpyxl keeps every cell in the sheet's dictionary, sorts them all when saving and writes each through
a chain of Python calls (about 15 µs a cell). A form of 20,000 rows × 10 columns spent most of its time
there. The item rows (dòng) of a form are made as openpyxl cells of their own, styled and valued by the
same code as every other cell (so the same types, number formats and text checks), but kept aside in
:class:`ItemRows` instead of the sheet; when the workbook is saved, :class:`FormWriter` writes each such
row as one ``<row>`` element (openpyxl's own element functions), in its place among the sheet's other rows. The XML is the
one openpyxl's own writer makes for the same cells (``tests/unit/test_xlsx_rows.py`` compares the bytes
of whole workbooks written both ways), so returned forms are read back as before.
"""

from __future__ import annotations

from openpyxl.cell.cell import Cell
from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import Element, SubElement

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_ATTRIBUTE = "_vanban_item_rows"


class ItemRows:
    """The cells of a sheet's item rows, by row number, kept out of the sheet's own cell dictionary."""

    def __init__(self, ws):
        self.ws = ws
        self.rows: dict[int, list[Cell]] = {}
        setattr(ws, _ATTRIBUTE, self)

    def cell(self, row: int, column: int) -> Cell:
        """A new cell of the sheet at (``row``, ``column``), used like ``ws.cell`` (columns in order)."""
        cell = Cell(self.ws, row=row, column=column)
        self.rows.setdefault(row, []).append(cell)
        return cell


def item_cells(ws):
    """Every cell kept aside for ``ws`` (none for a sheet without item rows)."""
    rows = getattr(ws, _ATTRIBUTE, None)
    if rows is None:
        return
    for cells in rows.rows.values():
        yield from cells


class _SheetWriter(WorksheetWriter):
    """openpyxl's sheet writer, with the item rows written straight as elements."""

    def __init__(self, ws, items: ItemRows):
        self.items = items
        super().__init__(ws)

    def write_dimensions(self):
        cells = list(self.ws._cells)
        cells += [(row, cell.column) for row, row_cells in self.items.rows.items() for cell in row_cells]
        if not cells:
            return super().write_dimensions()
        rows = [r for r, _ in cells]
        cols = [c for _, c in cells]
        ref = f"{get_column_letter(min(cols))}{min(rows)}:{get_column_letter(max(cols))}{max(rows)}"
        self.xf.send(SheetDimension(ref).to_tree())

    def rows(self):
        rows = dict(super().rows())
        for row in self.items.rows:
            if rows.get(row):
                raise ValueError(f"row {row} has both sheet cells and item cells")
            rows[row] = []
        return sorted(rows.items())

    def write_row(self, xf, row, row_idx):
        cells = self.items.rows.get(row_idx)
        if cells is None:
            return super().write_row(xf, row, row_idx)
        attrs = {"r": f"{row_idx}"}
        attrs.update(self.ws.row_dimensions.get(row_idx, {}))
        element = Element("row", attrs)
        for cell in cells:
            if cell._value is not None or cell.has_style:
                self._cell(element, cell)
        xf.write(element)

    def _cell(self, row: Element, cell: Cell) -> None:
        """One ``<c>`` as openpyxl's ``lxml_write_cell`` writes it (inline strings, formulas, numbers)."""
        value, kind = cell._value, cell.data_type
        attrs = {"r": cell.coordinate}
        if cell.has_style:
            attrs["s"] = f"{self.ws.parent._cell_styles.add(cell._style)}"  # as openpyxl's style_id
        if kind == "s":
            attrs["t"] = "inlineStr"
        elif kind != "f":
            attrs["t"] = kind
        if kind == "d":
            if self.ws.parent.iso_dates:
                raise ValueError("ISO dates are not written by the item-row writer")
            attrs["t"] = "n"
            value = to_excel(value, self.ws.parent.epoch)
        c = SubElement(row, "c", attrs)
        if value == "" or value is None:
            c.text = ""
            return
        if kind == "f":
            if not isinstance(value, str):
                raise ValueError("only plain formulas are written by the item-row writer")
            SubElement(c, "f").text = value[1:]
            SubElement(c, "v").text = ""
        elif kind == "s":
            if not isinstance(value, str):
                raise ValueError("only plain texts are written by the item-row writer")
            t = SubElement(SubElement(c, "is"), "t")
            if value != value.strip():
                t.set(_XML_SPACE, "preserve")
            t.text = value
        else:
            SubElement(c, "v").text = safe_string(value)


class FormWriter(ExcelWriter):
    """openpyxl's workbook writer; sheets with item rows go through :class:`_SheetWriter`."""

    def write_worksheet(self, ws):
        items = getattr(ws, _ATTRIBUTE, None)
        if items is None or self.workbook.write_only:
            return super().write_worksheet(ws)
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _SheetWriter(ws, items)
        writer.write()
        ws._rels = writer._rels
        self._archive.write(writer.out, ws.path[1:])
        self.manifest.append(ws)
        writer.cleanup()
