"""#14: the prose body (`noi_dung: |`) builds the model the list form builds; sub-numbering; underline."""

from __future__ import annotations

import textwrap

from vanban import model as m
from vanban.model.walk import walk
from vanban.spec.inline import parse_inline
from specload import load_formatted as load
from test_loader import GOOD

HEAD = GOOD.split("noi_dung:")[0]
TAIL = "nguoi_ky:" + GOOD.split("nguoi_ky:")[1]


def spec(body: str, head: str = HEAD) -> str:
    return head + body + TAIL


def outline(doc) -> list[str]:
    lines = []
    for step in walk(doc.body):
        node = step.node
        if isinstance(node, m.Paragraph):
            lines.append(node.text.plain)
        elif isinstance(node, m.ListItem):
            lines.append(f"{node.label} {node.text.plain}")
        elif isinstance(node, m.Article):
            lines.append(f"{node.label} {(node.title or node.text).plain}")
        else:
            lines.append(f"{node.label} {node.title}")
    return lines


PROSE = """\
noi_dung: |
  Để tiếp tục thực hiện Công văn số 12/UBND-VX, Ủy ban nhân dân tỉnh yêu cầu:
  1. Sở Y tế: chủ trì, phối hợp với các đơn vị
     liên quan triển khai thực hiện.
  2. Sở Thông tin và Truyền thông:
  - Thời gian: 8 giờ 00, ngày 05/9/2025 #1
  - Lưu ý: các đơn vị gửi báo cáo (b/c) trước ngày 10/9/2025.
  + Thành phần: "Tổ công tác" của Sở
  a) Điểm một;
  b) Điểm hai.
  Nhận Công văn này, yêu cầu các đơn vị khẩn trương thực hiện.
"""

LIST = """\
noi_dung:
  - "Để tiếp tục thực hiện Công văn số 12/UBND-VX, Ủy ban nhân dân tỉnh yêu cầu:"
  - khoan:
      - "Sở Y tế: chủ trì, phối hợp với các đơn vị liên quan triển khai thực hiện."
      - doan: "Sở Thông tin và Truyền thông:"
        noi_dung:
          - gach:
              - "Thời gian: 8 giờ 00, ngày 05/9/2025 #1"
              - "Lưu ý: các đơn vị gửi báo cáo (b/c) trước ngày 10/9/2025."
            - noi_dung: x
"""


def test_prose_body_is_the_list_form():
    result, out = load(spec(PROSE))
    assert out == []
    assert outline(result.document) == [
        "Để tiếp tục thực hiện Công văn số 12/UBND-VX, Ủy ban nhân dân tỉnh yêu cầu:",
        "1. Sở Y tế: chủ trì, phối hợp với các đơn vị liên quan triển khai thực hiện.",
        "2. Sở Thông tin và Truyền thông:",
        "- Thời gian: 8 giờ 00, ngày 05/9/2025 #1",
        "- Lưu ý: các đơn vị gửi báo cáo (b/c) trước ngày 10/9/2025.",
        '+ Thành phần: "Tổ công tác" của Sở',
        "a) Điểm một;",
        "b) Điểm hai.",
        "Nhận Công văn này, yêu cầu các đơn vị khẩn trương thực hiện.",
    ]


PLAN = """\
loai: ke_hoach
co_quan:
  ten: Sở Thông tin và Truyền thông
so: 215
ky_hieu: STTTT
dia_danh: Long An
ngay: 2020-08-18
trich_yeu: triển khai cài đặt ứng dụng Bluezone
noi_dung: |
  Thực hiện Công văn số 4937/UBND-VHXH, Sở xây dựng Kế hoạch như sau:
  I. MỤC ĐÍCH, YÊU CẦU
  1. **Mục đích**
  Nâng tỷ lệ người dùng cài đặt ứng dụng lên tối thiểu 60%.
  2. Yêu cầu
  2.1. Triển khai khẩn trương;
  2.2. Số liệu chính xác:
  2.2.1. Báo cáo hằng ngày;
  2.2.3. Báo cáo tuần.
  II. NHIỆM VỤ
  1. Tuyên truyền:
  a) Phát tin nhắn;
  c) In tờ rơi.
  1. Hỗ trợ cài đặt tận nơi.
noi_nhan:
  - UBND tỉnh (b/c)
nguoi_ky:
  chuc_vu: Giám đốc
  ho_ten: Nguyễn Văn Thảo
"""


def test_plan_levels_sub_numbering_and_warnings_naming_the_line():
    result, out = load(PLAN)
    assert outline(result.document) == [
        "Thực hiện Công văn số 4937/UBND-VHXH, Sở xây dựng Kế hoạch như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "Nâng tỷ lệ người dùng cài đặt ứng dụng lên tối thiểu 60%.",
        "2. Yêu cầu",
        "2.1. Triển khai khẩn trương;",
        "2.2. Số liệu chính xác:",
        "2.2.1. Báo cáo hằng ngày;",
        "2.2.2. Báo cáo tuần.",
        "II. NHIỆM VỤ",
        "1. Tuyên truyền:",
        "a) Phát tin nhắn;",
        "b) In tờ rơi.",
        "2. Hỗ trợ cài đặt tận nơi.",
    ]
    items = [step.node for step in walk(result.document.body) if isinstance(step.node, m.ListItem)]
    assert items[0].titled and not items[1].titled
    assert out == [
        "t.yaml:18:3: cảnh báo VB232 [noi_dung]: số `2.2.3.` gõ ở dòng 18 không liền mạch với các số trước; "
        "vanban đánh số `2.2.2.` (bỏ số gõ tay hoặc sửa cho liền mạch)",
        "t.yaml:22:3: cảnh báo VB232 [noi_dung]: số `c)` gõ ở dòng 22 không liền mạch với các số trước; "
        "vanban đánh số `b)` (bỏ số gõ tay hoặc sửa cho liền mạch)",
        "t.yaml:23:3: cảnh báo VB232 [noi_dung]: số `1.` gõ ở dòng 23 không liền mạch với các số trước; "
        "vanban đánh số `2.` (bỏ số gõ tay hoặc sửa cho liền mạch)",
    ]


def test_a_khoan_nested_in_a_khoan_in_the_list_form_is_numbered_under_it():
    body = textwrap.dedent("""\
        noi_dung:
          - khoan:
              - doan: Chuẩn bị
                noi_dung:
                  - khoan: [Rà soát, doan: Tổng hợp]
              - Thực hiện
        """)
    body = body.replace("doan: Tổng hợp", "{doan: Tổng hợp, noi_dung: [khoan: [Gửi]]}")
    result, out = load(spec(body))
    assert out == []
    assert outline(result.document) == ["1. Chuẩn bị", "1.1. Rà soát", "1.2. Tổng hợp", "1.2.1. Gửi", "2. Thực hiện"]


DECISION = """\
loai: quyet_dinh
co_quan:
  ten: Ủy ban nhân dân tỉnh Thái Bình
so: 312
ky_hieu: UBND
dia_danh: Thái Bình
ngay: 2021-02-05
trich_yeu: ban hành Quy chế
tham_quyen_ban_hanh: Chủ tịch Ủy ban nhân dân tỉnh Thái Bình
can_cu:
  - Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015
noi_dung: |
  Điều 1. Ban hành kèm theo Quyết định này Quy chế {#thi_hanh}.
  Điều 3. Quyết định này có hiệu lực kể từ ngày ký.
noi_nhan:
  - Như {#thi_hanh}
nguoi_ky:
  chuc_vu: Chủ tịch
  ho_ten: Nguyễn Văn A
"""


def test_articles_in_prose_are_numbered_and_errors_point_at_their_line():
    result, out = load(DECISION)
    assert out == [
        "t.yaml:13:3: lỗi VB310 [noi_dung[0].dieu]: không có phần nào mang khóa `thi_hanh` để trích dẫn {#thi_hanh} "
        "(đặt `khoa:` cho điều được trích dẫn)",
        "t.yaml:14:3: cảnh báo VB232 [noi_dung]: số `Điều 3` gõ ở dòng 14 không liền mạch với các số trước; "
        "vanban đánh số `Điều 2` (bỏ số gõ tay hoặc sửa cho liền mạch)",
        "t.yaml:16:5: lỗi VB310 [noi_nhan[0]]: không có phần nào mang khóa `thi_hanh` để trích dẫn {#thi_hanh} "
        "(đặt `khoa:` cho điều được trích dẫn)",
    ]


def test_chapters_with_the_title_on_the_next_line():
    body = textwrap.dedent("""\
        noi_dung: |
          Chương I
          QUY ĐỊNH CHUNG
          Điều 1. Phạm vi điều chỉnh
          Quy chế này quy định việc cài đặt ứng dụng.
          Chương II. Tổ chức thực hiện
          Mục 1. Trách nhiệm
          Điều 2. Trách nhiệm của Sở
          1. Chủ trì;
          2. Phối hợp.
        """)
    head = HEAD.replace("loai: cong_van", "loai: quy_che").replace("kinh_gui: [Sở Y tế, Sở Nội vụ]\n", "")
    result, out = load(spec(body, head))
    assert out == []
    assert outline(result.document) == [
        "Chương I QUY ĐỊNH CHUNG", "Điều 1. Phạm vi điều chỉnh", "Quy chế này quy định việc cài đặt ứng dụng.",
        "Chương II Tổ chức thực hiện", "Mục 1 Trách nhiệm", "Điều 2. Trách nhiệm của Sở", "1. Chủ trì;",
        "2. Phối hợp."]


def test_a_prose_block_may_be_one_item_of_the_list_form():
    body = textwrap.dedent("""\
        noi_dung:
          - Đoạn mở đầu.
          - |
            1. Khoản một;
            2. Khoản hai.
          - khoann: x
        """)
    result, out = load(spec(body))
    assert out == ["t.yaml:16:5: lỗi VB201 [noi_dung[2].khoann]: khóa `khoann` không hợp lệ "
                   "(có phải ý bạn là `khoan`?)"]
    result, out = load(spec(body.replace("  - khoann: x\n", "  - Đoạn kết.\n")))
    assert out == []
    assert outline(result.document) == ["Đoạn mở đầu.", "1. Khoản một;", "2. Khoản hai.", "Đoạn kết."]


def test_underline_markup():
    rich = parse_inline("Ghi __gạch chân__ và **đậm**")
    assert [(s.text, s.bold, s.underline) for s in rich.spans] == [
        ("Ghi ", False, False), ("gạch chân", False, True), (" và ", False, False), ("đậm", True, False)]


def test_real_style_prose_fixture_has_no_quotes_renders_as_written_and_equals_the_list_form():
    """Done-when of #14: ≥150 lines of prose with labels, times, "Lưu ý:", "(b/c)", quoted names, "#", dashes,
    leading zeros; not one quoted YAML string; the list form of the same document gives the same .docx bytes."""
    import yaml

    from vanban import app
    from vanban.render.text import render_text
    from conftest import ROOT

    folder = ROOT / "tests" / "fixtures" / "prose"
    prose_path, list_path = folder / "ke-hoach-van-xuoi.yaml", folder / "ke-hoach-danh-sach.yaml"
    source = prose_path.read_text(encoding="utf-8")
    body = source.split("noi_dung: |\n")[1].split("\nnoi_nhan:")[0].split("\n")
    assert len(body) >= 150
    scalars = [node for node in _nodes(yaml.compose(source)) if isinstance(node, yaml.ScalarNode)]
    assert [node.value for node in scalars if node.style in ("'", '"')] == []
    prose, listed = app.load(prose_path), app.load(list_path)
    assert prose.ok and listed.ok
    assert [d.code for d in prose.diagnostics] == [] and [d.code for d in listed.diagnostics] == []
    assert app.render_docx(prose.document) == app.render_docx(listed.document)
    # every line written (its marker aside) is a paragraph of the letter, continuation lines joined by a space
    rendered = render_text(prose.document)
    paragraphs = []
    for line in body:
        if line.startswith("    "):
            paragraphs[-1] += " " + line.strip()
        else:
            paragraphs.append(line.strip())
    for paragraph in paragraphs:
        text = paragraph.split(" ", 1)[1] if _MARKER.match(paragraph) else paragraph
        assert text.replace("**", "") in rendered or text.upper() in rendered, text


_MARKER = __import__("re").compile(r"^(?:[IVX]+\.|\d+(?:\.\d+)*\.|[a-zđ]\)|[-+*]) ")


def _nodes(node):
    yield node
    if isinstance(node.value, list):
        for child in node.value:
            if isinstance(child, tuple):
                for part in child:
                    yield from _nodes(part)
            else:
                yield from _nodes(child)
