"""The LibreOffice pool: conversions in parallel, bad and hostile documents, hangs, crashes, restarts, cleanup.

Every test checks that no LibreOffice (or bridge) process of the pool is left: by the pool's token, which is
in each process's command line, and by the pids it started (a process not reaped would still be listed).
Skipped with the reason when LibreOffice (with python3-uno) is not installed.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from pypdf import PdfReader

from conftest import zip_bytes
from pdfutil import docx_with_document_xml, require_office, stray_processes
from vanban.pdf import Office, OfficePool, PdfJob, find_office
from vanban.pdf.convert import write_pdfs

pytestmark = pytest.mark.libreoffice

SEED = "003-thai-binh-bluezone"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.fixture(scope="module", autouse=True)
def _office():
    require_office()


@pytest.fixture(scope="module")
def letter(rendered) -> bytes:
    return rendered[SEED].data


def pool_pids(pool: OfficePool) -> list[int]:
    return [p.pid for w in pool.workers for p in (w.soffice, w.bridge) if p is not None]


def assert_clean(pool: OfficePool, pids) -> None:
    assert stray_processes(pool.token, pids, wait=3) == []
    assert not pool.root.exists(), "the profiles of the pool were not removed"


def test_converts_in_parallel_in_order_with_metadata(letter):
    jobs = [PdfJob(letter, f"doc-{i}", meta={"title": f"Tài liệu {i}", "subject": f"{i}/UBND-VX",
                                               "author": "Ủy ban nhân dân tỉnh", "keywords": [f"{i}/UBND-VX"]})
            for i in range(6)]
    with OfficePool(workers=2, timeout=60) as pool:
        results = pool.convert_many(jobs)
        pids = pool_pids(pool)
        assert len(pool.workers) == 2 and all(w.generation == 1 for w in pool.workers)
    assert_clean(pool, pids)
    for i, result in enumerate(results):
        assert result.ok, result.error
        reader = PdfReader(io.BytesIO(result.pdf))
        assert len(reader.pages) == result.pages == 2
        assert reader.metadata.title == f"Tài liệu {i}"
        assert reader.metadata.subject == f"{i}/UBND-VX"
        assert reader.metadata.author == "Ủy ban nhân dân tỉnh"


def test_corrupt_inputs_are_clear_errors_and_the_worker_goes_on(letter, tmp_path):
    garbage_xml = docx_with_document_xml(letter, b"\x00\x01 this is not XML <w:body")
    cases = {
        "random": os.urandom(4096),
        "truncated": letter[: len(letter) // 2],
        "empty": b"",
        "not-word": zip_bytes({"hello.txt": b"hi"}),
        "garbage-xml": garbage_xml,
    }
    missing = tmp_path / "nope.docx"
    with OfficePool(workers=1, timeout=20) as pool:
        results = pool.convert_many([PdfJob(data, name) for name, data in cases.items()]
                                    + [PdfJob(missing, str(missing)), PdfJob(letter, "good")])
        pids = pool_pids(pool)
        assert pool.workers[0].generation == 1  # no bad input cost a restart of LibreOffice
    assert_clean(pool, pids)
    *bad, good = results
    for (name, _), result in zip(cases.items(), bad):
        if name == "garbage-xml" and result.ok:  # LibreOffice may salvage an empty document; never text
            assert "not XML" not in (PdfReader(io.BytesIO(result.pdf)).pages[0].extract_text() or "")
            continue
        assert result.error is not None and result.error.code == "VB810", (name, result.error)
        assert result.error.position.file == name
    assert results[-2].error.format() == f"{missing}: lỗi VB810: không tìm thấy tệp .docx"
    assert results[0].error.format() == ("random: lỗi VB810: không phải tệp .docx: không đọc được gói ZIP "
                                         "(tệp hỏng, cắt cụt hoặc sai định dạng)")
    assert results[3].error.message == "không phải tệp .docx: gói ZIP không có word/document.xml"
    assert good.ok and good.pages == 2


def test_hostile_documents_end_within_the_timeout(letter, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("BI-MAT-XYZZY", encoding="utf-8")
    body = "<w:p><w:r><w:t>{}</w:t></w:r></w:p>"
    hostile = {
        # an external entity reading a local file (XXE)
        "xxe": f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
               f'<w:document {W}><w:body>{body.format("A &x; B")}</w:body></w:document>',
        # a billion laughs
        "laughs": '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "HAHAHAHAHA">'
                  + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
                  + f']><w:document {W}><w:body>{body.format("&j;")}</w:body></w:document>',
        # 20,000 tables nested in each other: LibreOffice would work on it for minutes
        "nested": NESTED,
        # 60 MB of text in one run (140 KB zipped)
        "huge": f'<?xml version="1.0"?><w:document {W}><w:body>'
                + body.format("lorem ipsum " * 5_000_000) + "</w:body></w:document>",
    }
    bomb = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * (300 * 1024 * 1024)})
    jobs = [PdfJob(docx_with_document_xml(letter, xml.encode("utf-8")), name) for name, xml in hostile.items()]
    jobs.append(PdfJob(bomb, "zip-bomb"))
    timeout = 5.0
    with OfficePool(workers=2, timeout=timeout) as pool:
        results = pool.convert_many(jobs)
        pids = pool_pids(pool)
        after = pool.convert(PdfJob(letter, "good"))  # the pool is still usable afterwards
        pids += pool_pids(pool)
    assert_clean(pool, pids)
    assert after.ok
    by_name = {r.job.label: r for r in results}
    for name in ("xxe", "laughs"):  # refused, or at least nothing read or expanded
        result = by_name[name]
        if result.ok:
            text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(result.pdf)).pages)
            assert "BI-MAT-XYZZY" not in text and "HAHAHAHAHA" * 10 not in text
        else:
            assert result.error.code == "VB810", result.error
    for name in ("nested", "huge"):
        result = by_name[name]
        assert result.error is not None and result.error.code == "VB811", (name, result.error)
        assert result.error.message == "LibreOffice không chuyển xong sang PDF trong 5 giây; đã dừng nó"
    # refused by vanban's own check, before any LibreOffice saw it
    assert by_name["zip-bomb"].error.code == "VB810"
    assert "giải nén ra quá lớn (300 MiB" in by_name["zip-bomb"].error.message


def test_a_hung_libreoffice_is_killed_at_the_timeout_and_replaced(letter):
    with OfficePool(workers=1, timeout=3) as pool:
        assert pool.convert(PdfJob(letter, "warm-up")).ok
        worker = pool.workers[0]
        hung = [worker.soffice.pid, worker.bridge.pid]
        os.kill(worker.soffice.pid, signal.SIGSTOP)  # LibreOffice stops answering mid-run
        result = pool.convert(PdfJob(letter, "x.docx"))
        assert result.error.format() == ("x.docx: lỗi VB811: LibreOffice không chuyển xong sang PDF trong 3 giây; "
                                         "đã dừng nó (tệp có thể quá lớn hoặc hỏng)")
        assert stray_processes(pool.token, hung) == []  # killed and reaped before the result came back
        again = pool.convert(PdfJob(letter, "after"))
        assert again.ok and worker.generation == 2
        pids = hung + pool_pids(pool)
    assert_clean(pool, pids)


def test_a_crashed_libreoffice_is_restarted_and_the_document_converted(letter):
    with OfficePool(workers=1, timeout=30) as pool:
        assert pool.convert(PdfJob(letter, "first")).ok
        worker = pool.workers[0]
        crashed = [worker.soffice.pid, worker.bridge.pid]
        os.kill(worker.soffice.pid, signal.SIGKILL)
        worker.soffice.wait()
        result = pool.convert(PdfJob(letter, "second"))
        assert result.ok and result.pages == 2
        assert worker.generation == 2
        pids = crashed + pool_pids(pool)
    assert_clean(pool, pids)


def test_workers_restart_after_max_jobs(letter):
    with OfficePool(workers=1, timeout=30, max_jobs=2) as pool:
        results = pool.convert_many([PdfJob(letter, f"d{i}") for i in range(5)])
        assert all(r.ok for r in results)
        worker = pool.workers[0]
        assert worker.generation == 3  # documents 1-2, 3-4, 5
        assert worker.jobs == 1
        pids = pool_pids(pool)
    assert_clean(pool, pids)


NESTED = (f'<?xml version="1.0"?><w:document {W}><w:body>' + "<w:tbl><w:tr><w:tc>" * 20000 + "<w:p/>"
          + "</w:tc></w:tr></w:tbl>" * 20000 + "</w:body></w:document>")


@pytest.mark.parametrize("busy", [False, True], ids=["idle", "mid-conversion"])
def test_libreoffice_does_not_outlive_a_killed_vanban(tmp_path, letter, busy):
    """vanban killed with SIGKILL (no cleanup runs): the bridge notices, kills its LibreOffice, removes the
    profiles; also while LibreOffice is stuck in a document."""
    docx = tmp_path / "a.docx"
    docx.write_bytes(letter)
    stuck = tmp_path / "stuck.docx"
    stuck.write_bytes(docx_with_document_xml(letter, NESTED.encode("utf-8")))
    script = textwrap.dedent(f"""
        import os, signal, sys, threading, time
        from vanban.pdf import OfficePool, PdfJob
        pool = OfficePool(workers=1)
        assert pool.convert(PdfJob({str(docx)!r}, "a")).ok
        w = pool.workers[0]
        if {busy!r}:
            threading.Thread(target=pool.convert, args=(PdfJob({str(stuck)!r}, "stuck"),), daemon=True).start()
            time.sleep(1.5)
            assert w.busy
        print(pool.token, pool.root, w.soffice.pid, w.bridge.pid, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr
    token, root, *pids = child.stdout.split()
    assert stray_processes(token, wait=5) == []
    deadline = time.monotonic() + 5
    while os.path.exists(root) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not os.path.exists(root), "the profiles of the killed run were left behind"


def _fake_office(tmp_path, script: str) -> Office:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    fake.chmod(0o755)
    return Office(fake, find_office().python)


@pytest.mark.parametrize("script, why", [
    ("exit 1", "LibreOffice không khởi động được: LibreOffice đã thoát (mã 1)"),
    ("while :; do sleep 0.2; done", "LibreOffice không khởi động được: hết thời gian chờ"),
])
def test_a_libreoffice_that_does_not_start_fails_every_document_at_once(tmp_path, letter, script, why):
    starts = tmp_path / "starts"
    office = _fake_office(tmp_path, f"echo started >> '{starts}'\n{script}")
    with OfficePool(workers=2, office=office, startup_timeout=2) as pool:
        results = pool.convert_many([PdfJob(letter, f"d{i}") for i in range(8)])
        token = pool.token
    assert [r.error.format() for r in results] == [f"d{i}: lỗi VB812: {why}" for i in range(8)]
    # two tries per worker, then every other document fails at once, without starting it again
    assert 2 <= len(starts.read_text().splitlines()) <= 4
    assert stray_processes(token, wait=3) == []


def test_write_pdfs_removes_a_stale_pdf_when_conversion_fails(tmp_path, rendered):
    from vanban import load
    from conftest import DIRECTIVES

    doc = load(DIRECTIVES / f"{SEED}.yaml").document
    docx = tmp_path / "x.docx"
    docx.write_bytes(b"PK\x03\x04 broken")
    (tmp_path / "x.pdf").write_bytes(b"%PDF- an older, now wrong, PDF")
    good = tmp_path / "y.docx"
    good.write_bytes(rendered[SEED].data)
    said: list[str] = []
    problems = write_pdfs([(docx, doc), (good, doc)], pdfa=False, say=said.append)
    assert [p.code for p in problems] == ["VB810", "VB813"]
    assert problems[1].format() == (f"{tmp_path / 'x.pdf'}: cảnh báo VB813: "
                                    "đã xóa bản PDF cũ không còn khớp với tệp .docx")
    assert not (tmp_path / "x.pdf").exists()
    assert said == [f"đã ghi {tmp_path / 'y.pdf'}"]
    assert PdfReader(tmp_path / "y.pdf").metadata.subject == "469/UBND-KGVX"
