"""Width of Times New Roman text, for rules "as long as the text" and balanced line breaks.

Uses the Adobe Times metrics shipped with ReportLab (metric-compatible with Times New Roman
and Liberation Serif). Vietnamese letters are measured as their base letter: the tone and
vowel marks sit above or below and do not change the advance width.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth

_FACES = {
    (False, False): "Times-Roman",
    (True, False): "Times-Bold",
    (False, True): "Times-Italic",
    (True, True): "Times-BoldItalic",
}


@lru_cache(maxsize=8192)
def _fold(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Estimated printed width of ``text`` in millimetres."""
    return stringWidth(_fold(text), _FACES[(bold, italic)], size_pt) / 72 * 25.4


def balance_lines(text: str, size_pt: float, max_width_mm: float, *, bold: bool = False) -> tuple[str, ...]:
    """Break ``text`` into the fewest lines that fit ``max_width_mm``, as even as possible.

    Used for agency names in the header (§3.2: "trường hợp tên cơ quan … dài, có thể trình bày
    thành nhiều dòng"), so a long name breaks "SỞ THÔNG TIN VÀ / TRUYỀN THÔNG" rather than
    leaving one word alone on the second line.
    """
    words = text.split()
    if not words or text_width_mm(text, size_pt, bold=bold) <= max_width_mm:
        return (text,)
    best: tuple[str, ...] | None = None
    for count in range(2, len(words) + 1):
        best = _best_split(words, count, size_pt, max_width_mm, bold)
        if best is not None:
            return best
    return tuple(words)


def _best_split(words, count, size_pt, max_width_mm, bold):
    """Split ``words`` into ``count`` lines minimising the widest line; ``None`` if none fits."""
    n = len(words)

    @lru_cache(maxsize=None)
    def solve(start: int, lines_left: int):
        if lines_left == 1:
            line = " ".join(words[start:])
            return (text_width_mm(line, size_pt, bold=bold), (line,))
        best = None
        for end in range(start + 1, n - lines_left + 2):
            line = " ".join(words[start:end])
            width = text_width_mm(line, size_pt, bold=bold)
            rest = solve(end, lines_left - 1)
            if rest is None:
                continue
            score = max(width, rest[0])
            if best is None or score < best[0]:
                best = (score, (line,) + rest[1])
        return best

    result = solve(0, count)
    if result is None or result[0] > max_width_mm:
        return None
    return result[1]
