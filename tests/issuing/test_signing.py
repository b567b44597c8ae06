"""`vanban ky` and `vanban kiem-tra-chu-ky` on a letter with an appendix: both signatures validated by pyHanko
against the throwaway CA, the images where Phụ lục I puts them (read back from the PDF against the chức vụ and
name lines that poppler finds), the appendix in its own file signed top right with the text stamp (number,
ISO 8601 Vietnam time, Times New Roman 10 pt black)."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from lxml import etree  # the test reads poppler's XHTML; vanban's own code reads XML only through vanban.ooxml
from pypdf import PdfReader

import pdfutil
from clirun import run

from .keysfixture import PIN, SIGNER, letter_with_appendix, make_office

pytestmark = pytest.mark.libreoffice
MM = 72 / 25.4
ENV = {"VANBAN_DEMO_PIN": PIN}


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    pdfutil.require_office()
    folder = tmp_path_factory.mktemp("office")
    keys = make_office(folder)
    letter_with_appendix(folder)
    result = run("ky", "thu.yaml", "-o", "out", cwd=folder, env=ENV)
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.split()) == sorted("đã ký out/thu.pdf đã ký out/thu-bieu_mau-1.pdf".split())
    return folder, keys


def _validate(pdf: Path, ca: Path):
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(pdf.read_bytes()))
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(ca))], allow_fetching=False,
                                revocation_mode="soft-fail")
    return [(s.field_name, validate_pdf_signature(s, signer_validation_context=context)) for s in
            reader.embedded_signatures]


def test_both_signatures_validate_against_the_ca(signed):
    folder, keys = signed
    statuses = _validate(folder / "out" / "thu.pdf", keys.ca)
    assert [name for name, _ in statuses] == ["ChuKyNguoiKy", "ChuKyCoQuan"]
    for _, status in statuses:
        assert status.intact and status.valid and status.trusted
    assert statuses[0][1].signing_cert.subject.native["common_name"] == f"{SIGNER} (DEMO)"
    assert statuses[1][1].signing_cert.subject.native["common_name"].startswith("Sở Thông tin và Truyền thông")
    (name, status), = _validate(folder / "out" / "thu-bieu_mau-1.pdf", keys.ca)
    assert name == "ChuKyCoQuan" and status.intact and status.valid and status.trusted
    # the appendix is its own file: it starts with the form, the letter ends with the signing block
    letter = pdfutil.pdftotext_pages(folder / "out" / "thu.pdf")
    appendix = pdfutil.pdftotext_pages(folder / "out" / "thu-bieu_mau-1.pdf")
    assert SIGNER in letter[-1] and "Biểu mẫu số 1" not in "".join(letter)
    assert "Biểu mẫu số 1" in appendix[0] and "Kèm theo Công văn số 12/STTTT-TTBCXB" in pdfutil.squash(appendix[0])


def _words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """poppler's word boxes of a page (1-based), in PDF points from the top left."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, check=True).stdout
    root = etree.fromstring(html, etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    return [(w.text or "", float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")))
            for w in root.iter("{http://www.w3.org/1999/xhtml}word")]


def _line_box(words, text: str):
    """The box of the last run of words reading ``text`` (x0, top, x1, bottom; from the top of the page)."""
    parts = text.split()
    for i in range(len(words) - len(parts), -1, -1):
        if [w[0] for w in words[i:i + len(parts)]] == parts:
            run_ = words[i:i + len(parts)]
            return (min(w[1] for w in run_), min(w[2] for w in run_), max(w[3] for w in run_), max(w[4] for w in run_))
    raise AssertionError(f"{text!r} not on the page")


def _widget_boxes(pdf: Path):
    reader = PdfReader(pdf)
    out = {}
    for index, page in enumerate(reader.pages):
        height = float(page.mediabox.height)
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/FT") == "/Sig":
                x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                out[str(annot["/T"])] = (index + 1, (x0, height - y1, x1, height - y0), annot)  # from the top
    return out


def test_images_sit_where_phu_luc_i_says(signed):
    folder, _ = signed
    pdf = folder / "out" / "thu.pdf"
    boxes = _widget_boxes(pdf)
    page, sig, _ = boxes["ChuKyNguoiKy"]
    seal_page, seal, _ = boxes["ChuKyCoQuan"]
    assert seal_page == page == len(PdfReader(pdf).pages)
    words = _words(pdf, page)
    title = _line_box(words, "PHÓ GIÁM ĐỐC")
    name = _line_box(words, SIGNER)
    # ô 7c: between the chức vụ line and the name, centred on them
    assert title[3] <= sig[1] and sig[3] <= name[1]
    assert abs((sig[0] + sig[2]) / 2 - ((title[0] + title[2]) / 2 + (name[0] + name[2]) / 2) / 2) < 1.5 * MM
    assert abs((sig[1] + sig[3]) / 2 - (title[3] + name[1]) / 2) < 3 * MM
    # ô 8: the seal at its real size (36 mm), over about 1/3 of the signature image, on its left
    assert abs((seal[2] - seal[0]) - 36 * MM) < 0.5 and abs((seal[3] - seal[1]) - 36 * MM) < 0.5
    assert seal[0] < sig[0] and abs((seal[2] - sig[0]) / (sig[2] - sig[0]) - 1 / 3) < 0.02
    assert abs((seal[1] + seal[3]) / 2 - (sig[1] + sig[3]) / 2) < 0.5


def _pdf_string(raw: bytes) -> str:
    return re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]), raw).decode("latin-1")


def test_appendix_stamp_text_font_size_and_place(signed):
    folder, _ = signed
    pdf = folder / "out" / "thu-bieu_mau-1.pdf"
    boxes = _widget_boxes(pdf)
    assert list(boxes) == ["ChuKyCoQuan"]
    page, box, annot = boxes["ChuKyCoQuan"]
    width = float(PdfReader(pdf).pages[0].mediabox.width)
    assert page == 1 and abs(width - box[2] - 15 * MM) < 0.5 and box[1] <= 20 * MM  # top right, in the margin
    streams, fonts, images = [], [], []

    def walk(xobject):
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Image":
            images.append(xobject)
            return
        streams.append(xobject.get_data())
        resources = (xobject.get("/Resources") or {})
        for font in (resources.get("/Font") or {}).values():
            fonts.append(str(font.get_object()["/BaseFont"]))
        for inner in (resources.get("/XObject") or {}).values():
            walk(inner)

    walk(annot["/AP"]["/N"])
    content = b"\n".join(streams)
    texts = [_pdf_string(m) for m in re.findall(rb"/ActualText \((.*?)\)\s*>>", content)]
    assert texts[0] == "12/STTTT-TTBCXB"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", texts[1]), texts
    assert re.search(rb"/F\d+ 10 Tf", content) and b"0 0 0 rg" in content  # 10 pt, black
    assert fonts and all(re.search(r"TimesNewRoman|LiberationSerif", f) for f in fonts), fonts  # TNR or its twin
    assert images == []  # no image on an attachment's signature


def test_kiem_tra_chu_ky_lists_and_checks_positions(signed):
    folder, keys = signed
    result = run("kiem-tra-chu-ky", "out/thu.pdf", "out/thu-bieu_mau-1.pdf", cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "out/thu.pdf: 2 chữ ký số" in out and "out/thu-bieu_mau-1.pdf: 1 chữ ký số" in out
    assert f"1. người có thẩm quyền (ô 7c): {SIGNER} (DEMO)" in out
    assert "2. cơ quan, tổ chức (ô 8): Sở Thông tin và Truyền thông (DEMO)" in out
    assert out.count("toàn vẹn: có; chuỗi chứng thư: tin cậy") == 3
    assert out.count("vị trí (Phụ lục I): đúng") == 3
    assert re.search(r"thời điểm ký: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00 \(đồng hồ máy ký\)", out)


def test_tampered_and_untrusted_files_fail(signed, tmp_path):
    folder, _ = signed
    data = bytearray((folder / "out" / "thu.pdf").read_bytes())
    at = data.find(b"Bluezone")
    data[at:at + 8] = b"BLUEZONE"
    (tmp_path / "sua.pdf").write_bytes(bytes(data))
    result = run("kiem-tra-chu-ky", str(tmp_path / "sua.pdf"), "--tin-cay", str(folder / "keys" / "demo-ca.pem"))
    assert result.returncode == 1 and "lỗi VB420" in result.stdout + result.stderr
    from vanban.issuing import demo

    other = demo.write_pem(tmp_path / "other.pem", demo.make_ca("Another CA")[1])
    result = run("kiem-tra-chu-ky", str(folder / "out" / "thu.pdf"), "--tin-cay", str(other))
    assert result.returncode == 1 and "lỗi VB421" in result.stdout + result.stderr
    (tmp_path / "plain.pdf").write_bytes((folder / "out" / "thu.pdf").read_bytes()[:2000])  # truncated
    assert "lỗi VB423" in run("kiem-tra-chu-ky", str(tmp_path / "plain.pdf")).stderr


def test_signing_an_existing_pdf(signed, tmp_path):
    """`vanban ky FILE.pdf`: the signer found by the certificate's name, the images on the block."""
    folder, keys = signed
    import pypdf

    reader = pypdf.PdfReader(folder / "out" / "thu.pdf")
    writer = pypdf.PdfWriter()
    for page in reader.pages:
        page.pop("/Annots", None)
        writer.add_page(page)
    with open(folder / "ban-in.pdf", "wb") as handle:
        writer.write(handle)
    result = run("ky", "ban-in.pdf", cwd=folder, env=ENV)
    assert result.returncode == 0, result.stderr
    check = run("kiem-tra-chu-ky", "ban-in-da-ky.pdf", cwd=folder)
    assert check.returncode == 0 and check.stdout.count("vị trí (Phụ lục I): đúng") == 2


def test_draft_and_wrong_signer_are_refused_before_writing(signed, tmp_path):
    folder, _ = signed
    from .keysfixture import copy_office

    copy_office(folder, tmp_path)
    letter_with_appendix(tmp_path, number=None)
    result = run("ky", "thu.yaml", "-o", "out", cwd=tmp_path, env=ENV)
    assert result.returncode == 1 and "lỗi VB418" in result.stderr
    spec = letter_with_appendix(tmp_path)
    spec.write_text(spec.read_text(encoding="utf-8").replace(SIGNER, "Lê Thị Cúc"), encoding="utf-8")
    result = run("ky", "thu.yaml", "-o", "out", cwd=tmp_path, env=ENV)
    assert result.returncode == 1 and "lỗi VB413" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
