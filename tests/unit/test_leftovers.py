"""Leftovers of earlier runs (issue 13): a single-letter `--forms xlsx` run removes the recipients' workbooks of an
earlier run that it no longer writes, only those vanban can prove it wrote (listed with their hash in the folder's
manifest, unchanged since); a temporary file left by a run killed with `kill -9` is removed by the next run into
the same folder when its writer (named in the file's name) is a dead process of this host."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import vanban
from vanban import fsio
from vanban.app import WORKBOOKS_MANIFEST

from conftest import ROOT

FORMS = ROOT / "tests" / "fixtures" / "forms" / "bao-cao-xa.yaml"


def _build(spec: Path, out: Path):
    result = vanban.build(spec, vanban.BuildOptions(output=str(out), forms_xlsx=True))
    assert not result.failed and not result.refused, [d.format() for d in result.diagnostics]
    return result


def _spec(tmp_path: Path, recipients: list[str]) -> Path:
    text = FORMS.read_text(encoding="utf-8")
    head, rest = text.split("    don_vi_bao_cao:\n", 1)
    tail = rest[rest.index("\n", rest.rfind("      - Xã số")) + 1:]
    spec = tmp_path / "bao-cao-xa.yaml"
    listed = "    don_vi_bao_cao:\n" + "".join(f"      - {r}\n" for r in recipients) if recipients else ""
    spec.write_text(head + listed + tail, encoding="utf-8")
    return spec


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_forms_run_removes_the_workbooks_of_recipients_no_longer_listed(tmp_path):
    out = tmp_path / "out"
    _build(_spec(tmp_path, ["Xã số 01", "Xã số 02", "Xã số 03", "Xã số 04"]), out)
    folder = out / "bao-cao-xa-bieu-mau"
    first = sorted(p.name for p in folder.glob("*.xlsx"))
    assert len(first) == 4 and (folder / WORKBOOKS_MANIFEST).is_file()
    (folder / "ghi-chu.txt").write_text("của văn thư", encoding="utf-8")  # the user's: never touched
    (folder / "da-dien.xlsx").write_bytes(b"not vanban's")  # not in the manifest: never touched
    changed = folder / first[3]
    changed.write_bytes(changed.read_bytes() + b"\0")  # filled in by hand since: kept, with a warning
    result = _build(_spec(tmp_path, ["Xã số 01", "Xã số 02"]), out)
    left = sorted(p.name for p in folder.iterdir())
    assert first[2] not in left  # the workbook of a recipient taken off the list: gone
    assert {first[0], first[1], first[3], "ghi-chu.txt", "da-dien.xlsx", WORKBOOKS_MANIFEST} == set(left)
    assert [d.code for d in result.diagnostics if d.code == "VB142"] == ["VB142"]
    assert first[3] in [d for d in result.diagnostics if d.code == "VB142"][0].position.file


def test_a_forms_run_without_recipients_removes_the_earlier_workbooks_and_manifest(tmp_path):
    out = tmp_path / "out"
    _build(_spec(tmp_path, ["Xã số 01", "Xã số 02"]), out)
    folder = out / "bao-cao-xa-bieu-mau"
    assert len(list(folder.glob("*.xlsx"))) == 2
    _build(_spec(tmp_path, []), out)
    assert list(folder.iterdir()) == [] and (out / "bao-cao-xa.xlsx").is_file()


def test_stale_temporary_files_of_a_killed_run_are_removed_by_the_next_run(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    host, dead, live = socket.gethostname(), _dead_pid(), subprocess.Popen(["sleep", "60"])
    try:
        left = {  # name → removed by the next run
            f".bao-cao-xa.docx.{dead}@{host}.k2j4l6_x.tmp": True,  # vanban's, writer dead: removed
            f".bao-cao-xa.xlsx.{dead}@{host}.a1b2c3d4.tmp": True,
            f".bao-cao-xa.docx.{live.pid}@{host}.q9w8e7r6.tmp": False,  # its writer still runs
            f".bao-cao-xa.docx.{dead}@may-khac.q9w8e7r6.tmp": False,  # another host: cannot be seen from here
            f".thu-khac.docx.{dead}@{host}.q9w8e7r6.tmp": False,  # another output's (under another lock)
            ".bao-cao-xa.docx.q9w8e7r6.tmp": False,  # no writer in the name: not provably vanban's
        }
        for name in left:
            (out / name).write_bytes(b"half")
        _build(FORMS, out)
        for name, removed in left.items():
            assert (out / name).exists() != removed, name
    finally:
        live.kill()
        live.wait()
    assert (out / "bao-cao-xa.docx").is_file()


def test_temporary_names_carry_their_writer(tmp_path):
    prefix = fsio.temporary_prefix(tmp_path / "a.docx")
    assert prefix == f".a.docx.{__import__('os').getpid()}@{socket.gethostname()}."
    assert fsio.remove_stale_temporaries(tmp_path, {"a.docx"}) == []
    mine = tmp_path / (prefix + "abcdefgh.tmp")
    mine.write_bytes(b"")
    assert fsio.remove_stale_temporaries(tmp_path, {"a.docx"}) == [] and mine.exists()  # this process is alive


# --------------------------------------------------------------------------- files of an earlier build (issue 13, point 1)


def _letter(tmp_path: Path, extra: str = "") -> Path:
    spec = tmp_path / "bao-cao-xa.yaml"
    text = FORMS.read_text(encoding="utf-8")
    spec.write_text(text.replace("gồm cả khu dân cư mới", "gồm cả khu dân cư mới" + extra), encoding="utf-8")
    return spec


def _codes(result) -> list[str]:
    return [d.code for d in result.diagnostics if d.code in ("VB170", "VB171")]


def test_a_build_without_forms_removes_the_earlier_workbooks_once_the_letter_changed(tmp_path):
    out = tmp_path / "out"
    _build(_letter(tmp_path), out)
    assert (out / "bao-cao-xa.xlsx").is_file() and len(list((out / "bao-cao-xa-bieu-mau").glob("*.xlsx"))) == 60
    same = vanban.build(_letter(tmp_path), vanban.BuildOptions(output=str(out)))  # the same letter: still matches
    assert _codes(same) == [] and (out / "bao-cao-xa.xlsx").is_file()
    changed = vanban.build(_letter(tmp_path, " và cũ"), vanban.BuildOptions(output=str(out)))
    assert _codes(changed) == ["VB170"]  # the blank workbook, named; the recipients' ones go with their manifest
    assert not (out / "bao-cao-xa.xlsx").exists() and list((out / "bao-cao-xa-bieu-mau").iterdir()) == []
    assert sorted(p.name for p in out.iterdir()) == [".bao-cao-xa.tep", "bao-cao-xa-bieu-mau", "bao-cao-xa.docx"]


def test_a_pdf_of_an_earlier_build_goes_when_the_letter_changes_unless_it_was_changed_since(tmp_path):
    from vanban.app import SET_RECORD, set_record

    out = tmp_path / "out"
    out.mkdir()
    spec = _letter(tmp_path)
    _build(spec, out)
    docx, pdf = out / "bao-cao-xa.docx", out / "bao-cao-xa.pdf"
    pdf.write_bytes(b"%PDF-1.7 earlier build")  # as `build --pdf` would record it
    import hashlib

    record = out / SET_RECORD.format(stem="bao-cao-xa")
    digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (docx, pdf)}
    record.write_bytes(set_record(digests))
    signed = pdf.read_bytes() + b" signed"
    pdf.write_bytes(signed)  # signed since (ban-hanh): never removed
    kept = vanban.build(_letter(tmp_path, " và cũ"), vanban.BuildOptions(output=str(out)))
    assert _codes(kept) == ["VB171"] and pdf.read_bytes() == signed
    assert "bao-cao-xa.pdf" not in record.read_text(encoding="utf-8")  # no longer vanban's: not listed again
    pdf.write_bytes(b"%PDF-1.7 another")
    record.write_bytes(set_record({"bao-cao-xa.docx": hashlib.sha256(docx.read_bytes()).hexdigest(),
                                   "bao-cao-xa.pdf": hashlib.sha256(b"%PDF-1.7 another").hexdigest()}))
    gone = vanban.build(_letter(tmp_path), vanban.BuildOptions(output=str(out)))
    assert _codes(gone) == ["VB170"] and not pdf.exists()
    assert "bao-cao-xa.pdf" in [d for d in gone.diagnostics if d.code == "VB170"][0].message
