"""Every spec rule of `vanban check`, each shown firing on a broken copy of seed 003 with its exact message."""

from __future__ import annotations

import datetime as dt

import pytest

from vanban.checker import RULES, check_document, spec_rules
from vanban.checker.rules import SPEC
from vanban import load
from conftest import DIRECTIVES

BASE = (DIRECTIVES / "003-thai-binh-bluezone.yaml").read_text(encoding="utf-8")
TODAY = dt.date(2026, 11, 22)
SIGNER = "  thay_mat: Ủy ban nhân dân tỉnh\n  ky_thay: Chủ tịch\n  chuc_vu: Phó Chủ tịch\n"
LAST = "  - Nhận Công văn này, yêu cầu các đơn vị khẩn trương triển khai thực hiện.\n"


def _body(text: str) -> list[tuple[str, str]]:
    return [(LAST, f"  - \"{text}\"\n" + LAST)]


#: rule id → (replacements in seed 003, YAML path, exact message)
CASES: dict[str, tuple[list[tuple[str, str]], str, str]] = {
    "ND30-PL1-II-3b.1": ([("ky_hieu: UBND-KGVX", "ky_hieu: QĐ-UBND")], "ky_hieu",
                         "ký hiệu công văn `QĐ-UBND` bắt đầu bằng chữ viết tắt tên loại `QĐ` (Quyết định); công văn "
                         "không có tên loại, ký hiệu là <cơ quan>-<đơn vị soạn thảo>"),
    "ND30-PL1-II-3c.3": ([("ky_hieu: UBND-KGVX", "ky_hieu: UBND-kgvx")], "ky_hieu",
                         "nhóm `kgvx` của ký hiệu phải viết in hoa"),
    "ND30-PL1-II-3c.4": ([("ky_hieu: UBND-KGVX", "ky_hieu: UBND/KGVX")], "ky_hieu",
                         "ký hiệu `UBND/KGVX` sai dạng: giữa các nhóm chữ viết tắt có dấu gạch nối (-), không cách "
                         "chữ, không có \"/\""),
    "ND30-PL1-II-3b.4": ([("loai: cong_van", "loai: to_trinh"), ("ky_hieu: UBND-KGVX", "ky_hieu: KH-UBND")],
                         "ky_hieu", "ký hiệu `KH-UBND` mang chữ viết tắt `KH` của kế hoạch, nhưng văn bản là tờ trình"),
    "ND30-PL1-II-7b.7": ([(SIGNER, "  ky_thay: Chủ tịch\n  thua_uy_quyen: Giám đốc\n  chuc_vu: Phó Chủ tịch\n")],
                         "nguoi_ky.ky_thay",
                         "người được ký thừa ủy quyền không được giao cho người khác ký thay (TUQ. với KT.; Điều 13)"),
    "ND30-PL1-II-3b.3": ([("ky_hieu: UBND-KGVX", "ky_hieu: UBT-KGVX")], "ky_hieu",
                         "chữ viết tắt cơ quan `UBT` trong ký hiệu không khớp tên cơ quan ban hành \"Ủy ban nhân dân "
                         "tỉnh Thái Bình\" (viết tắt theo tên là `UBND`)"),
    "ND30-PL1-II-4b.1": ([("ngay: 2021-02-04", "ngay: 2027-03-01")], "ngay",
                         "ngày ban hành 01/03/2027 ở tương lai (hôm nay là 22/11/2026)"),
    "ND30-PL1-II-4c.3": ([("dia_danh: Thái Bình", "dia_danh: thái bình")], "dia_danh",
                         "địa danh \"thái bình\": các chữ cái đầu của địa danh phải viết hoa (\"Thái Bình\")"),
    "ND30-PL1-II-4a.2": ([("dia_danh: Thái Bình", "dia_danh: tỉnh Thái Bình")], "dia_danh",
                         "địa danh ghi tên gọi của đơn vị hành chính, không kèm \"tỉnh\" (ghi \"Thái Bình\")"),
    # "V/v" and "Về việc" are taken off by the loader (VB236, #14); other spellings reach the rule
    "ND30-PL1-II-5b.1": ([("trich_yeu: tiếp tục", "trich_yeu: V.v. tiếp tục")], "trich_yeu",
                         "trích yếu đã bắt đầu bằng \"V.v\"; \"V/v\" được thêm tự động, chỉ ghi nội dung"),
    "ND30-PL1-II-5a.1": ([("trên điện thoại thông minh\ndo_khan", "trên điện thoại thông minh.\ndo_khan")],
                         "trich_yeu", "trích yếu là một câu ngắn gọn hoặc một cụm từ, không kết thúc bằng dấu \".\""),
    "ND30-PL1-II-7b.1": ([(SIGNER, "  thay_mat: Giám đốc Sở\n  chuc_vu: Phó Giám đốc\n")], "nguoi_ky.thay_mat",
                         "\"TM.\" ghi trước tên tập thể lãnh đạo hoặc tên cơ quan, tổ chức; \"Giám đốc Sở\" là một "
                         "chức vụ"),
    "ND30-PL1-II-7b.2": ([("chuc_vu: Phó Chủ tịch", "chuc_vu: Chánh Văn phòng")], "nguoi_ky.chuc_vu",
                         "KT. CHỦ TỊCH: người ký thay là cấp phó, nhưng chức vụ \"Chánh Văn phòng\" không phải chức "
                         "vụ cấp phó"),
    "ND30-PL1-II-7b.3": ([("ky_thay: Chủ tịch", "ky_thay: Ủy ban nhân dân tỉnh")], "nguoi_ky.ky_thay",
                         "\"KT.\" ghi trước chức vụ của người đứng đầu; \"Ủy ban nhân dân tỉnh\" là tên một tập thể/cơ "
                         "quan"),
    "ND30-PL1-II-7b.4": ([(SIGNER, "  chuc_vu: Chủ tịch\n")], "nguoi_ky.chuc_vu",
                         "văn bản của tập thể \"Ủy ban nhân dân tỉnh Thái Bình\" do Chủ tịch ký: ghi \"TM. ỦY BAN NHÂN "
                         "DÂN\" trước chức vụ"),
    "ND30-PL1-II-7b.5": ([("thay_mat: Ủy ban nhân dân tỉnh", "thay_mat: Hội đồng nhân dân tỉnh")],
                         "nguoi_ky.thay_mat",
                         "\"TM. HỘI ĐỒNG NHÂN DÂN TỈNH\" không khớp tên cơ quan ban hành \"Ủy ban nhân dân tỉnh Thái "
                         "Bình\""),
    "ND30-PL1-II-7c.1": ([("ho_ten: Trần", "ho_ten: TS. Trần")], "nguoi_ky.ho_ten",
                         "trước họ tên người ký không ghi học hàm, học vị, danh hiệu (\"TS.\")"),
    "ND30-PL1-II-7c.2": ([("ho_ten: Trần Thị Bích Hằng", "ho_ten: trần thị bích Hằng")], "nguoi_ky.ho_ten",
                         "họ tên người ký \"trần thị bích Hằng\": viết hoa chữ cái đầu mọi âm tiết (\"Trần Thị Bích "
                         "Hằng\")"),
    "ND30-PL1-II-7c.3": ([("chuc_vu: Phó Chủ tịch", "chuc_vu: PCT")], "nguoi_ky.chuc_vu",
                         "chức vụ ghi đầy đủ, không viết tắt: \"PCT\" trong \"PCT\" (ghi \"Phó Chủ tịch\")"),
    "ND30-PL1-II-9d.1": ([("nguoi_ky:\n", "luu: [VP, KGVX]\nnguoi_ky:\n")], "luu",
                         "dòng \"Lưu\" bắt đầu bằng \"VT\" (Văn thư): đang là \"Lưu: VP, KGVX\""),
    "ND30-PL1-II-9d.2": ([("nguoi_ky:\n", "luu: [VT]\nnguoi_ky:\n")], "luu",
                         "dòng \"Lưu: VT\" thiếu chữ viết tắt tên đơn vị soạn thảo (ví dụ \"Lưu: VT, KGVX.\")"),
    "ND30-PL1-II-9d.8": ([("nguoi_ky:\n", "luu: [VT, TH]\nnguoi_ky:\n")], "luu",
                         "đơn vị lưu `TH` khác đơn vị soạn thảo `KGVX` trong ký hiệu"),
    "ND30-PL1-II-9b.1": ([("  - Lãnh đạo VP UBND tỉnh\n",
                           "  - Lãnh đạo VP UBND tỉnh\n  - Chủ tịch Ủy ban nhân dân huyện, thành phố\n")],
                         "noi_nhan[4]",
                         "\"Chủ tịch Ủy ban nhân dân huyện, thành phố\" đã có ở Kính gửi (được gộp trong \"Như "
                         "trên\"); bỏ khỏi Nơi nhận"),
    "ND30-PL1-II-9d.9": ([("  - Lãnh đạo VP UBND tỉnh\n", "  - Lãnh đạo VP UBND tỉnh\n  - Thường trực Tỉnh ủy\n")],
                         "noi_nhan[4]", "\"Thường trực Tỉnh ủy\" ghi hai lần trong Nơi nhận"),
    "ND30-PL1-III-3": ([("nguoi_ky:\n", "nguoi_soan_thao: lvt\nnguoi_ky:\n")], "nguoi_soan_thao",
                       "ký hiệu người soạn thảo \"lvt\" viết bằng chữ in hoa (\"LVT\")"),
    "ND30-PL2-IV.1": ([("ten: [Ủy ban nhân dân,", "ten: [Ủy Ban Nhân Dân,")], "co_quan.ten[0]",
                      "tên cơ quan \"Ủy Ban Nhân Dân\": viết hoa chữ cái đầu của từ chỉ loại hình và chức năng "
                      "(\"Ủy ban nhân dân\")"),
    "ND30-PL2-III.1": ([("  - Chủ tịch Ủy ban nhân dân huyện, thành phố\n",
                         "  - Chủ tịch Ủy ban nhân dân Huyện Vũ Thư\n")], "kinh_gui[2]",
                       "\"Huyện\" trong \"Chủ tịch Ủy ban nhân dân Huyện Vũ Thư\" là danh từ chung chỉ đơn vị hành "
                       "chính, viết thường (\"Chủ tịch Ủy ban nhân dân huyện Vũ Thư\")"),
    "ND30-PL2-V.1": (_body("Các đơn vị thực hiện theo Khoản 2 Điều 5 Quy chế làm việc."), "noi_dung[3]",
                     "viện dẫn \"Khoản 2\": viết hoa Phần, Chương, Mục, Điều; viết thường khoản, điểm (\"khoản 2\")"),
    "ND30-PL2-V.2": (_body("Thực hiện công văn số 12/UBND-VX ngày 05/01/2021 của Ủy ban nhân dân tỉnh."),
                     "noi_dung[3]",
                     "\"công văn số\": viết hoa chữ cái đầu tên loại văn bản được viện dẫn (\"Công văn số\")"),
    "ND30-PL1-II-6b.1": (_body("Thực hiện Công văn số 12 / UBND - VX ngày 05/01/2021 của Ủy ban nhân dân tỉnh."),
                         "noi_dung[3]",
                         "viện dẫn \"Công văn số 12 / UBND - VX\": số, ký hiệu viết liền, \"/\" giữa số và ký hiệu, "
                         "\"-\" giữa các nhóm (\"Công văn số 12/UBND-VX\")"),
    "ND30-PL1-II-6b.2": (_body("Thực hiện Công văn số 12/UBND-VX ngày 31/02/2021 của Ủy ban nhân dân tỉnh."),
                         "noi_dung[3]", "ngày 31/02/2021 trong nội dung không có thật"),
    "ND30-PL1-II-2b.4": ([("ten: [Ủy ban nhân dân, tỉnh Thái Bình]",
                           "ten: [Ủy ban nhân dân, Ủy ban nhân dân tỉnh Thái Bình và thành phố]")], "co_quan.ten[1]",
                         "dòng tên cơ quan \"ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH VÀ THÀNH PHỐ\" rộng 118.6 mm, cột tên cơ "
                         "quan chỉ rộng 67.8 mm: dòng sẽ bị ngắt khi in; ghi tên thành một dòng để vanban tự ngắt giữa "
                         "các cụm từ, hoặc chia dòng ngắn hơn"),
    "ND30-PL1-II-6đ.1": (_body("f) Các nội dung khác."), "noi_dung[3]",
                         "điểm \"f)\" không theo bảng chữ cái tiếng Việt (a, b, c, d, đ, e, g, h, i, k …)"),
}


def run_rules(text: str):
    result = load(text, name="x.yaml")
    assert result.ok, [d.format() for d in result.diagnostics]
    return check_document(result.document, today=TODAY)


def test_seed_has_no_findings():
    assert run_rules(BASE) == []


def test_every_spec_rule_has_a_check_and_a_case():
    spec_ids = {r.id for r in RULES.values() if r.applies == SPEC}
    assert spec_ids == set(spec_rules.CHECKS)
    assert spec_ids == set(CASES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_with_its_exact_message(rule_id):
    replacements, path, message = CASES[rule_id]
    text = BASE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    findings = [d for d in run_rules(text) if d.code == rule_id]
    assert [(d.path, d.message) for d in findings] == [(path, message)]
    assert findings[0].severity is RULES[rule_id].severity
    line = text.splitlines()[findings[0].position.line - 1]
    key = path.split(".")[-1].split("[")[0]
    assert key in line or line.lstrip().startswith("-"), (line, path)


def test_rule_turned_off_inline():
    text = BASE.replace("ky_hieu: UBND-KGVX", "ky_hieu: UBND-kgvx") + "bo_qua_quy_tac: [ND30-PL1-II-3c.3]\n"
    assert [d.code for d in run_rules(text)] == []


def test_unknown_rule_id_inline_is_a_warning_with_position():
    text = BASE + "bo_qua_quy_tac: [ND30-PL1-II-3b.9]\n"
    findings = run_rules(text)
    assert [(d.code, d.message, d.hint) for d in findings] == [
        ("VB122", "không có quy tắc `ND30-PL1-II-3b.9` để bỏ qua", "có phải ý bạn là `ND30-PL1-II-3b.4`?")]
    assert findings[0].position.line == len(BASE.splitlines()) + 1


def test_a_renamed_rule_id_still_turns_its_rule_off_with_a_warning_naming_the_new_id():
    text = BASE.replace("ky_hieu: UBND-KGVX", "ky_hieu: UBND-kgvx") + "bo_qua_quy_tac: [ND30-PL1-II-3b.2]\n"
    assert [(d.code, d.message, d.hint) for d in run_rules(text)] == [
        ("VB122", "quy tắc `ND30-PL1-II-3b.2` đã đổi mã thành `ND30-PL1-II-3c.3`; vẫn được bỏ qua",
         "ghi `ND30-PL1-II-3c.3`")]


@pytest.mark.parametrize("replacements", [
    [("ky_hieu: UBND-KGVX", "ky_hieu: UBND/KGVX")],  # ND30-PL1-II-3c.4
    [(SIGNER, "  ky_thay: Chủ tịch\n  thua_uy_quyen: Giám đốc\n  chuc_vu: Phó Chủ tịch\n")],  # ND30-PL1-II-7b.7
])
def test_a_blocking_rule_refuses_the_build_even_when_forced(tmp_path, replacements):
    from vanban.cli import main

    text = BASE
    for old, new in replacements:
        text = text.replace(old, new)
    spec = tmp_path / "x.yaml"
    spec.write_text(text, encoding="utf-8")
    assert main(["build", str(spec), "-o", str(tmp_path / "out"), "--force"]) == 1
    assert not (tmp_path / "out" / "x.docx").exists()
    turned_off = tmp_path / "y.yaml"
    rule = "ND30-PL1-II-3c.4" if "UBND/KGVX" in text else "ND30-PL1-II-7b.7"
    turned_off.write_text(text + f"bo_qua_quy_tac: [{rule}]\n", encoding="utf-8")
    assert main(["build", str(turned_off), "-o", str(tmp_path / "out"), "--force", "-q"]) == 0
    assert (tmp_path / "out" / "y.docx").is_file()


def test_readme_lists_every_rule():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [rule_id for rule_id in RULES if f"| `{rule_id}` |" not in readme] == []
