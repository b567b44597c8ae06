"""Gửi từng nơi nhận: templates in the sandbox, data joins, file names, the fast renderer, the run folder."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from vanban import ooxml
from vanban.copies import batch
from vanban.copies.data import load_table
from vanban.copies.fast import FastRenderer
from vanban.copies.personalize import personalize
from vanban.copies.templating import SecurityError, phan_tram, render, so, ngay
from vanban.diagnostics import UserError
from vanban.render.docx import render_docx
from vanban import load

from conftest import ROOT

EXAMPLE = ROOT / "examples" / "tung-noi-nhan" / "002-long-an-tung-huyen.yaml"
DATA = ROOT / "examples" / "tung-noi-nhan" / "so-lieu-huyen.csv"


@pytest.fixture(scope="module")
def example():
    result = load(EXAMPLE)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.document


@pytest.fixture(scope="module")
def registry():
    from vanban.registry import load_registry

    return load_registry(ROOT / "recipients")[0]


@pytest.fixture
def variant(tmp_path, registry):
    """The example spec with one text replaced, loaded (the spec sits in tmp_path: the registry is passed)."""

    def make(old: str, new: str):
        text = EXAMPLE.read_text(encoding="utf-8")
        assert old in text
        path = tmp_path / "variant.yaml"
        path.write_text(text.replace(old, new), encoding="utf-8")
        result = load(path, registry=registry)
        assert result.ok, [d.format() for d in result.diagnostics]
        return result.document

    return make


def messages(exc: UserError) -> list[str]:
    return [d.format() for d in exc.diagnostics]


# --------------------------------------------------------------------------- filters and sandbox


def test_vietnamese_filters():
    assert so(187315) == "187.315"
    assert so(Decimal("1234.5")) == "1.234,5"
    assert so(3, 2) == "3,00"
    assert phan_tram(Decimal("0.0109")) == "1,09%"
    assert phan_tram(0.6, 0) == "60%"
    assert ngay(dt.date(2020, 8, 20)) == "20/8/2020"
    assert render("{{ so_lieu.n | so }} người ({{ so_lieu.t | phan_tram }})",
                  {"so_lieu": {"n": 187315, "t": Decimal("0.0109")}}) == "187.315 người (1,09%)"


@pytest.mark.parametrize("template, code", [
    ("{{ ''.__class__ }}", "VB622"),
    ("{{ noi_nhan.__class__.__mro__ }}", "VB622"),
    ("{{ so_lieu['__dict__'] }}", "VB622"),
    ("{% include 'recipients/long-an-2020.yaml' %}", "VB626"),
    ("{% import 'x' as y %}", "VB626"),
    ("{{ cycler.__init__.__globals__ }}", "VB622"),
    ("{{ noi_nhan.ten", "VB621"),
    ("{{ so_lieux.ty_le }}", "VB623"),
    ("{{ so_lieu.ty_le | phantram }}", "VB623"),
])
def test_unsafe_or_wrong_templates_are_load_errors(template, code):
    text = EXAMPLE.read_text(encoding="utf-8").replace("{{ so_lieu.dia_ban }}", template)
    result = load(text, name=str(EXAMPLE))
    assert not result.ok
    found = [d for d in result.diagnostics.errors]
    assert {d.code for d in found} == {code}, [d.format() for d in found]
    assert found[0].path == "noi_dung[0]" and found[0].position.line == 18


def test_sandbox_blocks_at_run_time_too(example, tmp_path, variant):
    # attr() hides the attribute name from the static check; the sandbox still refuses it
    doc = variant("{{ so_lieu.dia_ban }}", "{{ noi_nhan | attr('__class__') }}")
    with pytest.raises(UserError) as caught:
        batch.plan(doc, batch.Options(outdir=tmp_path, table=DATA))
    assert {d.code for d in caught.value.diagnostics} == {"VB622"}
    with pytest.raises(SecurityError):
        render("{{ ''|attr('__class__') }}", {})


# --------------------------------------------------------------------------- data joins


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_row_extra_row_bad_value_and_empty_cell(example, tmp_path):
    rows = DATA.read_text(encoding="utf-8").splitlines()
    rows = [r for r in rows if not r.startswith("la-ubnd-huyen-duc-hue,")]  # missing row
    rows = [r.replace("21450,", "hai mươi nghìn,") if r.startswith("la-ubnd-tp-tan-an") else r for r in rows]
    rows = [r.replace(",0.0885,", ",,") if r.startswith("la-ubnd-huyen-ben-luc") else r for r in rows]
    rows.append("la-ubnd-huyen-ben-lucc,huyện X,1,0.1,0.6,2020-08-20")  # extra row
    table = write_csv(tmp_path / "so-lieu.csv", "\n".join(rows) + "\n")
    with pytest.raises(UserError) as caught:
        batch.plan(example, batch.Options(outdir=tmp_path, table=table))
    assert sorted(messages(caught.value)) == sorted([
        f"{table}: lỗi VB636: không có dòng số liệu cho nơi nhận `la-ubnd-huyen-duc-hue` (Ủy ban nhân dân huyện "
        "Đức Huệ)",
        f"{table}:2:3: lỗi VB624 [noi_dung[0]]: nơi nhận `la-ubnd-tp-tan-an` (Ủy ban nhân dân thành phố Tân An): "
        f"giá trị `hai mươi nghìn` ở cột `nguoi_dung` không phải một số (bộ lọc `so`) (mẫu ở {EXAMPLE}:18:5)",
        f"{table}:16:1: cảnh báo VB634: dòng thừa: mã `la-ubnd-huyen-ben-lucc` không nằm trong Kính gửi "
        "(có phải ý bạn là `la-ubnd-huyen-ben-luc`?)",
        f"{EXAMPLE}:18:5: lỗi VB625 [noi_dung[0]]: nơi nhận `la-ubnd-huyen-ben-luc` (Ủy ban nhân dân huyện Bến "
        f"Lức): thiếu số liệu `so_lieu.ty_le` (ô trống hoặc thiếu cột `ty_le` ở dòng {table}:4:1)",
    ])  # (sorted: the order of two files' names depends on where the repository is)


def test_table_problems(example, tmp_path):
    table = write_csv(tmp_path / "t.csv", "Ma;x\nla-a;1\n")
    with pytest.raises(UserError) as caught:
        batch.plan(example, batch.Options(outdir=tmp_path, table=table))
    assert messages(caught.value) == [f"{table}:1:1: lỗi VB632: dòng tiêu đề thiếu cột `ma` (mã nơi nhận) "
                                      "(đổi tên cột `ma` thành `ma`?)"]
    table = write_csv(tmp_path / "t2.csv", "ma;x\nla-a;1,5\nla-a;2\n")
    found, diags = load_table(table)
    assert found.rows["la-a"] == {"ma": "la-a", "x": Decimal("1.5")}  # ";" file: decimal comma
    assert [d.format() for d in diags] == [f"{table}:3:1: lỗi VB635: mã `la-a` lặp lại (đã có ở {table}:2:1)"]


def test_xlsx_table_keeps_cell_types_and_addresses(example, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Số liệu"
    sheet.append(["ma", "dia_ban", "nguoi_dung", "ty_le", "muc_tieu", "han"])
    for row in csv.reader(DATA.read_text(encoding="utf-8").splitlines()[1:]):
        sheet.append([row[0], row[1], int(row[2]), float(row[3]), float(row[4]), dt.datetime.fromisoformat(row[5])])
    sheet["C3"] = "chưa có"
    path = tmp_path / "so-lieu.xlsx"
    workbook.save(path)
    table, diags = load_table(path)
    assert not diags.errors
    assert table.rows["la-ubnd-tp-tan-an"]["ty_le"] == Decimal("0.1542")
    assert table.rows["la-ubnd-tp-tan-an"]["han"] == dt.date(2020, 8, 20)
    with pytest.raises(UserError) as caught:
        batch.plan(example, batch.Options(outdir=tmp_path, table=path))
    assert messages(caught.value)[0].startswith(
        f"{path}[Số liệu!C3]: lỗi VB624 [noi_dung[0]]: nơi nhận `la-ubnd-tx-kien-tuong`")


# --------------------------------------------------------------------------- file names


@pytest.mark.parametrize("name, safe", [
    ("la-ubnd-huyen-ben-luc", "la-ubnd-huyen-ben-luc"),
    ("UBND huyện Bến Lức", "UBND-huyện-Bến-Lức"),
    ("../../etc/passwd", "etc-passwd"),
    ("..", "ban"),
    ("", "ban"),
    ("CON", "_CON"),
    ("nul.txt", "_nul.txt"),
    ("a<b>:c\"d|e?f*g\\h/i", "a-b-c-d-e-f-g-h-i"),
    ("tab\tand\nnewline\x07bell", "tab-and-newline-bell"),
    (" .hidden. ", "hidden"),
])
def test_safe_filenames(name, safe):
    assert batch.safe_filename(name) == safe


def test_long_names_are_cut_at_a_character_boundary():
    name = batch.safe_filename("Ủy ban nhân dân xã " * 20)
    assert len(name.encode("utf-8")) <= batch.MAX_NAME_BYTES
    assert name.encode("utf-8").decode("utf-8") == name and not name.endswith("-")


def test_file_name_template_and_collisions(example, tmp_path):
    work = batch.plan(example, batch.Options(outdir=tmp_path, table=DATA,
                                             name_template="4937-{{ so_lieu.dia_ban }}"))
    assert work.names[0] == "4937-thành-phố-Tân-An.docx"
    with pytest.raises(UserError) as caught:
        batch.plan(example, batch.Options(outdir=tmp_path, table=DATA, name_template="{{ so_lieu.muc_tieu }}"))
    assert messages(caught.value)[0] == (
        "?: lỗi VB642 [--ten-tep]: bản của `la-ubnd-tx-kien-tuong` và của `la-ubnd-tp-tan-an` cùng tên tệp "
        "`0.6.docx` (thêm {{ noi_nhan.ma }} vào mẫu tên tệp)")


# --------------------------------------------------------------------------- the copies


def plain_copy(doc, work, i):
    r = work.recipients[i]
    row = work.table.rows.get(r.id) if work.table is not None else None
    return render_docx(personalize(doc, r, r.addressed_as, work.filled[i].__getitem__, row))


def test_fast_path_is_byte_identical_to_the_plain_renderer(example, tmp_path, variant):
    # a templated trích yếu puts a hole in docProps/core.xml as well as in document.xml
    templated = variant("trich_yeu: đẩy mạnh triển khai cài đặt ứng dụng Bluezone trên địa bàn tỉnh",
                        "trich_yeu: đẩy mạnh cài đặt ứng dụng Bluezone trên địa bàn {{ so_lieu.dia_ban }} & <khác>")
    # a templated trích yếu is measured (balanced V/v lines): such copies are rendered the plain way
    assert not FastRenderer(templated).usable
    for doc in (example,):
        work = batch.plan(doc, batch.Options(outdir=tmp_path, table=DATA))
        fast = FastRenderer(doc)
        assert fast.usable
        for i, r in enumerate(work.recipients):
            assert fast.render(fast.values(r.addressed_as, work.filled[i])) == plain_copy(doc, work, i), r.id


def test_a_value_the_fast_path_cannot_place_falls_back_to_the_plain_renderer(tmp_path, variant):
    doc = variant("**{{ so_lieu.han | ngay }}**",
                  "**{% if so_lieu.nguoi_dung > 20000 %}{{ so_lieu.han | ngay }}{% endif %}**")
    work = batch.plan(doc, batch.Options(outdir=tmp_path, table=DATA))
    fast = FastRenderer(doc)
    empty = [i for i, values in enumerate(work.filled) if "" in values.values()]
    assert empty and fast.render(fast.values(work.recipients[empty[0]].addressed_as, work.filled[empty[0]])) is None
    folder, _ = batch.run(doc, "x", batch.Options(outdir=tmp_path, table=DATA))
    assert (folder / work.names[empty[0]]).read_bytes() == plain_copy(doc, work, empty[0])


def paragraphs(data: bytes) -> list[str]:
    root = ooxml.parse_xml(ooxml.read_part(data, "word/document.xml"))
    return [ooxml.paragraph_text(p) for p in ooxml.body_paragraphs(root)]


def test_copies_differ_only_where_they_should(example, tmp_path):
    folder, work = batch.run(example, "cv", batch.Options(outdir=tmp_path, table=DATA))
    texts = [paragraphs((folder / name).read_bytes()) for name in work.names]
    first = texts[0]
    for text, r in zip(texts, work.recipients):
        assert len(text) == len(first)
        changed = [i for i, (a, b) in enumerate(zip(first, text)) if a != b]
        row = work.table.rows[r.id]
        expected = {
            text.index(f"Kính gửi: {r.addressed_as}"),
            next(i for i, t in enumerate(text) if f"trên địa bàn {row['dia_ban']} là {so(row['nguoi_dung'])} người "
                 f"(chiếm {phan_tram(row['ty_le'])} dân số)" in t),
            next(i for i, t in enumerate(text) if f"Đảm bảo đến ngày {ngay(row['han'])} đạt tối thiểu 60%" in t),
        }
        assert set(changed) <= expected
        if r is not work.recipients[0]:
            assert text.index(f"Kính gửi: {r.addressed_as}") in changed
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân huyện Bến Lức" in texts[2]


def test_manifest_lists_every_copy_with_its_hash(example, tmp_path):
    folder, work = batch.run(example, "cv", batch.Options(outdir=tmp_path, table=DATA))
    rows = list(csv.DictReader(io.StringIO((folder / "manifest.csv").read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["tep", "ma", "ten", "email", "sha256"]
    assert [row["ma"] for row in rows] == [r.id for r in example.distribution.recipients]
    assert rows[2] == {"tep": "la-ubnd-huyen-ben-luc.docx", "ma": "la-ubnd-huyen-ben-luc",
                       "ten": "Ủy ban nhân dân huyện Bến Lức", "email": "",
                       "sha256": hashlib.sha256((folder / "la-ubnd-huyen-ben-luc.docx").read_bytes()).hexdigest()}
    assert sorted(p.name for p in folder.iterdir()) == sorted([row["tep"] for row in rows] + ["manifest.csv",
                                                                                           ".vanban-run"])


def test_merged_docx_has_every_copy_with_restarted_page_numbers(example, tmp_path):
    folder, work = batch.run(example, "cv", batch.Options(outdir=tmp_path, table=DATA, merged=True))
    merged = (folder / "cv.gop.docx").read_bytes()
    root = ooxml.parse_xml(ooxml.read_part(merged, "word/document.xml"))
    texts = [ooxml.paragraph_text(p) for p in ooxml.body_paragraphs(root)]
    assert [t for t in texts if t.startswith("Kính gửi:")] == [f"Kính gửi: {r.addressed_as}" for r in work.recipients]
    sections = list(root.iter(ooxml.qn("w:sectPr")))
    assert len(sections) == len(work.recipients)
    for sect in sections:
        assert sect.find(ooxml.qn("w:pgNumType")).get(ooxml.qn("w:start")) == "1"
        assert sect.find(ooxml.qn("w:titlePg")) is not None
    with zipfile.ZipFile(io.BytesIO(merged)) as zf:
        single = zipfile.ZipFile(folder / work.names[0])
        assert sorted(zf.namelist()) == sorted(single.namelist())


def test_interrupted_run_leaves_the_previous_folder_and_a_rerun_gives_the_same_bytes(example, tmp_path, monkeypatch):
    options = batch.Options(outdir=tmp_path, table=DATA)
    folder, _ = batch.run(example, "cv", options)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    calls = {"n": 0}
    original = FastRenderer.render

    def interrupted(self, values):
        calls["n"] += 1
        if calls["n"] == 7:
            raise KeyboardInterrupt
        return original(self, values)

    monkeypatch.setattr(FastRenderer, "render", interrupted)
    with pytest.raises(KeyboardInterrupt):
        batch.run(example, "cv", options)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cv"]  # no staging folder left
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    monkeypatch.setattr(FastRenderer, "render", original)
    # a run killed outright leaves its staging folder (with its marker); the next run removes it and writes the
    # same bytes; a folder of that name without vanban's marker is someone else's and stays
    (tmp_path / ".cv.dang-ghi-0123456789ab").mkdir()
    (tmp_path / ".cv.dang-ghi-0123456789ab" / "la-ubnd-tp-tan-an.docx").write_bytes(b"PK half")
    (tmp_path / ".cv.dang-ghi-0123456789ab" / ".vanban-run").write_text("vanban may-1-99-0123456789ab\n")
    (tmp_path / ".cv.dang-ghi-cua-toi").mkdir()
    batch.run(example, "cv", options)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cv.dang-ghi-cua-toi", "cv"]
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_free_text_kinh_gui_cannot_be_sent_per_recipient(tmp_path):
    doc = load(ROOT / "directives" / "002-long-an-bluezone.yaml").document
    with pytest.raises(UserError) as caught:
        batch.plan(doc, batch.Options(outdir=tmp_path))
    assert messages(caught.value) == [
        f"{ROOT / 'directives' / '002-long-an-bluezone.yaml'}:11:11: lỗi VB641 [kinh_gui[0]]: gửi từng nơi nhận: "
        "Kính gửi phải là mã hoặc nhóm trong danh bạ, không phải chữ tự do (ví dụ \"@tung:la-ubnd-huyen\" hoặc "
        "\"@la-so-y-te\")"]


def test_each_plainly_rendered_copy_carries_the_recipients_data_row(example, tmp_path, monkeypatch):
    seen = []
    original = render_docx

    def spying(doc, template=None):
        seen.append(dict(doc.distribution.recipients[0].data) if doc.distribution.recipients else None)
        return original(doc, template)

    monkeypatch.setattr(batch, "render_docx", spying)
    folder, work = batch.run(example, "cv", batch.Options(outdir=tmp_path, table=DATA, fast=False))
    copies = [s for s in seen if s]
    assert [c["ma"] for c in copies] == [r.id for r in work.recipients]  # each copy's model carries its row
    assert copies[2]["nguoi_dung"] == 16877
    assert (folder / work.names[2]).read_bytes() == plain_copy(example, work, 2)


@pytest.mark.parametrize("ending", ["{{ so_lieu.dia_ban }}.", "{{ so_lieu.dia_ban }}", "{{ so_lieu.dia_ban }} "])
def test_a_template_closing_the_letter_still_gets_the_right_end_mark(tmp_path, variant, ending):
    # the last paragraph gets "./." or, after a ".", "/." (§3.14): it depends on the filled value
    doc = variant("kết quả thấp hoặc không nghiêm túc thực hiện.", "kết quả thấp tại " + ending)
    work = batch.plan(doc, batch.Options(outdir=tmp_path, table=DATA))
    folder, _ = batch.run(doc, "x", batch.Options(outdir=tmp_path, table=DATA))
    for i in (0, 2):
        data = (folder / work.names[i]).read_bytes()
        assert data == plain_copy(doc, work, i)
        last = [t for t in paragraphs(data) if t.startswith("Theo chỉ đạo trên")][0]
        assert last.endswith(f"tại {work.table.rows[work.recipients[i].id]['dia_ban']}./.")


FORM = """bieu_mau:
  - ten: Mẫu báo cáo
    trich_yeu: Kết quả cài đặt ứng dụng Bluezone
    cot:
      - {ma: stt, ten: Stt, kieu: stt}
      - {ma: dia_ban, ten: Địa bàn}
      - {ma: nguoi_dung, ten: Số người dùng, kieu: so}
      - {ma: ty_le, ten: Tỷ lệ, kieu: ty_le}
      - {ma: moi_cai, ten: Số mới cài, kieu: so}
    dong: [Huyện A, Huyện B]
nguoi_ky:"""


def form_rows(data: bytes) -> list[list[str]]:
    root = ooxml.parse_xml(ooxml.read_part(data, "word/document.xml"))
    table = list(root.iter(ooxml.qn("w:tbl")))[-1]
    return [[ooxml.paragraph_text(tc) for tc in tr.iter(ooxml.qn("w:tc"))] for tr in table.iter(ooxml.qn("w:tr"))]


def test_each_copy_carries_its_own_prefilled_form(tmp_path, variant):
    doc = variant("nguoi_ky:", FORM)
    folder, work = batch.run(doc, "cv", batch.Options(outdir=tmp_path, table=DATA, merged=True))
    for i in (0, 2):
        rows = form_rows((folder / work.names[i]).read_bytes())
        data_rows = [r for r in rows if r and r[0] == "1"]
        row = work.table.rows[work.recipients[i].id]
        assert data_rows == [["1", row["dia_ban"], so(row["nguoi_dung"]), phan_tram(row["ty_le"]), ""]]
        assert not any("Huyện A" in cell for r in rows for cell in r)
    assert not FastRenderer(doc).usable  # the copies differ in their forms: rendered the plain way
    assert (folder / work.names[2]).read_bytes() == plain_copy(doc, work, 2)
    merged_bytes = (folder / "cv.gop.docx").read_bytes()
    merged = paragraphs(merged_bytes)
    assert sum(t == "MẪU BÁO CÁO" for t in merged) == len(work.recipients)
    root = ooxml.parse_xml(ooxml.read_part(merged_bytes, "word/document.xml"))
    sections = list(root.iter(ooxml.qn("w:sectPr")))
    assert len(sections) == 2 * len(work.recipients)  # the letter and its form, for every copy
    assert all(s.find(ooxml.qn("w:pgNumType")).get(ooxml.qn("w:start")) == "1" for s in sections[::2])


def test_a_value_that_does_not_fit_the_form_is_reported_with_its_cell(tmp_path, variant):
    doc = variant("nguoi_ky:", FORM)
    rows = DATA.read_text(encoding="utf-8").splitlines()
    rows[0] += ",moi_cai"
    rows[1:] = [r + (",không rõ" if r.startswith("la-ubnd-tp-tan-an") else ",5") for r in rows[1:]]
    table = write_csv(tmp_path / "t.csv", "\n".join(rows) + "\n")
    with pytest.raises(UserError) as caught:
        batch.plan(doc, batch.Options(outdir=tmp_path, table=table))
    assert messages(caught.value) == [
        f"{table}:2:7: lỗi VB624: nơi nhận `la-ubnd-tp-tan-an` (Ủy ban nhân dân thành phố Tân An): giá trị "
        "`không rõ` ở cột `moi_cai` không phải một số ≥ 0 (cột `moi_cai` của biểu mẫu)"]


def test_footnotes_are_filled_per_copy(tmp_path, registry):
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "    {{ so_lieu.ty_le | phan_tram }} dân số), chưa đạt mục tiêu đề ra.",
        "    {{ so_lieu.ty_le | phan_tram }} dân số)[^1], chưa đạt mục tiêu đề ra.").replace(
        "noi_nhan:", "chu_thich: [\"Số liệu của {{ so_lieu.dia_ban }} đến hết tháng.\"]\nnoi_nhan:", 1)
    (tmp_path / "fn.yaml").write_text(text, encoding="utf-8")
    result = load(tmp_path / "fn.yaml", registry=registry)
    assert result.ok, [d.format() for d in result.diagnostics]
    doc = result.document
    work = batch.plan(doc, batch.Options(outdir=tmp_path, table=DATA))
    fast = FastRenderer(doc)
    assert not fast.usable  # a footnote filled per copy is in word/footnotes.xml: the plain way
    filled = set()
    for i, r in enumerate(work.recipients):
        plain = plain_copy(doc, work, i)
        with zipfile.ZipFile(io.BytesIO(plain)) as z:
            notes = z.read("word/footnotes.xml").decode()
        assert "{{" not in notes and "Số liệu của " in notes
        filled.add(notes)
    assert len(filled) == len(work.recipients)  # each copy has its own area in its footnote
