"""Header geometry (ô 1–5b of Phụ lục I, Nghị định 30/2020/NĐ-CP) from the measured text.

The header is a two-column table: ô 2, ô 3 and the V/v (ô 5b) on the left, the Quốc hiệu, Tiêu ngữ and
the date line (ô 1, ô 4) on the right. Mẫu 1.4/1.5 give the left column about 40 % of the text width
(``nd30.md`` §2.4); here the split is chosen from the widths of the texts (:mod:`vanban.metrics`),
within :data:`LEFT_MIN_SHARE`–:data:`LEFT_MAX_SHARE`:

- the date line (§3.4: "cỡ chữ từ 13 đến 14") stays on one line: at the style's size when it fits the
  usual columns, else at 13 pt in a right column widened as far as the left column allows
  ("Thành phố Hồ Chí Minh, ngày 28 tháng 11 năm 2025" is 106 mm at 14 pt, 99 mm at 13 pt); if even
  that is too narrow, it stays at 13 pt in the widest right column and wraps there (the fallback);
- agency lines (§3.2: "có thể trình bày thành nhiều dòng") that vanban breaks are broken between
  phrases only, never inside a compound of :data:`COMPOUNDS_FILE` nor inside a place name, into
  balanced lines; lines the clerk gave one by one are kept as given: the left column widens for them
  when the right one can spare the room, and a line still too wide is reported with its measured width
  (:func:`HeaderLayout.overflows`, the spec rule ND30-PL1-II-2b.4), never silently re-wrapped;
- the V/v (ô 5b) and the trích yếu (ô 5a) are narrowed so their lines come out balanced: the last line
  is never a lone word (:func:`balanced_indent`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import metrics
from .. import model as m
from ..model.decree import QUOC_HIEU, TIEU_NGU, upper
from . import styles as st

DATA = Path(__file__).resolve().parents[1] / "data"
#: Word pairs of agency names that a line break never splits (drawn from the registry's names).
COMPOUNDS_FILE = DATA / "agency-compounds.txt"
#: The 34 provinces and cities since 1/7/2025, as địa danh of the date line.
PLACES_FILE = DATA / "places-2025.txt"

#: The left column's share of the text width: the decree's templates put ô 1 and ô 4 right of centre.
LEFT_MIN_SHARE = 0.33
LEFT_MAX_SHARE = 0.45
#: The date line's smallest size (§3.4: 13–14 pt).
DATE_MIN_SIZE = 13.0
#: Room kept on either side of a text in its column (mm): word spacing and rounding in Word/LibreOffice.
SLACK_MM = 1.5
#: Words after which the rest of the phrase is a place name that stays whole.
ADMIN_UNITS = ("TỈNH", "THÀNH PHỐ", "THỊ XÃ", "HUYỆN", "QUẬN", "XÃ", "PHƯỜNG", "THỊ TRẤN", "ĐẶC KHU")
#: Words that end a phrase: a line may break before them.
PHRASE_WORDS = ("VÀ", "-", "–")


def _read_list(path: Path) -> tuple[str, ...]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def compounds() -> frozenset[tuple[str, ...]]:
    """The compounds of :data:`COMPOUNDS_FILE`, upper case, as word tuples."""
    return frozenset(tuple(upper(entry).split()) for entry in _read_list(COMPOUNDS_FILE))


@lru_cache(maxsize=1)
def places() -> tuple[str, ...]:
    return _read_list(PLACES_FILE)


def phrase_units(text: str) -> tuple[str, ...]:
    """``text`` cut into the pieces a line may break between: compounds, place names and a "-" stay
    with their words ("SỞ | LAO ĐỘNG - | THƯƠNG BINH | VÀ | XÃ HỘI")."""
    words = upper(text).split()
    bare = [word.rstrip(",;.") for word in words]  # "HÓA," ends the compound "VĂN HÓA"
    known = compounds()
    longest = max((len(c) for c in known), default=1)
    glue = [False] * len(words)  # glue[i]: words[i] and words[i + 1] stay on one line
    i = 0
    while i < len(words):
        for size in range(longest, 1, -1):
            if tuple(bare[i:i + size]) in known:
                for k in range(i, i + size - 1):
                    glue[k] = True
                i += size - 1
                break
        i += 1
    for i, word in enumerate(words):
        if word in ("-", "–") and i > 0:
            glue[i - 1] = True  # no line starts with the dash
        for unit in ADMIN_UNITS:
            parts = unit.split()
            if tuple(words[i:i + len(parts)]) == tuple(parts):
                end = i + len(parts)
                while end < len(words) and words[end] not in PHRASE_WORDS and not words[end - 1].endswith(","):
                    end += 1
                if end - i <= len(parts) + 4:  # a place name: the unit word and up to four syllables
                    for k in range(i, end - 1):
                        glue[k] = True
    units, current = [], []
    for word, joined in zip(words, glue):
        current.append(word)
        if not joined:
            units.append(" ".join(current))
            current = []
    if current:
        units.append(" ".join(current))
    return tuple(units)


def break_agency_line(text: str, size_pt: float, width_mm: float, *, bold: bool) -> tuple[str, ...]:
    """One agency line (upper case) broken between phrases into the fewest balanced lines that fit."""
    units: list[str] = []
    for unit in phrase_units(text):
        if metrics.text_width_mm(unit, size_pt, bold=bold) > width_mm:
            # a place name wider than the column: "THÀNH PHỐ | HỒ CHÍ MINH", else its words
            admin = next((a for a in ADMIN_UNITS if unit.startswith(a + " ")), None)
            rest = unit[len(admin) + 1:] if admin else ""
            if admin and metrics.text_width_mm(rest, size_pt, bold=bold) <= width_mm:
                units += [admin, rest]
            else:
                units.extend(unit.split())
        else:
            units.append(unit)
    return metrics.balance_units(units, size_pt, width_mm, bold=bold)


def balanced_indent(text: str, size_pt: float, width_mm: float, *, bold: bool = False, italic: bool = False) -> float:
    """Left and right indent (mm) that make a centred ``text`` wrap into balanced lines within
    ``width_mm``: the last line is not a lone word. 0 when the text holds on one line."""
    if metrics.text_width_mm(text, size_pt, bold=bold, italic=italic) <= width_mm - SLACK_MM:
        return 0.0
    lines = metrics.balance_lines(text, size_pt, width_mm - SLACK_MM, bold=bold)
    widest = max(metrics.text_width_mm(line, size_pt, bold=bold, italic=italic) for line in lines)
    return max(0.0, round((width_mm - widest - SLACK_MM) / 2, 1))


@dataclass(frozen=True)
class Overflow:
    """A line the clerk gave that is wider than its column."""

    key: str  # "ten" or "chu_quan"
    index: int
    text: str
    width_mm: float
    column_mm: float


@dataclass(frozen=True)
class HeaderLayout:
    left_mm: float
    right_mm: float
    parent_lines: tuple[str, ...]
    name_lines: tuple[str, ...]
    date_size: float
    overflows: tuple[Overflow, ...] = ()


@dataclass(frozen=True)
class HeaderSizes:
    """Font sizes (pt) of the header's styles; the template's by default."""

    parent: float = st.BY_NAME[st.CHU_QUAN].size
    name: float = st.BY_NAME[st.CO_QUAN].size
    quoc_hieu: float = st.BY_NAME[st.QUOC_HIEU].size
    tieu_ngu: float = st.BY_NAME[st.TIEU_NGU].size
    date: float = st.BY_NAME[st.DIA_DANH].size


def right_need_mm(date_line: str | None, date_size: float, sizes: HeaderSizes) -> float:
    """Width the right column needs: Quốc hiệu, Tiêu ngữ and the date line each on one line."""
    widths = [metrics.text_width_mm(QUOC_HIEU, sizes.quoc_hieu, bold=True),
              metrics.text_width_mm(TIEU_NGU, sizes.tieu_ngu, bold=True)]
    if date_line:
        widths.append(metrics.text_width_mm(date_line, date_size, italic=True))
    return max(widths) + SLACK_MM


def layout(doc: m.Document, text_width_mm: float, sizes: HeaderSizes = HeaderSizes(),
           numbered: bool = True) -> HeaderLayout:
    """The header's columns, date size and agency lines for ``doc`` on a text width of ``text_width_mm``."""
    date_line = doc.issued.line if numbered and doc.type is not m.DocumentType.BIEN_BAN else None
    return plan(doc.agency.parent, doc.agency.name, date_line, text_width_mm, sizes)


def plan(parent: tuple[str, ...], name: tuple[str, ...], date_line: str | None, text_width_mm: float,
         sizes: HeaderSizes = HeaderSizes()) -> HeaderLayout:
    width = text_width_mm
    default_left = round(width * st.HEADER_LEFT_SHARE, 1)
    min_left, max_left = math.ceil(width * LEFT_MIN_SHARE * 10) / 10, width * LEFT_MAX_SHARE

    # the date line: at the style's size in the usual columns, else at 13 pt in a widened right column
    date_size = sizes.date
    right_need = right_need_mm(date_line, date_size, sizes)
    if right_need > width - default_left:
        date_size = min(sizes.date, DATE_MIN_SIZE)
        right_need = right_need_mm(date_line, date_size, sizes)
    left = min(default_left, max(min_left, width - right_need))

    # lines the clerk gave one by one: widen the left column for them as far as the right one spares
    hand = [(metrics.text_width_mm(upper(line), size, bold=bold) + SLACK_MM)
            for lines, size, bold in ((parent, sizes.parent, False), (name, sizes.name, True)) if len(lines) > 1
            for line in lines]
    if hand and max(hand) > left:
        left = max(left, min(max(hand), max_left, width - right_need))
    left = math.floor(left * 10) / 10  # rounded down: the right column never loses what the date line needs
    right = round(width - left, 1)

    column = left - 1.0  # as the letters before issue 16: agency names keep their breaks
    overflows: list[Overflow] = []
    out: dict[str, tuple[str, ...]] = {}
    for key, lines, size, bold in (("chu_quan", parent, sizes.parent, False), ("ten", name, sizes.name, True)):
        if len(lines) > 1:
            out[key] = tuple(upper(line) for line in lines)
            for i, line in enumerate(out[key]):
                measured = metrics.text_width_mm(line, size, bold=bold)
                if measured > left:
                    overflows.append(Overflow(key, i, line, round(measured, 1), left))
        else:
            out[key] = tuple(part for line in lines for part in break_agency_line(line, size, column, bold=bold))
    return HeaderLayout(left, right, out["chu_quan"], out["ten"], date_size, tuple(overflows))
