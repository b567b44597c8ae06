"""Small Word forms with docxtpl tags for the tests of `mau_word`, made with python-docx (no real document)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.shared import Pt

from specload import long_an_letter
from vanban import ooxml

LETTER = long_an_letter(trich_yeu="báo cáo kết quả cài đặt ứng dụng", kinh_gui="Sở Thông tin và Truyền thông",
                        body="Đề nghị Sở báo cáo theo mẫu đính kèm.")


def form(paragraphs=(), rows=None, *, landscape: bool = False, bullet: str | None = None, numbered=(),
         restarted=()) -> bytes:
    """A .docx: its paragraphs (text with tags), then a numbered list ``numbered`` (Word's "List Number" style:
    numbered through the style), then a list ``restarted`` numbered on the paragraphs themselves, by a list
    instance of the same definition set to restart at 1 (what Word's "Restart at 1" writes), then a table of
    ``rows`` (lists of cell texts), then a bulleted paragraph; Times New Roman 13 in its own Normal style."""
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    for text in paragraphs:
        d.add_paragraph(text)
    for text in numbered:
        d.add_paragraph(text, style="List Number")
    if restarted:
        numbering = d.part.numbering_part.element
        styled = d.styles["List Number"].element.pPr.numPr.numId.val
        abstract = numbering.num_having_numId(styled).abstractNumId.val
        instance = numbering.add_num(abstract)
        instance.add_lvlOverride(ilvl=0).add_startOverride(1)
        for text in restarted:
            num_pr = d.add_paragraph(text)._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = instance.numId
    if rows:
        table = d.add_table(rows=0, cols=len(rows[0]))
        table.style = "Table Grid"
        for cells in rows:
            row = table.add_row().cells
            for cell, text in zip(row, cells):
                cell.text = text
    if bullet:
        d.add_paragraph(bullet, style="List Bullet")
    if landscape:
        section = d.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


#: A report form: title with the year, the letter's reference line, a table looping over du_lieu rows, a note.
REPORT_FORM = dict(
    paragraphs=["MẪU SỐ 01: BÁO CÁO KẾT QUẢ NĂM {{ du_lieu.nam }}", "{{ van_ban.kem_theo }}"],
    rows=[["STT", "Chỉ tiêu", "Số lượng"], ["{%tr for d in du_lieu.dong %}", "", ""],
          ["{{ loop.index }}", "{{ d.ten }}", "{{ d.so | so }}"], ["{%tr endfor %}", "", ""]],
    bullet="Ghi chú: {{ du_lieu.ghi_chu }}",
    landscape=True,
)

REPORT_VALUES = """\
    du_lieu:
      nam: 2026
      ghi_chu: "số liệu <tạm tính> & chưa kiểm tra"
      dong:
        - {ten: Người dùng, so: 187315}
        - {ten: Thiết bị, so: 1200}
"""


def printed_list_numbers(package: bytes) -> list[tuple[str, int]]:
    """The numbered paragraphs of a .docx and the number Word prints before each, counted as Word counts: per
    list definition (``w:abstractNum``) and level, from the level's start, a list instance (``w:num``) with a
    ``w:startOverride`` starting again from it where it is first used; numbering through the paragraph's own
    ``w:numPr`` or its style's. Bullets are left out."""
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        document, numbering, styles = (ooxml.parse_xml(z.read(f"word/{name}.xml"))
                                       for name in ("document", "numbering", "styles"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def val(node, path):
        found = node.find(path) if node is not None else None
        return found.get(f"{w}val") if found is not None else None

    styled = {s.get(f"{w}styleId"): s.find(f"{w}pPr/{w}numPr") for s in styles.iter(f"{w}style")}
    nums = {n.get(f"{w}numId"): n for n in numbering.iter(f"{w}num")}
    abstracts = {a.get(f"{w}abstractNumId"): a for a in numbering.iter(f"{w}abstractNum")}
    counters: dict[tuple[str, str], int] = {}
    started: set[str] = set()
    out = []
    for p in document.iter(f"{w}p"):
        own = p.find(f"{w}pPr/{w}numPr")
        style = styled.get(val(p, f"{w}pPr/{w}pStyle"))
        num_id = val(own, f"{w}numId") or val(style, f"{w}numId")
        level = val(own, f"{w}ilvl") or val(style, f"{w}ilvl") or "0"
        if num_id in (None, "0"):
            continue
        num = nums[num_id]
        abstract = val(num, f"{w}abstractNumId")
        lvl = next(x for x in abstracts[abstract].iter(f"{w}lvl") if x.get(f"{w}ilvl") == level)
        if val(lvl, f"{w}numFmt") in ("bullet", "none"):
            continue
        start = int(val(lvl, f"{w}start") or 0)
        if num_id not in started:
            started.add(num_id)
            override = next((o for o in num.iter(f"{w}lvlOverride") if o.get(f"{w}ilvl") == level), None)
            if val(override, f"{w}startOverride") is not None:
                counters[(abstract, level)] = int(val(override, f"{w}startOverride")) - 1
        counters[(abstract, level)] = counters.get((abstract, level), start - 1) + 1
        out.append((ooxml.paragraph_text(p), counters[(abstract, level)]))
    return out


def write_spec(folder: Path, extra: str, form_bytes: bytes | None = None, name: str = "mau.docx",
               spec: str = "thu.yaml", letter: str = LETTER) -> Path:
    """A letter in ``folder`` with ``extra`` YAML appended (its phu_luc / bieu_mau), and the form beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    if form_bytes is not None:
        (folder / name).write_bytes(form_bytes)
    path = folder / spec
    path.write_text(letter + extra, encoding="utf-8")
    return path
