"""The register (Điều 15.3, Phụ lục IV) and `vanban cap-so` / `vanban so-van-ban`: numbering, the two-line
edit of the spec, thu hồi as an entry, the .xlsx sổ, interrupted runs, configuration errors."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from clirun import run
from vanban import app
from vanban.diagnostics import UserError
from vanban.issuing.register import Record, open_register
from vanban.issuing.settings import Settings
from vanban.spec.edit import set_number_and_date

ROOT = Path(__file__).resolve().parents[2]
DRAFT = ROOT / "directives" / "000-tra-vinh-bluezone.yaml"  # a draft: no `so:`


@pytest.fixture
def office(tmp_path):
    """An office folder: a vanban.toml, a draft spec and a git repository holding it."""
    (tmp_path / "vanban.toml").write_text('[ban_hanh]\nso_dang_ky = "so/di.sqlite"\n', encoding="utf-8")
    shutil.copy(DRAFT, tmp_path / "thu.yaml")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "."], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
                   check=True)
    return tmp_path


def _numstat(folder: Path) -> str:
    return subprocess.run(["git", "-C", str(folder), "diff", "--numstat"], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_cap_so_writes_two_lines_and_records(office):
    result = run("cap-so", "thu.yaml", "--ngay", "2026-03-05", cwd=office)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "thu.yaml: số 01/STTTT-BCVTCNTT ngày 05/3/2026 (sổ chung, năm 2026)"
    # git shows a two-line diff: `so:` inserted before ky_hieu, the `ngay:` value replaced in place
    assert _numstat(office) == "2\t1\tthu.yaml"
    diff = subprocess.run(["git", "-C", str(office), "diff", "-U0"], capture_output=True, text=True).stdout
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ["+so: 1", "-ngay: 2020-08-13", "+ngay: 2026-03-05"]
    text = (office / "thu.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("# yaml-language-server")  # comments kept
    doc = app.load(office / "thu.yaml").document
    assert doc.number.display == "01/STTTT-BCVTCNTT" and doc.issued.date == dt.date(2026, 3, 5)
    entries = app.register_entries(year=2026, start=office)
    assert [(e.number_code, e.date, e.issued) for e in entries] == [("01/STTTT-BCVTCNTT", dt.date(2026, 3, 5), True)]
    record = entries[0].record
    assert record.type_name == "Công văn" and record.subject.startswith("thực hiện Công văn số 2841")
    assert record.signer.endswith(doc.signature.name) and record.archive == doc.distribution.archive
    import hashlib
    assert entries[0].digests == {"thu.yaml": hashlib.sha256(text.encode()).hexdigest()}
    # a second run refuses: the spec has its number now
    again = run("cap-so", "thu.yaml", cwd=office)
    assert again.returncode == 1
    assert "lỗi VB403" in again.stderr and "đã được cấp số 01/STTTT-BCVTCNTT" in again.stderr
    # the next draft gets 02
    shutil.copy(DRAFT, office / "thu2.yaml")
    assert run("cap-so", "thu2.yaml", "--ngay", "2026-03-06", cwd=office).returncode == 0
    assert [e.number for e in app.register_entries(year=2026, start=office)] == [1, 2]


def test_number_typed_by_hand_is_refused(office):
    spec = office / "thu.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("ky_hieu:", "so: 12\nky_hieu:"), encoding="utf-8")
    result = run("cap-so", "thu.yaml", cwd=office)
    assert result.returncode == 1 and "lỗi VB403" in result.stderr and "không do sổ đăng ký cấp" in result.stderr
    assert not (office / "so" / "di.sqlite").exists() or app.register_entries(start=office) == []


def test_spec_with_errors_gets_no_number(office):
    spec = office / "thu.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("ky_hieu:", "ky_hieuu:"), encoding="utf-8")
    result = run("cap-so", "thu.yaml", cwd=office)
    assert result.returncode == 1 and "lỗi VB201" in result.stderr and "lỗi VB407" in result.stderr
    assert _numstat(office) == "1\t1\tthu.yaml"  # only our own change


def test_interrupted_run_takes_its_number_back(office, monkeypatch):
    """Killed between reserving the number and writing the spec: the next run gives the same number (no gap)."""
    from vanban import fsio

    def crash(path, data):
        raise KeyboardInterrupt

    monkeypatch.setattr(fsio, "write_atomic", crash)
    with pytest.raises(KeyboardInterrupt):
        app.assign_number(office / "thu.yaml", date=dt.date(2026, 3, 5))
    monkeypatch.undo()
    assert app.register_entries(year=2026, start=office) == []  # a reservation is not an issued number
    entry = app.assign_number(office / "thu.yaml", date=dt.date(2026, 3, 5))
    assert entry.number == 1 and entry.issued


def test_thu_hoi_is_an_entry_and_the_xlsx_has_the_columns_of_phu_luc_iv(office):
    assert run("cap-so", "thu.yaml", "--ngay", "2026-03-05", cwd=office).returncode == 0
    result = run("so-van-ban", "thu-hoi", "1", "--nam", "2026", "--ngay", "2026-03-09", "--ly-do", "sai nơi nhận",
                 cwd=office)
    assert result.returncode == 0, result.stderr
    again = run("so-van-ban", "thu-hoi", "1", "--nam", "2026", "--ly-do", "x", cwd=office)
    assert again.returncode == 1 and "lỗi VB406" in again.stderr and "đã thu hồi rồi" in again.stderr
    missing = run("so-van-ban", "thu-hoi", "7", "--nam", "2026", "--ly-do", "x", cwd=office)
    assert missing.returncode == 1 and "lỗi VB406" in missing.stderr
    entries = app.register_entries(year=2026, start=office)
    assert len(entries) == 1 and entries[0].cancelled.reason == "sai nơi nhận"  # kept, not deleted
    out = run("so-van-ban", "xuat", "--nam", "2026", "-o", "so.xlsx", cwd=office)
    assert out.returncode == 0, out.stderr
    first = (office / "so.xlsx").read_bytes()
    assert run("so-van-ban", "xuat", "--nam", "2026", "-o", "so.xlsx", "-q", cwd=office).returncode == 0
    assert (office / "so.xlsx").read_bytes() == first  # deterministic
    wb = openpyxl.load_workbook(office / "so.xlsx")
    assert wb.sheetnames == ["Bìa", "Văn bản đi"]
    cover = [c.value for c in wb["Bìa"]["A"] if c.value]
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in cover and "Năm: 2026" in cover and "Từ số 01 đến số 01" in cover
    ws = wb["Văn bản đi"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0] == ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản",
                       "Người ký", "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển",
                       "Ký nhận", "Ghi chú"]
    assert rows[1] == [f"({i})" for i in range(1, 11)]
    assert rows[2][0] == "01/STTTT-BCVTCNTT" and rows[2][1] == "05/3/2026"
    assert rows[2][2].startswith("Công văn: thực hiện Công văn số 2841")
    assert rows[2][9] == "Thu hồi ngày 09/3/2026: sai nơi nhận"


def test_settings_errors_are_coded(tmp_path):
    (tmp_path / "vanban.toml").write_text('[ban_hanh]\nso_dang_kyy = "x"\nco_so_du_lieu = "mysql://x"\n'
                                          '[ban_hanh.co_quan]\nduong_kinh_mm = 5\n', encoding="utf-8")
    shutil.copy(DRAFT, tmp_path / "thu.yaml")
    result = run("cap-so", "thu.yaml", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any("VB401" in l and "so_dang_kyy" in l and "so_dang_ky" in l for l in lines)
    assert any("VB401" in l and "postgresql://" in l for l in lines)
    assert any("VB401" in l and "duong_kinh_mm" in l for l in lines)
    (tmp_path / "vanban.toml").write_text("[ban_hanh\n", encoding="utf-8")
    assert "lỗi VB121" in run("cap-so", "thu.yaml", cwd=tmp_path).stderr


def test_register_that_cannot_be_opened(tmp_path):
    (tmp_path / "blocker").write_text("a file, not a folder")
    (tmp_path / "vanban.toml").write_text('[ban_hanh]\nso_dang_ky = "blocker/so.sqlite"\n', encoding="utf-8")
    shutil.copy(DRAFT, tmp_path / "thu.yaml")
    result = run("cap-so", "thu.yaml", cwd=tmp_path)
    assert result.returncode == 1 and "lỗi VB402" in result.stderr
    assert (tmp_path / "thu.yaml").read_bytes() == DRAFT.read_bytes()  # nothing written


def test_unreachable_postgresql_is_coded(tmp_path):
    (tmp_path / "vanban.toml").write_text('[ban_hanh]\nco_so_du_lieu = "postgresql://x@127.0.0.1:1/vanban"\n',
                                          encoding="utf-8")
    result = run("so-van-ban", "liet-ke", cwd=tmp_path)
    assert result.returncode == 1 and "lỗi VB402" in result.stderr and "PostgreSQL" in result.stderr


def test_numbers_restart_each_year_and_per_register(tmp_path):
    settings = Settings(register_file=tmp_path / "r.sqlite")
    record = Record("Công văn", "UBND-VP", "a", "Chủ tịch A", ("B",))
    with open_register(settings) as book:
        got = [book.allocate("UBND", name, dt.date(year, 12 if year == 2025 else 1, 1), record, f"{name}{year}{i}").number
               for name, year, i in (("chung", 2025, 0), ("chung", 2025, 1), ("chung", 2026, 0), ("qd", 2026, 0),
                                     ("chung", 2026, 1))]
    assert got == [1, 2, 1, 1, 2]


@pytest.mark.parametrize("text, expected", [
    ("loai: cong_van\nso:   # điền sau\nky_hieu: UBND-VP\ndia_danh: X\ntrich_yeu: y\n",
     "loai: cong_van\nso: 3   # điền sau\nky_hieu: UBND-VP\ndia_danh: X\nngay: 2026-03-05\ntrich_yeu: y\n"),
    ("loai: cong_van\nky_hieu: UBND-VP\ndia_danh: X\nngay: \"3/2026\"  # tháng\n",
     "loai: cong_van\nso: 3\nky_hieu: UBND-VP\ndia_danh: X\nngay: 2026-03-05  # tháng\n"),
    ("loai: cong_van\nky_hieu: UBND-VP\ndia_danh: X", "loai: cong_van\nso: 3\nky_hieu: UBND-VP\ndia_danh: X\n"
     "ngay: 2026-03-05\n"),
])
def test_edit_changes_only_the_two_values(text, expected):
    assert set_number_and_date(text, 3, dt.date(2026, 3, 5)) == expected


def test_edit_refuses_flow_style():
    with pytest.raises(UserError) as info:
        set_number_and_date("{loai: cong_van, ky_hieu: UBND-VP}", 3, dt.date(2026, 3, 5), name="x.yaml")
    assert info.value.diagnostics[0].code == "VB405"
