"""Spec loader: every kind of bad input gets its code, Vietnamese message, YAML path and position."""

from __future__ import annotations

import textwrap

import pytest

from vanban.spec.loader import load_spec_bytes, load_spec_text

from specload import formatted

GOOD = textwrap.dedent(
    """\
    loai: cong_van
    co_quan:
      chu_quan: UBND tỉnh Thái Bình
      ten: Sở Thông tin và Truyền thông
    so: 5
    ky_hieu: STTTT-VP
    dia_danh: Thái Bình
    ngay: 2021-02-04
    trich_yeu: thử nghiệm
    kinh_gui: [Sở Y tế, Sở Nội vụ]
    noi_dung:
      - Đoạn một.
    nguoi_ky:
      ky_thay: Giám đốc
      chuc_vu: Phó Giám đốc
      ho_ten: Nguyễn Văn A
    """
)


def test_good_spec_loads_without_findings():
    result = load_spec_text(GOOD, "t.yaml")
    assert result.ok
    assert list(result.diagnostics) == []
    doc = result.document
    assert doc.number.line == "Số: 05/STTTT-VP"
    assert doc.issued.line == "Thái Bình, ngày 04 tháng 02 năm 2021"
    assert doc.distribution.archive == ("VT", "VP")


def test_unknown_key_suggests_the_right_one():
    assert formatted(GOOD.replace("trich_yeu:", "trich_yue:")) == [
        "t.yaml:9:1: lỗi VB201 [trich_yue]: khóa `trich_yue` không hợp lệ (có phải ý bạn là `trich_yeu`?)",
        "t.yaml:1:1: lỗi VB202 [trich_yeu]: thiếu trường bắt buộc `trich_yeu`",
    ] or formatted(GOOD.replace("trich_yeu:", "trich_yue:")) == [
        "t.yaml:1:1: lỗi VB202 [trich_yeu]: thiếu trường bắt buộc `trich_yeu`",
        "t.yaml:9:1: lỗi VB201 [trich_yue]: khóa `trich_yue` không hợp lệ (có phải ý bạn là `trich_yeu`?)",
    ]


def test_nested_unknown_key_points_at_the_key():
    text = GOOD.replace("  ho_ten: Nguyễn Văn A", "  ho_ten: Nguyễn Văn A\n  chuc_danh: x")
    assert formatted(text) == [
        "t.yaml:17:3: lỗi VB201 [nguoi_ky.chuc_danh]: khóa `chuc_danh` không hợp lệ "
        "(có phải ý bạn là `chuc_vu`?)"
    ]


def test_missing_required_field():
    text = GOOD.replace("dia_danh: Thái Bình\n", "")
    assert formatted(text) == ["t.yaml:1:1: lỗi VB202 [dia_danh]: thiếu trường bắt buộc `dia_danh`"]


def test_wrong_type():
    text = GOOD.replace("so: 5", "so: [5]")
    assert formatted(text) == ["t.yaml:5:5: lỗi VB203 [so]: `so` phải là một số nguyên"]


def test_impossible_date():
    text = GOOD.replace("ngay: 2021-02-04", "ngay: 2021-02-30")
    assert formatted(text) == ["t.yaml:8:7: lỗi VB301 [ngay]: ngày 30/2/2021 không có thật"]


def test_badly_written_date():
    text = GOOD.replace("ngay: 2021-02-04", "ngay: mùng 4 tháng 2")
    assert formatted(text) == [
        "t.yaml:8:7: lỗi VB301 [ngay]: ngày `mùng 4 tháng 2` không đúng dạng; viết 2021-02-04, 04/02/2021 "
        "hoặc 8/2020 (chưa có ngày)"
    ]


@pytest.mark.parametrize("value,expected", [
    ("04/02/2021", (2021, 2, 4)),
    ("8/2020", (2020, 8, None)),
    ("2020-08-13", (2020, 8, 13)),
])
def test_date_forms(value, expected):
    result = load_spec_text(GOOD.replace("ngay: 2021-02-04", f"ngay: {value}"), "t.yaml")
    issued = result.document.issued
    assert (issued.year, issued.month, issued.day) == expected


def test_malformed_yaml():
    text = GOOD.replace("kinh_gui: [Sở Y tế, Sở Nội vụ]", "kinh_gui: [Sở Y tế, Sở Nội vụ")
    out = formatted(text)
    assert out == ["t.yaml:11:9: lỗi VB101: YAML sai cú pháp: thiếu dấu ',' hoặc ']' trong danh sách [...]"]


def test_duplicate_key():
    text = GOOD + "so: 6\n"
    assert formatted(text) == ["t.yaml:17:1: lỗi VB102 [so]: khóa `so` bị lặp lại (đã có ở dòng 5)"]


def test_all_problems_of_a_file_are_reported_at_once():
    text = GOOD.replace("so: 5", "so: năm").replace("dia_danh: Thái Bình\n", "").replace("trich_yeu:", "trichyeu:")
    codes = sorted(line.split()[2] for line in formatted(text))
    assert codes == ["VB201", "VB202", "VB202", "VB203"]


def test_block_of_unknown_kind():
    text = GOOD.replace("  - Đoạn một.", "  - hinh: [1, 2]")
    assert formatted(text) == [
        "t.yaml:12:5: lỗi VB207 [noi_dung[0]]: mỗi khối nội dung là một đoạn văn (chuỗi) hoặc một danh sách "
        "`khoan`, `diem`, `gach`, hoặc một `phan`, `chuong`, `muc`, `tieu_muc`, `dieu`, hoặc một bảng `bang`"
    ]


def test_impossible_signing_authority_loads_and_is_left_to_the_checker():
    """TUQ. with KT. cannot be issued, but it is the checker's rule ND30-PL1-II-7b.7 (blocking), not a load error."""
    text = GOOD.replace("  ky_thay: Giám đốc", "  ky_thay: Giám đốc\n  thua_uy_quyen: Chủ tịch")
    assert formatted(text) == []


def test_unknown_authority_key():
    text = GOOD.replace("  ky_thay: Giám đốc", "  ky_thai: Giám đốc")
    assert formatted(text) == [
        "t.yaml:14:3: lỗi VB201 [nguoi_ky.ky_thai]: khóa `ky_thai` không hợp lệ (có phải ý bạn là `ky_thay`?)"
    ]


def test_unknown_document_type():
    out = formatted(GOOD.replace("loai: cong_van", "loai: cong_van_khan"))
    assert out == ["t.yaml:1:7: lỗi VB204 [loai]: `cong_van_khan` không phải loại văn bản của Điều 7 Nghị định 30 "
                   "(có phải ý bạn là `cong_van`?)"]
    out = formatted(GOOD.replace("loai: cong_van", "loai: sắc lệnh"))
    assert out == ["t.yaml:1:7: lỗi VB204 [loai]: `sắc lệnh` không phải loại văn bản của Điều 7 Nghị định 30 "
                   "(chọn một trong: nghi_quyet, quyet_dinh, chi_thi, quy_che, quy_dinh, thong_cao, thong_bao, "
                   "huong_dan, chuong_trinh, ke_hoach, phuong_an, de_an, du_an, bao_cao, bien_ban, to_trinh, hop_dong, "
                   "cong_van, cong_dien, ban_ghi_nho, ban_thoa_thuan, giay_uy_quyen, giay_moi, giay_gioi_thieu, "
                   "giay_nghi_phep, phieu_gui, phieu_chuyen, phieu_bao, thu_cong)"]


def test_lưu_typed_in_noi_nhan_is_an_error():
    out = formatted(GOOD + "noi_nhan: [Sở Y tế, 'Lưu: VT, VP']\n")
    assert out == ["t.yaml:17:21: lỗi VB503 [noi_nhan[1]]: dòng \"Lưu\" được tạo tự động "
                   "(ghi nơi lưu ở khóa `luu`, ví dụ luu: [VT, KGVX])"]


def test_nhu_tren_typed_by_hand_is_a_warning_and_not_doubled():
    result = load_spec_text(GOOD + "noi_nhan: [Như trên, Sở Y tế]\n", "t.yaml")
    assert result.ok
    assert [d.code for d in result.diagnostics] == ["VB502"]
    assert result.document.distribution.lines == ("- Như trên;", "- Sở Y tế;", "- Lưu: VT, VP.")


def test_non_utf8_file():
    raw = GOOD.encode("utf-8").replace("Thái Bình".encode(), b"Th\xe1i B\xecnh", 1)
    result = load_spec_bytes(raw, "t.yaml")
    assert [d.format() for d in result.diagnostics] == [
        "t.yaml:3:25: lỗi VB106: tệp không phải UTF-8; hãy lưu lại với mã hóa UTF-8"
    ]


def test_control_character_is_reported_with_position():
    result = load_spec_text(GOOD.replace("Đoạn một.", "Đoạn\x07 một."), "t.yaml")
    assert [d.format() for d in result.diagnostics] == [
        "t.yaml:12:9: lỗi VB107: ký tự điều khiển U+0007 không được phép trong văn bản"
    ]


def test_empty_file_and_top_level_list():
    assert formatted("") == ["t.yaml:1:1: lỗi VB103: tệp đặc tả trống"]
    assert formatted("- a\n- b\n") == [
        "t.yaml:1:1: lỗi VB103: đặc tả phải là một bảng khóa: giá trị (mapping) ở cấp cao nhất"
    ]


def test_alias_bomb_is_refused():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    prev = "a"
    for i in range(8):
        name = f"b{i}"
        bomb += f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        prev = name
    out = formatted(bomb)
    assert any("VB105" in line for line in out)


def test_python_tags_are_not_constructed():
    out = formatted(GOOD.replace("trich_yeu: thử nghiệm", "trich_yeu: !!python/object/apply:os.system ['true']"))
    assert out == ["t.yaml:9:12: lỗi VB101 [trich_yeu]: thẻ YAML `tag:yaml.org,2002:python/object/apply:os.system` "
                   "không được hỗ trợ"]


def test_unquoted_paragraph_ending_with_colon_is_read_as_the_paragraph():
    result = load_spec_text(GOOD.replace("  - Đoạn một.", "  - Đoạn một.\n  - Các nội dung sau:"), "t.yaml")
    assert result.ok
    assert list(result.diagnostics) == []  # the line as written (#14; it was the warning VB208 before)
    assert result.document.body[1].text.plain == "Các nội dung sau:"


def test_deep_nesting_is_refused_not_a_crash():
    out = formatted("a: " + "[" * 5000 + "]" * 5000)
    assert len(out) == 1 and "VB105" in out[0] and "lồng nhau quá 40 cấp" in out[0]


def test_very_long_text_is_refused():
    out = formatted(GOOD.replace("trich_yeu: thử nghiệm", "trich_yeu: " + "a" * 30000))
    assert out == ["t.yaml:9:12: lỗi VB209 [trich_yeu]: đoạn văn quá dài (30000 ký tự; tối đa 20000)"]


def test_bidi_control_is_an_error_and_zero_width_a_warning():
    out = formatted(GOOD.replace("thử nghiệm", "thử\u202e nghiệm").replace("Đoạn một.", "Đoạn\u200b một."))
    assert out == [
        "t.yaml:9:15: lỗi VB109: ký tự điều khiển hướng chữ U+202E có thể làm văn bản hiển thị khác với nội dung thật",
        "t.yaml:12:9: cảnh báo VB108: ký tự vô hình U+200B trong văn bản (xóa ký tự này nếu không cố ý)",
    ]


def test_nfd_input_is_normalised_and_tone_placement_kept():
    text = GOOD.replace("trich_yeu: thử nghiệm", "trich_yeu: hoà và hòa")
    import unicodedata

    result = load_spec_text(unicodedata.normalize("NFD", text), "t.yaml")
    assert result.ok
    assert result.document.subject == "hoà và hòa"
    assert unicodedata.is_normalized("NFC", result.document.subject)


def test_tab_indentation_message():
    assert formatted(GOOD.replace("  ten: Sở", "\tten: Sở")) == [
        "t.yaml:4:1: lỗi VB101: YAML sai cú pháp: ký tự tab làm sai thụt lề; hãy dùng dấu cách"
    ]


def test_empty_lists_where_a_value_is_needed():
    # found by the fuzz campaign: `ten: []` crashed the renderer
    text = GOOD.replace("  ten: Sở Thông tin và Truyền thông", "  ten: []") + "luu: []\n"
    assert formatted(text) == [
        "t.yaml:4:8: lỗi VB206 [co_quan.ten]: không được để trống",
        "t.yaml:17:6: lỗi VB206 [luu]: không được để trống",
    ]


def test_control_character_from_a_yaml_escape_is_reported():
    # found by the fuzz campaign: dia_danh: "\b" reached python-docx and crashed the renderer
    out = formatted(GOOD.replace("dia_danh: Thái Bình", 'dia_danh: "Thái\\bBình"').replace(
        "trich_yeu: thử nghiệm", 'trich_yeu: "thử \\u202e nghiệm"'))
    assert out == [
        "t.yaml:7:11: lỗi VB107 [dia_danh]: ký tự điều khiển U+0008 không được phép trong văn bản",
        "t.yaml:9:12: lỗi VB109 [trich_yeu]: ký tự điều khiển hướng chữ U+202E có thể làm văn bản hiển thị khác "
        "với nội dung thật",
    ]


def test_old_mac_line_ends_give_the_lines_an_editor_shows():
    # found by the fuzz campaign: with lone CR line ends, positions pointed past the end of the file
    out = formatted(GOOD.replace("\n", "\r") + "so: 6\r")
    assert out == ["t.yaml:17:1: lỗi VB102 [so]: khóa `so` bị lặp lại (đã có ở dòng 5)"]
