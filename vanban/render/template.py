"""Write ``templates/nd30.docx``: page setup and the named styles of :mod:`.styles`.

Run ``python -m vanban.render.template [PATH]`` to regenerate it. The result is deterministic,
and a test checks that the committed template is what this module writes. An office may edit
the template in Word afterwards (fonts sizes, spacing …) as long as the style names stay.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from .. import ooxml
from . import styles as st

#: The Word template shipped inside the package (``vanban/templates/nd30.docx``), found without a checkout.
REPO_TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "nd30.docx"

_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def build_template() -> bytes:
    document = docx.Document()
    ooxml.clear_body(document)

    # Parts of python-docx's stock template that an office template has no use for.
    ooxml.drop_relationships(document.part, {
        "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
    })
    ooxml.drop_relationships(document.part.package, {
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
    })

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = ooxml.mm(st.PAGE_WIDTH_MM)
    section.page_height = ooxml.mm(st.PAGE_HEIGHT_MM)
    section.top_margin = ooxml.mm(st.MARGIN_TOP_MM)
    section.bottom_margin = ooxml.mm(st.MARGIN_BOTTOM_MM)
    section.left_margin = ooxml.mm(st.MARGIN_LEFT_MM)
    section.right_margin = ooxml.mm(st.MARGIN_RIGHT_MM)
    ooxml.set_header_distance(section, st.HEADER_DISTANCE_MM)
    section.footer_distance = ooxml.mm(st.HEADER_DISTANCE_MM)
    ooxml.set_title_page(section)

    styles_el = document.styles.element
    # Times New Roman in every font slot of every style and of the document defaults: no theme fonts.
    ooxml.strip_theme_fonts(styles_el, st.FONT)
    defaults = styles_el.find(ooxml.qn("w:docDefaults"))
    rpr = defaults.find(ooxml.qn("w:rPrDefault")).find(ooxml.qn("w:rPr"))
    ooxml.set_fonts(rpr, st.FONT)
    ooxml.set_lang(rpr, st.LANG)
    ooxml.set_paragraph_defaults(styles_el, 28)

    normal = document.styles["Normal"]
    normal.font.name = st.FONT
    normal.font.size = Pt(14)
    ooxml.set_fonts(normal.element.get_or_add_rPr(), st.FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    for definition in st.STYLES:
        style = document.styles.add_style(definition.name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(ooxml.qn("w:styleId"), definition.style_id)
        style.base_style = normal
        style.quick_style = True
        font = style.font
        font.name = st.FONT
        ooxml.set_fonts(style.element.get_or_add_rPr(), st.FONT)
        font.size = Pt(definition.size)
        font.bold = definition.bold
        font.italic = definition.italic
        if definition.color:
            font.color.rgb = RGBColor.from_string(definition.color)
        fmt = style.paragraph_format
        fmt.alignment = _ALIGN[definition.align]
        fmt.space_before = Pt(definition.before)
        fmt.space_after = Pt(definition.after)
        fmt.first_line_indent = ooxml.mm(definition.first_line_mm) if definition.first_line_mm else None
        if definition.line:
            fmt.line_spacing = definition.line
        else:  # the rule paragraphs: exactly as tall as their tiny font
            fmt.line_spacing = Pt(definition.size)
        fmt.widow_control = True
        if definition.keep_next:
            fmt.keep_with_next = True

    props = document.core_properties
    props.title = "Mẫu văn bản hành chính theo Nghị định 30/2020/NĐ-CP"
    props.author = "vanban"
    props.last_modified_by = "vanban"
    props.revision = 1
    import datetime as _dt

    props.created = props.modified = _dt.datetime(2020, 3, 5)
    return ooxml.save_document(document)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else REPO_TEMPLATE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(build_template())
    print(f"đã ghi {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
