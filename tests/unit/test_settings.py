"""Reviewers see every change that matters (#17 point 5): what changes the output without changing the words (a rule
switched off in the spec or in vanban.toml, widths and alignment of columns, orientation, đơn vị báo cáo, emphasis …)
is listed after the letter by `vanban text` (the git textconv driver) and reported by `vanban diff` as its own kind
of change with where it is written; every field of the model is classified once (vanban/model/settings.py)."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import json
from pathlib import Path

import pytest

import vanban
from clirun import run
from conftest import DIRECTIVES
from vanban.model import forms as model_forms
from vanban.model.settings import HEADING, INTERNAL, ROLES, SETTING, TEXT, output_settings

SEED = (DIRECTIVES / "003-thai-binh-bluezone.yaml").read_text(encoding="utf-8")
MODEL_MODULES = ("document", "forms", "tables", "values", "compute", "decree", "walk", "settings")


def _model_fields() -> set[str]:
    out = set()
    for name in MODEL_MODULES:
        module = importlib.import_module(f"vanban.model.{name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not dataclasses.is_dataclass(cls) or cls.__module__ != module.__name__ or name == "settings":
                continue
            label = "FormRecipient" if cls is model_forms.Recipient else cls.__name__
            out |= {f"{label}.{f.name}" for f in dataclasses.fields(cls)}
    return out


def test_every_field_of_the_model_is_text_a_setting_or_internal():
    fields = _model_fields()
    missing = sorted(fields - set(ROLES))
    assert not missing, ("fields neither text nor listed as a setting or internal in vanban/model/settings.py ROLES "
                         f"(a field that changes the output without changing the words must give a Setting): {missing}")
    assert not sorted(set(ROLES) - fields), "ROLES names fields the model no longer has"
    assert set(ROLES.values()) == {TEXT, SETTING, INTERNAL}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def edited(*replacements: tuple[str, str], text: str = SEED) -> str:
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


TABLE = """  - bang:
      danh_so_cot: true
      cot:
        - {ten: TT, kieu: stt, rong: 10}
        - {ten: Nội dung, rong: 60, can: giua}
        - {ten: Số lượng, kieu: so}
      dong:
        - {nhom: Nhóm một, ca_dong: true, dong: [[Việc **một**, 3]]}
"""
APPENDIX = """bieu_mau:
  - ten: Mẫu báo cáo
    huong: ngang
    cot:
      - {ten: Stt, kieu: stt}
      - {ten: Đơn vị}
    don_vi_bao_cao: [Xã A, {ten: Xã B, ma: xa-b}]
bo_qua_quy_tac: [ND30-PL1-II-9d.2]
"""


def _with_settings() -> str:
    return edited(("  - Nhận Công văn này", TABLE + "  - Nhận Công văn này"),
                  ("nguoi_ky:", APPENDIX + "nguoi_ky:")).replace(
        "  - Nhận Công văn này, yêu cầu", "  - Nhận Công văn này, **yêu cầu**", 1)


def test_each_kind_of_setting_is_listed_with_where_it_is_written(tmp_path):
    spec = write(tmp_path / "thu.yaml", _with_settings())
    result = run("text", str(spec))
    assert result.returncode == 0, result.stderr
    letter, heading, section = result.stdout.partition(f"\n\n{HEADING}\n")
    assert heading, result.stdout
    assert section.splitlines() == [
        "- Bỏ qua quy tắc ND30-PL1-II-9d.2 (bo_qua_quy_tac[0])",
        "- Liên kết: https://www.bluezone.gov.vn/ (noi_dung[2])",
        "- Cột 1 «TT» của bảng 1: rộng 10 mm (noi_dung[3].bang.cot)",
        "- Cột 2 «Nội dung» của bảng 1: rộng 60 mm, canh giữa (noi_dung[3].bang.cot)",
        "- Dòng đánh số cột (1) (2) (3) của bảng 1: có (noi_dung[3].bang.danh_so_cot)",
        "- Dòng nhóm gộp cả dòng của bảng 1: «Nhóm một» (noi_dung[3].bang.dong)",
        "- Chữ đậm trong bảng 1, cột 2: «một» (noi_dung[3].bang.dong)",
        "- Chữ đậm: «yêu cầu» (noi_dung[4])",
        "- Hướng trang của Biểu mẫu số 1: ngang (bieu_mau[0].huong)",
        "- Đơn vị báo cáo (mỗi đơn vị một tệp Excel) của Biểu mẫu số 1: Xã A (xa-a); Xã B (xa-b) "
        "(bieu_mau[0].don_vi_bao_cao)",
    ]
    # the words of the letter are unchanged by the settings; the attached form's words are in the text
    assert "Nhận Công văn này, yêu cầu" in letter and "MẪU BÁO CÁO" in letter and "Biểu mẫu số 1" in letter
    assert vanban.render_text(vanban.load(spec).document, settings=False) == letter + "\n"


def test_a_letter_without_settings_has_no_section():
    doc = vanban.load(edited(("    <https://www.bluezone.gov.vn/>.", "    www.bluezone.gov.vn."))).document
    assert output_settings(doc) == ()
    assert HEADING not in vanban.render_text(doc, config=None)


def test_rules_and_signing_options_of_vanban_toml_are_listed(tmp_path):
    spec = write(tmp_path / "du-an" / "thu" / "thu.yaml", SEED)
    (tmp_path / "du-an" / "keys").mkdir()
    (tmp_path / "du-an" / "keys" / "chu-ky.png").write_bytes(b"\x89PNG fake")
    write(tmp_path / "du-an" / "vanban.toml", '[check]\nbo_qua = ["ND30-PL1-II-9d.8", "ND30-PL1-II-9d.2"]\n'
          '[ban_hanh]\ntsa = "http://tsa.example.vn"\n[ban_hanh.nguoi_ky]\nanh = "keys/chu-ky.png"\n'
          '[ban_hanh.co_quan]\nduong_kinh_mm = 40\n')
    result = run("text", str(spec), cwd=tmp_path / "du-an")
    section = result.stdout.partition(f"\n\n{HEADING}\n")[2].splitlines()
    import hashlib
    digest = hashlib.sha256(b"\x89PNG fake").hexdigest()[:12]
    assert section == [
        "- Liên kết: https://www.bluezone.gov.vn/ (noi_dung[2])",
        "- Bỏ qua quy tắc ND30-PL1-II-9d.2 (vanban.toml: [check] bo_qua)",
        "- Bỏ qua quy tắc ND30-PL1-II-9d.8 (vanban.toml: [check] bo_qua)",
        f"- Ảnh chữ ký: keys/chu-ky.png (sha256 {digest}) (vanban.toml: [ban_hanh] nguoi_ky.anh)",
        "- Đường kính dấu của cơ quan: 40 mm (vanban.toml: [ban_hanh] co_quan.duong_kinh_mm)",
        "- Máy chủ dấu thời gian: http://tsa.example.vn (vanban.toml: [ban_hanh] tsa)",
    ]
    # a spec elsewhere (git's copy of an old version in a temporary folder) finds it from the current folder
    copy = write(tmp_path / "tmp" / "x_thu.yaml", SEED)
    elsewhere = run("text", str(copy), cwd=tmp_path / "du-an")
    assert elsewhere.stdout.partition(HEADING)[2] == result.stdout.partition(HEADING)[2]


def test_a_broken_vanban_toml_is_said_and_the_text_still_printed(tmp_path):
    spec = write(tmp_path / "thu.yaml", SEED)
    write(tmp_path / "vanban.toml", "[check\n")
    result = run("text", str(spec), "--or-raw", cwd=tmp_path)
    assert result.returncode == 0 and "lỗi VB121" in result.stderr
    assert "Kính gửi:" in result.stdout


# --------------------------------------------------------------------------- vanban diff


def test_diff_reports_settings_as_their_own_kind_with_the_yaml_path(tmp_path):
    old = write(tmp_path / "old.yaml", _with_settings())
    new = write(tmp_path / "new.yaml", _with_settings().replace("rong: 60, can: giua", "rong: 70, can: giua")
                .replace("huong: ngang", "huong: doc").replace("[ND30-PL1-II-9d.2]", "[ND30-PL1-II-9d.2, "
                                                                                      "ND30-PL1-II-9d.8]"))
    result = run("diff", str(old), str(new))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Thiết lập thêm: Bỏ qua quy tắc ND30-PL1-II-9d.8 (bo_qua_quy_tac[1])",
        "Thiết lập: Cột 2 «Nội dung» của bảng 1 (noi_dung[3].bang.cot): rộng 60 mm, canh giữa → rộng 70 mm, canh "
        "giữa",
        "Thiết lập: Hướng trang của Biểu mẫu số 1 (bieu_mau[0].huong): ngang → dọc",
    ]
    data = json.loads(run("diff", str(old), str(new), "--format", "json").stdout)
    assert data[0] == {"phan": "thiet_lap", "loai": "thêm", "nhan": "Thiết lập", "cu": None,
                       "moi": "Bỏ qua quy tắc ND30-PL1-II-9d.8 (bo_qua_quy_tac[1])", "duong_dan": "bo_qua_quy_tac[1]"}
    assert {d["phan"] for d in data} == {"thiet_lap"}
    back = run("diff", str(new), str(old)).stdout.splitlines()
    assert back[-1] == "Thiết lập bỏ: Bỏ qua quy tắc ND30-PL1-II-9d.8 (bo_qua_quy_tac[1])"


def test_moving_a_bold_paragraph_or_reordering_rules_is_no_settings_change(tmp_path):
    text = _with_settings()
    old = write(tmp_path / "old.yaml", text.replace("[ND30-PL1-II-9d.2]", "[ND30-PL1-II-9d.2, ND30-PL1-II-9d.8]"))
    new = write(tmp_path / "new.yaml", text.replace("[ND30-PL1-II-9d.2]", "[ND30-PL1-II-9d.8, ND30-PL1-II-9d.2]"))
    assert run("diff", str(old), str(new)).stdout == "Không có thay đổi.\n"
    changes = vanban.diff(str(old), str(new))
    assert changes == []


def test_emphasis_added_is_a_settings_change_the_words_are_not(tmp_path):
    old = write(tmp_path / "old.yaml", SEED)
    new = write(tmp_path / "new.yaml", SEED.replace("  - Nhận Công văn này, yêu cầu", "  - Nhận Công văn này, *yêu "
                                                                                      "cầu*", 1))
    assert run("diff", str(old), str(new)).stdout == "Thiết lập thêm: Chữ nghiêng: «yêu cầu» (noi_dung[3])\n"


def test_diff_against_a_git_revision_uses_this_projects_vanban_toml(tmp_path):
    import shutil
    import subprocess

    if not shutil.which("git"):
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    write(repo / "thu.yaml", SEED)
    write(repo / "vanban.toml", '[check]\nbo_qua = ["ND30-PL1-II-9d.8"]\n')
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x",
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "v1"]):
        subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True, timeout=60)
    write(repo / "thu.yaml", SEED.replace("nguoi_ky:", "bo_qua_quy_tac: [ND30-PL1-II-9d.2]\nnguoi_ky:"))
    result = run("diff", "thu.yaml", "--rev", "HEAD", cwd=repo)
    assert result.stdout == "Thiết lập thêm: Bỏ qua quy tắc ND30-PL1-II-9d.2 (bo_qua_quy_tac[0])\n", result.stderr


def test_an_offices_word_form_and_its_values_are_settings(tmp_path):
    from wordforms import REPORT_FORM, REPORT_VALUES, form, write_spec
    import hashlib

    data = form(**REPORT_FORM)
    spec = write_spec(tmp_path / "a", "phu_luc:\n  - nhan: PHỤ LỤC 01\n    mau_word: mau.docx\n" + REPORT_VALUES, data)
    section = run("text", str(spec)).stdout.partition(f"\n\n{HEADING}\n")[2].splitlines()
    assert section == [
        f"- Mẫu Word của PHỤ LỤC 01: mau.docx (sha256 {hashlib.sha256(data).hexdigest()[:12]}) (phu_luc[0].mau_word)",
        "- Dữ liệu điền mẫu Word «nam» của PHỤ LỤC 01: 2026 (phu_luc[0].du_lieu.nam)",
        "- Dữ liệu điền mẫu Word «ghi_chu» của PHỤ LỤC 01: số liệu <tạm tính> & chưa kiểm tra "
        "(phu_luc[0].du_lieu.ghi_chu)",
        "- Dữ liệu điền mẫu Word «dong» của PHỤ LỤC 01: [{\"so\": 187315, \"ten\": \"Người dùng\"}, {\"so\": 1200, "
        "\"ten\": \"Thiết bị\"}] (phu_luc[0].du_lieu.dong)",
    ]
    other = write_spec(tmp_path / "b", "phu_luc:\n  - nhan: PHỤ LỤC 01\n    mau_word: mau.docx\n"
                       + REPORT_VALUES.replace("nam: 2026", "nam: 2027"), form(**{**REPORT_FORM, "bullet": "Khác"}))
    changes = run("diff", str(spec), str(other)).stdout.splitlines()
    assert [c.split(":")[0] for c in changes] == ["Thiết lập", "Thiết lập"]
    assert changes[1] == "Thiết lập: Dữ liệu điền mẫu Word «nam» của PHỤ LỤC 01 (phu_luc[0].du_lieu.nam): 2026 → 2027"
    assert changes[0].startswith("Thiết lập: Mẫu Word của PHỤ LỤC 01 (phu_luc[0].mau_word): mau.docx (sha256 ")


# --------------------------------------------------------------------------- the words the .docx prints


def test_the_text_holds_every_word_the_docx_prints(tmp_path):
    """Fields classified TEXT are in `vanban text`: ô 11, the stamps, the placeholder of a draft's signature, ô 13."""
    spec = write(tmp_path / "thu.yaml", edited(
        ("nguoi_ky:", "do_mat: mat\npham_vi_luu_hanh: Lưu hành nội bộ\nlien_he:\n"
                      "  dia_chi: 01 Lê Lợi, Thái Bình\n  dien_thoai: 0227 123 456\n  email: vp@thaibinh.gov.vn\n"
                      "nguoi_ky:\n  cho_ky: true"),
    ))
    lines = run("text", str(spec)).stdout.splitlines()
    assert lines[0] == "LƯU HÀNH NỘI BỘ"
    date = lines.index("Thái Bình, ngày 04 tháng 02 năm 2021")
    assert lines[date + 1:date + 3] == ["MẬT", "HỎA TỐC"]
    name = lines.index("Trần Thị Bích Hằng")
    assert lines[name - 1] == "(Chữ ký của người có thẩm quyền, dấu/chữ ký số của cơ quan, tổ chức)"
    assert lines[name + 1:name + 5] == ["", "Địa chỉ: 01 Lê Lợi, Thái Bình", "ĐT: 0227 123 456",
                                         "E-Mail: vp@thaibinh.gov.vn"]


def test_documents_issued_with_a_decision_are_in_the_text_and_the_diff(tmp_path):
    source = (DIRECTIVES / "011-thai-binh-quyet-dinh-quy-che.yaml").read_text(encoding="utf-8")
    lines = vanban.render_text(vanban.load(source, name="qd.yaml").document, settings=False).splitlines()
    heading = lines.index("QUY CHẾ")
    assert lines[heading + 1] == "Phối hợp triển khai ứng dụng Bluezone trên địa bàn tỉnh Thái Bình"
    assert lines[heading + 2].startswith("(Kèm theo Quyết định số ")
    assert "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng" in lines[heading:]
    old = write(tmp_path / "old.yaml", source)
    new = write(tmp_path / "new.yaml", source.replace("nguyên tắc, nội dung và trách nhiệm", "nguyên tắc và trách "
                                                                                            "nhiệm", 1))
    change, = vanban.diff(str(old), str(new))
    assert change.label == "Quy chế kèm theo, điều 1, khoản 1 (Quy chế này quy định…)"
    assert ("delete", "tắc, nội dung") in change.words and ("insert", "tắc") in change.words
