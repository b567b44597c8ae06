"""The document model: one frozen dataclass per component of a văn bản hành chính.

Components follow Điều 8 of Nghị định 30/2020/NĐ-CP and the "ô số" of Phụ lục I, Mục IV
(see ``nd30.md`` §2–3). The model holds content and the values the decree derives from it
(numbers of items, the "Số:" line, the date line, the Nơi nhận lines); it knows nothing of
YAML or of WordprocessingML. Renderers, the checker and the differ all take this model.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Union

# --------------------------------------------------------------------------- inline text


@dataclass(frozen=True)
class Span:
    """A run of text with its emphasis; ``link`` is an external URL or ``None``."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None


@dataclass(frozen=True)
class RichText:
    spans: tuple[Span, ...]

    @property
    def plain(self) -> str:
        return "".join(s.text for s in self.spans)

    def with_suffix(self, suffix: str) -> "RichText":
        """The same text with ``suffix`` appended as plain text (e.g. the closing "./.")."""
        return RichText(self.spans + (Span(suffix),))


# --------------------------------------------------------------------------- body (ô 6)


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph (đoạn văn), justified with a first-line indent (§3.7)."""

    text: RichText


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


@dataclass(frozen=True)
class ItemList:
    kind: ListKind
    items: tuple[ListItem, ...]


Block = Union[Paragraph, ItemList]


#: Vietnamese alphabet for điểm labels (Phụ lục I: "a), b), c)… theo thứ tự bảng chữ cái tiếng Việt").
VIETNAMESE_POINT_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()


def item_label(kind: ListKind, index: int, marker: str = "-") -> str:
    """The label of the ``index``-th (0-based) item of a list of ``kind``."""
    if kind is ListKind.KHOAN:
        return f"{index + 1}."
    if kind is ListKind.DIEM:
        letters = VIETNAMESE_POINT_LETTERS
        if index < len(letters):
            return letters[index] + ")"
        return letters[index // len(letters) - 1] + letters[index % len(letters)] + ")"
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
    """Số, ký hiệu (ô 3, §3.3). ``number`` is ``None`` for a draft not yet numbered."""

    code: str
    number: int | None = None

    @property
    def number_text(self) -> str:
        """The number with the leading zero the decree requires below 10 ("05")."""
        if self.number is None:
            return ""
        return f"{self.number:02d}"

    @property
    def display(self) -> str:
        """``469/UBND-KGVX``, or ``     /STTTT-BCVTCNTT`` (blank number) for a draft."""
        if self.number is None:
            return f"{DRAFT_NUMBER_BLANK}/{self.code}"
        return f"{self.number_text}/{self.code}"

    @property
    def line(self) -> str:
        return f"Số: {self.display}" if self.number is not None else f"Số:{DRAFT_NUMBER_BLANK}/{self.code}"

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
    def line(self) -> str:
        """"Thái Bình, ngày 04 tháng 02 năm 2021": day < 10 and months 1–2 get a leading zero."""
        day = f"{self.day:02d}" if self.day is not None else "    "
        if self.month is None:
            month = "    "
        elif self.month <= 2:
            month = f"{self.month:02d}"
        else:
            month = str(self.month)
        return f"{self.place}, ngày {day} tháng {month} năm {self.year}"

    @property
    def short(self) -> str:
        """"04/02/2021" (or "   /8/2020" when the day is blank), for reference lines."""
        day = f"{self.day:02d}" if self.day is not None else "    "
        month = f"{self.month:02d}" if self.month is not None else "    "
        return f"{day}/{month}/{self.year}"


class DocumentType(str, Enum):
    """Loại văn bản (Điều 7). The foundation renders công văn; other types come later."""

    CONG_VAN = "cong_van"


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

    @property
    def title_line(self) -> str:
        return f"{Authority.Q.value} {self.title}" if self.acting else self.title

    @property
    def all_lines(self) -> tuple[str, ...]:
        return tuple(line.text for line in self.lines) + (self.title_line,)


# --------------------------------------------------------------------------- recipients (ô 9)


@dataclass(frozen=True)
class Distribution:
    """Kính gửi (ô 9a) and Nơi nhận (ô 9b, §3.6 and §3.10), with ô 12 (drafter and copies)."""

    addressees: tuple[str, ...]  # Kính gửi
    others: tuple[str, ...]  # Nơi nhận entries after "Như trên"
    archive: tuple[str, ...]  # "Lưu: VT, KGVX." → ("VT", "KGVX")
    drafter: str | None = None  # ô 12: ký hiệu người soạn thảo
    copies: int | None = None  # ô 12: số lượng bản phát hành

    @property
    def addressee_lines(self) -> tuple[str, ...]:
        """The Kính gửi lines: one recipient on the same line; several as "- …;" ending ".""" ""
        if len(self.addressees) == 1:
            return (f"Kính gửi: {_end_with(self.addressees[0], '.')}",)
        lines = [f"- {_end_with(a, ';')}" for a in self.addressees[:-1]]
        lines.append(f"- {_end_with(self.addressees[-1], '.')}")
        return ("Kính gửi:",) + tuple(lines)

    @property
    def archive_line(self) -> str:
        line = "- Lưu: " + ", ".join(self.archive)
        if self.drafter:
            line += f", {self.drafter}."
            if self.copies is not None:
                line += f" ({self.copies})"
            return line
        if self.copies is not None:
            line += f" ({self.copies:02d}b)"
        return _end_with(line, ".")

    @property
    def lines(self) -> tuple[str, ...]:
        """The Nơi nhận entries: "- Như trên;" first when there is a Kính gửi, "- Lưu: …." last."""
        entries = []
        if self.addressees:
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
class Document:
    """One văn bản hành chính: the parts of Điều 8 in reading order."""

    type: DocumentType
    agency: Agency
    number: DocumentNumber
    issued: IssueDate
    subject: str  # trích yếu (ô 5b for công văn, written after "V/v")
    distribution: Distribution
    body: tuple[Block, ...]
    signature: Signature
    source: str = ""  # where the spec came from (a file name), for messages and metadata
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def subject_line(self) -> str:
        return f"V/v {self.subject}"
