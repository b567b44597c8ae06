"""`vanban check`, `build --force`, `vanban diff` (text, json, --rev, --redline in LibreOffice) and
`vanban text` as a git diff driver, run as users run them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clirun import run
from conftest import DIRECTIVES, directive_specs
from pdfutil import soffice_program

pytestmark = pytest.mark.e2e

SEED = (DIRECTIVES / "003-thai-binh-bluezone.yaml").read_text(encoding="utf-8")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def edited(*replacements: tuple[str, str]) -> str:
    text = SEED
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


# --------------------------------------------------------------------------- check


def test_directives_and_their_docx_pass_with_zero_findings(tmp_path):
    assert run("build", str(DIRECTIVES), "-o", str(tmp_path), "-q").returncode == 0
    result = run("check", str(DIRECTIVES), str(tmp_path), "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == f"{2 * len(directive_specs())} tệp: 0 lỗi, 0 cảnh báo\n"


def test_errors_warnings_strict_and_json(tmp_path):
    bad = write(tmp_path / "bad.yaml", edited(("ky_hieu: UBND-KGVX", "ky_hieu: QĐ-UBND")))
    warn = write(tmp_path / "warn.yaml", edited(("ky_hieu: UBND-KGVX", "ky_hieu: UBND-kgvx")))
    result = run("check", str(bad))
    assert result.returncode == 1
    assert (f"{bad}:7:10: lỗi ND30-PL1-II-3b.1 [ky_hieu]: ký hiệu công văn `QĐ-UBND` bắt đầu bằng chữ viết tắt tên "
            "loại `QĐ` (Quyết định); công văn không có tên loại, ký hiệu là <cơ quan>-<đơn vị soạn thảo>") \
        in result.stdout.splitlines()
    assert run("check", str(warn)).returncode == 0
    strict = run("check", str(warn), "--strict")
    assert strict.returncode == 1 and strict.stdout.endswith("1 tệp: 0 lỗi, 1 cảnh báo (--strict: cảnh báo cũng là lỗi)\n")
    out = json.loads(run("check", str(bad), str(warn), "--format", "json").stdout)
    assert out["loi"] >= 1 and out["canh_bao"] >= 1
    first = out["tep"][0]["ket_qua"][0]
    assert first["code"] == "ND30-PL1-II-3b.1" and first["severity"] == "error"
    assert first["position"] == {"file": str(bad), "line": 7, "col": 10}
    assert first["dieu_khoan"] == "Phụ lục I, Phần I, Mục II, khoản 3, điểm b; Phụ lục III"


def test_project_config_turns_rules_off(tmp_path):
    spec = write(tmp_path / "van-ban" / "x.yaml", edited(("ky_hieu: UBND-KGVX", "ky_hieu: UBND-kgvx")))
    assert "ND30-PL1-II-3c.3" in run("check", str(spec)).stdout
    write(tmp_path / "vanban.toml", '[check]\nbo_qua = ["ND30-PL1-II-3c.3", "ND30-KHONG-CO"]\n')
    result = run("check", str(spec), "--strict")
    assert "ND30-PL1-II-3c.3" not in result.stdout
    assert (f"{tmp_path / 'vanban.toml'}: cảnh báo VB122 [check.bo_qua]: không có quy tắc `ND30-KHONG-CO` để bỏ qua "
            "(xem `vanban check --rules`)") in result.stdout


def test_corrupt_docx_is_an_error_not_a_traceback(tmp_path):
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    result = run("check", str(broken))
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert result.stdout.startswith(f"{broken}: lỗi VB701: không phải tệp .docx hợp lệ")


def test_rules_are_listed():
    lines = run("check", "--rules").stdout.splitlines()
    assert len(lines) >= 30
    assert any(line.startswith("ND30-PL1-II-3c.1") and "lỗi" in line for line in lines)


def test_build_refuses_a_letter_with_errors_unless_forced(tmp_path):
    spec = write(tmp_path / "x.yaml", edited(("ho_ten: Trần", "ho_ten: TS. Trần")))
    out = tmp_path / "out"
    result = run("build", str(spec), "-o", str(out))
    assert result.returncode == 1
    assert "lỗi ND30-PL1-II-7c.1 [nguoi_ky.ho_ten]" in result.stderr
    assert f"bỏ qua {spec}: vi phạm quy tắc của Nghị định 30, không ghi tệp (dùng --force để vẫn ghi)" in result.stderr
    assert not (out / "x.docx").exists()
    forced = run("build", str(spec), "-o", str(out), "--force")
    assert forced.returncode == 0 and (out / "x.docx").stat().st_size > 5000
    assert "ND30-PL1-II-7c.1" in forced.stderr


# --------------------------------------------------------------------------- diff

TASK_4 = "tiếp tục tuyên truyền,\n        hướng dẫn"
PARAS = ("  - Thông tin chi tiết về ứng dụng Bluezone và các tài liệu tuyên truyền được đăng tải trên trang\n"
         "    <https://www.bluezone.gov.vn/>.\n",
         "  - Nhận Công văn này, yêu cầu các đơn vị khẩn trương triển khai thực hiện.\n")
SIGNER = "  thay_mat: Ủy ban nhân dân tỉnh\n  ky_thay: Chủ tịch\n  chuc_vu: Phó Chủ tịch\n"

DIFF_CASES = {
    "edited task": ([(TASK_4, "tiếp tục tuyên truyền sâu rộng,\n        hướng dẫn")],
                    ["Mục 4 (Yêu cầu Đài Phát thanh…) sửa: … Bình tiếp tục tuyên [-truyền,-] {+truyền sâu rộng,+} "
                     "hướng dẫn cài đặt …"]),
    "reordered tasks": ([(PARAS[0] + PARAS[1], PARAS[1] + PARAS[0])],
                        ["Đoạn 3 → Đoạn 2 (chuyển): «Nhận Công văn này, yêu cầu các đơn vị khẩn trương triển…»"]),
    "recipient added": ([("  - Lãnh đạo VP UBND tỉnh\n", "  - Lãnh đạo VP UBND tỉnh\n  - Sở Y tế\n")],
                        ["Nơi nhận thêm: Sở Y tế"]),
    "recipient removed": ([("  - Thường trực HĐND tỉnh\n", "")], ["Nơi nhận bỏ: Thường trực HĐND tỉnh"]),
    "addressee removed": ([("  - Thủ trưởng các cơ quan Trung ương đóng trên địa bàn tỉnh\n", "")],
                          ["Kính gửi bỏ: Thủ trưởng các cơ quan Trung ương đóng trên địa bàn tỉnh"]),
    "signer changed": ([(SIGNER, "  thay_mat: Ủy ban nhân dân tỉnh\n  chuc_vu: Chủ tịch\n"),
                        ("ho_ten: Trần Thị Bích Hằng", "ho_ten: Nguyễn Khắc Thận")],
                       ["Người ký: TM. ỦY BAN NHÂN DÂN TỈNH / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH → TM. ỦY BAN NHÂN DÂN TỈNH / "
                        "CHỦ TỊCH", "Họ tên người ký: Trần Thị Bích Hằng → Nguyễn Khắc Thận"]),
    "date changed": ([("ngay: 2021-02-04", "ngay: 2021-02-05")], ["Ngày ban hành: 04/02/2021 → 05/02/2021"]),
}


@pytest.mark.parametrize("case", sorted(DIFF_CASES))
def test_diff_in_the_words_of_the_letter(tmp_path, case):
    replacements, expected = DIFF_CASES[case]
    old = write(tmp_path / "old.yaml", SEED)
    new = write(tmp_path / "new.yaml", edited(*replacements))
    result = run("diff", str(old), str(new))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == expected


def test_moved_task_is_a_move_not_a_deletion(tmp_path):
    task_3 = ("      - Yêu cầu Đài Phát thanh và Truyền hình Thái Bình phối hợp với Báo Thái Bình tiếp tục tuyên truyền,\n"
              "        hướng dẫn cài đặt ứng dụng Bluezone trên điện thoại thông minh.\n")
    text = edited((task_3, ""), ("      - doan: \"Sở Thông tin", task_3 + "      - doan: \"Sở Thông tin"))
    old, new = write(tmp_path / "old.yaml", SEED), write(tmp_path / "new.yaml", text)
    data = json.loads(run("diff", str(old), str(new), "--format", "json").stdout)
    assert [(c["loai"], c["nhan_cu"], c["nhan"]) for c in data] == [("chuyển", "Mục 4", "Mục 2")]


def test_diff_json_and_no_change(tmp_path):
    old = write(tmp_path / "old.yaml", SEED)
    new = write(tmp_path / "new.yaml", edited(("ngay: 2021-02-04", "ngay: 2021-02-05")))
    data = json.loads(run("diff", str(old), str(new), "--format", "json").stdout)
    assert data == [{"phan": "ngay", "loai": "sửa", "nhan": "Ngày ban hành", "cu": "04/02/2021", "moi": "05/02/2021"}]
    assert run("diff", str(old), str(old)).stdout == "Không có thay đổi.\n"


def _git(repo: Path, *args: str) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@x", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@x", GIT_CONFIG_NOSYSTEM="1", HOME=str(repo.parent))
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True,
                          timeout=60).stdout


@pytest.fixture
def repo(tmp_path):
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    write(repo / "directives" / "x.yaml", SEED)
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "v1")
    write(repo / "directives" / "x.yaml", edited(("ngay: 2021-02-04", "ngay: 2021-02-05")))
    _git(repo, "commit", "-q", "-am", "v2")
    return repo


def test_diff_against_a_git_revision(repo):
    result = run("diff", "directives/x.yaml", "--rev", "HEAD~1", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Ngày ban hành: 04/02/2021 → 05/02/2021\n"
    missing = run("diff", "directives/x.yaml", "--rev", "nope", cwd=repo)
    assert missing.returncode == 1 and "lỗi VB131: không lấy được phiên bản nope từ git" in missing.stderr


def test_git_diff_driver_shows_the_letter_text(repo):  # git starts vanban: a process of its own
    write(repo / ".gitattributes", "*.yaml diff=vanban\n")
    _git(repo, "config", "diff.vanban.textconv", f"{sys.executable} -m vanban text --or-raw")
    out = _git(repo, "diff", "HEAD~1", "HEAD", "--", "directives/x.yaml")
    changed = [line for line in out.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ["-Thái Bình, ngày 04 tháng 02 năm 2021", "+Thái Bình, ngày 05 tháng 02 năm 2021"]


def test_git_diff_driver_shows_rules_switched_off_and_the_projects(repo):  # #17 point 5
    write(repo / ".gitattributes", "*.yaml diff=vanban\n")
    write(repo / "vanban.toml", '[check]\nbo_qua = ["ND30-PL1-II-9d.8"]\n')
    _git(repo, "config", "diff.vanban.textconv", f"{sys.executable} -m vanban text --or-raw")
    write(repo / "directives" / "x.yaml", (repo / "directives" / "x.yaml").read_text(encoding="utf-8").replace(
        "nguoi_ky:", "bo_qua_quy_tac: [ND30-PL1-II-9d.2]\nnguoi_ky:"))
    out = _git(repo, "diff", "-U100", "--", "directives/x.yaml")
    changed = [line for line in out.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == ["+- Bỏ qua quy tắc ND30-PL1-II-9d.2 (bo_qua_quy_tac[0])"]
    # the project's rule is read on both sides: git's copy of the old version finds vanban.toml from the top folder
    assert " - Bỏ qua quy tắc ND30-PL1-II-9d.8 (vanban.toml: [check] bo_qua)" in out.splitlines()
    assert " Thiết lập (thay đổi bản in, không thay đổi chữ):" in out.splitlines()


def test_text_of_a_broken_spec(tmp_path):
    bad = write(tmp_path / "bad.yaml", "loai: cong_van\n")
    assert run("text", str(bad)).returncode == 1
    raw = run("text", str(bad), "--or-raw")
    assert raw.returncode == 0 and raw.stdout == "loai: cong_van\n"


# --------------------------------------------------------------------------- redline


def _redline(tmp_path) -> Path:
    old = write(tmp_path / "old.yaml", SEED)
    new = write(tmp_path / "new.yaml", edited(("ngay: 2021-02-04", "ngay: 2021-02-05"),
                                              ("  - Lãnh đạo VP UBND tỉnh\n", "  - Lãnh đạo VP UBND tỉnh\n  - Sở Y tế\n"),
                                              ("  - Thường trực HĐND tỉnh\n", ""),
                                              (TASK_4, "tiếp tục tuyên truyền sâu rộng,\n        hướng dẫn")))
    out = tmp_path / "redline.docx"
    result = run("diff", str(old), str(new), "--redline", str(out), "--author", "Văn thư")
    assert result.returncode == 0, result.stderr
    assert f"đã ghi {out}" in result.stderr
    return out


def test_redline_has_tracked_changes_and_is_deterministic(tmp_path):
    from vanban import ooxml

    out = _redline(tmp_path)
    first = out.read_bytes()
    assert _redline(tmp_path).read_bytes() == first
    root = ooxml.open_package(first).xml(ooxml.W_MAIN)
    ins = list(root.iter(ooxml.qn("w:ins")))
    dels = list(root.iter(ooxml.qn("w:del")))
    assert {n.get(ooxml.qn("w:author")) for n in ins + dels} == {"Văn thư"}
    assert {n.get(ooxml.qn("w:date")) for n in ins + dels} == {"2021-02-05T00:00:00Z"}
    inserted = ["".join(t.text for t in n.iter(ooxml.qn("w:t"))) for n in ins]
    deleted = ["".join(t.text for t in n.iter(ooxml.qn("w:delText"))) for n in dels]
    assert "05" in inserted and "04" in deleted
    assert "- Sở Y tế;" in inserted and "- Thường trực HĐND tỉnh;" in deleted
    assert "truyền sâu rộng," in inserted and "truyền," in deleted


@pytest.mark.libreoffice
def test_libreoffice_opens_the_redline_as_tracked_changes(tmp_path):
    soffice = soffice_program()
    out = _redline(tmp_path)
    profile = tmp_path / "profile"
    result = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "fodt",
                             "--outdir", str(tmp_path / "odt"), str(out)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    fodt = (tmp_path / "odt" / "redline.fodt").read_text(encoding="utf-8")
    assert "<text:tracked-changes" in fodt
    assert fodt.count("<text:changed-region") >= 4
    assert "<text:insertion>" in fodt and "<text:deletion>" in fodt
    assert "<dc:creator>Văn thư</dc:creator>" in fodt
    assert "Thường trực HĐND tỉnh" in fodt  # the deleted recipient is kept as a deletion


# --------------------------------------------------------------------------- every document type


@pytest.mark.parametrize("spec", directive_specs(), ids=lambda p: p.stem)
def test_text_and_diff_of_every_example(spec):
    text = run("text", str(spec))
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[lines.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") + 1] == "Độc lập - Tự do - Hạnh phúc"
    assert any(line.endswith("./.") for line in lines) and "Nơi nhận:" in lines
    assert run("diff", str(spec), str(spec)).stdout == "Không có thay đổi.\n"


def test_diff_of_an_article_of_a_decision(tmp_path):
    source = (DIRECTIVES / "011-thai-binh-quyet-dinh-quy-che.yaml").read_text(encoding="utf-8")
    old = write(tmp_path / "old.yaml", source)
    new = write(tmp_path / "new.yaml", source.replace("  - dieu: Quyết định này có hiệu lực thi hành kể từ ngày ký.",
                                                      "  - dieu: Quyết định này có hiệu lực thi hành kể từ ngày 10/02/2021."))
    result = run("diff", str(old), str(new))
    assert result.stdout.splitlines() == [
        "Điều 2 (Quyết định này có hiệu…) sửa: … hành kể từ ngày [-ký.-] {+10/02/2021.+}"]
