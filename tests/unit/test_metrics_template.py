"""Text widths, balanced header lines and the Word template."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import pytest

from vanban import metrics, ooxml
from vanban.render import styles as st
from vanban.render.template import REPO_TEMPLATE, build_template


def test_tieu_ngu_width_is_plausible():
    # "Độc lập - Tự do - Hạnh phúc", bold 14 pt Times is about 6 cm wide.
    assert 55 < metrics.text_width_mm("Độc lập - Tự do - Hạnh phúc", 14, bold=True) < 65


def _units(text: str, size: float = 72, **face) -> float:
    """Width in font units (2048 to the em) at 72 pt, where 1 em is one inch."""
    return metrics.text_width_mm(text, size, **face) / 25.4 * 2048


def test_widths_are_times_new_roman_advances():
    # Times New Roman (and Liberation Serif, its metric twin): M 1821, a 909, space 512 units; bold M 1933
    assert round(_units("M"), 6) == 1821
    assert round(_units("a"), 6) == 909
    assert round(_units(" "), 6) == 512
    assert round(_units("M", bold=True), 6) == 1933
    assert round(_units("Ma a"), 6) == 1821 + 909 + 512 + 909


def test_vietnamese_letters_are_measured_with_their_own_glyphs():
    # the horn of ơ and ư sticks out: wider than o and u (stripping the marks measured them as o and u)
    assert round(_units("ơ"), 6) == 1083 > round(_units("o"), 6)
    assert round(_units("ư"), 6) == 1110 > round(_units("u"), 6)
    assert round(_units("Ư", bold=True), 6) == 1630 > round(_units("U", bold=True), 6) == 1479
    # tone marks above or below do not change the advance; decomposed text measures as composed
    assert _units("ộ") == _units("ô") == _units("o")
    assert _units("o\u031b\u0323") == _units("ợ")
    assert _units("Đ") == _units("D") and _units("đ") == _units("d")
    # punctuation of the texts: the ellipsis of "…………" lines and the en dash
    assert round(_units("…"), 6) == 2048 and round(_units("–"), 6) == 1024


def test_a_character_the_font_lacks_counts_half_an_em():
    assert round(_units("中"), 6) == 1024


def test_metrics_need_neither_fonttools_nor_reportlab():
    code = ("import sys; sys.modules.update(fontTools=None, reportlab=None, PIL=None)\n"
            "from vanban import metrics\n"
            "print(round(metrics.text_width_mm('Độc lập - Tự do - Hạnh phúc', 14, bold=True), 3))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert 55 < float(done.stdout) < 65


def test_shipped_width_table_is_what_the_generator_writes():
    pytest.importorskip("fontTools", reason="fontTools (test extra) not installed")
    font_dir = metrics.find_font_dir()
    if font_dir is None:
        pytest.skip("Liberation Serif not installed (apt-get install fonts-liberation2)")
    shipped = metrics.TABLE.read_text(encoding="utf-8")
    generated = metrics.generate(font_dir)
    installed = next(line for line in generated.splitlines() if '"version"' in line)
    if installed not in shipped:
        pytest.skip(f"installed Liberation Serif is another version ({installed.strip()}) than the table's")
    assert shipped == generated, "run: python -m vanban.metrics --generate"


def test_the_generator_writes_every_face_and_the_characters_of_vietnamese():
    pytest.importorskip("fontTools", reason="fontTools (test extra) not installed")
    font_dir = metrics.find_font_dir()
    if font_dir is None:
        pytest.skip("Liberation Serif not installed (apt-get install fonts-liberation2)")
    import json

    table = json.loads(metrics.generate(font_dir))
    assert table["units_per_em"] == 2048
    assert set(table["faces"]) == {"regular", "bold", "italic", "bold-italic"}
    for runs in table["faces"].values():
        covered = {start + i for start, widths in runs for i in range(len(widths))}
        vietnamese = "ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
        assert {ord(c) for c in vietnamese + vietnamese.upper() + "–—…“”‘’№"} <= covered


def test_long_agency_name_is_balanced_over_two_lines():
    lines = metrics.balance_lines("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", 13, 64, bold=True)
    assert lines == ("SỞ THÔNG TIN VÀ", "TRUYỀN THÔNG")
    assert metrics.balance_lines("SỞ Y TẾ", 13, 64, bold=True) == ("SỞ Y TẾ",)


def test_committed_template_is_what_the_builder_writes():
    assert REPO_TEMPLATE.read_bytes() == build_template(), "run: python -m vanban.render.template"


def test_template_has_every_named_style_and_no_theme_fonts():
    with zipfile.ZipFile(io.BytesIO(REPO_TEMPLATE.read_bytes())) as zf:
        styles = ooxml.parse_xml(zf.read("word/styles.xml"))
        sheet = ooxml.StyleSheet(styles)
        names = {sheet.style_name(sid) for sid in sheet.by_id}
        for definition in st.STYLES:
            assert definition.name in names
        for fonts in styles.iter(ooxml.qn("w:rFonts")):
            assert not [k for k in fonts.attrib if k.lower().endswith("theme")]
            for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
                assert fonts.get(ooxml.qn(f"w:{slot}")) == "Times New Roman"
        document = ooxml.parse_xml(zf.read("word/document.xml"))
        sect = document.find(f".//{ooxml.qn('w:sectPr')}")
        size = sect.find(ooxml.qn("w:pgSz"))
        assert (size.get(ooxml.qn("w:w")), size.get(ooxml.qn("w:h"))) == ("11906", "16838")
