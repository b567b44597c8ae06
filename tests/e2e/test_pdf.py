"""`vanban build --pdf/--pdf-a` and `vanban preview` on the seed letters, read back with pypdf and poppler.

The PDF tests skip with the reason when LibreOffice (with python3-uno) or poppler is missing; the tests of
what happens *without* LibreOffice run everywhere.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from clirun import run
from conftest import DIRECTIVES, ROOT, directive_specs, outputs
from pdfutil import pdftotext_pages, require_office, squash, stray_processes
from vanban import model as m
from vanban import load

pytestmark = pytest.mark.e2e

#: Pages of each seed letter as laid out on A4 by the decree's formatting (the originals run onto page 2).
EXPECTED_PAGES = {"000-tra-vinh-bluezone": 2, "002-long-an-bluezone": 2, "003-thai-binh-bluezone": 2}
SEEDS = sorted(EXPECTED_PAGES)
INSTALL = "cài bằng: sudo apt-get install libreoffice-writer-nogui fonts-liberation2 poppler-utils python3-uno"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    require_office()
    out = tmp_path_factory.mktemp("pdf")
    result = run("build", str(DIRECTIVES), "-o", str(out), "--pdf")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for spec in directive_specs():
        assert f"đã ghi {out / spec.stem}.pdf" in result.stdout.splitlines()
    return out


@pytest.fixture(scope="module")
def built_pdfa(tmp_path_factory) -> Path:
    require_office()
    out = tmp_path_factory.mktemp("pdfa")
    result = run("build", str(DIRECTIVES / "003-thai-binh-bluezone.yaml"), "-o", str(out), "--pdf-a", "-q")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    return out


def model(stem: str) -> m.Document:
    result = load(DIRECTIVES / f"{stem}.yaml")
    assert result.ok
    return result.document


def body_paragraphs(blocks) -> list[str]:
    out = []
    for block in blocks:
        if isinstance(block, m.Paragraph):
            out.append(block.text.plain)
            continue
        for item in block.items:
            out.append(f"{item.label} {item.text.plain}")
            out.extend(body_paragraphs(item.children))
    return out


def reading_order(doc: m.Document) -> list[str]:
    """What a reader meets, top to bottom: Quốc hiệu, Số, Kính gửi, every body paragraph, Nơi nhận, signer."""
    markers = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số:",
               doc.issued.line.split(",")[0], "Kính gửi:"]
    markers += [" ".join(squash(p).split()[:4]) for p in body_paragraphs(doc.body)]
    markers += ["Nơi nhận:", "- Như trên;", doc.signature.name]
    return markers


@pytest.mark.libreoffice
@pytest.mark.parametrize("stem", SEEDS)
def test_pages_text_order_and_page_numbers(built, stem):
    pdf = built / f"{stem}.pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages) == EXPECTED_PAGES[stem]
    pages = pdftotext_pages(pdf)
    assert len(pages) == EXPECTED_PAGES[stem]
    lines = [[squash(line) for line in page.splitlines() if line.strip()] for page in pages]
    # the text reads in order, row after row and page after page
    flat = "\n".join("\n".join(page) for page in lines)
    at = 0
    for marker in reading_order(model(stem)):
        found = flat.find(marker, at)
        assert found >= 0, f"{marker!r} not found after {flat[max(0, at - 80):at]!r}"
        at = found + len(marker)
    # page 1 has no page number; page n starts with n, alone on its row
    assert not any(line.isdigit() for line in lines[0]), lines[0][:3]
    assert lines[0][0].startswith(model(stem).agency.parent[0].upper() if model(stem).agency.parent
                                  else model(stem).agency.name[0].upper())
    for number, page in enumerate(lines[1:], start=2):
        assert page[0] == str(number)
    assert any(model(stem).signature.name in line for line in lines[-1]), "the signer is not on the last page"


def _fonts(reader: PdfReader) -> dict[str, bool]:
    """BaseFont (subset prefix removed) → embedded?, over every page."""
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            name = re.sub(r"^[A-Z]{6}\+", "", str(font["/BaseFont"]).lstrip("/"))
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            fonts[name] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


@pytest.mark.libreoffice
@pytest.mark.parametrize("stem", [spec.stem for spec in directive_specs()])
def test_fonts_are_times_new_roman_or_its_metric_twin_embedded(built, stem):
    fonts = _fonts(PdfReader(built / f"{stem}.pdf"))
    assert fonts, "no font in the PDF"
    for name, embedded in fonts.items():
        assert name.startswith(("TimesNewRoman", "LiberationSerif")), name
        assert embedded, f"{name} is not embedded"
    assert any("Bold" in name for name in fonts)


@pytest.mark.libreoffice
@pytest.mark.parametrize("stem", [spec.stem for spec in directive_specs()])
def test_metadata_title_number_issuer(built, stem):
    doc = model(stem)
    info = PdfReader(built / f"{stem}.pdf").metadata
    assert info.title == doc.title
    assert info.subject == doc.number.line.replace("Số:", "").strip()
    assert info.author == " ".join(doc.agency.name)


@pytest.mark.libreoffice
def test_metadata_values_of_seed_003(built):
    info = PdfReader(built / "003-thai-binh-bluezone.pdf").metadata
    assert (info.title, info.subject, info.author) == (
        "V/v tiếp tục đẩy mạnh cài đặt ứng dụng Bluezone trên điện thoại thông minh", "469/UBND-KGVX",
        "Ủy ban nhân dân tỉnh Thái Bình")
    assert "469/UBND-KGVX" in info["/Keywords"]


@pytest.mark.libreoffice
def test_pdf_a_2b(built_pdfa, built):
    pdf = built_pdfa / "003-thai-binh-bluezone.pdf"
    assert outputs(built_pdfa) == ["003-thai-binh-bluezone.docx",
                                                            "003-thai-binh-bluezone.pdf"]
    reader = PdfReader(pdf)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert "tiếp tục đẩy mạnh cài đặt ứng dụng Bluezone" in xmp  # dc:title in the XMP too
    assert "Ủy ban nhân dân tỉnh Thái Bình" in xmp
    assert reader.metadata.subject == "469/UBND-KGVX"
    assert len(reader.pages) == 2
    # a plain --pdf is not PDF/A
    plain = PdfReader(built / "003-thai-binh-bluezone.pdf").trailer["/Root"].get("/Metadata")
    assert plain is None or b"pdfaid:part" not in plain.get_object().get_data()


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.libreoffice
def test_preview_writes_one_png_per_page(tmp_path):
    require_office()
    out = tmp_path / "prev"
    out.mkdir()
    (out / "003-thai-binh-bluezone-7.png").write_bytes(b"from a longer, older version")
    (out / "other-7.png").write_bytes(b"not ours")
    result = run("preview", str(DIRECTIVES / "003-thai-binh-bluezone.yaml"),
                 str(DIRECTIVES / "002-long-an-bluezone.yaml"), "-o", str(out), "--dpi", "50")
    assert result.returncode == 0, result.stderr
    assert outputs(out) == [
        "002-long-an-bluezone-1.png", "002-long-an-bluezone-2.png",
        "003-thai-binh-bluezone-1.png", "003-thai-binh-bluezone-2.png", "other-7.png"]
    assert f"đã ghi {out / '003-thai-binh-bluezone-1.png'}, {out / '003-thai-binh-bluezone-2.png'} (2 trang)" \
        in result.stdout.splitlines()
    width, height = _png_size(out / "003-thai-binh-bluezone-1.png")
    assert abs(width - 210 / 25.4 * 50) <= 1 and abs(height - 297 / 25.4 * 50) <= 1  # A4 portrait
    assert (out / "003-thai-binh-bluezone-1.png").read_bytes() != (out / "003-thai-binh-bluezone-2.png").read_bytes()
    assert not list(tmp_path.glob("*.docx")) and not list(out.glob("*.pdf"))


@pytest.mark.libreoffice
def test_preview_of_a_bad_spec_is_an_error_and_the_good_ones_are_done(tmp_path):
    require_office()
    bad = tmp_path / "bad.yaml"
    bad.write_text((DIRECTIVES / "003-thai-binh-bluezone.yaml").read_text(encoding="utf-8")
                   .replace("ngay: 2021-02-04", "ngay: 2021-02-31"), encoding="utf-8")
    result = run("preview", str(bad), str(DIRECTIVES / "002-long-an-bluezone.yaml"), "-o", str(tmp_path / "p"))
    assert result.returncode == 1
    assert f"{bad}:9:7: lỗi VB301 [ngay]: ngày 31/2/2021 không có thật" in result.stderr
    assert sorted(p.name for p in (tmp_path / "p").iterdir()) == ["002-long-an-bluezone-1.png",
                                                                   "002-long-an-bluezone-2.png"]


# ---------------------------------------------------------------------------------- without LibreOffice


def test_pdf_without_libreoffice_fails_at_once_saying_how_to_install(tmp_path):
    out = tmp_path / "out"
    for args in (["build", str(DIRECTIVES), "-o", str(out), "--pdf"],
                 ["build", str(DIRECTIVES), "-o", str(out), "--pdf-a"],
                 ["preview", str(DIRECTIVES / "003-thai-binh-bluezone.yaml"), "-o", str(out)]):
        result = run(*args, env={"VANBAN_SOFFICE": ""})
        assert result.returncode == 1, args
        assert result.stderr.splitlines() == [
            f"soffice: lỗi VB801: không tìm thấy LibreOffice, cần có để xuất PDF và xem trước trang ({INSTALL})"]
        assert result.stdout == ""
        assert not out.exists(), "nothing is written when --pdf cannot work"
    # everything else works without LibreOffice
    result = run("build", str(DIRECTIVES), "-o", str(out), env={"VANBAN_SOFFICE": ""})
    assert result.returncode == 0, result.stderr
    assert [Path(n).suffix for n in outputs(out)] == [".docx"] * len(directive_specs())


@pytest.mark.libreoffice
def test_preview_without_pdftoppm_says_how_to_install(tmp_path):
    require_office()
    result = run("preview", str(DIRECTIVES / "003-thai-binh-bluezone.yaml"), "-o", str(tmp_path / "p"),
                 env={"VANBAN_PDFTOPPM": ""})
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["pdftoppm: lỗi VB803: không tìm thấy pdftoppm (poppler-utils), cần có để "
                                          "xuất ảnh trang (cài bằng: sudo apt-get install poppler-utils)"]
    assert not (tmp_path / "p").exists()


def test_bad_dpi_is_a_usage_error(tmp_path):
    result = run("preview", str(DIRECTIVES / "003-thai-binh-bluezone.yaml"), "--dpi", "5000")
    assert result.returncode == 2
    assert "độ phân giải phải từ 36 đến 600 dpi: 5000" in result.stderr


def _ctrl_c_as_at_a_terminal():
    """In the child before exec: SIGINT delivered and handled by default, as a clerk's terminal has it (a test
    process may hold it ignored or blocked, and both are inherited across exec)."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.libreoffice  # Ctrl-C to a process of its own
def test_ctrl_c_during_conversion_leaves_no_libreoffice(tmp_path):
    require_office()
    # A loaded machine may let a run finish all its conversions before the signal reaches it: such an attempt
    # proves nothing and is tried again with more letters (at most three attempts).
    for attempt, letters in enumerate((30, 60, 120)):
        specs = tmp_path / f"specs-{attempt}"
        out = tmp_path / f"out-{attempt}"
        specs.mkdir()
        for i in range(letters):
            shutil.copy(DIRECTIVES / "003-thai-binh-bluezone.yaml", specs / f"letter-{i:03d}.yaml")
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        child = subprocess.Popen([sys.executable, "-m", "vanban", "build", str(specs), "-o", str(out), "--pdf"],
                                 cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                 preexec_fn=_ctrl_c_as_at_a_terminal)
        token = f"vanban-{child.pid}-"  # in the pipe name of every LibreOffice and bridge of this run
        deadline = time.monotonic() + 120
        while not stray_processes(token) and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.1)
        assert stray_processes(token), "LibreOffice never started"
        time.sleep(0.5)  # in the middle of the conversions
        child.send_signal(signal.SIGINT)
        stdout, stderr = child.communicate(timeout=60)
        finished = child.returncode == 0 and len(list(out.glob("*.pdf"))) == letters
        if not finished:
            break
    assert child.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "đã dừng (Ctrl-C)"
    assert "Traceback" not in stderr
    assert stray_processes(token, wait=3) == []
    assert not list(Path(tempfile.gettempdir()).glob(f"vanban-office-{child.pid}-*")), "profiles left behind"
    written = [out / name for name in outputs(out)]
    assert all(p.suffix in (".docx", ".pdf") for p in written), "a temporary file was left in the output"



@pytest.mark.libreoffice
def test_a_broken_libreoffice_is_reported_per_document_and_the_docx_still_written(tmp_path):
    require_office()  # a Python with uno is needed to get as far as starting LibreOffice
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    out = tmp_path / "out"
    out.mkdir()
    (out / "003-thai-binh-bluezone.pdf").write_bytes(b"%PDF- older")
    result = run("build", str(DIRECTIVES / "003-thai-binh-bluezone.yaml"),
                 str(DIRECTIVES / "002-long-an-bluezone.yaml"), "-o", str(out), "--pdf",
                 env={"VANBAN_SOFFICE": str(fake)})
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{out / '003-thai-binh-bluezone.docx'}: lỗi VB812: LibreOffice không khởi động được: "
        "LibreOffice đã thoát (mã 1)",
        f"{out / '003-thai-binh-bluezone.pdf'}: cảnh báo VB813: đã xóa bản PDF cũ không còn khớp với tệp .docx",
        f"{out / '002-long-an-bluezone.docx'}: lỗi VB812: LibreOffice không khởi động được: "
        "LibreOffice đã thoát (mã 1)",
    ]
    assert outputs(out) == ["002-long-an-bluezone.docx", "003-thai-binh-bluezone.docx"]
