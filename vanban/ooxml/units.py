"""Lengths of WordprocessingML: twentieths of a point (twips) and python-docx's EMU.

The decree gives its measures in millimetres (lề 20–25 mm, Phụ lục I, Mục I); the file holds twips.
"""

from __future__ import annotations

from docx.shared import Emu

#: 1 mm in twentieths of a point (twips), the unit of most WordprocessingML lengths.
TWIPS_PER_MM = 1440 / 25.4


def mm_to_twips(mm: float) -> int:
    return int(round(mm * TWIPS_PER_MM))


def twips_to_mm(twips: int) -> float:
    return twips / TWIPS_PER_MM


def mm(value: float) -> Emu:
    """A length in millimetres as python-docx's EMU length."""
    return Emu(int(round(value * 36000)))
