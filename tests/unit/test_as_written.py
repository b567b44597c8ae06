"""#14: values as the clerk typed them (YAML 1.2 core, never 1.1), unquoted "Nhãn: nội dung" lines are text."""

from __future__ import annotations

from specload import load_formatted as load
from test_loader import GOOD


def body(result) -> list[str]:
    return [block.text.plain for block in result.document.body]


def test_a_leading_zero_is_never_octal_and_is_printed_as_written_with_a_warning():
    for typed, number in (("012", 12), ("017", 17), ("0012", 12), ("0134", 134), ("005", 5)):
        result, out = load(GOOD.replace("so: 5", f"so: {typed}"))
        assert result.ok and result.document.number.number == number  # never octal, never text
        assert result.document.number.line == f"Số: {typed}/STTTT-VP"  # as the clerk wrote it (corpus 19, 20)
        assert out == [f"t.yaml:5:5: cảnh báo VB231 [so]: số `{typed}` có chữ số 0 ở đầu, được in đúng như đã ghi "
                       f"\"Số: {typed}/…\"; Nghị định 30 chỉ thêm số 0 phía trước số nhỏ hơn 10 (Phụ lục I, Mục II) "
                       f"(ghi `so: {number}` nếu cơ quan không đánh số như vậy)"]


def test_the_year_in_the_number_comes_from_the_date():
    result, out = load(GOOD.replace("so: 5", "so: 52\nnam_trong_so: true"))
    assert out == [] and result.document.number.line == "Số: 52/2021/STTTT-VP"  # ngay: 2021-02-04
    draft, out = load(GOOD.replace("so: 5", "nam_trong_so: true"))
    assert out == [] and draft.document.number.line == "Số:      /2021/STTTT-VP"
    typed, out = load(GOOD.replace("so: 5", "so: 52/2025"))
    assert not typed.ok and out == [
        "t.yaml:5:5: lỗi VB238 [so]: `so: 52/2025` ghi cả năm vào số; số là một số nguyên (ghi `so: 52` và "
        "`nam_trong_so: true` (năm 2025 lấy từ `ngay`): \"Số: 52/2025/…\")"]


def test_the_decree_form_of_a_small_number_is_no_warning():
    result, out = load(GOOD.replace("so: 5", "so: 05"))
    assert result.ok and out == [] and result.document.number.line == "Số: 05/STTTT-VP"


def test_times_booleans_and_numbers_in_text_stay_as_typed():
    lines = ["08:30", "yes", "no", "on", "off", "2021", "1.5", "012", "true", "1_000", "0x1F"]
    text = GOOD.replace("  - Đoạn một.", "\n".join(f"  - {line}" for line in lines))
    text = text.replace("kinh_gui: [Sở Y tế, Sở Nội vụ]", "kinh_gui: [Sở Y tế, 08:30]")
    text = text.replace("ky_hieu: STTTT-VP", "ky_hieu: STTTT-VP\nnguoi_soan_thao: 012")
    result, out = load(text)
    assert out == []
    assert body(result) == lines
    assert result.document.distribution.addressees == ("Sở Y tế", "08:30")
    assert result.document.distribution.drafter == "012"


def test_unquoted_label_lines_are_the_text_written_byte_for_byte():
    written = [
        "Thời gian: 8 giờ 00 ngày 05/9/2025, tại Hội trường Ủy ban nhân dân tỉnh",
        "Lưu ý: các đơn vị gửi báo cáo (b/c) trước ngày 10/9/2025.",
        "Đơn vị chủ trì: Sở Nội vụ",
        "Nhiệm vụ:",
    ]
    text = GOOD.replace("  - Đoạn một.", "\n".join(f"  - {line}" for line in written))
    text = text.replace("nguoi_ky:", "noi_nhan:\n  - TTUB: CT, các PCT\n  - Đảng ủy khối: Ban Tuyên giáo\nnguoi_ky:")
    result, out = load(text)
    assert out == []
    assert body(result) == written
    assert result.document.distribution.others == ("TTUB: CT, các PCT", "Đảng ủy khối: Ban Tuyên giáo")


def test_a_label_line_continued_below_is_folded_as_yaml_folds_plain_text():
    text = GOOD.replace("  - Đoạn một.", "  - Thời gian: 8 giờ 00,\n      ngày 05/9/2025")
    result, out = load(text)
    assert out == [] and body(result) == ["Thời gian: 8 giờ 00, ngày 05/9/2025"]


def test_a_mistyped_key_is_still_an_error_with_a_suggestion():
    result, out = load(GOOD.replace("  - Đoạn một.", "  - khoann: Đoạn một."))
    assert out == ["t.yaml:12:5: lỗi VB201 [noi_dung[0].khoann]: khóa `khoann` không hợp lệ "
                   "(có phải ý bạn là `khoan`?)"]


def test_a_second_colon_on_a_line_is_explained_in_vietnamese_with_the_fix():
    result, out = load(GOOD.replace("  - Đoạn một.", "  - Thời gian: 8 giờ: 00, tại Hội trường"))
    assert out == ['t.yaml:12:21: lỗi VB101: YAML sai cú pháp: dòng này có hai dấu ": " (hai chấm rồi dấu cách): '
                   "YAML hiểu phần trước dấu thứ nhất là khóa và không đọc được dấu thứ hai (đặt cả dòng trong dấu "
                   'ngoặc kép: - "Thời gian: 8 giờ: 00, tại Hội trường"; hoặc viết nội dung dạng văn xuôi '
                   "(noi_dung: |, mỗi đoạn một dòng, không cần dấu ngoặc kép))"]
    result, out = load(GOOD.replace("trich_yeu: thử nghiệm", "trich_yeu: Lịch: họp: thứ Hai"))
    assert out == ['t.yaml:9:16: lỗi VB101: YAML sai cú pháp: dòng này có hai dấu ": " (hai chấm rồi dấu cách): '
                   "YAML hiểu phần trước dấu thứ nhất là khóa và không đọc được dấu thứ hai (đặt cả dòng trong dấu "
                   'ngoặc kép: trich_yeu: "Lịch: họp: thứ Hai")']


def test_a_quoted_number_keeps_its_zeros_too_and_nhap_writes_both_back():
    import vanban

    result, out = load(GOOD.replace("so: 5", 'so: "0134"'))
    assert result.document.number.line == "Số: 0134/STTTT-VP" and "VB231" in out[0] and len(out) == 1
    for typed, line in (("so: 0134", "so: 0134"), ("so: 52\nnam_trong_so: true", "nam_trong_so: true")):
        result, _ = load(GOOD.replace("so: 5", typed))
        text = vanban.import_docx(vanban.render_docx(result.document), name="t.docx").text
        assert line in text.splitlines()
        assert vanban.load(text, name="t.yaml").document.number == result.document.number
