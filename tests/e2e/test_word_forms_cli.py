"""`mau_word` from the command line: a per-recipient run fills each copy's Word form with its own figures, the
merged print file holds them all, and a tag one recipient's data lacks stops the run before any copy is written."""

from __future__ import annotations

import csv
import io
import subprocess
import zipfile
from decimal import Decimal

import pytest

from vanban import ooxml
from clirun import run
from conftest import ROOT
from pdfutil import soffice_program
from ooxml_schema import errors, schema_for
from wordforms import form, printed_list_numbers, write_spec

pytestmark = pytest.mark.e2e

EXAMPLE = ROOT / "examples" / "mau-word" / "cong-van-mau-word.yaml"
FORM = ROOT / "examples" / "mau-word" / "mau-bao-cao-bluezone.docx"
DATA = ROOT / "examples" / "tung-noi-nhan" / "so-lieu-huyen.csv"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _rows() -> dict[str, dict]:
    with DATA.open(encoding="utf-8") as handle:
        return {row["ma"]: row for row in csv.DictReader(handle)}


def _vi(number: str) -> str:
    """16877 → "16.877" (the Babel vi_VN grouping the `so` filter writes)."""
    return f"{int(number):,}".replace(",", ".")


def _percent(ratio: str) -> str:
    return f"{Decimal(ratio) * 100:.2f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def _form_texts(document_xml: bytes) -> list[list[str]]:
    """The paragraphs of each Word form of a copy: what follows each "Biểu mẫu số 01" heading."""
    texts = [ooxml.paragraph_text(p) for p in ooxml.parse_xml(document_xml).iter(f"{W}p")]
    starts = [i for i, t in enumerate(texts) if t == "Biểu mẫu số 01"]
    return [texts[a:b] for a, b in zip(starts, starts[1:] + [len(texts)])]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("mau-word")
    result = run("build", EXAMPLE, "--tung-noi-nhan", "--so-lieu", DATA, "--gop", "-o", out)
    assert result.returncode == 0, result.stderr
    return out / EXAMPLE.stem


def test_each_copy_carries_its_own_form_with_its_own_figures(built):
    rows = _rows()
    copies = sorted(p for p in built.glob("*.docx") if not p.name.endswith(".gop.docx"))
    assert [p.stem for p in copies] == sorted(rows)
    for path in copies:
        row = rows[path.stem]
        with zipfile.ZipFile(path) as package:
            forms = _form_texts(package.read("word/document.xml"))
        assert len(forms) == 1, path.name
        texts = forms[0]
        assert f"Trên địa bàn {row['dia_ban']}, tính đến ngày 20/8/2020" in texts
        assert texts[texts.index("Số người dùng Bluezone (người)") + 1] == _vi(row["nguoi_dung"])
        assert texts[texts.index("Tỷ lệ trên dân số") + 1] == _percent(row["ty_le"])
        assert "(Theo công văn số 4937/UBND-VHXH ngày 17 tháng 8 năm 2020 của Ủy ban nhân dân tỉnh Long An)" in texts
        assert "Số hộ gia đình được hướng dẫn tận nơi" in texts  # a du_lieu row of the {%tr for %} loop
        assert not any("{{" in t or "{%" in t for t in texts)


def test_the_merged_print_file_holds_every_form_in_order(built):
    rows = _rows()
    order = [line.split(",")[1] for line in (built / "manifest.csv").read_text(encoding="utf-8").splitlines()[1:]]
    with zipfile.ZipFile(built / f"{EXAMPLE.stem}.gop.docx") as package:
        document = package.read("word/document.xml")
        names = package.namelist()
    forms = _form_texts(document)
    assert len(forms) == len(order) == 15
    for rid, texts in zip(order, forms):
        assert texts[texts.index("Số người dùng Bluezone (người)") + 1] == _vi(rows[rid]["nguoi_dung"])
    # every copy: the letter's section and the form's, each numbered from 1
    sections = list(ooxml.parse_xml(document).iter(f"{W}sectPr"))
    assert len(sections) == 30
    assert all(s.find(f"{W}pgNumType").get(f"{W}start") == "1" for s in sections)
    assert "word/styles.xml" in names
    # the print file passes the decree's checks: no empty break paragraph that could spill onto a page of its own
    checked = run("check", built / f"{EXAMPLE.stem}.gop.docx")
    assert checked.returncode == 0 and checked.stdout.endswith("1 tệp: 0 lỗi, 0 cảnh báo\n"), checked.stdout


def test_a_copy_and_the_merged_file_are_schema_valid(built):
    for path in (built / "la-ubnd-huyen-ben-luc.docx", built / f"{EXAMPLE.stem}.gop.docx"):
        with zipfile.ZipFile(path) as package:
            found = [e for name in package.namelist() if schema_for(name) for e in errors(name, package.read(name))]
        assert not found, f"{path.name}: " + "\n".join(found[:10])


def test_the_run_is_byte_identical(built, tmp_path):
    again = run("build", EXAMPLE, "--tung-noi-nhan", "--so-lieu", DATA, "--gop", "-q", "-o", tmp_path)
    assert again.returncode == 0, again.stderr
    for path in built.iterdir():
        assert (tmp_path / EXAMPLE.stem / path.name).read_bytes() == path.read_bytes(), path.name


def _per_recipient_spec(folder, form_bytes: bytes, extra: str = "bieu_mau:\n  - mau_word: mau.docx\n"):
    """The example's letter to each district (its Kính gửi "@tung:…"), shortened, with ``extra`` (its forms) and
    the Word form ``form_bytes`` beside it as mau.docx."""
    letter = (EXAMPLE.read_text(encoding="utf-8").split("noi_dung:")[0]
              + "noi_dung:\n  - Đề nghị báo cáo theo biểu mẫu.\nnguoi_ky:\n  thay_mat: Ủy ban nhân dân\n"
                "  chuc_vu: Chủ tịch\n  ho_ten: Trần Văn Cần\n")
    return write_spec(folder, extra, form_bytes, letter=letter)


#: A form with a numbered list through its style, a list restarted on its paragraphs, and a bullet.
LISTS = dict(paragraphs=["Đơn vị: {{ noi_nhan.ten }}"], numbered=["Một", "Hai", "Ba"], restarted=["Bốn", "Năm"],
             bullet="Ghi chú")
#: What each copy's form prints: both lists from 1, as in the form itself
LIST_NUMBERS = [("Một", 1), ("Hai", 2), ("Ba", 3), ("Bốn", 1), ("Năm", 2)]


@pytest.fixture(scope="module")
def lists_built(tmp_path_factory):
    """A per-recipient run (15 districts, --gop) of a letter with two appendices made from the LISTS form."""
    folder = tmp_path_factory.mktemp("lists")
    spec = _per_recipient_spec(folder, form(**LISTS), "phu_luc:\n  - mau_word: mau.docx\n  - mau_word: mau.docx\n")
    result = run("build", spec, "--tung-noi-nhan", "--danh-ba", ROOT / "recipients", "--gop", "-q",
                 "-o", folder / "out")
    assert result.returncode == 0, result.stderr
    return folder / "out" / spec.stem


def test_numbered_lists_of_a_form_count_from_1_in_every_copy_of_the_merged_file(lists_built):
    """In the merged print file every copy's forms number their lists as the form does (1., 2., 3.), instead
    of counting on from the copy before (4., 5., 6.); each appendix made from the form restarts too."""
    merged = (lists_built / f"{lists_built.name}.gop.docx").read_bytes()
    copies = sorted(p for p in lists_built.glob("*.docx") if not p.name.endswith(".gop.docx"))
    assert len(copies) == 15
    assert printed_list_numbers(copies[0].read_bytes()) == LIST_NUMBERS * 2  # one copy: as the form
    assert printed_list_numbers(merged) == LIST_NUMBERS * 2 * 15
    with zipfile.ZipFile(io.BytesIO(merged)) as package:
        found = [e for name in package.namelist() if schema_for(name) for e in errors(name, package.read(name))]
    assert not found, "\n".join(found[:10])


def _converted(path, target: str, folder):
    """``path`` converted by headless LibreOffice (``--convert-to target``, a profile of its own) into ``folder``."""
    result = subprocess.run([soffice_program(), f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
                             "--convert-to", target, "--outdir", str(folder), str(path)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return folder / f"{path.stem}.{target.split(':')[0]}"


@pytest.mark.libreoffice
def test_libreoffice_prints_each_copys_list_from_1(lists_built, tmp_path):
    """LibreOffice's PDF of the merged file, read back with pdftotext: "1. Một … 3. Ba", "1. Bốn 2. Năm" in
    each form of each copy, never a "4." counted on from the copy before."""
    pdf = _converted(lists_built / f"{lists_built.name}.gop.docx", "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    printed = [" ".join(line.split()) for line in text.splitlines()
               if line.split()[1:2] in (["Một"], ["Hai"], ["Ba"], ["Bốn"], ["Năm"])]
    assert printed == [f"{n}. {t}" for t, n in LIST_NUMBERS] * 2 * 15


def test_a_tag_the_data_lacks_for_one_recipient_names_the_tag_and_the_recipient(tmp_path):
    spec = _per_recipient_spec(tmp_path, form(["Đơn vị: {{ noi_nhan.ten }}", "Dân số: {{ so_lieu.dan_so | so }}"]))
    table = tmp_path / "so-lieu.csv"
    lines = ["ma,dan_so"] + [f"{rid},{'' if rid == 'la-ubnd-huyen-duc-hoa' else 100000 + n}"
                             for n, rid in enumerate(sorted(_rows()))]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("build", spec, "--tung-noi-nhan", "--so-lieu", table, "--danh-ba", ROOT / "recipients",
                 "-o", tmp_path / "out")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if " lỗi " in line]
    line = spec.read_text(encoding="utf-8").splitlines().index("  - mau_word: mau.docx") + 1
    row = lines.index("la-ubnd-huyen-duc-hoa,") + 1
    assert errors == [
        f"{spec}:{line}:15: lỗi VB648 [bieu_mau[0].mau_word]: mẫu Word `mau.docx`: nơi nhận `la-ubnd-huyen-duc-hoa` "
        "(Ủy ban nhân dân huyện Đức Hòa): thiếu số liệu thẻ `so_lieu.dan_so` (ô trống hoặc thiếu cột `dan_so` ở dòng "
        f"{table}:{row}:1)"]
    assert not (tmp_path / "out" / spec.stem).exists()  # no copy written


def test_the_example_form_is_what_its_script_writes(tmp_path):
    script = ROOT / "examples" / "mau-word" / "tao-mau.py"
    made = tmp_path / "mau.docx"
    subprocess.run([__import__("sys").executable, str(script), str(made)], check=True, capture_output=True)
    assert made.read_bytes() == FORM.read_bytes()


@pytest.mark.libreoffice
def test_libreoffice_opens_the_merged_file_with_every_form(built, tmp_path):
    merged = built / f"{EXAMPLE.stem}.gop.docx"
    text = _converted(merged, "txt:Text (encoded):UTF8", tmp_path).read_text(encoding="utf-8-sig")
    rows = _rows()
    assert text.count("BÁO CÁO KẾT QUẢ CÀI ĐẶT ỨNG DỤNG BLUEZONE") == 15
    for row in rows.values():
        assert f"Trên địa bàn {row['dia_ban']}" in text and _vi(row["nguoi_dung"]) in text
