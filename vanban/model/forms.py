"""Attached forms (biểu mẫu, phụ lục) as frozen dataclasses: no YAML, no XML.

A letter may carry forms its recipients fill and send back (seed 004: "Theo biểu mẫu đính kèm").
Under Nghị định 30/2020/NĐ-CP a phụ lục is part of the document (Điều 8.3.a); it starts on its own
page, with "Phụ lục …" (14, bold), its title IN HOA (13–14, bold), the line "(Kèm theo … số …
ngày … của …)" (13–14, italic) and its own page numbering from 1 (``nd30.md`` §3.15, §3.16).
"Biểu mẫu số 1", "MẪU BÁO CÁO" are not regulated by the decree and are laid out the same way
(§3.16, last point).

The table of a form is described by its leaf columns (with a type that drives formatting,
validation in Excel and checking of returned files), a header grid with merged cells, and rows
whose given values come from the spec; computed cells (Stt, totals, a / b) are derived here.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Union

#: A cell value: text, a number (kept exact as Decimal), a date, or ``None`` for a blank to fill.
Value = Union[str, Decimal, _dt.date, None]


class FormKind(str, Enum):
    """Biểu mẫu (a form to fill and return) or phụ lục (an appendix, §3.16)."""

    BIEU_MAU = "bieu_mau"
    PHU_LUC = "phu_luc"


class ColumnType(str, Enum):
    """Kiểu cột: what a cell holds, how it is shown and checked."""

    STT = "stt"  # số thứ tự, computed 1, 2, 3 …
    TEXT = "chu"  # free text
    NUMBER = "so"  # a number ≥ 0 (187.315)
    PERCENT = "ty_le"  # a ratio shown as a percentage (1,09%), stored as a fraction
    DATE = "ngay"  # a date (28/8/2020)

    @property
    def label(self) -> str:
        return {"stt": "số thứ tự", "chu": "chữ", "so": "số", "ty_le": "tỷ lệ phần trăm", "ngay": "ngày"}[self.value]


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
    width_mm: float = 0.0
    decimals: int = 0  # chữ số thập phân (số: 0 = số nguyên; tỷ lệ: 2 → 1,09%)
    formula: Formula | None = None

    @property
    def computed(self) -> bool:
        return self.type is ColumnType.STT or self.formula is not None

    @property
    def summable(self) -> bool:
        """A number column is added up in the totals row; a ratio is recomputed from the sums."""
        return self.type is ColumnType.NUMBER

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


@dataclass(frozen=True)
class Row:
    """A data row: the values given by the spec (by leaf column); missing ones are blanks to fill."""

    values: tuple[Value, ...]


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    header: tuple[HeaderCell, ...]
    header_rows: int
    rows: tuple[Row, ...]
    number_row: bool = False  # the "(1) (2) (3) …" row under the header
    total_label: str | None = None  # "Tổng cộng": a totals row is added when set
    unit_note: str = ""  # "Đơn vị tính: …" above the table

    def index(self, code: str) -> int:
        for i, column in enumerate(self.columns):
            if column.code == code:
                return i
        raise KeyError(code)

    @property
    def label_column(self) -> int | None:
        """The first text column: row labels (a district's name), "Tổng cộng" in the totals row."""
        for i, column in enumerate(self.columns):
            if column.type is ColumnType.TEXT:
                return i
        return None

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


@dataclass(frozen=True)
class Signer:
    """A signature line under the table ("Người lập biểu", "Thủ trưởng đơn vị") and its caption."""

    title: str
    caption: str = ""


@dataclass(frozen=True)
class Recipient:
    """An đơn vị báo cáo: who fills the form and sends it back; ``code`` identifies its files."""

    name: str
    code: str


@dataclass(frozen=True)
class Form:
    """One attached form or appendix, in the order of the spec."""

    kind: FormKind
    key: str  # stable id within the spec: "bieu_mau-1", "phu_luc-2"
    label: str  # "Biểu mẫu số 1", "Phụ lục II"
    title: str  # "MẪU BÁO CÁO" (shown IN HOA, §3.16)
    subtitle: str  # trích yếu of the form, as written
    header_left: tuple[str, ...]  # own header block beside the Quốc hiệu ("TÊN DOANH NGHIỆP……")
    table: Table
    notes: tuple[str, ...] = ()
    signers: tuple[Signer, ...] = ()
    recipients: tuple[Recipient, ...] = ()
    place_date: bool = False  # a "…, ngày … tháng … năm …" line above the signers
    orientation: str | None = None  # "portrait" / "landscape"; None: landscape when the table is wide

    @property
    def sheet_title(self) -> str:
        """An Excel sheet name (31 characters, none of []:*?/\\)."""
        name = "".join("-" if ch in "[]:*?/\\" else ch for ch in self.label)
        return name[:31] or self.key[:31]


# --------------------------------------------------------------------------- reference line


def reference_line(document) -> str:
    """"(Kèm theo Công văn số 469/UBND-KGVX ngày 04/02/2021 của Ủy ban nhân dân tỉnh Thái Bình)".

    Derived from the document (§3.16): its type, số/ký hiệu (blank number on a draft), date (blank
    day on a draft: "ngày    /8/2020") and issuer. The short date is what letters with forms write
    (seed 004); :meth:`vanban.model.Document.enclosure_reference` spells it out for Mẫu 1.3.
    """
    number = document.number
    so = f"số {number.display}" if number.number is not None else f"số{number.display}"  # the blank as in "Số:"
    return (f"(Kèm theo {document.type.name_vi} {so} ngày {document.issued.short} "
            f"của {document.issuer_name})")


def slug(text: str) -> str:
    """"VNPT Bình Phước" → "vnpt-binh-phuoc" (the code of a đơn vị báo cáo)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return re.sub(r"[^a-z0-9]+", "-", bare.lower()).strip("-") or "don-vi"
