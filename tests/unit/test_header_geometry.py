"""Header geometry from the measured text (issue 16, vanban/render/header.py).

The date line holds on one line for every province and city since 1/7/2025 and every place of the
registry; agency names break between phrases only; lines the clerk gave are kept and reported when too
wide; the V/v and trích yếu come out balanced. The rendered result is checked by tests/layout/.
"""

from __future__ import annotations

import math
import re
import textwrap
from pathlib import Path

import pytest

from conftest import Rendered
from vanban import load, metrics, ooxml
from vanban.model.decree import upper
from vanban.render import header
from vanban.render import styles as st
from vanban.render.docx import render_docx

WIDTH = st.PAGE_WIDTH_MM - st.MARGIN_LEFT_MM - st.MARGIN_RIGHT_MM
RECIPIENTS = Path(__file__).resolve().parents[2] / "recipients"
#: The widest date of the year: two-digit day and month (digits are all as wide in Times New Roman).
DATE = "{place}, ngày 28 tháng 11 năm 2025"
LONGEST_PARENT = ("Ủy ban nhân dân Thành phố Hồ Chí Minh",)
LONGEST_NAME = ("Sở Lao động - Thương binh và Xã hội",)


def registry_names() -> list[str]:
    names = []
    for path in sorted(RECIPIENTS.glob("*.yaml")):
        for match in re.finditer(r"^\s+ten:\s*\"?([^\"\n]+)\"?$", path.read_text(encoding="utf-8"), re.M):
            names.append(match.group(1).strip())
    return names


def registry_places() -> list[str]:
    """Communes, wards, districts and cities named in the registry ("Ủy ban nhân dân xã Tân Hưng" → "Tân Hưng")."""
    out = set()
    for name in registry_names():
        match = re.match(r"Ủy ban nhân dân (?:xã|phường|thị trấn|huyện|thị xã|thành phố|tỉnh) (.+)$", name)
        if match and "các" not in name:
            out.add(match.group(1))
    return sorted(out)


def test_places_lists_are_complete():
    assert len(header.places()) == 34 and "Thành phố Hồ Chí Minh" in header.places()
    assert len(registry_places()) > 100


def test_date_line_on_one_line_for_every_province_and_registry_place():
    for place in [*header.places(), *registry_places()]:
        line = DATE.format(place=place)
        plan = header.plan(LONGEST_PARENT, LONGEST_NAME, line, WIDTH)
        assert header.right_need_mm(line, plan.date_size, header.HeaderSizes()) <= plan.right_mm, place
        assert header.LEFT_MIN_SHARE * WIDTH <= plan.left_mm <= header.LEFT_MAX_SHARE * WIDTH
        assert plan.date_size in (13.0, 14.0)


def test_date_size_and_columns_follow_the_text():
    short = header.plan(("UBND tỉnh Thái Bình",), ("Sở Y tế",), DATE.format(place="Thái Bình"), WIDTH)
    assert short.date_size == 14 and short.left_mm == round(WIDTH * st.HEADER_LEFT_SHARE, 1)  # Mẫu 1.4/1.5
    long = header.plan(LONGEST_PARENT, LONGEST_NAME, DATE.format(place="Thành phố Hồ Chí Minh"), WIDTH)
    assert long.date_size == 13 and long.right_mm > short.right_mm  # 106 mm at 14 pt, 99 mm at 13 pt
    # fallback: a date line no split can hold stays at 13 pt in the widest right column
    huge = header.plan(LONGEST_PARENT, LONGEST_NAME, DATE.format(place="Thành phố " + "Rất Dài " * 6), WIDTH)
    assert huge.date_size == 13 and huge.left_mm == math.ceil(WIDTH * header.LEFT_MIN_SHARE * 10) / 10


@pytest.mark.parametrize("name, expected", [
    ("Sở Lao động - Thương binh và Xã hội", ("SỞ LAO ĐỘNG -", "THƯƠNG BINH VÀ XÃ HỘI")),
    ("Sở Văn hóa, Thể thao và Du lịch", ("SỞ VĂN HÓA,", "THỂ THAO VÀ DU LỊCH")),
    ("Ủy ban nhân dân xã Hoàng Hoa Thám", ("ỦY BAN NHÂN DÂN", "XÃ HOÀNG HOA THÁM")),
])
def test_agency_names_break_between_phrases(name, expected):
    assert header.break_agency_line(name, 13, 64, bold=True) == expected


def test_no_registry_name_breaks_inside_a_compound():
    pairs = {c[:2] for c in header.compounds() if len(c) >= 2}
    for name in registry_names():
        for width in (50.0, 57.0, 64.0):
            lines = header.break_agency_line(name, 13, width, bold=True)
            assert " ".join(lines) == upper(" ".join(name.split()))
            for before, after in zip(lines, lines[1:]):
                last, first = before.split()[-1].rstrip(","), after.split()[0]
                assert (last, first) not in pairs, (name, lines)
                assert not after.startswith("-"), (name, lines)


def test_clerk_lines_are_kept_and_reported_with_their_width():
    plan = header.plan(("UBND tỉnh Thái Bình",), ("Sở Lao động - Thương binh và Xã hội tỉnh Thái Bình", "Phòng A"),
                       DATE.format(place="Thái Bình"), WIDTH)
    assert plan.name_lines == ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI TỈNH THÁI BÌNH", "PHÒNG A")  # not re-wrapped
    (over,) = plan.overflows
    assert over.key == "ten" and over.index == 0 and over.width_mm > over.column_mm
    assert over.column_mm == plan.left_mm > round(WIDTH * st.HEADER_LEFT_SHARE, 1)  # widened as far as it can


def _greedy(text: str, size: float, width: float, bold: bool) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and metrics.text_width_mm(trial, size, bold=bold) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return lines + [current]


@pytest.mark.parametrize("text", [
    "V/v đẩy mạnh triển khai cài đặt và sử dụng ứng dụng hỗ trợ phòng, chống dịch bệnh trên địa bàn",
    "V/v tăng cường công tác quản lý nhà nước về an toàn thông tin mạng trên địa bàn thành phố",
    "V/v triển khai thực hiện Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ năm 2025",
])
def test_subject_lines_are_balanced(text):
    width = round(WIDTH * st.HEADER_LEFT_SHARE, 1)
    indent = header.balanced_indent(text, 12, width)
    lines = _greedy(text, 12, width - 2 * indent, False)
    assert indent > 0 and len(lines) == len(_greedy(text, 12, width, False))
    assert len(lines[-1].split()) > 1, lines


LETTER = textwrap.dedent("""\
    loai: cong_van
    co_quan: {chu_quan: Ủy ban nhân dân Thành phố Hồ Chí Minh, ten: Sở Lao động - Thương binh và Xã hội}
    so: 12
    ky_hieu: SLĐTBXH-VP
    dia_danh: Thành phố Hồ Chí Minh
    ngay: 2025-11-28
    trich_yeu: đẩy mạnh triển khai cài đặt và sử dụng ứng dụng hỗ trợ phòng, chống dịch bệnh trên địa bàn
    kinh_gui: Ủy ban nhân dân các phường
    noi_dung: [Đoạn kết.]
    noi_nhan: [Ban Giám đốc Sở]
    nguoi_ky: {ky_thay: Giám đốc, chuc_vu: Phó Giám đốc, ho_ten: Nguyễn Văn A}
    """)


def test_rendered_header_of_the_longest_names():
    doc = Rendered(render_docx(load(LETTER).document))
    date = doc.find("Thành phố Hồ Chí Minh, ngày")
    assert doc.run_props(date)[0]["size"] == 13
    grid = ooxml.body_tables(doc.document)[0].find(ooxml.qn("w:tblGrid"))
    right = ooxml.twips_to_mm(int(grid[1].get(ooxml.qn("w:w"))))
    assert right >= metrics.text_width_mm(ooxml.paragraph_text(date), 13, italic=True)
    texts = [ooxml.paragraph_text(p) for p in doc.paragraphs]
    assert "SỞ LAO ĐỘNG -" in texts and "THƯƠNG BINH VÀ XÃ HỘI" in texts
    vv = doc.find("V/v")
    assert doc.styles.paragraph_props(vv)["left"] > 0
