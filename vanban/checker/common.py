"""Shared vocabulary of the checks: Vietnamese words, abbreviations and small text helpers.

Sources: Phụ lục III (abbreviations of document types, nd30.md §5.1), Phụ lục II (capitalisation,
§3.18), Phụ lục I Mục II khoản 7 (signing authority, §3.8).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

# The names, abbreviations (Phụ lục III) and titles of the 29 types live in the decree module.
from ..model.decree import (  # noqa: F401 (part of this module's vocabulary)
    AGENCY_ABBREVIATIONS, MIXED_CASE_GROUPS, TYPE_ABBREVIATIONS, TYPE_TITLES,
)
from ..model.decree import VIETNAMESE_POINT_LETTERS as VIETNAMESE_LETTERS  # noqa: F401

#: Titles of people (chức vụ) that may follow TL./TUQ./KT. and may not follow TM.
HEAD_TITLES = (
    "chủ tịch", "giám đốc", "tổng giám đốc", "bộ trưởng", "thủ tướng", "cục trưởng", "tổng cục trưởng",
    "vụ trưởng", "viện trưởng", "hiệu trưởng", "chánh văn phòng", "chánh thanh tra", "chánh án", "trưởng",
    "thủ trưởng", "chi cục trưởng", "tổng thư ký", "chủ nhiệm", "bí thư", "thống đốc", "tổng kiểm toán",
)
DEPUTY_PREFIXES = ("phó ", "thứ trưởng")
TITLE_WORDS = HEAD_TITLES + ("phó ", "thứ trưởng")

#: Collective bodies and agencies (TM. goes before their name).
COLLECTIVE_PREFIXES = (
    "ủy ban", "hội đồng", "ban ", "bộ ", "sở ", "cục ", "tổng cục", "văn phòng", "đoàn ", "thường trực",
    "ubnd", "hđnd", "chính phủ", "tòa án", "viện kiểm sát", "kiểm toán", "trung tâm", "phòng ", "chi cục",
    "thanh tra", "trường ", "viện ", "học viện", "hội ", "liên đoàn", "mặt trận", "công ty", "tập đoàn",
)
#: Collective leadership bodies whose documents are signed "TM." (Điều 13; §3.8).
COLLECTIVE_BODIES = ("ủy ban nhân dân", "hội đồng nhân dân", "chính phủ", "ban thường vụ", "hội đồng")

#: Ad-hoc abbreviations of titles and bodies that may not appear in the signature block.
TITLE_ABBREVIATIONS = {
    "CT": "Chủ tịch", "PCT": "Phó Chủ tịch", "GĐ": "Giám đốc", "PGĐ": "Phó Giám đốc", "TGĐ": "Tổng Giám đốc",
    "TP": "Trưởng phòng", "PTP": "Phó Trưởng phòng", "BT": "Bộ trưởng", "TTg": "Thủ tướng",
    "CVP": "Chánh Văn phòng", "PCVP": "Phó Chánh Văn phòng", "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân", "VP": "Văn phòng", "BCĐ": "Ban Chỉ đạo", "P.": "Phó", "Ph.": "Phó",
}

#: Academic titles, degrees and honours not written before a signer's name (§3.8).
HONORIFICS = re.compile(
    r"^(?P<t>(?:(?:GS|PGS|TS|ThS|TSKH|KS|BS|CN|NGND|NGƯT|ThsBS|PGS\.TS|GS\.TS|Ths|Thạc sĩ|Tiến sĩ|Giáo sư|"
    r"Phó Giáo sư|Kỹ sư|Bác sĩ|Luật sư|Nhà giáo Nhân dân|Nhà giáo Ưu tú)\.?\s*)+)(?=\S)"
)

#: Generic nouns of administrative units (Phụ lục II, Mục III: written in lower case).
ADMIN_UNITS = ("thành phố", "thị trấn", "thị xã", "tỉnh", "huyện", "quận", "xã", "phường")


#: Normalise the two ways of placing the tone mark (hoà/hòa, uỷ/ủy) so comparisons do not depend on it.
_TONE_PAIRS = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe", "oẻ": "ỏe",
               "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
_TONE_RE = re.compile("|".join(_TONE_PAIRS))


def fold(text: str) -> str:
    """Lower case, NFC, one space, tone marks in one place: a key for comparing names."""
    text = unicodedata.normalize("NFC", text).lower()
    text = _TONE_RE.sub(lambda m: _TONE_PAIRS[m.group()], text)
    return " ".join(text.split())


def upper_fold(text: str) -> str:
    return fold(text).upper()


def strip_marks(text: str) -> str:
    """Remove diacritics but keep Đ/đ (initials of "Đào tạo" are "Đ")."""
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def _one_title(folded: str) -> bool:
    return any(folded == t.strip() or folded.startswith(t if t.endswith(" ") else t + " ") or folded == t
               for t in TITLE_WORDS)


def is_title(text: str) -> bool:
    """A chức vụ, or concurrent ones joined by a comma: "Bộ trưởng, Chủ nhiệm" (the head of Văn phòng
    Chính phủ is a minister and its chairman: "KT. BỘ TRƯỞNG, CHỦ NHIỆM", §3.8): the first part decides
    ("Giám đốc Sở Văn hóa, Thể thao và Du lịch" is a title too)."""
    folded = fold(text)
    return _one_title(folded) or _one_title(folded.split(",")[0].strip())


def is_collective(text: str) -> bool:
    folded = fold(text) + " "
    return not is_title(text) and any(folded.startswith(p if p.endswith(" ") else p) for p in COLLECTIVE_PREFIXES)


_ARCHIVE_TOKEN = re.compile(r"[\w&]+(?:\.[\w&]+)*")


def archive_units(entry: str) -> set[str]:
    """The unit codes an entry of the "Lưu" line names, in the notations of real practice (§3.10, §3.11):
    "KGVX (3)" (copies), "NCTH.HH" (unit + drafter), "(VX/KN)" (unit/drafter), "Vụ KHTC", "V.I (3)",
    "VX(M)", "KGVX (b/c)" → {"KGVX"}, {"NCTH.HH", "NCTH", "HH"}, {"VX", "KN"}, …"""
    out: set[str] = set()
    for token in _ARCHIVE_TOKEN.findall(entry):
        out.add(token)
        out.update(part for part in token.split(".") if part)
    return out


def is_deputy(title: str) -> bool:
    folded = fold(title)
    return folded.startswith("phó ") or folded.startswith("thứ trưởng")


def excerpt(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Finding:
    """One rule firing: its id, the values of its message and where (a YAML path or a paragraph)."""

    rule: str
    params: dict = field(default_factory=dict, hash=False, compare=False)
    path: tuple = ()
    paragraph: int | None = None  # 1-based number of a .docx paragraph
    footnote: str | None = None  # the mark of a .docx footnote ("1", "2", …) holding it
    text: str = ""  # excerpt of that paragraph
    note: str = ""  # appended to the message, e.g. "(và 3 đoạn khác)"

    def key(self) -> tuple[Any, ...]:
        return (self.rule, self.path, self.paragraph, self.footnote, tuple(sorted(self.params.items())))
