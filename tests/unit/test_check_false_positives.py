"""False positives of `vanban check` found on real documents (issue 17), each kept from coming back.

Every case is a correct document (or a correct part of one) that the checker refused or warned about; the
test builds it through the whole pipeline (spec rules, rendering, the .docx audit) and expects no finding,
and where the rule must still fire on a real fault, shows that too. The inputs are the notations of the
real documents of ``../shared/corpus`` and ``../shared/seeds``; ``test_inputs_are_those_of_the_real_documents``
checks them against the texts there (skipped when ``../shared`` is absent).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from vanban import load, render_docx
from vanban.checker import check_docx_bytes, check_document
from conftest import DIRECTIVES, ROOT

TODAY = dt.date(2026, 11, 22)
CORPUS = ROOT.parent / "shared" / "corpus"
SEEDS = ROOT.parent / "shared" / "seeds"

#: A công văn of Văn phòng Chính phủ, signed as its letters are: "KT. BỘ TRƯỞNG, CHỦ NHIỆM" / "PHÓ CHỦ NHIỆM".
VPCP = """\
loai: cong_van
co_quan: {ten: Văn phòng Chính phủ}
so: 11298
ky_hieu: VPCP-KTTH
dia_danh: Hà Nội
ngay: 2025-11-17
trich_yeu: triển khai nhiệm vụ được giao
kinh_gui:
  - Bộ trưởng, Thủ trưởng các cơ quan ngang bộ, cơ quan thuộc Chính phủ
  - Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương
noi_dung:
  - "Văn phòng Chính phủ thông báo như sau:"
  - Các cơ quan triển khai nhiệm vụ được giao.
noi_nhan:
  - Thủ tướng Chính phủ (để b/c)
  - Các Phó Thủ tướng Chính phủ (b/c)
luu: [VT, KTTH (02)]
nguoi_ky:
  ky_thay: Bộ trưởng, Chủ nhiệm
  chuc_vu: Phó Chủ nhiệm
  ho_ten: Mai Thị Thu Vân
"""

#: A công điện of the Thủ tướng: "Số: 232/CĐ-TTg", "THỦ TƯỚNG CHÍNH PHỦ điện:".
TTG = """\
loai: cong_dien
co_quan: {ten: Thủ tướng Chính phủ}
so: 232
ky_hieu: TTg
dia_danh: Hà Nội
ngay: 2025-11-27
trich_yeu: về việc khẩn trương khắc phục hậu quả mưa lũ
tham_quyen_ban_hanh: Thủ tướng Chính phủ
kinh_gui:
  - Bộ trưởng các Bộ Xây dựng, Tài chính
  - Chủ tịch Ủy ban nhân dân các tỉnh, thành phố
noi_dung:
  - Thủ tướng Chính phủ yêu cầu các cơ quan khẩn trương khắc phục hậu quả mưa lũ.
noi_nhan:
  - Văn phòng Chủ tịch nước
luu: [VT, NN (2)]
nguoi_ky:
  chuc_vu: Thủ tướng
  ho_ten: Phạm Minh Chính
"""

#: A công văn of the former Bộ Lao động - Thương binh và Xã hội, ký hiệu "LĐTBXH-KHTC".
LDTBXH = """\
loai: cong_van
co_quan: {ten: Bộ Lao động - Thương binh và Xã hội}
so: 5115
ky_hieu: LĐTBXH-KHTC
dia_danh: Hà Nội
ngay: 2018-12-03
trich_yeu: hướng dẫn quyết toán kinh phí
kinh_gui: Sở Lao động - Thương binh và Xã hội các tỉnh, thành phố trực thuộc trung ương
noi_dung:
  - Bộ đề nghị các Sở thực hiện quyết toán kinh phí theo quy định.
noi_nhan:
  - Bộ trưởng (để b/c)
luu: [VT, Vụ KHTC]
nguoi_ky:
  ky_thay: Bộ trưởng
  chuc_vu: Thứ trưởng
  ho_ten: Lê Văn Thanh
"""

SEED_003 = (DIRECTIVES / "003-thai-binh-bluezone.yaml").read_text(encoding="utf-8")
QUY_CHE = (DIRECTIVES / "011-thai-binh-quyet-dinh-quy-che.yaml").read_text(encoding="utf-8")
LAST_003 = "  - Nhận Công văn này, yêu cầu các đơn vị khẩn trương triển khai thực hiện.\n"


def findings(text: str) -> list:
    """Spec rules and the audit of the .docx vanban renders from it: what `vanban build` checks."""
    result = load(text, name="x.yaml")
    assert result.ok, [d.format() for d in result.diagnostics]
    docx = render_docx(result.document)
    return check_document(result.document, today=TODAY) + check_docx_bytes(docx, "x.docx")


def codes(text: str) -> list[str]:
    return [d.code for d in findings(text)]


# --------------------------------------------------------------------------- real notations, real sources


def test_inputs_are_those_of_the_real_documents():
    """The notations above are taken from the real documents (so the cases are not invented)."""
    if not CORPUS.is_dir() or not SEEDS.is_dir():
        pytest.skip(f"{CORPUS} or {SEEDS} not found: clone the repository with ../shared beside it "
                    "(the real documents are not copied into the project)")
    corpus = {p.name[:2]: p.read_text(encoding="utf-8") for p in CORPUS.glob("[0-9][0-9]_*.txt")}
    assert "KT. BỘ TRƯỞNG, CHỦ NHIỆM" in corpus["01"] and "PHÓ CHỦ NHIỆM" in corpus["01"]
    assert "Lưu: VT, KTTH (02)." in corpus["01"]
    assert "Số: 232/CĐ-TTg" in corpus["11"] and "NN (2)" in corpus["11"]
    assert "5115/LĐTBXH-KHTC" in corpus["10"] and "Lưu: VT, Vụ KHTC." in corpus["10"]
    assert "(để b/c)" in corpus["15"] and "(b/c)" in (SEEDS / "000_867561fc83524572.txt").read_text(encoding="utf-8")
    for notation in ("V.I (3)", "(ĐT/VMN)", "VX(M)", "GSQL (03b)"):
        assert any(notation in text for text in corpus.values()), notation


# --------------------------------------------------------------------------- signatures (ô 7)


def test_concurrent_titles_joined_by_a_comma_are_a_title():
    """"KT. BỘ TRƯỞNG, CHỦ NHIỆM" was taken for the name of a collective body "Bộ …" (7b.3, refusing the build)."""
    assert findings(VPCP) == []


def test_a_collective_after_kt_still_fires():
    text = VPCP.replace("ky_thay: Bộ trưởng, Chủ nhiệm", "ky_thay: Bộ Tài chính")
    assert "ND30-PL1-II-7b.3" in codes(text)


# --------------------------------------------------------------------------- ký hiệu (ô 3), Phụ lục III


def test_ttg_of_the_prime_minister_is_accepted_in_spec_and_docx():
    """"CĐ-TTg": the decree's own example of a state title in a ký hiệu; was an error of 3c.1 (blocking the build)."""
    assert findings(TTG) == []
    for code in ("QĐ-TTg", "CT-TTg"):
        loai = {"QĐ": "quyet_dinh", "CT": "chi_thi"}[code[:2]]
        text = TTG.replace("loai: cong_dien", f"loai: {loai}").replace("tham_quyen_ban_hanh: Thủ tướng Chính phủ\n", "")
        text = text.replace("kinh_gui:\n  - Bộ trưởng các Bộ Xây dựng, Tài chính\n  - Chủ tịch Ủy ban nhân dân các tỉnh, "
                            "thành phố\n", "")
        if loai == "quyet_dinh":
            text = text.replace("noi_dung:\n  - Thủ tướng", "tham_quyen_ban_hanh: Thủ tướng Chính phủ\ncan_cu: [Căn cứ "
                                "Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025]\nnoi_dung:\n  - dieu: Thủ tướng")
        result = [d for d in findings(text) if d.code.startswith("ND30-PL1-II-3")]
        assert result == [], (code, [d.format() for d in result])


def test_other_lower_case_groups_still_fire():
    text = VPCP.replace("ky_hieu: VPCP-KTTH", "ky_hieu: VPCP-Ktth")
    assert "ND30-PL1-II-3c.3" in codes(text)


def test_a_ministry_s_own_abbreviation_is_accepted():
    """"LĐTBXH" got the suggestion "BLĐTB": "Xã hội" was cut as if "xã" were an administrative unit."""
    assert findings(LDTBXH) == []
    wrong = [d.message for d in findings(LDTBXH.replace("ky_hieu: LĐTBXH-KHTC", "ky_hieu: BTC-KHTC"))
             if d.code == "ND30-PL1-II-3b.3"]
    assert wrong == ["chữ viết tắt cơ quan `BTC` trong ký hiệu không khớp tên cơ quan ban hành \"Bộ Lao động - "
                     "Thương binh và Xã hội\" (viết tắt theo tên là `BLĐTBXH`)"]


# --------------------------------------------------------------------------- citations, in every document issued


CITATION = "Thực hiện Nghị định số 144/2021/NĐ- CP, khoản 1 điều 7 của Quy chế này."


def test_stray_space_in_a_cited_code_and_a_lower_case_dieu_after_a_number():
    text = SEED_003.replace(LAST_003, f"  - {CITATION}\n" + LAST_003)
    result = [(d.code, d.message) for d in findings(text) if d.code in ("ND30-PL1-II-6b.1", "ND30-PL2-V.1")]
    assert result == [
        ("ND30-PL2-V.1", "viện dẫn \"điều 7\": viết hoa Phần, Chương, Mục, Điều; viết thường khoản, điểm (\"Điều 7\")"),
        ("ND30-PL1-II-6b.1", "viện dẫn \"Nghị định số 144/2021/NĐ- CP\": số, ký hiệu viết liền, \"/\" giữa số và ký "
                             "hiệu, \"-\" giữa các nhóm (\"Nghị định số 144/2021/NĐ-CP\")"),
    ]


def test_correct_citations_give_nothing():
    text = SEED_003.replace(LAST_003, "  - Thực hiện Nghị định số 144/2021/NĐ-CP - văn bản đã nêu - và khoản 1 Điều 7 "
                                      "của Quy chế, Quyết định số 12/QĐ-UBND - Thái Bình.\n" + LAST_003)
    assert findings(text) == []


def test_the_rules_of_the_content_apply_to_documents_issued_with_a_decision():
    """The same faulty citation was found in Điều 2 but not in the attached quy chế (kem_theo)."""
    anchor = "          - dieu: Phạm vi điều chỉnh và đối tượng áp dụng\n"
    assert anchor in QUY_CHE
    marker = "      - dieu: Trách nhiệm của các cơ quan"
    text = QUY_CHE.replace(anchor, f"          - dieu: Căn cứ\n            noi_dung:\n              - {CITATION}\n" + anchor)
    result = [(d.code, d.path) for d in findings(text) if d.code in ("ND30-PL1-II-6b.1", "ND30-PL2-V.1")]
    assert result == [("ND30-PL2-V.1", "kem_theo[0].noi_dung[0].noi_dung[0].noi_dung[0]"),
                      ("ND30-PL1-II-6b.1", "kem_theo[0].noi_dung[0].noi_dung[0].noi_dung[0]")], marker


def test_the_rules_of_the_content_apply_to_appendices():
    appendix = ("phu_luc:\n  - ten: Danh mục văn bản\n    cot:\n      - {ma: stt, ten: STT, kieu: stt}\n"
                "      - {ma: van_ban, ten: Văn bản}\n    dong:\n"
                "      - {van_ban: \"Nghị định số 144/2021/NĐ- CP\"}\n")
    text = SEED_003.replace("noi_nhan:", appendix + "noi_nhan:", 1)
    result = load(text, name="x.yaml")
    assert result.ok, [d.format() for d in result.diagnostics]
    found = [(d.code, d.path) for d in check_document(result.document, today=TODAY)]
    assert found == [("ND30-PL1-II-6b.1", "phu_luc[0].dong[0]")]  # the row that holds it


# --------------------------------------------------------------------------- Lưu (ô 9b) and ô 12


@pytest.mark.parametrize("luu", ["[VT, KGVX (3)]", "[VT, KGVX.HH]", "[VT, (KGVX/KN)]", "[VT, KGVX(M)]",
                                 "[VT, Vụ KGVX]", "[VT, KGVX (03b)]", "[VT, KGVX, NC]"])
def test_lu_line_notations_of_real_practice(luu):
    """"KGVX (3)", "NCTH.HH", "(VX/KN)" named the drafting unit but warned (9d.8) in four of five real letters."""
    assert findings(SEED_003.replace("noi_nhan:", f"luu: {luu}\nnoi_nhan:", 1)) == []


def test_another_unit_in_the_lu_line_still_fires():
    text = SEED_003.replace("noi_nhan:", "luu: [VT, TH (3)]\nnoi_nhan:", 1)
    assert codes(text) == ["ND30-PL1-II-9d.8"]


@pytest.mark.parametrize("extra,line", [
    ("so_ban: 3\n", "- Lưu: VT, KGVX (3)."),
    ("nguoi_soan_thao: X\nso_ban: 3\n", "- Lưu: VT, KGVX, X. (3)"),
])
def test_so_ban_is_one_notation_with_or_without_the_drafter(extra, line):
    text = SEED_003.replace("noi_nhan:", extra + "noi_nhan:", 1)
    result = load(text, name="x.yaml")
    assert result.document.distribution.lines[-1] == line
    assert findings(text) == []


def test_b_c_annotations_in_noi_nhan():
    text = SEED_003.replace("  - Thường trực Tỉnh ủy\n", "  - Thường trực Tỉnh ủy (b/c)\n  - Thường trực HĐND tỉnh (để b/c)\n")
    assert text != SEED_003
    assert findings(text) == []


# --------------------------------------------------------------------------- Kính gửi (ô 9a), one recipient


@pytest.mark.parametrize("written,line", [("Bộ Nội vụ", "Kính gửi: Bộ Nội vụ"), ("Bộ Nội vụ.", "Kính gửi: Bộ Nội vụ.")])
def test_one_recipient_is_rendered_as_written_and_accepted_both_ways(written, line):
    """The decree's example "Kính gửi: Bộ Nội vụ" has no final mark; one with "." is accepted as written."""
    text = re.sub(r"kinh_gui:\n(  - .*\n)+", f"kinh_gui: {written}\n", SEED_003)
    result = load(text, name="x.yaml")
    assert result.document.distribution.addressee_lines == (line,)
    assert findings(text) == []


def test_one_recipient_ending_with_a_semicolon_is_flagged_in_the_docx():
    text = re.sub(r"kinh_gui:\n(  - .*\n)+", "kinh_gui: Bộ Nội vụ;\n", SEED_003)
    assert [(d.code, d.message) for d in findings(text)] == [
        ("ND30-PL1-II-9d.4", "Kính gửi: \"Bộ Nội vụ;\": một nơi nhận ghi cùng dòng, không kết thúc bằng \";\"")]


def test_a_dot_inside_a_unit_code_and_an_office_s_own_short_code():
    """"VPCP-V.I" (Vụ I) was refused as a ký hiệu of the wrong shape (3c.4, blocking); "TNI" of Thuế tỉnh Tây Ninh got
    the suggestion "T" (3b.3)."""
    assert findings(VPCP.replace("ky_hieu: VPCP-KTTH", "ky_hieu: VPCP-V.I").replace("KTTH (02)", "V.I (3)")) == []
    tni = SEED_003.replace("ky_hieu: UBND-KGVX", "ky_hieu: TNI-QLDN1").replace("  ten: [Ủy ban nhân dân, tỉnh Thái Bình]",
                                                                           "  ten: Thuế tỉnh Tây Ninh")
    assert tni != SEED_003
    assert [d.code for d in findings(tni) if d.code.startswith("ND30-PL1-II-3")] == []
    assert "ND30-PL1-II-3c.4" in codes(VPCP.replace("ky_hieu: VPCP-KTTH", "ky_hieu: VPCP-.I"))


def test_codes_of_committees_and_of_a_state_title():
    """"BCĐQG1237" (a committee's initials and number), "BCĐNNDL" ("về" is not in the initials) and "CTUBND" (the
    Chủ tịch UBND who issues, khoản 3, điểm b) warned as not matching the agency (3b.3)."""
    kh = SEED_003.replace("loai: cong_van", "loai: ke_hoach").replace("ky_hieu: UBND-KGVX", "ky_hieu: BCĐQG1237")
    kh = re.sub(r"kinh_gui:\n(  - .*\n)+", "", kh).replace("luu: [VT, KGVX]\n", "")
    for name, code in (("Ban Chỉ đạo quốc gia về tìm kiếm, quy tập hài cốt liệt sĩ", "BCĐQG1237"),
                       ("Ban Chỉ đạo Nhà nước về Du lịch", "BCĐNNDL")):
        text = kh.replace("  ten: [Ủy ban nhân dân, tỉnh Thái Bình]", f"  ten: {name}").replace("BCĐQG1237", code)
        result = load(text, name="x.yaml")
        assert result.ok, [d.format() for d in result.diagnostics]
        assert [d.code for d in check_document(result.document, today=TODAY) if d.code == "ND30-PL1-II-3b.3"] == []
    qd = QUY_CHE.replace("ky_hieu: UBND", "ky_hieu: CTUBND")
    assert [d.code for d in check_document(load(qd, name="x.yaml").document, today=TODAY)
            if d.code == "ND30-PL1-II-3b.3"] == []


def test_the_end_of_a_law_s_name_is_not_an_uncapitalised_citation():
    """"Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15" read as "luật số" (V.2)."""
    text = QUY_CHE.replace("  - Căn cứ Luật Phòng, chống bệnh truyền nhiễm ngày 21 tháng 11 năm 2007\n",
                           "  - Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15\n")
    assert text != QUY_CHE
    assert [d.code for d in check_document(load(text, name="x.yaml").document, today=TODAY)] == []
    wrong = text.replace("Căn cứ Luật Tổ chức", "Căn cứ luật số 65/2025/QH15 và Luật Tổ chức")
    assert "ND30-PL2-V.2" in [d.code for d in check_document(load(wrong, name="x.yaml").document, today=TODAY)]


def test_an_office_s_code_leaving_words_out_and_a_list_of_items():
    """"TBTTKT" of "Tiểu ban thông tin, tuyên truyền, khánh tiết" (3b.3) and "danh mục 03 thủ tục" read as a
    citation of "mục 03" (V.1)."""
    text = SEED_003.replace("ky_hieu: UBND-KGVX", "ky_hieu: TBTTKT-KGVX").replace(
        "  ten: [Ủy ban nhân dân, tỉnh Thái Bình]", "  ten: Tiểu ban thông tin, tuyên truyền, khánh tiết")
    text = text.replace(LAST_003, "  - Công bố kèm theo danh mục 03 thủ tục hành chính và thành phần 2 bộ hồ sơ.\n" + LAST_003)
    assert [d.code for d in findings(text) if d.code in ("ND30-PL1-II-3b.3", "ND30-PL2-V.1")] == []
