"""The pydantic models of tables and forms are built on first use (start-up of a plain letter, README "Start-up"):
validated through :class:`vanban.spec.schema.LazyModel`, they give the same errors at the same places, the same
"did you mean", the same vocabulary and the same JSON Schema as when they were part of the spec's model."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from vanban.spec import loader, schema as s
from test_loader import GOOD
from specload import formatted


def test_the_vocabulary_holds_every_key_of_the_lazy_models():
    every = loader.model_keys([s.VanBanSpec, s.ItemSpec], lazy=True)
    assert every >= loader.model_keys([one.model() for one in (s.BANG_BLOCK, s.NHOM_ROW, s.PHU_LUC, s.BIEU_MAU)])
    assert loader.VOCABULARY == every
    assert s.LAZY_VOCABULARY <= every


@pytest.mark.parametrize("where, data", [
    (("noi_dung", 0, "bang"), {"noi_dung": [{"bang": {"cot": [{"ten": "", "kieu": "x", "rongg": 1}], "dong": [{}]}}]}),
    (("phu_luc", 0), {"phu_luc": [{"ten": "A", "cot": [{"ten": "B", "thap_phan": 9}], "tong_cong": 5, "x": 1}]}),
    (("bieu_mau", 0), {"bieu_mau": [{"cot": [], "ky": [3], "don_vi_bao_cao": [{"ma": "?"}]}]}),
])
def test_errors_are_the_models_own_at_the_fields_place(where, data):
    """What the lazy field reports is what the model reports, under the field's location."""
    base = {"co_quan": {"ten": "Sở"}, "ky_hieu": "STTTT-VP", "dia_danh": "Thái Bình", "ngay": "2021-02-04",
            "nguoi_ky": {"chuc_vu": "Giám đốc"}}
    with pytest.raises(ValidationError) as whole:
        s.VanBanSpec.model_validate({**base, **data})
    part = data[where[0]][where[1]]
    model = {"noi_dung": s.BANG_BLOCK, "phu_luc": s.PHU_LUC, "bieu_mau": s.BIEU_MAU}[where[0]].model()
    with pytest.raises(ValidationError) as alone:
        model.model_validate(part)
    tag = ("bang",) if where[0] == "noi_dung" else ()  # the union's tag pydantic puts after the list index
    expected = [{**e, "loc": where[:2] + tag + tuple(e["loc"])} for e in alone.value.errors(include_url=False)]
    assert whole.value.errors(include_url=False) == expected and expected


def test_did_you_mean_inside_a_body_table_and_an_appendix():
    spec = GOOD.replace("  - Đoạn một.", "  - bang:\n      cot: [{ten: Tên, kieuu: chu}]\n      dong: [Một]")
    spec += "phu_luc:\n  - ten: Danh sách\n    noi_dung:\n      - bang: {cot: [{ten: A, thap_phann: 1}]}\n"
    assert formatted(spec) == [
        "t.yaml:13:24: lỗi VB201 [noi_dung[0].bang.cot[0].kieuu]: khóa `kieuu` không hợp lệ (có phải ý bạn là "
        "`kieu`?)",
        "t.yaml:22:31: lỗi VB201 [phu_luc[0].noi_dung[0].bang.cot[0].thap_phann]: khóa `thap_phann` không hợp lệ "
        "(có phải ý bạn là `thap_phan`?)",
    ]


def test_the_moved_models_are_still_names_of_the_schema():
    from vanban.spec import forms, tables

    assert (s.PhuLucSpec, s.BieuMauSpec, s.BangBlockSpec, s.CotSpec, s.NhomSpec) == (
        forms.PhuLucSpec, forms.BieuMauSpec, tables.BangBlockSpec, tables.CotSpec, tables.NhomSpec)
    with pytest.raises(AttributeError):
        s.NoSuchSpec  # noqa: B018


def test_the_json_schema_describes_the_lazy_models_as_the_committed_one():
    """Editors validate with schema/vanban.schema.json (`make schema`): the lazy fields give the models' schema."""
    import json
    from pathlib import Path

    committed = json.loads((Path(__file__).resolve().parents[2] / "schema" / "vanban.schema.json").read_text("utf-8"))
    generated = s.json_schema()
    assert generated == committed
    assert generated["properties"]["phu_luc"]["items"] == {"$ref": "#/$defs/phuluc"}
    assert {"phuluc", "bieu_mau", "cot", "bangblock", "bang", "nhom"} <= set(generated["$defs"])
