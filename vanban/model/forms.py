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

from .decree import date_words, short_date
from .document import DRAFT_NUMBER_BLANK
from .tables import (Align, Column, ColumnType, Formula, HeaderCell, Numbering, Row, RowKind, Table,  # noqa: F401
                     Value)

#: Text of an empty place-and-date line above the signers, to be filled by hand.
PLACE_DATE_BLANK = "…………, ngày …… tháng …… năm ……"


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
class Reference:
    """The reference line under an appendix's title (§3.16; Mẫu 2.1, 2.2 of Phụ lục III), in the form chosen:
    "Kèm theo" or "Ban hành kèm theo", the long date "ngày 04 tháng 02 năm 2021" of Mẫu 2.1 ("ngày … tháng …
    năm …", §3.16; the default) or the short one "ngày 04/02/2021" some offices write (seed 004, corpus 19),
    with or without the issuer, or with số and ngày left blank (an electronic document: Phụ lục I, Mục II
    lets the fields of the reference line stay empty; corpus 17 "(Kèm theo Kế hoạch số: /KH-UBND ngày / /2025 …)")."""

    phrase: str = "Kèm theo"
    long_date: bool = True
    issuer: bool = True
    blank: bool = False


@dataclass(frozen=True)
class WordForm:
    """An office's own Word form (mẫu Word: a .docx with Jinja tags, docxtpl's syntax) named by a biểu mẫu or
    phụ lục with ``mau_word``; filled from the spec's values (``du_lieu``, ``van_ban``) and, in a per-recipient
    run, from each recipient's registry fields and data row (``noi_nhan``, ``so_lieu``).

    ``package`` is the file as read through the gate (external template links removed); ``filled`` the
    package after filling (``None`` until a build fills it: an unfilled form is printed with its tags)."""

    source: str  # the path as written in the spec ("mau/bieu-mau-01.docx")
    package: bytes
    values: tuple = ()  # du_lieu: (name, value) pairs as written in the spec
    uses: frozenset = frozenset()  # the variables its tags read: {"du_lieu", "van_ban", "noi_nhan", "so_lieu"}
    path: tuple = ()  # YAML path of `mau_word`
    position: object = None  # file:line:col of `mau_word` (vanban.diagnostics.Position)
    filled: bytes | None = None

    @property
    def per_recipient(self) -> bool:
        return bool(self.uses & {"noi_nhan", "so_lieu"})

    @property
    def data(self) -> bytes:
        """What is printed: the filled package, else the template with its tags."""
        return self.filled if self.filled is not None else self.package


@dataclass(frozen=True)
class Form:
    """One attached form or appendix, in the order of the spec.

    An appendix (phụ lục) may hold any body blocks after (or without) its table: headings, paragraphs,
    numbered items, tables (corpus 29: Phần I tables, Phần II text); ``table`` is then ``None``."""

    kind: FormKind
    key: str  # stable id within the spec: "bieu_mau-1", "phu_luc-2"
    label: str  # "Biểu mẫu số 1", "Phụ lục II", "PHỤ LỤC 01" as written, or "" for none
    title: str  # "MẪU BÁO CÁO" (shown IN HOA, §3.16), its lines joined
    subtitle: str  # trích yếu of the form, as written
    header_left: tuple[str, ...]  # own header block beside the Quốc hiệu ("TÊN DOANH NGHIỆP……")
    table: Table | None
    notes: tuple[str, ...] = ()
    signers: tuple[Signer, ...] = ()
    recipients: tuple[Recipient, ...] = ()
    place_date: bool = False  # a "…, ngày … tháng … năm …" line above the signers
    orientation: str | None = None  # "portrait" / "landscape"; None: landscape when the table is wide
    title_lines: tuple[str, ...] = ()  # the title as the clerk broke it ("… CỘNG" / "ĐỒNG …"); () = one line
    body: tuple = ()  # body blocks after the table (vanban.model.Block)
    reference: Reference | None = Reference()  # None: no reference line
    rich_notes: tuple = ()  # the notes as inline text (RichText), same order as ``notes``
    word: WordForm | None = None  # an office's own Word form printed instead of a table (mau_word)

    @property
    def lines_of_title(self) -> tuple[str, ...]:
        return self.title_lines or (self.title,)

    @property
    def sheet_title(self) -> str:
        """An Excel sheet name (31 characters, none of []:*?/\\)."""
        name = "".join("-" if ch in "[]:*?/\\" else ch for ch in self.label)
        return name[:31] or self.key[:31]


# --------------------------------------------------------------------------- reference line


def reference_line(document, reference: Reference = Reference()) -> str:
    """"(Kèm theo Công văn số 469/UBND-KGVX ngày 04/02/2021 của Ủy ban nhân dân tỉnh Thái Bình)".

    Derived from the document (§3.16): its type, số/ký hiệu (blank number on a draft), date (blank
    day on a draft: "ngày … tháng 8 năm 2020") and issuer. The date is written long as in Mẫu 2.1 ("ngày …
    tháng … năm …", §3.16; corpus 18, 28, 29, 30); ``reference`` chooses "Ban hành kèm theo", the short date
    some offices write ("ngày 04/02/2021": seed 004, corpus 19), no issuer, or số and ngày left blank for an
    electronic document.
    """
    number = document.number
    issued = document.issued
    if reference.blank:
        so = f"số{DRAFT_NUMBER_BLANK}/{number.code}"
        day, month = None, None
    else:
        so = f"số {number.display}" if number.number is not None else f"số{number.display}"  # the blank as in "Số:"
        day, month = issued.day, issued.month
    date = date_words(day, month, issued.year) if reference.long_date else f"ngày {short_date(day, month, issued.year)}"
    issuer = f" của {document.issuer_name}" if reference.issuer else ""
    return f"({reference.phrase} {document.type.name_vi} {so} {date}{issuer})"


#: The fields of ``van_ban`` in a Word form's tags (the letter the form is attached to).
LETTER_FIELDS = ("loai", "so", "ky_hieu", "so_ky_hieu", "ngay", "ngay_chu", "nam", "dia_danh", "co_quan",
                 "trich_yeu", "kem_theo")


def letter_values(document, reference: "Reference | None" = None) -> dict:
    """``van_ban`` in a Word form's tags: what the letter says of itself (a field it does not have yet, the
    number of an unnumbered draft, is absent, so a tag using it is an error rather than a blank).
    ``kem_theo`` is the form's reference line ("(Kèm theo Công văn số … ngày … của …)", §3.16), when it has one."""
    number, issued = document.number, document.issued
    values = {"loai": document.type.name_vi, "ky_hieu": number.code, "dia_danh": issued.place,
              "co_quan": document.issuer_name, "nam": issued.year}
    if number.number is not None:
        values["so"] = number.number
        values["so_ky_hieu"] = number.display
    if issued.date is not None:
        values["ngay"] = issued.date
        values["ngay_chu"] = date_words(issued.day, issued.month, issued.year)
    if document.subject:
        values["trich_yeu"] = document.subject
    if reference is not None:
        values["kem_theo"] = reference_line(document, reference)
    return values


def slug(text: str) -> str:
    """"VNPT Bình Phước" → "vnpt-binh-phuoc" (the code of a đơn vị báo cáo)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return re.sub(r"[^a-z0-9]+", "-", bare.lower()).strip("-") or "don-vi"
