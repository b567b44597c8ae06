"""The document model: one frozen dataclass per component of a văn bản hành chính.

Components follow Điều 8 of Nghị định 30/2020/NĐ-CP and the "ô số" of Phụ lục I, Mục IV
(see ``nd30.md`` §2–3). The model holds content and the values the decree derives from it
(numbers of items, the "Số:" line, the date line, the Nơi nhận lines); it knows nothing of
YAML or of WordprocessingML. Renderers, the checker and the differ all take this model.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING, Protocol, Union

from ..diagnostics import Position
from .decree import DocumentType, close_mark, date_words, day_text, month_text, point_label, roman, short_date

if TYPE_CHECKING:
    from .forms import Form
    from .tables import Table

# --------------------------------------------------------------------------- where things were written


@dataclass(frozen=True)
class SourceRef:
    """Where a part of a document was written: its YAML path (``("noi_dung", 2, "khoan", 0)``) and the
    ``file:line:col`` of its value. Diagnostics about that part point there."""

    path: tuple = ()
    position: Position | None = None


class Locator(Protocol):
    """Finds the ``file:line:col`` of a YAML path (the spec layer's source map implements it)."""

    def position(self, path: tuple, *, key: bool = False) -> Position: ...


@dataclass(frozen=True)
class Origin:
    """Where a document came from and what its source says beyond the text of the decree's parts.

    ``rules_off``: the rules the spec turns off (``bo_qua_quy_tac``) with where each is written;
    ``templates``: each distinct template text (``{{ … }}``) with where it is first written;
    ``free_addressees``: the Kính gửi entries written as text (not registry ids);
    ``noi_nhan``: where each Nơi nhận entry kept in ``Distribution.others`` is written.
    """

    file: str = ""
    locator: Locator | None = field(default=None, compare=False, hash=False, repr=False)
    rules_off: tuple[tuple[str, SourceRef], ...] = ()
    templates: tuple[tuple[str, SourceRef], ...] = ()
    free_addressees: tuple[SourceRef, ...] = ()
    noi_nhan: tuple[SourceRef, ...] = ()

    def ref(self, path: tuple, *, key: bool = False) -> SourceRef:
        """The reference of a YAML path (its position when the document came from a spec)."""
        position = self.locator.position(path, key=key) if self.locator is not None else (
            Position(self.file) if self.file else None)
        return SourceRef(tuple(path), position)

    def template_ref(self, source: str) -> SourceRef | None:
        return next((ref for text, ref in self.templates if text == source), None)


def _src():
    return field(default=None, compare=False, hash=False, repr=False)


# --------------------------------------------------------------------------- inline text

#: Where a text holds a template filled per recipient ("{{ noi_nhan.ten }}", "{% if … %}").
_TEMPLATE_MARK = re.compile(r"\{\{|\{%")


def has_template(text: str | None) -> bool:
    """Whether ``text`` holds a template (Jinja ``{{ … }}`` or ``{% … %}``) to be filled per recipient."""
    return bool(text) and bool(_TEMPLATE_MARK.search(text))



@dataclass(frozen=True)
class Span:
    """A run of text with its emphasis; ``link`` is an external URL or ``None``."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None
    underline: bool = False  # gạch chân: ``__chữ__`` (#14)
    #: A footnote reference (chú thích cuối trang, ``[^1]``): the label of the note, the span's text empty.
    footnote: str | None = None


@dataclass(frozen=True)
class RichText:
    spans: tuple[Span, ...]

    @property
    def plain(self) -> str:
        return "".join(s.text for s in self.spans)

    def with_suffix(self, suffix: str) -> "RichText":
        """The same text with ``suffix`` appended as plain text (e.g. the closing "./.")."""
        return RichText(self.spans + (Span(suffix),))

    def closed(self) -> "RichText":
        """The last paragraph of the content with the end marker "./." (§3.14): "/." after a final ".",
        nothing added when it already ends with "./."."""
        mark = close_mark(self.plain)
        return self.with_suffix(mark) if mark else self


# --------------------------------------------------------------------------- body (ô 6)


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph (đoạn văn), justified with a first-line indent (§3.7)."""

    text: RichText
    src: SourceRef | None = _src()


class ListKind(str, Enum):
    """How the items of a list are numbered (§3.7, numbering of khoản and điểm)."""

    KHOAN = "khoan"  # 1. 2. 3.
    DIEM = "diem"  # a) b) c) … đ) … following the Vietnamese alphabet
    GACH = "gach"  # - (or another marker typed by the clerk)


@dataclass(frozen=True)
class ListItem:
    label: str  # "1.", "a)", "-" : computed, never typed
    text: RichText
    children: tuple["Block", ...] = ()
    titled: bool = False  # a khoản with a title: number and title bold on their own line (§3.7)
    src: SourceRef | None = _src()


@dataclass(frozen=True)
class ItemList:
    kind: ListKind
    items: tuple[ListItem, ...]


class SectionKind(str, Enum):
    """Levels above the điều (§3.7): phần, chương, mục, tiểu mục, and the "I." mục of reports and plans."""

    PHAN = "phan"  # "Phần I" + TITLE
    CHUONG = "chuong"  # "Chương I" + TITLE
    MUC = "muc"  # "Mục 1" + TITLE (inside a chương)
    TIEU_MUC = "tieu_muc"  # "Tiểu mục 1" + TITLE
    MUC_LA_MA = "muc_la_ma"  # "I. TITLE" (reports, plans: Phụ lục I, Mục V)


@dataclass(frozen=True)
class Section:
    """Phần / chương / mục / tiểu mục: a label line and a required title IN HOA, bold, centred (§3.7).

    The "I." mục of reports and plans is one bold line "I. NHỮNG KẾT QUẢ …" (Phụ lục I, Mục V).
    ``number`` is computed by the loader, never typed.
    """

    kind: SectionKind
    number: int
    title: str
    children: tuple["Block", ...] = ()
    key: str | None = None
    src: SourceRef | None = _src()

    @property
    def label(self) -> str:
        if self.kind is SectionKind.PHAN:
            return f"Phần {roman(self.number)}"
        if self.kind is SectionKind.CHUONG:
            return f"Chương {roman(self.number)}"
        if self.kind is SectionKind.MUC:
            return f"Mục {self.number}"
        if self.kind is SectionKind.TIEU_MUC:
            return f"Tiểu mục {self.number}"
        return f"{roman(self.number)}."

    @property
    def citation(self) -> str:
        """How the text cites it (Phụ lục II: "Chương II", "Mục 1", "Phần I")."""
        if self.kind is SectionKind.MUC_LA_MA:
            return f"Mục {roman(self.number)}"
        return self.label


@dataclass(frozen=True)
class Article:
    """Điều (§3.7): "Điều 1." bold, Arabic numbers running through the whole document.

    ``title`` is the bold title of the article ("Điều 1. Phạm vi điều chỉnh", quy chế, quy định …);
    ``text`` is what follows "Điều 1." in regular weight in a quyết định or nghị quyết (Mẫu 1.1–1.3).
    """

    number: int
    title: RichText | None = None
    text: RichText | None = None
    children: tuple["Block", ...] = ()
    key: str | None = None
    src: SourceRef | None = _src()

    @property
    def label(self) -> str:
        return f"Điều {self.number}."

    @property
    def citation(self) -> str:
        return f"Điều {self.number}"


@dataclass(frozen=True)
class TableBlock:
    """A table (bảng) in the body of any document type: a báo cáo's figures, a kế hoạch's tasks, a
    criteria table (corpus 17, 18, 27). The decree does not lay out tables (nd30.md §3.16 covers the
    phụ lục that often holds one); the layout is in :mod:`vanban.render.tables`."""

    table: "Table"
    src: SourceRef | None = _src()


Block = Union[Paragraph, ItemList, Section, Article, TableBlock]


def item_label(kind: ListKind, index: int, marker: str = "-") -> str:
    """The label of the ``index``-th (0-based) item of a list of ``kind``."""
    if kind is ListKind.KHOAN:
        return f"{index + 1}."
    if kind is ListKind.DIEM:
        return point_label(index)
    return marker


# --------------------------------------------------------------------------- header (ô 1–5)


@dataclass(frozen=True)
class Agency:
    """Tên cơ quan, tổ chức ban hành (ô 2, §3.2): optional cơ quan chủ quản and the issuer.

    Each name is a tuple of lines as the clerk wants them broken (one line if not given).
    """

    name: tuple[str, ...]
    parent: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentNumber:
    """Số, ký hiệu (ô 3, §3.3). ``number`` is ``None`` for a draft not yet numbered.

    ``written``: the number as the clerk typed it when it keeps leading zeros the decree does not ask for
    ("0134": an office's register of fixed width, Điều 15 leaves the numbering to the head of the office;
    corpus 19, 20), printed as written. ``year``: the year of issue between the number and the ký hiệu
    ("Số: 52/2025/QĐ-CTUBND"), as văn bản quy phạm pháp luật are numbered (Luật Ban hành văn bản quy phạm
    pháp luật; Nghị định 30 covers văn bản hành chính, Điều 1; corpus 26)."""

    code: str
    number: int | None = None
    written: str | None = None
    year: int | None = None

    @property
    def number_text(self) -> str:
        """The number with the leading zero the decree requires below 10 ("05"), or as written ("0134")."""
        if self.number is None:
            return ""
        return self.written or f"{self.number:02d}"

    @property
    def code_text(self) -> str:
        """What follows the number: ``UBND-KGVX``, or ``2025/QĐ-CTUBND`` with the year in the số."""
        return f"{self.year}/{self.code}" if self.year is not None else self.code

    @property
    def display(self) -> str:
        """``469/UBND-KGVX``, ``52/2025/QĐ-CTUBND``, or ``     /STTTT-BCVTCNTT`` (blank number) for a draft."""
        if self.number is None:
            return f"{DRAFT_NUMBER_BLANK}/{self.code_text}"
        return f"{self.number_text}/{self.code_text}"

    @property
    def line(self) -> str:
        return f"Số: {self.display}" if self.number is not None else f"Số:{DRAFT_NUMBER_BLANK}/{self.code_text}"

    @property
    def unit(self) -> str | None:
        """The drafting unit or field of a công văn code (``UBND-KGVX`` → ``KGVX``)."""
        parts = self.code.split("-", 1)
        return parts[1] if len(parts) == 2 and parts[1] else None


#: Blank left for the number of a draft, as in the decree's templates ("Số:      /QĐ-…").
DRAFT_NUMBER_BLANK = " " * 6


@dataclass(frozen=True)
class IssueDate:
    """Địa danh và thời gian ban hành (ô 4, §3.4).

    ``day`` may be ``None`` (and then ``month`` too) for a draft whose date is left blank.
    """

    place: str
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def date(self) -> _dt.date | None:
        if self.day is None or self.month is None:
            return None
        return _dt.date(self.year, self.month, self.day)

    @property
    def day_text(self) -> str:
        """The day with the leading zero below 10 ("04"), or a blank on a draft (§3.4)."""
        return day_text(self.day)

    @property
    def month_text(self) -> str:
        """Months 1 and 2 with a leading zero ("02"), 3–12 without ("8"), or a blank on a draft (§3.4)."""
        return month_text(self.month)

    @property
    def words(self) -> str:
        """"ngày 04 tháng 02 năm 2021": day < 10 and months 1–2 get a leading zero (§3.4)."""
        return date_words(self.day, self.month, self.year)

    @property
    def short(self) -> str:
        """"04/02/2021", "17/8/2020" or "    /8/2020" (a draft): reference lines of phụ lục and biểu mẫu."""
        return short_date(self.day, self.month, self.year)

    @property
    def line(self) -> str:
        """"Thái Bình, ngày 04 tháng 02 năm 2021"."""
        return f"{self.place}, {self.words}"



# --------------------------------------------------------------------------- optional parts (ô 10–13)


class Secrecy(str, Enum):
    """Dấu chỉ độ mật (ô 10a, §3.13): the word and the stamp's size in mm (width, height)."""

    MAT = "mat"
    TOI_MAT = "toi_mat"
    TUYET_MAT = "tuyet_mat"

    @property
    def text(self) -> str:
        return {"mat": "MẬT", "toi_mat": "TỐI MẬT", "tuyet_mat": "TUYỆT MẬT"}[self.value]

    @property
    def size_mm(self) -> tuple[float, float]:
        # TUYỆT MẬT 40 × 8, TỐI MẬT 30 × 8 (TT 24/2020/TT-BCA, [2nd]); MẬT 20 × 8 by analogy [Inf].
        return {"mat": (20.0, 8.0), "toi_mat": (30.0, 8.0), "tuyet_mat": (40.0, 8.0)}[self.value]

    @property
    def double_border(self) -> bool:
        """Độ mật stamps have a double border (§3.13 [2nd])."""
        return True


class Urgency(str, Enum):
    """Dấu chỉ mức độ khẩn (ô 10b, §3.13): HỎA TỐC 30 × 8, THƯỢNG KHẨN 40 × 8, KHẨN 20 × 8 mm."""

    KHAN = "khan"
    THUONG_KHAN = "thuong_khan"
    HOA_TOC = "hoa_toc"

    @property
    def text(self) -> str:
        return {"khan": "KHẨN", "thuong_khan": "THƯỢNG KHẨN", "hoa_toc": "HỎA TỐC"}[self.value]

    @property
    def size_mm(self) -> tuple[float, float]:
        return {"khan": (20.0, 8.0), "thuong_khan": (40.0, 8.0), "hoa_toc": (30.0, 8.0)}[self.value]

    @property
    def double_border(self) -> bool:
        """"khung hình chữ nhật viền đơn" (§3.13)."""
        return False


@dataclass(frozen=True)
class Contact:
    """Địa chỉ, điện thoại, fax, thư điện tử, trang thông tin điện tử (ô 13, §3.12)."""

    address: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None
    website: str | None = None

    @property
    def lines(self) -> tuple[str, ...]:
        """Mẫu 1.5 layout: the address; "ĐT: …, Fax: …"; "E-Mail: …, Website: …"."""
        out = []
        if self.address:
            out.append(f"Địa chỉ: {self.address}")
        phones = ", ".join(x for x in (f"ĐT: {self.phone}" if self.phone else "",
                                       f"Fax: {self.fax}" if self.fax else "") if x)
        if phones:
            out.append(phones)
        web = ", ".join(x for x in (f"E-Mail: {self.email}" if self.email else "",
                                    f"Website: {self.website}" if self.website else "") if x)
        if web:
            out.append(web)
        return tuple(out)


# --------------------------------------------------------------------------- signature (ô 7)


class Authority(str, Enum):
    """Quyền hạn ký (§3.8): the prefixes written before a title in the signature block."""

    TM = "TM."  # thay mặt tập thể
    KT = "KT."  # ký thay người đứng đầu
    TL = "TL."  # thừa lệnh
    TUQ = "TUQ."  # thừa ủy quyền
    Q = "Q."  # quyền (acting head)


@dataclass(frozen=True)
class AuthorityLine:
    authority: Authority
    of: str  # the collective body (TM.) or the head's title (KT., TL., TUQ.)

    @property
    def text(self) -> str:
        return f"{self.authority.value} {self.of}"


@dataclass(frozen=True)
class Signature:
    """Quyền hạn, chức vụ, họ tên người ký (ô 7a/7b). ``lines`` are the prefix lines in order."""

    lines: tuple[AuthorityLine, ...]
    title: str  # the signer's own title, e.g. "Phó Chủ tịch"; "Q." is folded into it
    name: str
    acting: bool = False
    placeholder: bool = False  # a draft: the template's line for the signature and seal (Phụ lục III)
    #: In a document of two parties (hợp đồng, bản ghi nhớ, bản thỏa thuận): the party the signer represents,
    #: printed "ĐẠI DIỆN BÊN A" above the authority lines.
    representing: str | None = None

    @property
    def title_line(self) -> str:
        return f"{Authority.Q.value} {self.title}" if self.acting else self.title

    @property
    def all_lines(self) -> tuple[str, ...]:
        head = (f"Đại diện {self.representing}",) if self.representing else ()
        return head + tuple(line.text for line in self.lines) + (self.title_line,)


#: The line the Phụ lục III templates put between the title and the name of the signer (ô 7c, ô 8).
SIGNATURE_PLACEHOLDER = "(Chữ ký của người có thẩm quyền, dấu/chữ ký số của cơ quan, tổ chức)"
#: Mẫu 1.9: the secretary of a biên bản signs without a seal.
MINUTES_SECRETARY_PLACEHOLDER = "(Chữ ký)"


# --------------------------------------------------------------------------- recipients (ô 9)


@dataclass(frozen=True)
class Recipient:
    """Một nơi nhận có tên trong danh bạ (``recipients/``), as a letter addresses it.

    ``addressed_as`` is what follows "Kính gửi:" (ô 9a, §3.6) in this recipient's own copy: its
    full name or its head's title ("Chủ tịch Ủy ban nhân dân xã Hưng Điền"), without final punctuation.
    """

    id: str
    name: str  # tên đầy đủ (after "Kính gửi")
    short: str  # tên ở "Nơi nhận"
    head: str | None  # chức danh người đứng đầu
    email: str | None
    groups: tuple[str, ...] = ()
    kind: str = "co_quan"  # or "ca_nhan"
    addressed_as: str = ""
    #: In a per-recipient copy: the recipient's row of the data table (column, value), for the body's
    #: templates and for attachments (biểu mẫu) to prefill.
    data: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class Distribution:
    """Kính gửi (ô 9a) and Nơi nhận (ô 9b, §3.6 and §3.10), with ô 12 (drafter and copies)."""

    addressees: tuple[str, ...]  # Kính gửi
    others: tuple[str, ...]  # Nơi nhận entries after "Như trên"
    archive: tuple[str, ...]  # "Lưu: VT, KGVX." → ("VT", "KGVX")
    drafter: str | None = None  # ô 12: ký hiệu người soạn thảo
    copies: int | None = None  # ô 12: số lượng bản phát hành
    as_above: bool = False  # "- Như trên;" without a Kính gửi (the invitees of a giấy mời)
    #: The registry recipients behind ``addressees`` (members of groups expanded), in order: one copy
    #: each when the letter is sent to every recipient separately (gửi từng nơi nhận).
    recipients: tuple[Recipient, ...] = ()

    @property
    def addressee_lines(self) -> tuple[str, ...]:
        """The Kính gửi lines: one recipient on the same line, as written ("Kính gửi: Bộ Nội vụ", the decree's
        example has no final mark; one typed with "." keeps it); several as "- …;" ending "." (§3.6)."""
        if len(self.addressees) == 1:
            return (f"Kính gửi: {self.addressees[0].strip()}",)
        lines = [f"- {_end_with(a, ';')}" for a in self.addressees[:-1]]
        lines.append(f"- {_end_with(self.addressees[-1], '.')}")
        return ("Kính gửi:",) + tuple(lines)

    @property
    def dash_lines(self) -> tuple[str, ...]:
        """The recipients as "- …;" lines, the last ending "." (công điện, Mẫu 1.6)."""
        if not self.addressees:
            return ()
        return tuple(f"- {_end_with(a, ';')}" for a in self.addressees[:-1]) + (
            f"- {_end_with(self.addressees[-1], '.')}",)

    @property
    def archive_line(self) -> str:
        """"- Lưu: VT, KGVX." then ô 12 (§3.11): the drafter's initials and the number of copies issued in
        parentheses, one notation with or without the drafter: "- Lưu: VT, KGVX, X. (3)", "- Lưu: VT, KGVX (3)."."""
        line = "- Lưu: " + ", ".join(self.archive)
        if self.drafter:
            line += f", {self.drafter}."
            if self.copies is not None:
                line += f" ({self.copies})"
            return line
        if self.copies is not None:
            line = _end_with(line, "") + f" ({self.copies})"
        return _end_with(line, ".")

    @property
    def lines(self) -> tuple[str, ...]:
        """The Nơi nhận entries: "- Như trên;" first when there is a Kính gửi, "- Lưu: …." last."""
        entries = []
        if self.addressees or self.as_above:
            entries.append("- Như trên;")
        entries.extend(f"- {_end_with(o, ';')}" for o in self.others)
        entries.append(self.archive_line)
        return tuple(entries)


def _end_with(text: str, mark: str) -> str:
    text = text.rstrip()
    while text and text[-1] in ".;,":
        text = text[:-1].rstrip()
    return text + mark


# --------------------------------------------------------------------------- document


@dataclass(frozen=True)
class Invitation:
    """Giấy mời (Mẫu 1.7): "… trân trọng kính mời:", the invitees, Tới dự, Chủ trì, Thời gian, Địa điểm."""

    host: str
    invitees: tuple[str, ...]
    event: str
    chair: str | None = None
    time: str | None = None
    place: str | None = None

    @property
    def lines(self) -> tuple[tuple[str, str], ...]:
        """(bold label, text) lines in the order of Mẫu 1.7."""
        out = [("", f"{self.host} trân trọng kính mời:")]
        if len(self.invitees) == 1:
            out.append(("", self.invitees[0]))
        else:
            out += [("", f"- {_end_with(i, ';')}") for i in self.invitees[:-1]]
            out.append(("", f"- {_end_with(self.invitees[-1], '.')}"))
        out.append(("Tới dự", self.event))
        for label, value in (("Chủ trì:", self.chair), ("Thời gian:", self.time), ("Địa điểm:", self.place)):
            if value:
                out.append((label, value))
        return tuple(out)


@dataclass(frozen=True)
class Introduction:
    """Giấy giới thiệu (Mẫu 1.8)."""

    host: str
    person: str
    position: str | None
    sent_to: str
    purpose: str
    valid_until: IssueDate

    @property
    def lines(self) -> tuple[tuple[str, str], ...]:
        out = [("", f"{self.host} trân trọng giới thiệu:"), ("Ông (bà):", self.person)]
        if self.position:
            out.append(("Chức vụ:", self.position))
        out += [("Được cử đến:", self.sent_to), ("Về việc:", self.purpose),
                ("", "Đề nghị Quý cơ quan tạo điều kiện để ông (bà) có tên ở trên hoàn thành nhiệm vụ."),
                ("", f"Giấy này có giá trị đến hết {self.valid_until.words}.")]
        return tuple(out)


@dataclass(frozen=True)
class Minutes:
    """Biên bản (Mẫu 1.9): the opening lines, and the closing line "… kết thúc vào …"."""

    start: str
    place: str
    attendees: tuple[str, ...]
    chair: str
    secretary: str
    end: str
    meeting: str = "Cuộc họp"

    @property
    def lines(self) -> tuple[tuple[str, str], ...]:
        out = [("Thời gian bắt đầu:", self.start), ("Địa điểm:", self.place)]
        if len(self.attendees) == 1:
            out.append(("Thành phần tham dự:", self.attendees[0]))
        else:
            out.append(("Thành phần tham dự:", ""))
            out += [("", f"- {_end_with(a, ';')}") for a in self.attendees[:-1]]
            out.append(("", f"- {_end_with(self.attendees[-1], '.')}"))
        out += [("Chủ trì (chủ tọa):", self.chair), ("Thư ký (người ghi biên bản):", self.secretary),
                ("Nội dung (theo diễn biến cuộc họp):", "")]
        return tuple(out)

    @property
    def closing(self) -> str:
        return f"{self.meeting} kết thúc vào {_end_with(self.end, '.')}"


@dataclass(frozen=True)
class Leave:
    """Giấy nghỉ phép (Mẫu 1.10)."""

    host: str
    request_date: IssueDate
    person: str
    position: str | None
    year: int
    days: int
    start: IssueDate
    end: IssueDate
    place: str

    @property
    def lines(self) -> tuple[tuple[str, str], ...]:
        out = [("", f"Xét Đơn đề nghị nghỉ phép {self.request_date.words} của ông (bà) {self.person},"),
               ("", f"{self.host} cấp cho:"), ("Ông (bà):", self.person)]
        if self.position:
            out.append(("Chức vụ:", self.position))
        out.append(("", f"Nghỉ phép năm {self.year} trong thời gian: {self.days:02d} ngày, kể từ "
                        f"{self.start.words} đến hết {self.end.words}."))
        out.append(("Tại:", self.place))
        return tuple(out)

    @property
    def confirmation(self) -> str:
        return "Xác nhận của cơ quan, tổ chức (hoặc chính quyền địa phương) nơi nghỉ phép"


@dataclass(frozen=True)
class EnclosedDocument:
    """A document issued with a quyết định ("ban hành kèm theo", Mẫu 1.3): quy chế, kế hoạch …

    It is laid out after the decision as its own document: header, tên loại, trích yếu, the
    reference line "(Kèm theo Quyết định số …)" derived from the decision (§3.16), a rule and its body.
    """

    type: DocumentType
    subject: str
    body: tuple[Block, ...]
    reference: str


@dataclass(frozen=True)
class Document:
    """One văn bản hành chính: the parts of Điều 8 in reading order."""

    type: DocumentType
    agency: Agency
    number: DocumentNumber
    issued: IssueDate
    subject: str | None  # trích yếu (ô 5a, or ô 5b after "V/v" for công văn); none on some giấy
    distribution: Distribution
    body: tuple[Block, ...]
    signature: Signature
    source: str = ""  # where the spec came from (a file name), for messages and metadata
    origin: Origin = field(default_factory=Origin, compare=False, hash=False, repr=False)
    authority: str | None = None  # thẩm quyền ban hành of a quyết định / nghị quyết / công điện (Mẫu 1.1–1.3, 1.6)
    grounds: tuple[RichText, ...] = ()  # căn cứ ban hành (§3.7), punctuation derived
    secrecy: Secrecy | None = None  # ô 10a
    urgency: Urgency | None = None  # ô 10b
    circulation: str | None = None  # ô 11: "LƯU HÀNH NỘI BỘ", "XEM XONG TRẢ LẠI"
    contact: Contact | None = None  # ô 13
    form: Union[Invitation, Introduction, Minutes, Leave, None] = None
    #: The signer on the left: the THƯ KÝ of a biên bản (Mẫu 1.9), the other party of a hợp đồng, bản ghi nhớ,
    #: bản thỏa thuận (``ben_kia``).
    second_signature: Signature | None = None
    enclosures: tuple[EnclosedDocument, ...] = ()
    attachments: tuple["Form", ...] = ()  # phụ lục / biểu mẫu after the text (Điều 8.3.a, §3.16; vanban.forms)
    #: Footnotes (chú thích cuối trang, ``chu_thich``): each note's label ("1" for ``[^1]``) and text, as written.
    footnotes: tuple[tuple[str, RichText], ...] = ()
    #: Notes of documents sent with this one, in brackets ("(Công điện số 225/CĐ-TTg … gửi kèm theo)", corpus 12).
    sent_with: tuple[RichText, ...] = ()

    @property
    def subject_line(self) -> str:
        return f"V/v {self.subject}"

    @property
    def title(self) -> str:
        """"V/v …" for a công văn, "Quyết định Về việc …" otherwise (document properties)."""
        if self.type is DocumentType.CONG_VAN:
            return self.subject_line
        return f"{self.type.name_vi} {self.subject}" if self.subject else self.type.name_vi

    @property
    def sent_with_lines(self) -> tuple[RichText, ...]:
        """The notes of what is sent with the document in italics, after the "./." that ends the content
        (§3.14: the marker closes the content; the note is not content but a notation for the recipient, as
        the Bộ Xây dựng writes it in corpus 12, "*(Công điện số 225/CĐ-TTg … gửi kèm theo)*")."""
        return tuple(RichText(tuple(replace(span, italic=True) for span in note.spans)) for note in self.sent_with)

    @property
    def enacting_word(self) -> str | None:
        """"QUYẾT ĐỊNH:" (Mẫu 1.2/1.3) or "QUYẾT NGHỊ:" (Mẫu 1.1) after the căn cứ."""
        return {DocumentType.QUYET_DINH: "QUYẾT ĐỊNH:", DocumentType.NGHI_QUYET: "QUYẾT NGHỊ:"}.get(self.type)

    @property
    def ground_lines(self) -> tuple[RichText, ...]:
        """Căn cứ: each ends with ";", the last with "." (§3.7)."""
        count = len(self.grounds)
        return tuple(_end_rich(g, "." if i == count - 1 else ";") for i, g in enumerate(self.grounds))

    @property
    def issuer_name(self) -> str:
        """Who issued it, in running text ("Chủ tịch Ủy ban nhân dân tỉnh Thái Bình")."""
        return self.authority or " ".join(self.agency.name)

    def enclosure_reference(self) -> str:
        """"(Kèm theo Quyết định số 12/QĐ-UBND ngày 06 tháng 02 năm 2021 của …)" (Mẫu 1.3, §3.16)."""
        return (f"(Kèm theo {self.type.name_vi} số {self.number.display} {self.issued.words} "
                f"của {self.issuer_name})")


def _end_rich(text: RichText, mark: str) -> RichText:
    """``text`` with its final punctuation replaced by ``mark`` (the căn cứ ";" / "."); a footnote reference at
    its end stays before the mark ("… năm 2013[1];")."""
    spans = list(text.spans)
    notes: list[Span] = []
    while spans and spans[-1].footnote is not None:
        notes.insert(0, spans.pop())
    while spans:
        last = spans[-1]
        stripped = last.text.rstrip()
        while stripped and stripped[-1] in ".;,":
            stripped = stripped[:-1].rstrip()
        if stripped:
            spans[-1] = replace(last, text=stripped)
            break
        spans.pop()
    return RichText(tuple(spans) + tuple(notes) + (Span(mark),))


__all__ = [
    "SourceRef", "Locator", "Origin", "has_template", "Span", "RichText", "Paragraph", "ListKind", "ListItem", "ItemList", "SectionKind", "Section", "Article",
    "TableBlock", "Block", "item_label", "Agency", "DocumentNumber", "DRAFT_NUMBER_BLANK", "IssueDate", "Secrecy", "Urgency",
    "Contact", "Authority", "AuthorityLine", "Signature", "SIGNATURE_PLACEHOLDER", "MINUTES_SECRETARY_PLACEHOLDER",
    "Recipient", "Distribution", "Invitation", "Introduction", "Minutes", "Leave", "EnclosedDocument", "Document",
]
