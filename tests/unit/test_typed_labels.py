"""No repeated labels (#17 point 5): a label vanban prints itself, typed again in its value ("Lưu: VT" in `luu`,
"Kính gửi:" in `kinh_gui`, "TM." in `thay_mat`, "Chủ trì:" in a giấy mời …), is taken off with a warning VB340
that names what is printed, at the value's file:line:col; a list entry that is only the label is left out."""

from __future__ import annotations

import pytest
import yaml

import vanban
from clirun import run
from vanban.cli import starter_text
from vanban.spec.labels import LABELS, label_key, typed_label


def _spec(loai: str, edit) -> str:
    data = yaml.safe_load(starter_text(loai))
    edit(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _set(path: tuple, value):
    def edit(data):
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value(node.get(path[-1])) if callable(value) else value
    return edit


def _load(text: str):
    result = vanban.load(text, name="thu.yaml")
    assert result.document is not None, [d.format() for d in result.diagnostics]
    return result


#: (type, path of the value, what is typed (from the value as the starter has it), the line the text must show)
CASES = [
    ("cong_van", ("luu",), lambda v: "Lưu: VT, KGVX", "- Lưu: VT, KGVX."),
    ("cong_van", ("luu",), lambda v: ["Lưu: VT", "KGVX"], "- Lưu: VT, KGVX."),
    ("cong_van", ("kinh_gui",), lambda v: ["Kính gửi: Sở Y tế", "Sở Tài chính"], "- Sở Y tế;"),
    ("cong_van", ("kinh_gui",), lambda v: "Kính gửi: Sở Y tế", "Kính gửi: Sở Y tế"),
    ("cong_van", ("nguoi_ky", "ky_thay"), lambda v: "KT. Giám đốc", "KT. GIÁM ĐỐC"),
    ("quyet_dinh", ("nguoi_ky", "thay_mat"), lambda v: "TM. Ủy ban nhân dân tỉnh", "TM. ỦY BAN NHÂN DÂN TỈNH"),
    ("giay_moi", ("giay_moi", "toi_du"), lambda v: "Tới dự: " + v, "Tới dự cuộc họp triển khai ứng dụng Bluezone."),
    ("giay_moi", ("giay_moi", "chu_tri"), lambda v: "Chủ trì: " + v, "Chủ trì: Đồng chí Giám đốc Sở Thông tin và "
                                                                    "Truyền thông."),
    ("giay_gioi_thieu", ("giay_gioi_thieu", "ho_ten"), lambda v: "Ông (bà): " + v, "Ông (bà): Nguyễn Văn B"),
    ("giay_gioi_thieu", ("giay_gioi_thieu", "ve_viec"), lambda v: "Về việc: " + v,
     "Về việc: hướng dẫn cài đặt ứng dụng Bluezone"),
    ("bien_ban", ("bien_ban", "chu_tri"), lambda v: "Chủ trì: " + v, "Chủ trì (chủ tọa): Ông Nguyễn Văn A, Giám đốc Sở."),
    ("bien_ban", ("bien_ban", "thu_ky"), lambda v: "Thư ký: " + v, "Thư ký (người ghi biên bản): Bà Nguyễn Thị C, "
                                                                  "chuyên viên."),
    ("giay_nghi_phep", ("nghi_phep", "tai"), lambda v: "Tại: " + v, "Tại: xã Hòa Khánh Tây, huyện Đức Hòa, tỉnh Long An./."),
    ("hop_dong", ("nguoi_ky", "dai_dien"), lambda v: "Đại diện " + v, "ĐẠI DIỆN BÊN A"),
]


@pytest.mark.parametrize("loai, path, typed, line", CASES, ids=lambda c: c if isinstance(c, str) else None)
def test_a_typed_label_is_taken_off_with_a_warning_saying_what_is_printed(loai, path, typed, line):
    clean = _load(_spec(loai, lambda data: None))
    result = _load(_spec(loai, _set(path, typed)))
    text = vanban.render_text(result.document)
    assert line in text.splitlines(), text
    for label in ("Lưu: Lưu", "Kính gửi: Kính gửi", "TM. TM.", "KT. KT.", "Tới dự Tới dự", "Chủ trì: Chủ trì",
                  "Ông (bà): Ông (bà)", "Về việc: Về việc", "Chủ trì (chủ tọa): Chủ trì", "Thư ký (người ghi biên bản): Thư",
                  "Tại: Tại", "ĐẠI DIỆN ĐẠI DIỆN"):
        assert label.lower() not in text.lower()
    warnings = [d for d in result.diagnostics if d.code == "VB340"]
    assert warnings and all(d.severity.value == "warning" for d in warnings)
    assert all(d.position.line > 1 and d.path.startswith(path[0]) for d in warnings)
    assert all("vanban tự in nhãn" in d.message for d in warnings)
    assert not [d for d in clean.diagnostics if d.code == "VB340"]


def test_the_warning_names_the_printed_line_and_its_position():
    text = _spec("cong_van", _set(("luu",), "Lưu: VT, KGVX"))
    result = _load(text)
    warning, = [d for d in result.diagnostics if d.code == "VB340"]
    line = next(n for n, src in enumerate(text.splitlines(), 1) if src.startswith("luu:"))
    assert (warning.path, warning.position.line) == ("luu[0]", line)
    assert warning.message == ("\"Lưu:\" ở đầu giá trị đã được bỏ: vanban tự in nhãn \"Lưu:\"; in ra: "
                               "\"Lưu: VT, KGVX\"")
    assert warning.hint == "chỉ ghi `VT, KGVX`"


def test_an_entry_that_is_only_the_label_is_left_out():
    text = _spec("cong_van", lambda d: (d["noi_nhan"].insert(0, "Nơi nhận:"), d.update(kinh_gui=["kính gửi:",
                                                                                               *d["kinh_gui"]])))
    result = _load(text)
    out = vanban.render_text(result.document).splitlines()
    assert out.count("Nơi nhận:") == 1 and "- Nơi nhận:;" not in out and "- kính gửi:;" not in out
    warnings = {d.path: d.message for d in result.diagnostics if d.code == "VB340"}
    assert warnings == {"noi_nhan[0]": "dòng \"Nơi nhận:\" đã được bỏ: vanban tự in nhãn \"Nơi nhận:\"",
                        "kinh_gui[0]": "dòng \"kính gửi:\" đã được bỏ: vanban tự in nhãn \"Kính gửi:\""}


@pytest.mark.parametrize("path, value", [
    (("luu", 0), "Lưu trữ"),  # a unit, not the label
    (("kinh_gui", 0), "Kính gửi các đồng chí"),  # no ":" after it
    (("giay_moi", "kinh_moi", 0), "Đại diện lãnh đạo Sở Y tế"),
    (("nguoi_ky", "thay_mat"), "Tmđ"),
    (("ben_kia", "dai_dien"), "Đại diện"),  # only the label: kept for the schema's own message (not a list)
])
def test_values_that_only_look_like_a_label_are_kept(path, value):
    found = typed_label(value, path)
    assert found is None or not found.rest


def test_every_label_of_the_table_is_recognised_in_each_spelling():
    for key, (printed, others) in LABELS.items():
        path = ("nguoi_ky", key[1]) if key[0] == "*" else key
        assert label_key(path) == key
        for spelling in (printed, *others):
            found = typed_label(f"{spelling} Nội dung", path)
            assert found is not None and found.printed == printed and found.rest == "Nội dung", (key, spelling)
            assert typed_label(f"{spelling.upper()} Nội dung", path) is not None


def test_check_and_build_report_it_from_the_cli(tmp_path):
    spec = tmp_path / "thu.yaml"
    spec.write_text(_spec("cong_van", _set(("luu",), "Lưu: VT, KGVX")), encoding="utf-8")
    result = run("check", str(spec))
    assert result.returncode == 0
    assert "cảnh báo VB340 [luu[0]]" in result.stdout + result.stderr


def test_a_number_typed_in_the_list_form_is_taken_off():
    """The list form: "dieu: Điều 1. Phạm vi", "chuong: Chương I. …", "- 1. Quy chế này …", "- a) …" would print the
    label vanban numbers itself twice; the warning says what is printed (the computed number, not the typed one)."""
    text = """\
loai: quyet_dinh
co_quan: {ten: Ủy ban nhân dân tỉnh Thái Bình}
so: 12
ky_hieu: UBND
dia_danh: Thái Bình
ngay: 2021-02-06
trich_yeu: ban hành quy chế
tham_quyen_ban_hanh: Chủ tịch Ủy ban nhân dân tỉnh Thái Bình
can_cu: [Căn cứ Luật Tổ chức chính quyền địa phương]
noi_dung:
  - chuong: Chương I. Quy định chung
    noi_dung:
      - dieu: Điều 3. Phạm vi điều chỉnh
        noi_dung:
          - khoan:
              - 1. Quy chế này quy định nguyên tắc.
              - doan: "2. Quy chế này áp dụng:"
                noi_dung:
                  - diem:
                      - a) các sở, ban, ngành.
                      - b) Ủy ban nhân dân các huyện.
  - chuong: Tổ chức thực hiện
    noi_dung:
      - dieu: Hiệu lực
        noi_dung: [Quyết định này có hiệu lực từ ngày ký.]
noi_nhan: [Như Điều 3]
nguoi_ky: {chuc_vu: Chủ tịch, ho_ten: Nguyễn Văn A}
"""
    result = _load(text)
    lines = vanban.render_text(result.document, settings=False).splitlines()
    assert lines[lines.index("Chương I") + 1] == "QUY ĐỊNH CHUNG"
    assert "Điều 1. Phạm vi điều chỉnh" in lines
    assert "1. Quy chế này quy định nguyên tắc." in lines and "2. Quy chế này áp dụng:" in lines
    assert "a) các sở, ban, ngành." in lines and "b) Ủy ban nhân dân các huyện." in lines
    warnings = {d.path: d.message for d in result.diagnostics if d.code == "VB340"}
    assert warnings["noi_dung[0].noi_dung[0].dieu"] == ("\"Điều 3.\" ở đầu giá trị đã được bỏ: vanban tự in nhãn "
                                                       "\"Điều 1.\"; in ra: \"Điều 1. Phạm vi điều chỉnh\"")
    assert set(warnings) == {"noi_dung[0].chuong", "noi_dung[0].noi_dung[0].dieu",
                             "noi_dung[0].noi_dung[0].noi_dung[0].khoan[0]",
                             "noi_dung[0].noi_dung[0].noi_dung[0].khoan[1]",
                             "noi_dung[0].noi_dung[0].noi_dung[0].khoan[1].noi_dung[0].diem[0]",
                             "noi_dung[0].noi_dung[0].noi_dung[0].khoan[1].noi_dung[0].diem[1]"}


@pytest.mark.parametrize("kind, value", [
    ("khoan", "1.000 người đã cài đặt"), ("khoan", "2021 là năm"), ("diem", "a)b"), ("dieu", "điều 5 của Luật"),
    ("muc_la_ma", "VIỆC CẦN LÀM"), ("chuong", "Chương trình hành động"),
])
def test_text_that_only_starts_like_a_number_is_kept(kind, value):
    from vanban.spec.labels import typed_marker

    assert typed_marker(value, kind, "x") is None
