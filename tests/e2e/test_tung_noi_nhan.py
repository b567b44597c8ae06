"""The CLI sending one copy per recipient: vanban build --tung-noi-nhan, vanban danh-ba, kill and re-run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clirun import run
from conftest import ROOT
from pdfutil import soffice_program

pytestmark = pytest.mark.e2e

EXAMPLE = ROOT / "examples" / "tung-noi-nhan" / "002-long-an-tung-huyen.yaml"
DATA = ROOT / "examples" / "tung-noi-nhan" / "so-lieu-huyen.csv"


def test_build_one_copy_per_recipient_with_manifest_and_merged_docx(tmp_path):
    result = run("build", str(EXAMPLE), "--tung-noi-nhan", "--so-lieu", str(DATA), "--gop", "-o", str(tmp_path / "a"))
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "a" / EXAMPLE.stem
    assert result.stdout == f"đã ghi 15 bản vào {folder}\n"
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 18 and ".vanban-run" in names and "manifest.csv" in names
    assert f"{EXAMPLE.stem}.gop.docx" in names
    # the old option name still works, and the same input gives the same bytes
    again = run("build", str(EXAMPLE), "--moi-noi-nhan", "--so-lieu", str(DATA), "--gop", "-q",
                "-o", str(tmp_path / "b"))
    assert again.returncode == 0 and again.stdout == ""
    for name in names:
        assert (folder / name).read_bytes() == (tmp_path / "b" / EXAMPLE.stem / name).read_bytes(), name


def test_per_recipient_spec_built_as_one_letter_is_an_error(tmp_path):
    result = run("build", str(EXAMPLE), "-o", str(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"{EXAMPLE}:18:5: lỗi VB625 [noi_dung[0]]: mẫu dùng `so_lieu`: văn bản này phải dựng riêng cho từng nơi "
        "nhận (dùng `vanban build SPEC --tung-noi-nhan --so-lieu BẢNG`)",
        f"{EXAMPLE}:27:9: lỗi VB625 [noi_dung[2].khoan[0]]: mẫu dùng `so_lieu`: văn bản này phải dựng riêng cho từng "
        "nơi nhận (dùng `vanban build SPEC --tung-noi-nhan --so-lieu BẢNG`)",
        f"bỏ qua {EXAMPLE}: có lỗi, không ghi tệp"]
    assert not any(tmp_path.iterdir())


def test_options_of_per_recipient_runs_need_the_mode(tmp_path):
    result = run("build", str(EXAMPLE), "--so-lieu", str(DATA), "-o", str(tmp_path))
    assert result.returncode == 2
    assert "chỉ dùng với --tung-noi-nhan" in result.stderr


def test_bad_data_reports_everything_and_writes_nothing(tmp_path):
    bad = tmp_path / "so-lieu.csv"
    bad.write_text(DATA.read_text(encoding="utf-8").replace("16877", "mười sáu nghìn").replace(
        "la-ubnd-huyen-vinh-hung,", "la-ubnd-huyen-vinh-hungg,"), encoding="utf-8")
    result = run("build", str(EXAMPLE), "--tung-noi-nhan", "--so-lieu", str(bad), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert [line.split(": ")[1].split(" [")[0] for line in lines[:-1]] == [
        "lỗi VB636", "lỗi VB624", "cảnh báo VB634"]
    assert lines[-1] == f"bỏ qua {EXAMPLE}: có lỗi, không ghi tệp"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_danh_ba_commands(tmp_path):
    result = run("danh-ba", "kiem-tra", str(ROOT / "recipients"))
    assert result.returncode == 0, result.stderr
    assert "@nhom:tn-ubnd-xa-phuong  Ủy ban nhân dân các xã, phường (96 nơi nhận)" in result.stdout
    source = tmp_path / "x.csv"
    source.write_text("ma,ten,email\nso-y-te,Sở Y tế,vanthu@syt.example.vn\n", encoding="utf-8")
    target = tmp_path / "recipients" / "x.yaml"
    result = run("danh-ba", "nhap", str(source), "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert run("danh-ba", "kiem-tra", str(target)).returncode == 0
    committed = json.loads((ROOT / "schema" / "danh-ba.schema.json").read_text(encoding="utf-8"))
    assert json.loads(run("schema", "--danh-ba").stdout) == committed, "run: vanban schema --danh-ba > schema/…"
    for path in (ROOT / "recipients").glob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=../schema/danh-ba.schema.json"), path


def _bench_inputs(folder: Path, count: int):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import bench_tung_noi_nhan as bench
    finally:
        sys.path.pop(0)
    return bench.make_inputs(folder, count)


def _start(spec, data, registry, out) -> subprocess.Popen:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.Popen([sys.executable, "-m", "vanban", "build", str(spec), "--tung-noi-nhan", "--so-lieu",
                             str(data), "--danh-ba", str(registry), "-q", "-o", str(out)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _staging(out: Path, stem: str) -> list[Path]:
    """The staging folders of runs of ``stem`` (one per run: ``.<stem>.dang-ghi-<run>``)."""
    return sorted(out.glob(f".{stem}.dang-ghi-*")) if out.is_dir() else []


def _wait_for_copies(out: Path, stem: str, proc: subprocess.Popen, at_least: int) -> bool:
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        if any(len(list(staging.iterdir())) >= at_least for staging in _staging(out, stem)):
            return True
        time.sleep(0.005)
    return False


@pytest.mark.slow  # 3 × 1,500 copies, in processes of their own (the point is to kill one)
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_killed_run_leaves_no_half_written_file_and_a_rerun_gives_the_same_bytes(tmp_path, sig):
    spec, data, registry = _bench_inputs(tmp_path / "in", 1500)
    out = tmp_path / "out"
    clean = tmp_path / "clean"
    assert _start(spec, data, registry, clean).wait(120) == 0
    expected = {p.name: p.read_bytes() for p in (clean / spec.stem).iterdir()}
    proc = _start(spec, data, registry, out)
    if not _wait_for_copies(out, spec.stem, proc, 50):
        proc.wait(120)
        pytest.skip("the run finished before it could be interrupted (machine too fast)")
    proc.send_signal(sig)
    code = proc.wait(60)
    assert not (out / spec.stem).exists()  # never a partial run folder under the final name
    if sig == signal.SIGTERM:
        assert code == 130 and "đã dừng" in proc.stderr.read().decode()
        assert sorted(p.name for p in out.iterdir()) == []  # staging removed on the way out
    else:
        assert _staging(out, spec.stem)  # kill -9 cannot clean up; the next run does
    assert _start(spec, data, registry, out).wait(120) == 0
    assert sorted(p.name for p in out.iterdir()) == [spec.stem]
    assert {p.name: p.read_bytes() for p in (out / spec.stem).iterdir()} == expected


@pytest.mark.libreoffice
def test_libreoffice_opens_a_copy_and_the_merged_docx(tmp_path):
    soffice = soffice_program()
    assert run("build", str(EXAMPLE), "--tung-noi-nhan", "--so-lieu", str(DATA), "--gop", "-q",
               "-o", str(tmp_path)).returncode == 0
    folder = tmp_path / EXAMPLE.stem
    files = [folder / "la-ubnd-huyen-ben-luc.docx", folder / f"{EXAMPLE.stem}.gop.docx"]
    result = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                             "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path / "txt"),
                             *map(str, files)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    single = (tmp_path / "txt" / "la-ubnd-huyen-ben-luc.txt").read_text(encoding="utf-8-sig")
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân huyện Bến Lức" in single
    assert "huyện Bến Lức là 16.877 người (chiếm 8,85% dân số)" in single
    merged = (tmp_path / "txt" / f"{EXAMPLE.stem}.gop.txt").read_text(encoding="utf-8-sig")
    assert merged.count("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == 15
    # a single Kính gửi recipient is printed as written, without a final "." (#17, the decree's example)
    assert merged.index("Kính gửi: Chủ tịch Ủy ban nhân dân huyện Bến Lức") < merged.index(
        "Kính gửi: Chủ tịch Ủy ban nhân dân huyện Vĩnh Hưng")
