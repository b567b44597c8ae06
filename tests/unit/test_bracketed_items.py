"""Items numbered in brackets "(1)", "(2)" (#17; corpus 11, 15, 18): a numbering style of khoản lists
(`dau: "(1)"`), typed the same way in a prose body; derived, never taken from what was typed."""

from __future__ import annotations

import vanban
from vanban.spec.loader import load_spec_text
from test_loader import GOOD

PROSE = GOOD.replace("""noi_dung:
  - Đoạn một.
""", """noi_dung: |
  Thủ tướng Chính phủ yêu cầu:
  1. Các tỉnh báo cáo về một số nội dung sau:
  (1) Số hộ dân có nhà bị sập.
  (2) Số hộ dân có nhà bị hư hỏng.
  (3) Tổng kinh phí cần thiết.
  Các tỉnh gửi báo cáo trước ngày 27/11/2025.
  2. Bộ Tài chính tổng hợp:
  (1) Nguồn ngân sách trung ương.
  2.1. Phân công các tỉnh hỗ trợ.
""")

LISTS = GOOD.replace("""noi_dung:
  - Đoạn một.
""", """noi_dung:
  - Thủ tướng Chính phủ yêu cầu:
  - khoan:
      - doan: "Các tỉnh báo cáo về một số nội dung sau:"
        noi_dung:
          - dau: (1)
            khoan:
              - Số hộ dân có nhà bị sập.
              - Số hộ dân có nhà bị hư hỏng.
              - Tổng kinh phí cần thiết.
          - Các tỉnh gửi báo cáo trước ngày 27/11/2025.
      - doan: "Bộ Tài chính tổng hợp:"
        noi_dung:
          - dau: (1)
            khoan:
              - Nguồn ngân sách trung ương.
          - khoan:
              - Phân công các tỉnh hỗ trợ.
""")


def text_of(spec: str) -> list[str]:
    result = load_spec_text(spec, "t.yaml")
    assert result.ok, [d.format() for d in result.diagnostics]
    return vanban.render_text(result.document).splitlines()


def test_bracketed_items_are_numbered_on_their_own_inside_a_khoan():
    lines = text_of(LISTS)
    start = lines.index("Thủ tướng Chính phủ yêu cầu:")
    assert lines[start:start + 9] == [
        "Thủ tướng Chính phủ yêu cầu:",
        "1. Các tỉnh báo cáo về một số nội dung sau:",
        "(1) Số hộ dân có nhà bị sập.",
        "(2) Số hộ dân có nhà bị hư hỏng.",
        "(3) Tổng kinh phí cần thiết.",
        "Các tỉnh gửi báo cáo trước ngày 27/11/2025.",
        "2. Bộ Tài chính tổng hợp:",
        "(1) Nguồn ngân sách trung ương.",
        "2.1. Phân công các tỉnh hỗ trợ./.",  # a khoản list beside them goes on from the khoản around them
    ]


def test_prose_builds_what_the_list_form_builds():
    assert vanban.render_docx(load_spec_text(PROSE, "t.yaml").document) == \
        vanban.render_docx(load_spec_text(LISTS, "t.yaml").document)


def test_a_typed_bracketed_number_that_skips_is_a_warning_and_the_numbers_stay_continuous():
    result = load_spec_text(PROSE.replace("(3) Tổng", "(4) Tổng"), "t.yaml")
    assert [d.format() for d in result.diagnostics] == [
        "t.yaml:16:3: cảnh báo VB232 [noi_dung]: số `(4)` gõ ở dòng 16 không liền mạch với các số trước; vanban "
        "đánh số `(3)` (bỏ số gõ tay hoặc sửa cho liền mạch)"]
    assert "(3) Tổng kinh phí cần thiết." in vanban.render_text(result.document).splitlines()


def test_only_the_two_numbering_styles_are_accepted():
    result = load_spec_text(LISTS.replace("dau: (1)", "dau: (a)", 1), "t.yaml")
    assert not result.ok and [d.code for d in result.diagnostics.errors] == ["VB204"]


def test_nhap_reads_them_back_as_such():
    data = vanban.render_docx(load_spec_text(LISTS, "t.yaml").document)
    imported = vanban.import_docx(data, name="t.docx")
    assert "dau: (1)" in imported.text
    assert vanban.render_docx(vanban.load(imported.text, name="t.yaml").document) == data
