"""#14, phần 5: the readings of YAML that silently changed a document are warnings (or errors) with their
exact Vietnamese message and position."""

from __future__ import annotations

from specload import load_formatted as load
from test_loader import GOOD


def test_a_hash_after_content_on_a_body_line_is_a_warning():
    text = GOOD.replace("  - Đoạn một.", "  - Nhiệm vụ #1 của Sở\n  - Đoạn hai.   # chú thích của người soạn")
    result, out = load(text)
    assert out == ["t.yaml:12:14: cảnh báo VB233 [noi_dung[0]]: phần sau dấu # đã bị bỏ (YAML hiểu là chú thích): "
                   "`#1 của Sở` (đặt dòng trong dấu nháy, hoặc viết nội dung dạng văn xuôi (noi_dung: |))"]
    assert [b.text.plain for b in result.document.body] == ["Nhiệm vụ", "Đoạn hai."]


def test_a_hash_on_a_recipient_line_is_a_warning():
    result, out = load(GOOD.replace("nguoi_ky:", "noi_nhan:\n  - Sở Y tế #2\nnguoi_ky:"))
    assert out == ["t.yaml:14:13: cảnh báo VB233 [noi_nhan[0]]: phần sau dấu # đã bị bỏ (YAML hiểu là chú thích): "
                   "`#2` (đặt dòng trong dấu nháy, hoặc viết nội dung dạng văn xuôi (noi_dung: |))"]


def test_a_dash_without_space_merging_two_recipients_is_a_warning():
    result, out = load(GOOD.replace("nguoi_ky:", "noi_nhan:\n  - Thường trực Tỉnh ủy\n    -UBND tỉnh\nnguoi_ky:"))
    assert out == ['t.yaml:15:5: cảnh báo VB234 [noi_nhan[0]]: dòng `-UBND tỉnh` thiếu dấu cách sau dấu "-": YAML '
                   'đã nối nó vào dòng trên thành một mục (viết "- UBND tỉnh" nếu đó là một mục riêng)']
    assert result.document.distribution.others == ("Thường trực Tỉnh ủy -UBND tỉnh",)


def test_a_dash_without_space_that_yaml_cannot_read_says_so():
    result, out = load(GOOD.replace("nguoi_ky:", "noi_nhan:\n  - Thường trực Tỉnh ủy\n  -UBND tỉnh\nnguoi_ky:"))
    assert out == ['t.yaml:15:3: lỗi VB101: YAML sai cú pháp: dòng `-UBND tỉnh` thiếu dấu cách sau dấu "-" đầu dòng '
                   '(viết "- UBND tỉnh")']


def test_a_flow_list_cut_at_the_comma_of_one_name_is_a_warning():
    result, out = load(GOOD.replace("kinh_gui: [Sở Y tế, Sở Nội vụ]",
                                    "kinh_gui: [Ủy ban nhân dân phường, xã và đặc khu]"))
    assert out == ["t.yaml:10:36: cảnh báo VB235 [kinh_gui]: danh sách [...] bị cắt ở dấu phẩy: `xã và đặc khu` bắt "
                   "đầu bằng chữ thường, có lẽ là phần tiếp của `Ủy ban nhân dân phường` (nếu là một tên, đặt trong "
                   'dấu ngoặc kép: "Ủy ban nhân dân phường, xã và đặc khu", hoặc viết mỗi nơi một dòng "- …")']
    _, quiet = load(GOOD)  # [Sở Y tế, Sở Nội vụ]: two names, no warning
    assert quiet == []


def test_v_v_or_ve_viec_typed_at_the_start_of_the_trich_yeu_is_taken_off():
    for typed in ("V/v", "Về việc", "v/v"):
        result, out = load(GOOD.replace("trich_yeu: thử nghiệm", f"trich_yeu: {typed} thử nghiệm"))
        assert result.document.subject == "thử nghiệm"
        assert out == [f't.yaml:9:12: cảnh báo VB236 [trich_yeu]: "{typed}" ở đầu trích yếu đã được bỏ: vanban tự in '
                       '"V/v" trước trích yếu của công văn (chỉ ghi `thử nghiệm`)']


def test_closing_mark_typed_inside_the_body_is_a_warning():
    result, out = load(GOOD.replace("  - Đoạn một.", "  - Đoạn một./.\n  - Đoạn hai."))
    assert out == ['t.yaml:12:5: cảnh báo VB237 [noi_dung[0]]: dấu "./." kết thúc văn bản nằm giữa nội dung, trước '
                   'đoạn cuối (bỏ "./." ở đây; vanban tự thêm "./." sau đoạn cuối)']


def test_closing_mark_inside_a_prose_body_names_its_line():
    body = "noi_dung: |\n  Đoạn một./.\n  1. Khoản.\n"
    text = GOOD.split("noi_dung:")[0] + body + "nguoi_ky:" + GOOD.split("nguoi_ky:")[1]
    result, out = load(text)
    assert out == ['t.yaml:12:3: cảnh báo VB237 [noi_dung[0]]: dấu "./." kết thúc văn bản nằm giữa nội dung, trước '
                   'đoạn cuối (bỏ "./." ở đây; vanban tự thêm "./." sau đoạn cuối)']
