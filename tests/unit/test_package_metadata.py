"""Clean package metadata in every .docx vanban writes, read back from real built files.

Letters, per-recipient copies (fast and plain renderers), the merged print file, the redline, the
summary of returned forms and the Word template: ``docProps/app.xml`` names vanban with an
AppVersion Word accepts and no statistics; ``word/settings.xml`` is in compatibility mode 15 with
a schema-valid ``w:zoom``; ``word/fontTable.xml`` lists only the fonts in use; no zip64.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile

import docx
import pytest

from vanban import load, ooxml
from vanban.copies import batch
from vanban.diagnostics import UserError
from vanban.changes.redline import redline_docx
from vanban.forms.collect import collect
from vanban.forms.summary import summary_docx
from vanban.render.docx import render_docx
from vanban.render.template import REPO_TEMPLATE

from conftest import DIRECTIVES, ROOT

EXAMPLE = ROOT / "examples" / "tung-noi-nhan" / "002-long-an-tung-huyen.yaml"
DATA = ROOT / "examples" / "tung-noi-nhan" / "so-lieu-huyen.csv"
EP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


def _load(path):
    result = load(path)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.document


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    letter = DIRECTIVES / "003-thai-binh-bluezone.yaml"
    out["letter"] = render_docx(_load(letter))
    forms = _load(DIRECTIVES / "004-binh-phuoc-bluezone.yaml")
    out["letter with forms"] = render_docx(forms)
    example = _load(EXAMPLE)
    for fast in (True, False):
        tmp = tmp_path_factory.mktemp("copies")
        folder, work = batch.run(example, "cv", batch.Options(outdir=tmp, table=DATA, merged=True, fast=fast))
        out["copy (fast)" if fast else "copy (plain)"] = (folder / work.names[0]).read_bytes()
        out["merged print file" if fast else "merged print file (plain)"] = (folder / "cv.gop.docx").read_bytes()
    text = letter.read_text(encoding="utf-8")
    changed = load(text.replace("Thái Bình", "Thái Bình mới", 1), name=str(letter))
    assert changed.ok
    out["redline"] = redline_docx(_load(letter), changed.document)
    results, _ = collect(forms, [])
    out["summary of returned forms"] = summary_docx(results, forms)
    out["template"] = REPO_TEMPLATE.read_bytes()
    return out


KINDS = ["letter", "letter with forms", "copy (fast)", "copy (plain)", "merged print file",
         "merged print file (plain)", "redline", "summary of returned forms", "template"]


def _part(data: bytes, name: str):
    return ooxml.parse_xml(ooxml.read_part(data, name))


@pytest.mark.parametrize("kind", KINDS)
def test_app_properties_name_vanban_and_no_statistics(outputs, kind):
    app = _part(outputs[kind], "docProps/app.xml")
    children = {child.tag.replace(EP, ""): child.text for child in app}
    assert children["Application"] == "vanban"
    assert children["AppVersion"] == ooxml.app_version(ooxml.package_version())
    assert re.fullmatch(r"\d\d\.\d{4}", children["AppVersion"]), "Word wants XX.YYYY"
    stale = {"Pages", "Words", "Characters", "CharactersWithSpaces", "Lines", "Paragraphs", "TotalTime",
             "Template", "TitlesOfParts", "HeadingPairs"}
    assert not stale & set(children), f"statistics no program computed: {sorted(stale & set(children))}"
    assert b"Microsoft" not in ooxml.read_part(outputs[kind], "docProps/app.xml")


@pytest.mark.parametrize("kind", KINDS)
def test_settings_are_word_2013_mode_with_a_valid_zoom(outputs, kind):
    settings = _part(outputs[kind], "word/settings.xml")
    modes = [s for s in settings.iter(ooxml.qn("w:compatSetting")) if s.get(ooxml.qn("w:name")) == "compatibilityMode"]
    assert [(m.get(ooxml.qn("w:val")), m.get(ooxml.qn("w:uri"))) for m in modes] == [
        ("15", "http://schemas.microsoft.com/office/word")]
    zoom = settings.find(ooxml.qn("w:zoom"))
    assert zoom is not None and zoom.get(ooxml.qn("w:percent")) == "100"
    # CT_Settings order: zoom right after writeProtection/view, compat before rsids
    order = [child.tag for child in settings]
    assert order.index(ooxml.qn("w:zoom")) < order.index(ooxml.qn("w:compat")) < order.index(ooxml.qn("w:rsids"))


@pytest.mark.parametrize("kind", KINDS)
def test_font_table_lists_only_times_new_roman(outputs, kind):
    table = _part(outputs[kind], "word/fontTable.xml")
    assert [font.get(ooxml.qn("w:name")) for font in table] == ["Times New Roman"]


@pytest.mark.parametrize("kind", KINDS)
def test_packages_are_plain_zips_without_zip64(outputs, kind):
    data = outputs[kind]
    end = data[-22:]
    assert end[:4] == b"PK\x05\x06", "the end record closes the file (no comment)"
    assert data[-42:-38] != b"PK\x06\x07", "no zip64 end-of-central-directory locator"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            assert info.extract_version < 45, f"{info.filename} needs zip64 to extract"
            assert info.date_time == ooxml.ZIP_EPOCH
            offset = info.header_offset
            name_len, extra_len = struct.unpack("<HH", data[offset + 26:offset + 30])
            local_extra = data[offset + 30 + name_len:offset + 30 + name_len + extra_len]
            for extra in (local_extra, info.extra):  # header id 0x0001: the zip64 extended information
                assert not _has_zip64_field(extra), f"{info.filename}: zip64 extra field"


def _has_zip64_field(extra: bytes) -> bool:
    while len(extra) >= 4:
        header_id, size = struct.unpack("<HH", extra[:4])
        if header_id == 1:
            return True
        extra = extra[4 + size:]
    return False


def test_merged_print_file_is_the_same_whichever_renderer_made_the_copies(outputs):
    assert outputs["merged print file"] == outputs["merged print file (plain)"]
    assert outputs["copy (fast)"] == outputs["copy (plain)"]


def test_a_merged_print_file_too_large_for_a_plain_zip_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(ooxml.merge, "MAX_MERGED_BYTES", 100_000)  # the 15 copies make about 190 kB
    with pytest.raises(UserError) as caught:
        batch.run(_load(EXAMPLE), "cv", batch.Options(outdir=tmp_path, table=DATA, merged=True))
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "VB644" and diagnostic.path == "--gop"
    assert "bản gộp để in vượt" in diagnostic.message
    assert not (tmp_path / "cv").exists(), "nothing is written for a refused run"
    assert not list(tmp_path.glob(".cv.*")), "the staging folder is removed"


def _font_names(data: bytes) -> list[str]:
    return [font.get(ooxml.qn("w:name")) for font in _part(data, "word/fontTable.xml")]


def test_fonts_in_use_follow_runs_styles_lists_and_the_theme():
    # python-docx's stock template: Calibri/Cambria via the theme, Symbol for its bullet lists, and others
    stock = docx.Document()
    assert len(_font_names(ooxml.deterministic_zip(_stock_bytes()))) > 3
    assert _font_names(ooxml.save_document(stock)) == ["Cambria"]  # docDefaults: minorHAnsi of the theme
    document = docx.Document()
    document.add_paragraph("a").add_run("b").font.name = "Arial"  # a run's own font
    document.add_paragraph("c", style="Heading 1")  # a style's theme font (majorHAnsi: Calibri)
    document.add_paragraph("d", style="List Bullet")  # a list whose bullet is in Symbol
    assert sorted(_font_names(ooxml.save_document(document))) == ["Arial", "Calibri", "Cambria", "Symbol"]


def _stock_bytes() -> bytes:
    buf = io.BytesIO()
    docx.Document().save(buf)
    return buf.getvalue()


def test_app_version_is_the_version_of_vanban():
    import vanban

    assert ooxml.package_version() == vanban.__version__, "reinstall: pip install -e ."
    assert ooxml.app_properties().count(ooxml.app_version(vanban.__version__).encode()) == 1


def test_app_version_has_the_form_word_accepts():
    assert ooxml.app_version("0.1.0") == "00.0100"
    assert ooxml.app_version("1.12.3") == "01.1203"
    assert ooxml.app_version("2.0.dev4") == "02.0004"
    assert ooxml.app_version("250.300.1") == "99.9901"


@pytest.mark.parametrize("kind", KINDS)
def test_every_part_is_schema_valid(outputs, kind):
    from ooxml_schema import errors, schema_for

    with zipfile.ZipFile(io.BytesIO(outputs[kind])) as zf:
        checked = [name for name in zf.namelist() if schema_for(name)]
        assert {"word/document.xml", "word/settings.xml", "word/fontTable.xml", "docProps/app.xml"} <= set(checked)
        found = [e for name in checked for e in errors(name, zf.read(name))]
    assert not found, "\n".join(found[:20])


def test_a_template_without_app_properties_gets_them(tmp_path):
    # e.g. an office's template saved by a program that writes no docProps/app.xml: --template their.docx
    members = dict(ooxml.package_members(REPO_TEMPLATE.read_bytes()))
    del members["docProps/app.xml"]
    members["_rels/.rels"] = re.sub(rb"<Relationship [^>]*extended-properties\"[^>]*/>", b"", members["_rels/.rels"])
    members["[Content_Types].xml"] = re.sub(rb"<Override PartName=\"/docProps/app.xml\"[^>]*/>", b"",
                                            members["[Content_Types].xml"])
    template = tmp_path / "their.docx"
    template.write_bytes(ooxml.write_package(members.items()))
    assert "docProps/app.xml" not in zipfile.ZipFile(template).namelist()
    data = render_docx(_load(DIRECTIVES / "003-thai-binh-bluezone.yaml"), template)
    app = _part(data, "docProps/app.xml")
    assert app.find(f"{EP}Application").text == "vanban"
    assert b'PartName="/docProps/app.xml"' in ooxml.read_part(data, "[Content_Types].xml")
    assert b"extended-properties" in ooxml.read_part(data, "_rels/.rels")
