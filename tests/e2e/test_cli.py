"""The CLI as users and scripts run it: vanban build / new / schema, and build.py."""

from __future__ import annotations

import json
import os
import runpy
import shutil
import subprocess
import sys

import pytest

from clirun import run
from conftest import DIRECTIVES, ROOT, directive_specs, outputs
from specload import spec_values
from pdfutil import soffice_program

pytestmark = pytest.mark.e2e


def test_build_directory_writes_one_docx_per_spec_deterministically(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    result = run("build", str(DIRECTIVES), "-o", str(first))
    assert result.returncode == 0, result.stderr
    assert run("build", str(DIRECTIVES), "-o", str(second)).returncode == 0
    names = outputs(first)
    assert names == sorted(f"{spec.stem}.docx" for spec in directive_specs())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert f"đã ghi {first / names[0]}" in result.stdout


def test_build_py_builds_directives_into_out(tmp_path, monkeypatch, capsys):
    work = tmp_path / "proj"
    shutil.copytree(DIRECTIVES, work / "directives")
    monkeypatch.chdir(work)
    monkeypatch.setattr(sys, "argv", ["build.py", "-q"])
    with pytest.raises(SystemExit) as exit:  # `python build.py -q`, run in this process
        runpy.run_path(str(ROOT / "build.py"), run_name="__main__")
    assert exit.value.code == 0, capsys.readouterr().err
    assert outputs(work / "out") == sorted(
        f"{spec.stem}.docx" for spec in directive_specs())


def test_python_m_vanban_is_the_command_with_its_exit_status(tmp_path):
    """The one run in a separate process: `python -m vanban` passes main()'s status and messages through."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    env.pop("VANBAN_DEBUG", None)
    result = subprocess.run([sys.executable, "-m", "vanban", "build", str(tmp_path / "nope.yaml")], cwd=tmp_path,
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1
    assert result.stderr == f"{tmp_path / 'nope.yaml'}: lỗi VB106: không tìm thấy tệp hoặc thư mục\n"


def test_bad_spec_among_good_ones(tmp_path):
    specs = tmp_path / "specs"
    shutil.copytree(DIRECTIVES, specs)
    bad = specs / "zz-bad.yaml"
    bad.write_text((DIRECTIVES / "003-thai-binh-bluezone.yaml").read_text(encoding="utf-8")
                   .replace("ngay: 2021-02-04", "ngay: 2021-02-31").replace("ky_hieu:", "ky_hieuu:"),
                   encoding="utf-8")
    out = tmp_path / "out"
    (out).mkdir()
    (out / "zz-bad.docx").write_bytes(b"previous good build")
    result = run("build", str(specs), "-o", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "zz-bad.yaml" in line]
    assert lines == [
        f"{bad}:3:1: lỗi VB202 [ky_hieu]: thiếu trường bắt buộc `ky_hieu`",
        f"{bad}:7:1: lỗi VB201 [ky_hieuu]: khóa `ky_hieuu` không hợp lệ (có phải ý bạn là `ky_hieu`?)",
        f"{bad}:9:7: lỗi VB301 [ngay]: ngày 31/2/2021 không có thật",
        f"bỏ qua {bad}: có lỗi, không ghi tệp",
    ]
    # the bad spec's previous output is untouched, the good ones are written, no temp files remain
    assert (out / "zz-bad.docx").read_bytes() == b"previous good build"
    assert outputs(out) == sorted(
        [f"{spec.stem}.docx" for spec in directive_specs()] + ["zz-bad.docx"])


def test_missing_input_is_an_error_not_a_traceback(tmp_path):
    result = run("build", str(tmp_path / "nope.yaml"), "-o", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.strip() == f"{tmp_path / 'nope.yaml'}: lỗi VB106: không tìm thấy tệp hoặc thư mục"


def test_new_cong_van_prints_a_starter_that_builds(tmp_path):
    result = run("new", "cong_van")
    assert result.returncode == 0
    assert result.stdout.startswith("# yaml-language-server: $schema=vanban.schema.json\n")
    spec = tmp_path / "moi.yaml"
    spec.write_text(result.stdout, encoding="utf-8")
    built = run("build", str(spec), "-o", str(tmp_path))
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""
    assert (tmp_path / "moi.docx").stat().st_size > 5000


def test_new_with_output_writes_the_starter_and_the_schema_it_names_beside_it(tmp_path):
    """Offline editors: the starter's `$schema=` is a path relative to the spec, and the file is there."""
    target = tmp_path / "van-ban" / "thu.yaml"
    result = run("new", "cong_van", "-o", str(target), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    schema = tmp_path / "van-ban" / "vanban.schema.json"
    assert result.stdout.splitlines() == [f"đã ghi {target}", f"đã ghi {schema}"]
    text = target.read_text(encoding="utf-8")
    assert text == run("new", "cong_van").stdout
    reference = text.splitlines()[0].removeprefix("# yaml-language-server: $schema=")
    assert "://" not in reference and (target.parent / reference).resolve() == schema
    assert json.loads(schema.read_text(encoding="utf-8")) == json.loads(run("schema").stdout)
    built = run("build", str(target), "-o", str(tmp_path / "out"))
    assert built.returncode == 0 and built.stderr == "", built.stderr
    # a second starter in the same folder keeps the schema there; an existing spec is never overwritten
    schema.write_text("{}\n", encoding="utf-8")
    assert run("new", "quyet_dinh", "-o", str(tmp_path / "van-ban" / "qd.yaml")).stdout == (
        f"đã ghi {tmp_path / 'van-ban' / 'qd.yaml'}\n")
    assert schema.read_text(encoding="utf-8") == "{}\n"
    target.write_text("thư đang viết", encoding="utf-8")
    again = run("new", "cong_van", "-o", str(target))
    assert again.returncode == 1 and again.stdout == ""
    assert again.stderr == (f"{target}: lỗi VB111: không ghi được: đã có tệp trùng tên "
                            "(chọn tên khác, hoặc xóa tệp cũ nếu không cần nữa)\n")
    assert target.read_text(encoding="utf-8") == "thư đang viết"


def test_starters_name_the_schema_offline_and_validate_against_it():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml
    from vanban.model import DocumentType

    validator = _validator(jsonschema, json.loads(run("schema").stdout))
    for loai in (kind.value for kind in DocumentType):  # the 29 types of Điều 7
        text = run("new", loai).stdout
        assert text.startswith("# yaml-language-server: $schema=vanban.schema.json\n"), loai
        assert "vanban.dev" not in text, loai
        validator.validate(spec_values(yaml.safe_load(text)))


def test_schema_output_file(tmp_path):
    for extra, name in (([], "vanban.schema.json"), (["--danh-ba"], "danh-ba.schema.json")):
        target = tmp_path / "sub" / name
        result = run("schema", *extra, "-o", str(target))
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"đã ghi {target}\n"
        assert target.read_text(encoding="utf-8") == run("schema", *extra).stdout
        assert target.read_text(encoding="utf-8") == (ROOT / "schema" / name).read_text(encoding="utf-8")


def _validator(jsonschema, schema: dict):
    """One validator for many documents (``jsonschema.validate`` checks the large schema itself on every call)."""
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_schema_is_the_committed_one_and_specs_name_it():
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert {"type": "string", "minLength": 1} in schema["properties"]["trich_yeu"]["anyOf"]
    assert set(schema["required"]) >= {"co_quan", "ky_hieu", "dia_danh", "ngay", "nguoi_ky"}
    assert len(schema["properties"]["loai"]["enum"]) == 29
    # keys required by one type only are if/then rules per type (a spec without `loai` is a công văn)
    rules = {rule["if"]["properties"]["loai"]["const"]: rule for rule in schema["allOf"]}
    assert set(rules["cong_van"]["then"]["required"]) == {"trich_yeu", "kinh_gui", "noi_dung"}
    assert "required" not in rules["cong_van"]["if"]
    assert set(rules["quyet_dinh"]["then"]["required"]) >= {"tham_quyen_ban_hanh", "can_cu"}
    committed = (ROOT / "schema" / "vanban.schema.json").read_text(encoding="utf-8")
    assert json.loads(committed) == schema, "run: vanban schema > schema/vanban.schema.json"
    for spec in directive_specs():
        assert spec.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=../schema/vanban.schema.json"), spec


def test_specs_validate_against_the_json_schema():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    validator = _validator(jsonschema, json.loads((ROOT / "schema" / "vanban.schema.json").read_text(encoding="utf-8")))
    for spec in directive_specs():
        data = spec_values(yaml.safe_load(spec.read_text(encoding="utf-8")))
        validator.validate(data)
    decision = spec_values(yaml.safe_load((DIRECTIVES / "011-thai-binh-quyet-dinh-quy-che.yaml").read_text(encoding="utf-8")))
    del decision["tham_quyen_ban_hanh"]
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(decision)
    letter = spec_values(yaml.safe_load((DIRECTIVES / "003-thai-binh-bluezone.yaml").read_text(encoding="utf-8")))
    letter["can_cu"] = ["Căn cứ …"]
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(letter)


@pytest.mark.libreoffice
def test_libreoffice_opens_the_letters(tmp_path):
    soffice = soffice_program()
    out = tmp_path / "docx"
    assert run("build", str(DIRECTIVES), "-o", str(out)).returncode == 0
    profile = tmp_path / "profile"
    result = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                             "txt:Text (encoded):UTF8", "--outdir", str(tmp_path / "txt"),
                             *map(str, sorted(out.iterdir()))], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    for spec in directive_specs():
        text = (tmp_path / "txt" / f"{spec.stem}.txt").read_text(encoding="utf-8-sig")
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Nơi nhận:" in text and "./." in text
