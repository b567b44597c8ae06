"""`vanban ban-hanh SPEC`: check → number → PDF/A → two signatures → register, and what an interrupted run
leaves (kill -9 at random points, bounded loop): never an issued number without its signed files."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import pdfutil
from clirun import run
from vanban import app

from .keysfixture import PIN, letter_with_appendix, make_office

pytestmark = pytest.mark.libreoffice
ENV = {"VANBAN_DEMO_PIN": PIN}


@pytest.fixture
def office(tmp_path):
    pdfutil.require_office()
    make_office(tmp_path)
    return tmp_path


def _files_match(folder: Path, entry) -> bool:
    return all((folder / "out" / name).is_file()
               and hashlib.sha256((folder / "out" / name).read_bytes()).hexdigest() == digest
               for name, digest in entry.digests.items())


def test_ban_hanh_end_to_end(office):
    letter_with_appendix(office, number=None)
    before = (office / "thu.yaml").read_text(encoding="utf-8")
    result = run("ban-hanh", "thu.yaml", "--ngay", "2026-03-05", cwd=office, env=ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "thu.yaml: đã ban hành số 01/STTTT-TTBCXB ngày 05/3/2026 (sổ chung, năm 2026)"
    after = (office / "thu.yaml").read_text(encoding="utf-8")
    assert after == before.replace("ky_hieu: STTTT", "so: 1\nky_hieu: STTTT").replace("ngay: 8/2020",
                                                                                       "ngay: 2026-03-05")
    (entry,) = app.register_entries(year=2026, start=office)
    assert entry.number_code == "01/STTTT-TTBCXB" and entry.issued
    assert sorted(entry.digests) == ["thu-bieu_mau-1.pdf", "thu.docx", "thu.pdf"] and _files_match(office, entry)
    check = run("kiem-tra-chu-ky", "out/thu.pdf", "out/thu-bieu_mau-1.pdf", cwd=office)
    assert check.returncode == 0 and check.stdout.count("vị trí (Phụ lục I): đúng") == 3
    assert "Số: 01/STTTT-TTBCXB" in pdfutil.squash(pdfutil.pdftotext_pages(office / "out" / "thu.pdf")[0])
    again = run("ban-hanh", "thu.yaml", cwd=office, env=ENV)
    assert again.returncode == 1 and "lỗi VB403" in again.stderr and "đã ban hành với số 01" in again.stderr


def test_refused_before_a_number_is_taken(office):
    letter_with_appendix(office, number=None)
    before = (office / "thu.yaml").read_bytes()
    wrong = run("ban-hanh", "thu.yaml", cwd=office, env={"VANBAN_DEMO_PIN": "sai"})
    assert wrong.returncode == 1 and "lỗi VB411" in wrong.stderr
    spec = office / "thu.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("ky_hieu: STTTT-TTBCXB", "ky_hieu: sttt tt"),
                    encoding="utf-8")
    bad = run("ban-hanh", "thu.yaml", cwd=office, env=ENV)
    assert bad.returncode == 1 and "lỗi VB407" in bad.stderr
    spec.write_bytes(before)
    assert app.register_entries(start=office) == [] and not (office / "out").exists()
    assert run("ban-hanh", "thu.yaml", cwd=office, env=ENV).returncode == 0
    assert [e.number for e in app.register_entries(start=office)] == [1]  # the refused runs took no number


@pytest.mark.slow
def test_kill_9_never_leaves_a_number_without_its_file(office):
    """Kill -9 at a random moment of `vanban ban-hanh`, then check: every issued entry has its files with the
    recorded digests, and every signed file in out/ has an entry; running again finishes the job with the
    same number, so the numbers stay 01, 02, … without a gap."""
    rng = random.Random(19)
    env = dict(os.environ, **ENV)
    env.pop("VANBAN_DEBUG", None)
    rounds = 5
    for i in range(rounds):
        letter_with_appendix(office, name=f"thu{i}.yaml", number=None)
        proc = subprocess.Popen([sys.executable, "-m", "vanban", "ban-hanh", f"thu{i}.yaml", "-q"], cwd=office,
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        time.sleep(rng.uniform(0.3, 9.0))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        _assert_consistent(office)
        finish = run("ban-hanh", f"thu{i}.yaml", "-q", cwd=office, env=ENV)
        if finish.returncode != 0:  # the killed run had finished: its spec has its number
            assert "đã ban hành" in finish.stderr, finish.stderr
        _assert_consistent(office)
    entries = app.register_entries(start=office)
    assert [e.number for e in entries] == list(range(1, rounds + 1))
    assert all(e.issued and _files_match(office, e) for e in entries)


def _assert_consistent(folder: Path) -> None:
    entries = app.register_entries(start=folder)
    for entry in entries:  # an issued number always has its signed files, byte for byte
        assert _files_match(folder, entry), entry
    out = folder / "out"
    issued = {name for e in entries for name in e.digests}
    pending = {Path(e.spec).stem for e in app_pending(folder)}
    for pdf in (out.glob("thu*.pdf") if out.is_dir() else []):
        stem = pdf.stem.split("-")[0]
        assert pdf.name in issued or stem in pending, f"{pdf.name} has no number in the register"


def app_pending(folder: Path):
    from vanban.issuing.register import open_register

    with open_register(app.issuing_settings(folder)) as book:
        return [e for e in book.entries(pending=True) if not e.issued]
