"""Text widths, balanced header lines and the Word template."""

from __future__ import annotations

import zipfile
import io

from vanban import metrics, ooxml
from vanban.render import styles as st
from vanban.render.template import REPO_TEMPLATE, build_template


def test_tieu_ngu_width_is_plausible():
    # "Độc lập - Tự do - Hạnh phúc", bold 14 pt Times is about 6 cm wide.
    assert 55 < metrics.text_width_mm("Độc lập - Tự do - Hạnh phúc", 14, bold=True) < 65


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
