"""Width of Times New Roman text, for rules "as long as the text" and balanced line breaks.

The decree sets every text in Times New Roman (Phụ lục I, Mục I, khoản 4); the rule under the
Tiêu ngữ is as long as the Tiêu ngữ (§3.1) and long agency names are broken into balanced lines
(§3.2). Widths come from ``vanban/data/times-metrics.json``: the advance widths of Liberation Serif
(metric-compatible with Times New Roman: same advance for every glyph) for every character of
Vietnamese (ơ and ư are wider than o and u: the horn sticks out), Latin-1, general punctuation and
the symbols our texts use, in the four faces. No kerning: Word does not kern by default.

The table is generated from the font files with fontTools (a development tool; the runtime needs
neither fontTools nor the font)::

    python -m vanban.metrics --generate [--font-dir DIR]

and a test checks that the shipped table is what the generator writes from the installed font.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

#: The shipped table, inside the package.
TABLE = Path(__file__).resolve().parent / "data" / "times-metrics.json"
#: Faces by (bold, italic), with the Liberation Serif file each is read from.
FACES = {
    (False, False): ("regular", "LiberationSerif-Regular.ttf"),
    (True, False): ("bold", "LiberationSerif-Bold.ttf"),
    (False, True): ("italic", "LiberationSerif-Italic.ttf"),
    (True, True): ("bold-italic", "LiberationSerif-BoldItalic.ttf"),
}
#: Where the generator looks for the fonts (Debian/Ubuntu fonts-liberation2 / fonts-liberation, Fedora).
FONT_DIRS = (
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/liberation-serif",
    "/usr/share/fonts/liberation",
)
#: Code points in the table: printable ASCII, Latin-1, Latin Extended-A (Đ đ Ĩ ĩ Ũ ũ …), Ơ ơ Ư ư, the
#: combining marks of Vietnamese (for decomposed text), ˆ ˜, Latin Extended Additional (ạ … ỹ),
#: general punctuation (– — ‘ ’ “ ” … • ‰), and symbols: № € ™ → − ≤ ≥.
CODE_POINTS = (
    *range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x100, 0x180), 0x1A0, 0x1A1, 0x1AF, 0x1B0,
    0x2C6, 0x2DC, 0x300, 0x301, 0x303, 0x309, 0x323, *range(0x1EA0, 0x1EFA), *range(0x2000, 0x2070),
    0x20AB, 0x20AC, 0x2116, 0x2122, 0x2190, 0x2192, 0x2212, 0x2264, 0x2265,
)
#: Advance of a character the table lacks (a script Times New Roman does not cover): half an em.
FALLBACK_EM = 0.5


@lru_cache(maxsize=1)
def _table() -> tuple[int, dict[str, dict[int, int]]]:
    data = json.loads(TABLE.read_text(encoding="utf-8"))
    faces = {}
    for name, runs in data["faces"].items():
        widths: dict[int, int] = {}
        for start, run in runs:
            widths.update(zip(range(start, start + len(run)), run))
        faces[name] = widths
    return data["units_per_em"], faces


@lru_cache(maxsize=16384)
def _units(text: str, face: str) -> float:
    upem, faces = _table()
    widths = faces[face]
    total = 0.0
    for ch in unicodedata.normalize("NFC", text):
        width = widths.get(ord(ch))
        if width is None:  # not in the table: its decomposition (base letter and marks), else a fallback
            parts = [widths.get(ord(c)) for c in unicodedata.normalize("NFD", ch)]
            width = sum(parts) if parts and None not in parts else FALLBACK_EM * upem
        total += width
    return total / upem


def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Printed width of ``text`` in Times New Roman of ``size_pt`` points, in millimetres."""
    return _units(text, FACES[(bold, italic)][0]) * size_pt / 72 * 25.4


def balance_lines(text: str, size_pt: float, max_width_mm: float, *, bold: bool = False) -> tuple[str, ...]:
    """Break ``text`` into the fewest lines that fit ``max_width_mm``, as even as possible.

    Used for agency names in the header (§3.2: "trường hợp tên cơ quan … dài, có thể trình bày
    thành nhiều dòng"), so a long name breaks "SỞ THÔNG TIN VÀ / TRUYỀN THÔNG" rather than
    leaving one word alone on the second line.
    """
    return balance_units(text.split(), size_pt, max_width_mm, bold=bold) if text.split() else (text,)


def balance_units(units, size_pt: float, max_width_mm: float, *, bold: bool = False) -> tuple[str, ...]:
    """:func:`balance_lines` over ``units`` that are never broken (a unit may hold several words:
    "THƯƠNG BINH", "TỈNH THÁI BÌNH"); lines join units with a space."""
    words = tuple(units)
    text = " ".join(words)
    if not words or text_width_mm(text, size_pt, bold=bold) <= max_width_mm:
        return (text,)
    best: tuple[str, ...] | None = None
    for count in range(2, len(words) + 1):
        best = _best_split(words, count, size_pt, max_width_mm, bold)
        if best is not None:
            return best
    return words


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


# --------------------------------------------------------------------------- generating the table


def find_font_dir() -> Path | None:
    """The first of :data:`FONT_DIRS` that holds the four Liberation Serif faces."""
    for folder in FONT_DIRS:
        if all((Path(folder) / file).is_file() for _, file in FACES.values()):
            return Path(folder)
    return None


def generate(font_dir: Path) -> str:
    """The table as written to :data:`TABLE`, from the Liberation Serif files in ``font_dir`` (needs fontTools)."""
    from fontTools.ttLib import TTFont

    faces, versions, upems = {}, set(), set()
    for name, file in sorted(FACES.values()):
        font = TTFont(str(Path(font_dir) / file), lazy=True)
        versions.add(font["name"].getDebugName(5))
        upems.add(font["head"].unitsPerEm)
        cmap, hmtx = font.getBestCmap(), font["hmtx"]
        runs: list[list] = []
        for cp in CODE_POINTS:
            if cp not in cmap:
                continue
            width = hmtx[cmap[cp]][0]
            if runs and runs[-1][0] + len(runs[-1][1]) == cp:
                runs[-1][1].append(width)
            else:
                runs.append([cp, [width]])
        faces[name] = runs
        font.close()
    if len(upems) != 1 or len(versions) != 1:
        raise ValueError(f"the four faces differ: {sorted(versions)} {sorted(upems)}")
    table = {
        "font": "Liberation Serif (metric-compatible with Times New Roman)",
        "version": versions.pop(),
        "units_per_em": upems.pop(),
        "faces": faces,
    }
    lines = ["{"]
    lines += [f'  "{key}": {json.dumps(table[key], ensure_ascii=False)},' for key in ("font", "version", "units_per_em")]
    lines.append('  "faces": {')
    for i, (name, runs) in enumerate(faces.items()):
        lines.append(f'    "{name}": [')
        lines += [f"      {json.dumps(run, separators=(',', ':'))}{',' if j < len(runs) - 1 else ''}"
                  for j, run in enumerate(runs)]
        lines.append("    ]" + ("," if i < len(faces) - 1 else ""))
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m vanban.metrics",
                                     description="sinh bảng độ rộng ký tự Times New Roman từ phông Liberation Serif")
    parser.add_argument("--generate", action="store_true", help="ghi bảng vào vanban/data/times-metrics.json")
    parser.add_argument("--font-dir", type=Path, help="thư mục chứa LiberationSerif-*.ttf")
    parser.add_argument("-o", "--output", type=Path, help="ghi vào tệp này thay vì bảng trong gói")
    args = parser.parse_args(argv)
    if not args.generate:
        parser.print_help()
        return 2
    font_dir = args.font_dir or find_font_dir()
    if font_dir is None:
        print("lỗi: không tìm thấy phông Liberation Serif (cài bằng: sudo apt-get install fonts-liberation2)",
              file=sys.stderr)
        return 1
    target = args.output or TABLE
    target.write_text(generate(font_dir), encoding="utf-8")
    print(f"đã ghi {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
