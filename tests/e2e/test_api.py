"""The Python API (``import vanban``) and the pipeline behind the CLI: the README example runs, every option
works in every mode or is refused with a code, user mistakes are coded errors (never exit 70)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import vanban
from vanban.cli import build_parser, main
from conftest import DIRECTIVES, ROOT, outputs

SEED = DIRECTIVES / "003-thai-binh-bluezone.yaml"
EXAMPLE = ROOT / "examples" / "tung-noi-nhan" / "002-long-an-tung-huyen.yaml"
DATA = ROOT / "examples" / "tung-noi-nhan" / "so-lieu-huyen.csv"


def readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- api-example", 1)[1]
    return re.search(r"```python\n(.*?)```", block, re.S).group(1)


def test_the_readme_api_example_runs():
    code = readme_example()
    assert 8 <= len(code.strip().splitlines()) <= 12
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    data = namespace["render_letter"](SEED.read_text(encoding="utf-8"))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert "tiếp tục đẩy mạnh cài đặt ứng dụng Bluezone" in package.read("word/document.xml").decode("utf-8")
    with pytest.raises(ValueError, match=r"thu\.yaml:\d+:\d+: lỗi VB201"):
        namespace["render_letter"](SEED.read_text(encoding="utf-8").replace("ky_hieu:", "ky_hieuu:"))
    with pytest.raises(ValueError, match="ND30-PL1-II-7c.1"):  # a rule of the decree, not a load error
        namespace["render_letter"](SEED.read_text(encoding="utf-8").replace("ho_ten: Trần", "ho_ten: TS. Trần"))


def test_api_names_and_version():
    from importlib.metadata import version

    assert 'version = { attr = "vanban.version.__version__" }' in (ROOT / "pyproject.toml").read_text()
    assert vanban.__version__ == version("vanban")
    for name in ("load", "render_docx", "build", "check", "diff", "BuildOptions", "BuildResult", "LoadResult"):
        assert getattr(vanban, name) is not None
    with pytest.raises(AttributeError):
        vanban.khong_co


def test_import_vanban_is_cheap():
    code = "import sys, vanban; print(sorted(m for m in sys.modules if m.startswith(('vanban', 'docx', 'pydantic'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['vanban', 'vanban.version']"


def test_load_accepts_a_path_text_or_bytes_and_build_matches_the_cli(tmp_path):
    by_path = vanban.load(SEED)
    by_text = vanban.load(SEED.read_text(encoding="utf-8"), name=str(SEED))
    by_bytes = vanban.load(SEED.read_bytes(), name=str(SEED))
    assert by_path.ok and by_path.document == by_text.document == by_bytes.document
    result = vanban.build(SEED, vanban.BuildOptions(output=tmp_path / "api"))
    assert result.ok and result.written == [tmp_path / "api" / f"{SEED.stem}.docx"]
    assert main(["build", str(SEED), "-o", str(tmp_path / "cli"), "-q"]) == 0
    assert result.written[0].read_bytes() == (tmp_path / "cli" / f"{SEED.stem}.docx").read_bytes()
    assert result.written[0].read_bytes() == vanban.render_docx(by_path.document)


def test_diff_returns_an_exit_status(tmp_path, capsys):
    edited = tmp_path / "moi.yaml"
    edited.write_text(SEED.read_text(encoding="utf-8").replace("ngay: 2021-02-04", "ngay: 2021-02-05"),
                      encoding="utf-8")
    assert main(["diff", str(SEED), str(edited)]) == 0
    assert capsys.readouterr().out == "Ngày ban hành: 04/02/2021 → 05/02/2021\n"
    assert [c.to_dict()["loai"] for c in vanban.diff(SEED, edited)] == ["sửa"]


def test_output_onto_an_existing_file_is_a_coded_error(tmp_path, capsys):
    target = tmp_path / "out"
    target.write_text("not a folder")
    assert main(["build", str(SEED), "-o", str(target)]) == 1
    assert capsys.readouterr().err == f"{target}: lỗi VB111: thư mục ghi kết quả đã là một tệp (chọn thư mục khác bằng -o)\n"
    assert target.read_text() == "not a folder"


def test_a_read_only_output_folder_is_a_coded_error(tmp_path, capsys):
    import os

    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        assert main(["build", str(SEED), "-o", str(folder)]) == 1
    finally:
        folder.chmod(0o700)
    assert "lỗi VB111: không ghi được: không có quyền ghi" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["not-docx", "no-styles"])
def test_an_unusable_template_is_a_coded_error_before_anything_is_written(tmp_path, capsys, kind):
    template = tmp_path / "mau.docx"
    if kind == "not-docx":
        template.write_text("xin chào")
        expected = "lỗi VB112: tệp mẫu Word không dùng được: không phải tệp .docx hợp lệ"
    else:
        import docx

        docx.Document().save(str(template))  # python-docx's stock template: none of vanban's styles
        expected = 'lỗi VB112: tệp mẫu Word thiếu các kiểu của vanban: "VB Cơ quan chủ quản"'
    for command in (["build", str(SEED), "-o", str(tmp_path / "out")],
                    ["diff", str(SEED), str(SEED), "--redline", str(tmp_path / "r.docx")]):
        assert main(command + ["--template", str(template)]) == 1
        assert expected in capsys.readouterr().err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert not (tmp_path / "r.docx").exists()


def test_a_broken_pipe_ends_quietly():
    """`vanban diff … | head -1`: the reader has gone; no English exception, no exit 70."""
    child = (
        "import io, os, sys\n"
        "from vanban.cli import main\n"
        "r, w = os.pipe(); os.close(r)\n"  # a reader that has gone
        "sys.stdout = io.TextIOWrapper(os.fdopen(w, 'wb'), encoding='utf-8')\n"
        f"code = main(['diff', {str(SEED)!r}, {str(SEED)!r}, '--format', 'json'])\n"
        "sys.stderr.write(f'exit {code}')\n"
    )
    result = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=60)
    assert result.stderr == "exit 141"


# --------------------------------------------------------------------------- options in every mode


def test_options_that_need_per_recipient_mode_are_usage_errors(tmp_path, capsys):
    for option in (["--so-lieu", str(DATA)], ["--ten-tep", "x"], ["--gop"]):
        assert main(["build", str(EXAMPLE), "-o", str(tmp_path)] + option) == 2
        assert f"lỗi VB113: {option[0]} chỉ dùng với --tung-noi-nhan" in capsys.readouterr().err
    assert main(["build", str(SEED), "-o", str(tmp_path), "--pdf", "--pdf-a"]) == 2
    assert "lỗi VB113: chọn một trong --pdf và --pdf-a" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_per_recipient_runs_are_checked_and_refused_unless_forced(tmp_path, capsys):
    spec = tmp_path / "ban.yaml"
    spec.write_text(EXAMPLE.read_text(encoding="utf-8").replace("ho_ten: Trần", "ho_ten: TS. Trần"),
                    encoding="utf-8")
    (tmp_path / "recipients").symlink_to(ROOT / "recipients")
    args = ["build", str(spec), "--tung-noi-nhan", "--so-lieu", str(DATA), "-o", str(tmp_path / "out"), "-q"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "lỗi ND30-PL1-II-7c.1 [nguoi_ky.ho_ten]" in err and "vi phạm quy tắc của Nghị định 30" in err
    assert not (tmp_path / "out" / "ban").exists()
    assert main(args + ["--force"]) == 0
    assert len(list((tmp_path / "out" / "ban").glob("*.docx"))) == 15


FORM = """bieu_mau:
  - ten: Mẫu báo cáo
    trich_yeu: Kết quả cài đặt ứng dụng Bluezone
    cot:
      - {ma: stt, ten: Stt, kieu: stt}
      - {ma: dia_ban, ten: Địa bàn}
      - {ma: nguoi_dung, ten: Số người dùng, kieu: so}
    dong: [Huyện A]
nguoi_ky:"""


def test_per_recipient_runs_write_each_copys_prefilled_workbook(tmp_path):
    from openpyxl import load_workbook

    spec = tmp_path / "ban.yaml"
    spec.write_text(EXAMPLE.read_text(encoding="utf-8").replace("nguoi_ky:", FORM, 1), encoding="utf-8")
    (tmp_path / "recipients").symlink_to(ROOT / "recipients")
    result = vanban.build(spec, vanban.BuildOptions(output=tmp_path / "out", per_recipient=True, data_table=DATA,
                                                    forms_xlsx=True))
    assert result.ok and result.copies == 15
    copies = sorted(result.folder.glob("*.docx"))
    workbooks = sorted(result.folder.glob("*.xlsx"))
    assert [w.stem for w in workbooks] == [c.stem for c in copies]
    rows = {row[0]: row for row in (r.strip().split(",") for r in DATA.read_text(encoding="utf-8").splitlines()[1:])}
    first = workbooks[0]
    sheet = load_workbook(first).worksheets[0]
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any(rows[first.stem][1] in t for t in texts)  # the recipient's own dia_ban, prefilled
    assert not any("Huyện A" in t for t in texts)


def test_a_folder_of_specs_takes_the_same_options(tmp_path):
    folder = tmp_path / "specs"
    folder.mkdir()
    for name in ("003-thai-binh-bluezone.yaml", "004-binh-phuoc-bluezone.yaml"):
        (folder / name).write_bytes((DIRECTIVES / name).read_bytes())
    (tmp_path / "recipients").symlink_to(ROOT / "recipients")
    assert main(["build", str(folder), "-o", str(tmp_path / "out"), "--forms", "xlsx", "-q"]) == 0
    assert outputs(tmp_path / "out") == [
        "003-thai-binh-bluezone.docx", "004-binh-phuoc-bluezone-bieu-mau", "004-binh-phuoc-bluezone.docx",
        "004-binh-phuoc-bluezone.xlsx"]


# --------------------------------------------------------------------------- the CLI speaks Vietnamese


def test_help_is_in_vietnamese_and_every_argument_is_described(capsys):
    for argv in (["--help"], ["build", "--help"], ["danh-ba", "nhap", "--help"]):
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert "cách dùng:" in out and "tùy chọn" in out
        for english in ("usage:", "positional arguments", "options:", "show this help message"):
            assert english not in out
    parser = build_parser()
    stack = [parser]
    while stack:
        current = stack.pop()
        for action in current._actions:
            if hasattr(action, "choices") and isinstance(action.choices, dict):
                stack.extend(action.choices.values())
            assert action.help, (current.prog, action.dest)


@pytest.mark.parametrize("argv, message", [
    (["buidl", "x.yaml"], "lỗi VB114: vanban: LỆNH: lệnh `buidl` không có (có phải ý bạn là `build`?)"),
    (["new", "quyet_dnh"], "lỗi VB114: vanban new: LOAI: giá trị `quyet_dnh` không có (có phải ý bạn là `quyet_dinh`?)"),
    (["build"], "lỗi VB114: vanban build: thiếu tham số bắt buộc: SPEC_OR_DIR"),
    (["check", "x.yaml", "--khong-co"], "lỗi VB114: vanban: không hiểu tham số: --khong-co"),
    (["build", "x.yaml", "-o"], "lỗi VB114: vanban build: -o/--output cần một giá trị"),
    (["preview", "x.yaml", "--dpi", "9000"], "lỗi VB114: vanban preview: --dpi: độ phân giải phải từ 36 đến 600 dpi: 9000"),
    (["check"], "lỗi VB114: cần ít nhất một tệp .yaml hoặc .docx (hoặc --rules)"),
])
def test_command_line_mistakes_are_coded_vietnamese_usage_errors(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(message), err
    assert "usage" not in err and "invalid choice" not in err and "Traceback" not in err


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"vanban {vanban.__version__}\n"
