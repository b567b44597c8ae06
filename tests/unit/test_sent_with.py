"""A note of what is sent with the letter, after its "./." (`gui_kem`, #17; corpus 12): rendered in italics and
brackets, read by the content rules, accepted by the .docx rule on "./.", read back by `vanban nhap`."""

from __future__ import annotations

import io
import zipfile

import vanban
from vanban import ooxml
from vanban.spec.loader import load_spec_text
from test_loader import GOOD

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOTE = "Công điện số 225/CĐ-TTg ngày 20/11/2025 gửi kèm theo"
SPEC = GOOD.replace("nguoi_ky:", f"gui_kem: {NOTE}\nnguoi_ky:")


def loaded(text: str = SPEC):
    result = load_spec_text(text, "t.yaml")
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.document


def test_the_note_follows_the_closing_mark_in_brackets():
    lines = vanban.render_text(loaded()).splitlines()
    at = lines.index("Đoạn một./.")
    assert lines[at + 1] == f"({NOTE})"
    assert lines[at + 2:at + 4] == ["", "Nơi nhận:"]
    typed = loaded(GOOD.replace("nguoi_ky:", f"gui_kem:\n  - \"({NOTE})\"\n  - Bản đồ khu vực\nnguoi_ky:"))
    assert [n.plain for n in typed.sent_with] == [f"({NOTE})", "(Bản đồ khu vực)"]  # brackets typed are kept


def test_the_note_is_an_italic_paragraph_after_the_last_one_of_the_content():
    data = vanban.render_docx(loaded())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = ooxml.parse_xml(z.read("word/document.xml"))
    paragraphs = [p for p in root.iter(W + "p")]
    texts = ["".join(t.text or "" for t in p.iter(W + "t")) for p in paragraphs]
    note = paragraphs[texts.index(f"({NOTE})")]
    assert texts[texts.index(f"({NOTE})") - 1] == "Đoạn một./."
    runs = list(note.iter(W + "r"))
    assert runs and all(r.find(f"{W}rPr/{W}i") is not None for r in runs)


def _docx(tmp_path, data: bytes, name: str = "t.docx"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_the_docx_rule_on_the_closing_mark_looks_above_the_note(tmp_path):
    data = vanban.render_docx(loaded())
    assert [d.code for d in vanban.check(_docx(tmp_path, data))] == []
    # the same letter without its "./.": the rule finds the last paragraph of the content, above the note
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"<w:t>/.</w:t>", b"<w:t></w:t>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, content in parts.items():
            z.writestr(name, content)
    found = [d for d in vanban.check(_docx(tmp_path, out.getvalue(), "u.docx")) if d.code == "ND30-PL3-KT"]
    assert len(found) == 1 and "Đoạn một." in found[0].format()


def test_content_rules_read_the_note():
    doc = loaded(SPEC.replace("225/CĐ-TTg", "225/CĐ- TTg"))
    found = [(d.code, d.path) for d in vanban.check(doc)]
    assert ("ND30-PL1-II-6b.1", "gui_kem[0]") in found


def test_nhap_reads_the_note_back():
    imported = vanban.import_docx(vanban.render_docx(loaded()), name="t.docx")
    assert f"gui_kem: {NOTE}" in imported.text.splitlines()
    assert vanban.render_text(vanban.load(imported.text, name="t.yaml").document) == vanban.render_text(loaded())
