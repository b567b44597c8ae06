"""Write ``templates/nd30.docx``: page setup and the named styles of :mod:`.styles`.

Run ``python -m vanban.render.template [PATH]`` to regenerate it. The result is deterministic,
and a test checks that the committed template is what this module writes. An office may edit
the template in Word afterwards (fonts sizes, spacing …) as long as the style names stay.
"""

from __future__ import annotations

import datetime as _dt
import sys
from functools import lru_cache
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from .. import gate, ooxml
from . import styles as st

#: The Word template shipped inside the package (``vanban/templates/nd30.docx``), found without a checkout.
REPO_TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "nd30.docx"

#: Largest Word template accepted (``--template``); the package limits of :mod:`vanban.ooxml` apply too.
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024


def read_template(path: str | Path) -> tuple[bytes, list[str]]:
    """A Word template given with ``--template`` (mẫu văn bản của cơ quan) read through the one gate
    (:func:`vanban.gate.read_input`: regular file, size) and the package limits (zip bombs, entities),
    with its external attached-template links removed (Word would fetch them from a web server or a
    network share each time a letter is opened). Returns (bytes, removed link targets); raises
    :class:`vanban.gate.InputRefused` or :class:`vanban.ooxml.PackageError`."""
    path = Path(path)
    refused = gate.macro_refusal(path, "VB112")
    if refused is not None:
        raise refused
    stat = path.stat() if gate.is_regular(path) else None
    return _read_template(str(path), stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0)


@lru_cache(maxsize=4)
def _read_template(path: str, _mtime: int, _size: int) -> tuple[bytes, list[str]]:
    data = gate.read_input(path, MAX_TEMPLATE_BYTES, code="VB112", what="tệp mẫu Word")
    return ooxml.strip_external_templates(data)


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def build_template() -> bytes:
    document = docx.Document()
    ooxml.clear_body(document)

    ooxml.drop_stock_extras(document)

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

    # Times New Roman in every font slot of every style and of the document defaults: no theme fonts.
    ooxml.set_document_defaults(document, family=st.FONT, lang=st.LANG, size_half_points=28)

    normal = document.styles["Normal"]
    normal.font.name = st.FONT
    normal.font.size = Pt(14)
    ooxml.set_style_fonts(normal, st.FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    for definition in st.STYLES:
        style = document.styles.add_style(definition.name, WD_STYLE_TYPE.PARAGRAPH)
        ooxml.set_style_id(style, definition.style_id)
        style.base_style = normal
        style.quick_style = True
        font = style.font
        font.name = st.FONT
        ooxml.set_style_fonts(style, st.FONT)
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

    ooxml.set_core_properties(document, title="Mẫu văn bản hành chính theo Nghị định 30/2020/NĐ-CP",
                              author="vanban", when=_dt.datetime(2020, 3, 5))
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
