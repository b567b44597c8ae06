"""Tables (bảng) as frozen dataclasses: one model for a table in the body, in a phụ lục and in a biểu mẫu.

Real offices write tables whose rows are grouped ("I. Chi thường xuyên", "1. …", "a) …"), whose
group rows carry the subtotal of their items and whose "TỔNG SỐ" row, at the top or the bottom,
adds up the items only (corpus 19, Phụ lục II; corpus 18, thang điểm). Nghị định 30/2020/NĐ-CP does
not lay out tables; the phụ lục that holds one is regulated by Điều 8.3.a and Phụ lục I §II.16
(``nd30.md`` §3.16). No YAML, no XML here: the spec layer builds these, renderers read them.

The rows are kept flat in reading order; a group row knows the rows of its subtree
(``rows[i + 1:row.end]``), so subtotals, Excel ranges and numbering need no recursion.
Computed values (Stt labels, subtotals, totals, a / b) are derived in :mod:`vanban.model.compute`.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Union

from .decree import point_label, roman

if TYPE_CHECKING:
    from .document import RichText

#: A cell value: text, a number (kept exact as Decimal), a date, or ``None`` for a blank to fill.
Value = Union[str, Decimal, _dt.date, None]


#: Natural widths (mm) of a column by type (``kieu``), when the spec gives none.
DEFAULT_WIDTH_MM = {"stt": 12.0, "chu": 45.0, "so": 30.0, "ty_le": 22.0, "ngay": 26.0}


class ColumnType(str, Enum):
    """Kiểu cột: what a cell holds, how it is shown and checked."""

    STT = "stt"  # số thứ tự, computed 1, 2, 3 … (or I, 1, a by level when rows are grouped)
    TEXT = "chu"  # free text
    NUMBER = "so"  # a number ≥ 0 (187.315)
    PERCENT = "ty_le"  # a ratio shown as a percentage (1,09%), stored as a fraction
    DATE = "ngay"  # a date (28/8/2020)

    @property
    def label(self) -> str:
        return {"stt": "số thứ tự", "chu": "chữ", "so": "số", "ty_le": "tỷ lệ phần trăm", "ngay": "ngày"}[self.value]


class Align(str, Enum):
    """Canh lề của cột (căn trái, giữa, phải)."""

    LEFT = "trai"
    CENTER = "giua"
    RIGHT = "phai"

    @classmethod
    def default(cls, kind: ColumnType) -> "Align":
        """Numbers right, Stt and dates centred, text left (corpus 19: "TT" centred, amounts right)."""
        if kind in (ColumnType.NUMBER, ColumnType.PERCENT):
            return cls.RIGHT
        if kind in (ColumnType.STT, ColumnType.DATE):
            return cls.CENTER
        return cls.LEFT


class Numbering(str, Enum):
    """How the rows of one level are numbered (đánh số theo cấp): I, 1, 1.1, a, -, or nothing."""

    ROMAN = "la_ma"  # I, II, III (the "I." mục of Phụ lục I §V; group rows of corpus 19)
    ARABIC = "so"  # 1, 2, 3
    DOTTED = "so_noi"  # 1.1, 1.2 under "1" (corpus 18: 5.1 … 5.3; corpus 19: 1.1.1)
    LETTER = "chu"  # a, b, c … đ following the Vietnamese alphabet (§3.7)
    DASH = "gach"  # - (corpus 19: the items under "a")
    NONE = "khong"  # no number

    def label(self, index: int, parent: str = "") -> str:
        """The label of the ``index``-th (1-based) row of its level; ``parent`` is the enclosing group's."""
        if self is Numbering.ROMAN:
            return roman(index)
        if self is Numbering.ARABIC:
            return str(index)
        if self is Numbering.DOTTED:
            return f"{parent}.{index}" if parent and parent[0].isdigit() else str(index)
        if self is Numbering.LETTER:
            return point_label(index - 1).rstrip(")")
        if self is Numbering.DASH:
            return "-"
        return ""


#: Numbering per level when a grouped table gives none: I → 1 → a → - (corpus 19).
DEFAULT_GROUPED = (Numbering.ROMAN, Numbering.ARABIC, Numbering.LETTER, Numbering.DASH)


@dataclass(frozen=True)
class Formula:
    """A computed column: ``terms`` added (sign +1/-1) or, when ``ratio``, ``terms[0] / terms[1]``."""

    terms: tuple[tuple[int, str], ...]
    ratio: bool = False

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for _, code in self.terms)


@dataclass(frozen=True)
class Column:
    """One leaf column of the table (cột)."""

    code: str  # mã cột, used by rows, formulas and the returned files
    title: str  # tiêu đề cột
    type: ColumnType = ColumnType.TEXT
    unit: str = ""  # đơn vị tính, shown as "(unit)" under the title
    width_mm: float = 0.0  # natural width; tables are fitted to the text width keeping the proportions
    decimals: int = 0  # chữ số thập phân (số: 0 = số nguyên; tỷ lệ: 2 → 1,09%)
    formula: Formula | None = None
    align: Align | None = None  # None: by type (Align.default)
    total: bool = True  # a number column added up in subtotals and totals (an "Đơn giá" is not)

    @property
    def alignment(self) -> Align:
        return self.align if self.align is not None else Align.default(self.type)

    @property
    def computed(self) -> bool:
        return self.type is ColumnType.STT or self.formula is not None

    @property
    def summable(self) -> bool:
        """A number column is added up in the totals row; a ratio is recomputed from the sums."""
        return self.type is ColumnType.NUMBER and self.total

    @property
    def input(self) -> bool:
        """A cell the recipient fills (not computed)."""
        return not self.computed

    @property
    def header_text(self) -> str:
        return f"{self.title} ({self.unit})" if self.unit else self.title


@dataclass(frozen=True)
class HeaderCell:
    """A cell of the header grid; ``row_span``/``col_span`` > 1 are merged cells (grouped headers)."""

    text: str
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1


class RowKind(str, Enum):
    ITEM = "item"  # a row of data (hạng mục)
    GROUP = "group"  # a group row (dòng nhóm): "I. Chi thường xuyên", with its items after it


@dataclass(frozen=True)
class Row:
    """A row of the table in reading order.

    ``values``: the values given by the spec (by leaf column; missing ones are blanks to fill, or
    computed). A group row's own values in summable columns are what the clerk typed (checked
    against the computed subtotal by the loader); the shown values are computed.
    ``level``: 0 for the rows at the top; ``end``: for a group, the index after its last row.
    ``rich``: (column index, inline text) for text cells written with markup (**đậm**, *nghiêng*,
    __gạch chân__, links); ``values`` holds their plain text.
    ``whole``: a group row written as one cell across the whole row ("I. TÊN NHÓM").
    ``child_numbering``: a group's own numbering of its direct rows, where the source numbers one group's
    rows otherwise than its neighbours of the same level (corpus 19, Phụ lục II: "-" under "a", "1, 2, 3"
    under "1.1.2"); ``None``: the table's numbering of that level.
    ``merged_up``: the columns whose cell is merged with the cell above (``w:vMerge``, gộp ô với dòng
    trên): a sub-row of the item above it (corpus 19, Phụ lục I: a second sampling point of point 13).
    A row whose Stt cell is merged up has no number of its own.
    """

    values: tuple[Value, ...]
    kind: RowKind = RowKind.ITEM
    level: int = 0
    end: int = 0
    rich: tuple[tuple[int, "RichText"], ...] = ()
    whole: bool = False
    child_numbering: Numbering | None = None
    merged_up: frozenset[int] = frozenset()
    #: the YAML path of the row in the spec (the checker's findings in a cell point at it); not compared
    src_path: tuple = field(default=(), compare=False, repr=False)

    @property
    def is_group(self) -> bool:
        return self.kind is RowKind.GROUP

    def rich_at(self, index: int) -> "RichText | None":
        for where, text in self.rich:
            if where == index:
                return text
        return None


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    header: tuple[HeaderCell, ...]
    header_rows: int
    rows: tuple[Row, ...]
    number_row: bool = False  # the "(1) (2) (3) …" row under the header
    total_label: str | None = None  # "Tổng cộng": a totals row is added when set
    unit_note: str = ""  # the unit line above the table, as written ("ĐVT: triệu đồng")
    numbering: tuple[Numbering, ...] = (Numbering.ARABIC,)  # per level (the last one repeats)
    group_totals: bool = False  # group rows show the subtotal of their items (cong_nhom)
    total_top: bool = False  # the totals row right under the header ("TỔNG SỐ", corpus 19)
    continuous: bool = False  # items numbered on across groups (corpus 19, Phụ lục I: 1–6 under I, 7–9 under II)

    def index(self, code: str) -> int:
        for i, column in enumerate(self.columns):
            if column.code == code:
                return i
        raise KeyError(code)

    @property
    def grouped(self) -> bool:
        return any(row.is_group for row in self.rows)

    @property
    def merged(self) -> bool:
        """Whether some row has cells merged with the row above (sub-rows)."""
        return any(row.merged_up for row in self.rows)

    @property
    def plain_numbers(self) -> bool:
        """Rows numbered 1, 2, 3 … in order: no groups, no other numbering, no sub-rows (an Excel ``=ROW()-k``)."""
        return not self.grouped and not self.merged and self.numbering == (Numbering.ARABIC,)

    @property
    def label_column(self) -> int | None:
        """The first text column: row labels (a district's name), "Tổng cộng" in the totals row."""
        for i, column in enumerate(self.columns):
            if column.type is ColumnType.TEXT:
                return i
        return None

    @property
    def stt_column(self) -> int | None:
        for i, column in enumerate(self.columns):
            if column.type is ColumnType.STT:
                return i
        return None

    def numbering_at(self, level: int) -> Numbering:
        return self.numbering[min(level, len(self.numbering) - 1)]

    @property
    def number_labels(self) -> tuple[str, ...]:
        """The column-number row: "(1)", "(2)", and "(5)=(3)/(4)" for a computed column."""
        position = {c.code: i + 1 for i, c in enumerate(self.columns)}
        out = []
        for i, column in enumerate(self.columns):
            label = f"({i + 1})"
            if column.formula is not None:
                if column.formula.ratio:
                    a, b = column.formula.codes
                    label += f"=({position[a]})/({position[b]})"
                else:
                    expr = ""
                    for n, (sign, code) in enumerate(column.formula.terms):
                        op = ("-" if sign < 0 else "") if n == 0 else ("-" if sign < 0 else "+")
                        expr += f"{op}({position[code]})"
                    label += "=" + expr
            out.append(label)
        return tuple(out)

    @property
    def total_width_mm(self) -> float:
        return sum(c.width_mm for c in self.columns)


__all__ = ["Value", "ColumnType", "Align", "Numbering", "DEFAULT_GROUPED", "Formula", "Column", "HeaderCell",
           "RowKind", "Row", "Table"]
