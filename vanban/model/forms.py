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

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from .tables import (Align, Column, ColumnType, Formula, HeaderCell, Numbering, Row, RowKind, Table,  # noqa: F401
                     Value)


class FormKind(str, Enum):
    """Biểu mẫu (a form to fill and return) or phụ lục (an appendix, §3.16)."""

    BIEU_MAU = "bieu_mau"
    PHU_LUC = "phu_luc"


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
