"""#14, phần 7: the JSON Schema accepts the prose body and the list form, speaks Vietnamese, and flags a key
the document type does not use on that key (not on `loai`)."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import ROOT
from specload import spec_values
from vanban.spec.schema import json_schema


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_both_forms_of_the_body_validate(validator):
    folder = ROOT / "tests" / "fixtures" / "prose"
    for name in ("ke-hoach-van-xuoi.yaml", "ke-hoach-danh-sach.yaml"):
        data = spec_values(yaml.safe_load((folder / name).read_text(encoding="utf-8")))
        assert [e.message for e in validator.iter_errors(data)] == [], name
    prose = spec_values(yaml.safe_load((folder / "ke-hoach-van-xuoi.yaml").read_text(encoding="utf-8")))
    assert isinstance(prose["noi_dung"], str)


def test_a_key_foreign_to_the_type_is_flagged_on_the_key(validator):
    data = spec_values(yaml.safe_load((ROOT / "tests" / "fixtures" / "prose" / "ke-hoach-van-xuoi.yaml")
                                 .read_text(encoding="utf-8")))
    data["can_cu"] = ["Căn cứ Luật Tổ chức chính quyền địa phương"]
    errors = list(validator.iter_errors(data))
    assert [list(error.path) for error in errors] == [["can_cu"]]
    assert errors[0].schema["errorMessage"] == "khóa `can_cu` không dùng cho kế hoạch"


def test_titles_are_vietnamese_and_never_internal_names():
    text = json.dumps(json_schema(), ensure_ascii=False)
    assert "Spec" not in text
    schema = json_schema()
    assert schema["properties"]["noi_dung"]["title"] == "Nội dung"
    assert schema["properties"]["so"]["title"] == "Số"
    assert schema["$defs"]["khoan"]["title"] == "Danh sách khoản 1. 2. 3."
    titles = {d["title"] for d in schema["$defs"].values() if "title" in d}
    assert all(not title.isascii() or title in ("Fax",) for title in titles), titles
