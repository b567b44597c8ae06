"""The item rows of a form's sheet, written in linear time (issue 13, point 13: 20,000 rows ≤ 10 s).

openpyxl keeps every cell as an object in the sheet's dictionary, sorts them all when saving and writes each
through a chain of Python calls; a form of 20,000 rows × 10 columns spent most of its time there. The item rows
(dòng) of a form are kept aside in :class:`ItemRows` instead, each cell as a plain record ``(column, style,
data type, value)``: the style is the openpyxl ``StyleArray`` shared by every cell of its column and kind (never
changed once made), the data type and value those openpyxl gives the same value (:meth:`ItemRows.value` binds
it through an openpyxl cell). When the workbook is saved, :class:`FormWriter` writes each such row as one
``<row>`` element in its place among the sheet's other rows: a copy of a prototype row of the same shape (made
once with lxml, as openpyxl's ``lxml_write_cell`` writes each cell) with its coordinates and texts set. The XML is
the one openpyxl's own writer makes for the same cells (``tests/unit/test_xlsx_rows.py`` compares the bytes of
whole workbooks written both ways, :func:`item_cells` giving the cells as openpyxl cells), so returned forms are
read back as before.

A text is never a formula here: a value that openpyxl would take for one (it starts with "=") is kept text with
Excel's "'" prefix, as :func:`vanban.gate.formulas_as_text` does for the sheet's other cells; only
:meth:`ItemRows.formula` (vanban's own formulas) writes a formula.
"""

from __future__ import annotations

from copy import copy

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
_NUMBERS = (int, float)

#: One cell of an item row: (column, StyleArray, openpyxl data type, value as openpyxl holds it).
ItemCell = tuple


class ItemRows:
    """The cells of a sheet's item rows, by row number, kept out of the sheet's own cell dictionary."""

    def __init__(self, ws):
        self.ws = ws
        self.rows: dict[int, list[ItemCell]] = {}
        self._scratch = Cell(ws)  # binds values by openpyxl's rules; never in the sheet
        self._quoted: dict[int, tuple[object, object]] = {}  # id(style) → (style, the style with quotePrefix)
        setattr(ws, _ATTRIBUTE, self)

    def add(self, row: int, cells: list[ItemCell]) -> None:
        """The cells of item row ``row`` (columns ascending)."""
        if row in self.rows:
            raise ValueError(f"item row {row} given twice")
        self.rows[row] = cells

    def style(self, apply) -> object:
        """A new style (StyleArray) made as openpyxl makes a cell's: ``apply(cell)`` sets its border, font, number
        format … on a scratch cell, registering them with the workbook in that order."""
        scratch = Cell(self.ws)
        apply(scratch)
        return scratch._style

    def value(self, column: int, style, value) -> ItemCell:
        """A cell holding ``value`` as ``cell.value = value`` would (openpyxl's type, checks and text cut); a text
        openpyxl takes for a formula stays a text, with Excel's "'" prefix (:func:`vanban.gate.formulas_as_text`)."""
        if value is None or type(value) in _NUMBERS:
            return (column, style, "n", value)
        scratch = self._scratch
        changeable = not isinstance(value, str)  # a date may set the cell's number format; a text never does
        scratch._style = copy(style) if changeable else style
        scratch._bind_value(value)
        if changeable and scratch._style != style:
            style = scratch._style
        kind, value = scratch.data_type, scratch._value
        if kind == "f":
            kind, style = "s", self._quote(style)
        return (column, style, kind, value)

    @staticmethod
    def formula(column: int, style, formula: str) -> ItemCell:
        """A cell holding one of vanban's own formulas ("=…"), written as a formula."""
        return (column, style, "f", formula)

    def _quote(self, style):
        known = self._quoted.get(id(style))
        if known is None or known[0] is not style:
            scratch = Cell(self.ws)
            scratch._style = copy(style)
            scratch.quotePrefix = True
            known = self._quoted[id(style)] = (style, scratch._style)
        return known[1]


def item_cells(ws):
    """Every cell kept aside for ``ws`` as a new openpyxl cell (none for a sheet without item rows)."""
    rows = getattr(ws, _ATTRIBUTE, None)
    if rows is None:
        return
    for row, cells in rows.rows.items():
        for column, style, kind, value in cells:
            cell = Cell(ws, row=row, column=column)
            cell._style = copy(style)
            cell.data_type, cell._value = kind, value
            yield cell


class _SheetWriter(WorksheetWriter):
    """openpyxl's sheet writer, with the item rows written straight as elements."""

    def __init__(self, ws, items: ItemRows):
        self.items = items
        self.shapes: dict[tuple, tuple[Element, list]] = {}  # row shape → (prototype row, its cells: _prototype)
        self.styles: dict[int, tuple[object, str | None]] = {}  # id(style) → (style, its "s" attribute or None)
        super().__init__(ws)

    def write_dimensions(self):
        cells = list(self.ws._cells)
        cells += [(row, cell[0]) for row, row_cells in self.items.rows.items() for cell in row_cells]
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
        number = f"{row_idx}"
        # the records hold their styles, so an id stands for one style while the sheet is written
        shape = (tuple(dict(self.ws.row_dimensions.get(row_idx, {})).items()),) + tuple(
            (column, id(style), kind, value is None or value == "") for column, style, kind, value in cells)
        known = self.shapes.get(shape)
        if known is None:
            known = self.shapes[shape] = self._prototype(shape, cells)
        proto, fills = known
        element = proto.__deepcopy__(None)  # lxml's own copy, made in C: one call per row
        element.set("r", number)
        for c, (index, letter, empty) in zip(element, fills):
            c.set("r", letter + number)
            if empty:
                continue
            _column, _style, kind, value = cells[index]
            if kind == "f":
                c[0].text = value[1:]
            elif kind == "s":
                t = c[0][0]
                t.text = value
                if value != value.strip():
                    t.set(_XML_SPACE, "preserve")
            else:
                if kind == "d":
                    value = to_excel(value, self.ws.parent.epoch)
                c[0].text = safe_string(value)
        xf.write(element)

    def _style_id(self, style) -> str | None:
        """The ``s`` attribute of a cell of ``style`` (added to the workbook's cell styles as openpyxl's
        ``style_id`` does, in the order the cells are written), ``None`` for a cell without style."""
        known = self.styles.get(id(style))
        if known is None or known[0] is not style:
            sid = f"{self.ws.parent._cell_styles.add(style)}" if any(style) else None
            known = self.styles[id(style)] = (style, sid)
        return known[1]

    def _prototype(self, shape: tuple, cells: list[ItemCell]) -> tuple[Element, list]:
        """The ``<row>`` of a shape (made from ``cells``, the first row of that shape), each ``<c>`` as openpyxl's ``lxml_write_cell`` writes it (inline strings,
        formulas, numbers), its coordinate and text left to set; and per ``<c>`` (its index in the row's cells, its
        column letter, whether it is empty). A cell without style or value is not written, as openpyxl leaves it out."""
        row = Element("row", {"r": ""})  # the row number first, as openpyxl writes it; set on each copy
        for key, value in shape[0]:
            row.set(key, value)
        fills = []
        for index, (column, style, kind, value) in enumerate(cells):
            sid = self._style_id(style)  # added to the workbook's styles in the order cells are written
            empty = value is None or value == ""
            if empty and sid is None:
                continue
            c_attrs = {"r": ""}
            if sid is not None:
                c_attrs["s"] = sid
            if kind == "s":
                c_attrs["t"] = "inlineStr"
            elif kind == "d":
                if self.ws.parent.iso_dates:
                    raise ValueError("ISO dates are not written by the item-row writer")
                c_attrs["t"] = "n"
            elif kind != "f":
                c_attrs["t"] = kind
            c = SubElement(row, "c", c_attrs)
            if empty:
                c.text = ""
                fills.append((index, get_column_letter(column), True))
                continue
            if kind == "f":
                SubElement(c, "f")
                SubElement(c, "v").text = ""
            elif kind == "s":
                SubElement(SubElement(c, "is"), "t")
            else:
                SubElement(c, "v")
            fills.append((index, get_column_letter(column), False))
        return row, fills


def release_item_rows(wb) -> None:
    """Drop the item rows of ``wb``'s sheets once it is saved. An openpyxl workbook is a web of cycles (the sheet
    and its workbook, the bound methods in a sheet's dictionaries), so what hangs from it waits for the cycle
    collector: a 20,000-row form's 200,000 records would cost it a pass of about a second."""
    for ws in wb.worksheets:
        items = ws.__dict__.pop(_ATTRIBUTE, None)
        if items is not None:
            items.rows.clear()
            items.ws = None


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
