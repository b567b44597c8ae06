"""The YAML vocabulary of a table (`bang` in the body; the table of a `phu_luc` or `bieu_mau`): pydantic only.

:mod:`vanban.spec.tables_build` turns the validated values into :mod:`vanban.model.tables`. Keys are
Vietnamese without diacritics. A row is a string (its label), a list of cells, a mapping of column codes,
or a group (`nhom`) with its own rows (`dong`) at any depth.
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag,
                      WithJsonSchema)
from pydantic_core import PydanticCustomError

#: The key under which a row written as a plain string keeps its text (the row's label).
ROW_LABEL_KEY = "_nhan"
#: The key under which a row written as a list keeps its cells (in the order of the input columns).
ROW_CELLS_KEY = "_o"
#: The key of a sub-row: its cells merged with the row above (`true`: every cell left blank; or a list of
#: column codes).
MERGE_KEY = "gop_tren"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class CotSpec(_Strict):
    """Một cột của bảng, hoặc một nhóm cột (có `cot` con) có tiêu đề gộp ô."""

    ten: str = Field(min_length=1, description="Tiêu đề cột (hoặc tiêu đề nhóm).")
    ma: Optional[str] = Field(None, min_length=1, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$",
                              description="Mã cột (chữ không dấu), dùng trong `dong` và `cong_thuc`; mặc định cot1, cot2 …")
    kieu: Literal["stt", "chu", "so", "ty_le", "ngay"] = Field(
        "chu", description="stt: số thứ tự tự tính; chu: chữ; so: số ≥ 0; ty_le: phần trăm; ngay: ngày.")
    don_vi: Optional[str] = Field(None, min_length=1, description="Đơn vị tính, in dưới tiêu đề: \"(người)\".")
    rong: Optional[float] = Field(None, gt=3, le=400,
                                  description="Độ rộng cột, mm; bảng được co giãn vừa khổ giấy, giữ tỷ lệ giữa các cột.")
    can: Optional[Literal["trai", "giua", "phai"]] = Field(
        None, description="Canh lề: trái, giữa, phải (mặc định: số canh phải, stt và ngày ở giữa, chữ canh trái).")
    cong: bool = Field(True, description="Cột số được cộng ở dòng nhóm và dòng tổng (false cho đơn giá, tỷ số …).")
    thap_phan: Optional[int] = Field(None, ge=0, le=6,
                                     description="Số chữ số thập phân (so: mặc định 0, tức số nguyên; ty_le: 2).")
    cong_thuc: Optional[str] = Field(None, min_length=1,
                                     description="Cột tính: \"a / b\" (kiểu ty_le) hoặc \"a + b - c\" (kiểu so), theo mã cột.")
    cot: Optional[list["CotSpec"]] = Field(None, min_length=1, description="Các cột con của nhóm (tiêu đề gộp ô).")


CotSpec.model_rebuild()

_SCALAR = (str, int, float, _dt.date)


def _item_row(value: Any) -> Any:
    if isinstance(value, str):
        return {ROW_LABEL_KEY: value}
    if isinstance(value, list):
        return {ROW_CELLS_KEY: value}
    return value


def _scalars(value: dict) -> dict:
    for key, item in value.items():
        if key == MERGE_KEY:
            if item is True or item is False or (isinstance(item, list) and item
                                                   and all(isinstance(one, str) and one for one in item)):
                continue
            raise PydanticCustomError("vb_row", "`gop_tren` là true hoặc danh sách mã cột gộp với ô của dòng trên",
                                      {})
        if key == ROW_CELLS_KEY:
            for n, one in enumerate(item, 1):
                if one is not None and not isinstance(one, _SCALAR):
                    raise PydanticCustomError("vb_row", "ô thứ {n} của dòng phải là chữ, số hoặc ngày", {"n": n})
        elif item is not None and not isinstance(item, _SCALAR):
            raise PydanticCustomError("vb_row", "giá trị của ô `{key}` phải là chữ, số hoặc ngày", {"key": key})
    return value


ItemRowSpec = Annotated[
    dict[str, Any],
    BeforeValidator(_item_row),
    AfterValidator(_scalars),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1},
                              {"type": "array", "items": {"type": ["string", "number", "null"]}},
                              {"type": "object",
                               "properties": {MERGE_KEY: {
                                   "anyOf": [{"type": "boolean"},
                                             {"type": "array", "items": {"type": "string", "minLength": 1},
                                              "minItems": 1}],
                                   "description": "Dòng phụ: gộp ô với dòng trên (true: mọi ô để trống, kể cả "
                                                  "số thứ tự; hoặc danh sách mã cột)."}},
                               "additionalProperties": {"type": ["string", "number", "null"]}}],
                    "description": "Một dòng: chuỗi (tên dòng, vào cột chữ đầu tiên), danh sách các ô (theo thứ tự "
                                   "các cột không tự tính) hoặc bảng mã cột: giá trị; `gop_tren` gộp ô với dòng "
                                   "trên."}),
]


Numbering = Literal["la_ma", "so", "so_noi", "chu", "gach", "khong"]


class NhomSpec(BaseModel):
    """Một dòng nhóm ("I. Chi thường xuyên"): số thứ tự theo cấp tự tính, các dòng con ở `dong`.

    Các khóa khác là mã cột: giá trị ghi trên dòng nhóm (tổng của nhóm gõ tay được đối chiếu với tổng tính)."""

    model_config = ConfigDict(extra="allow", frozen=True, str_strip_whitespace=True)

    nhom: str = Field(min_length=1, description="Tên nhóm, ghi vào cột chữ đầu tiên.")
    dong: list["RowSpec"] = Field(default_factory=list, description="Các dòng của nhóm (dòng hoặc nhóm con).")
    ca_dong: bool = Field(False, description="Ghi số và tên nhóm trong một ô gộp cả dòng (\"I. TÊN NHÓM\").")
    danh_so: Optional[Numbering] = Field(  # type: ignore[valid-type]
        None, description="Cách đánh số các dòng trực tiếp của nhóm (la_ma, so, so_noi, chu, gach, khong), khi "
                          "khác cách đánh số chung của cấp đó (nhóm này đánh \"-\", nhóm bên cạnh đánh 1, 2, 3).")


def _row_kind(value: Any) -> str | None:
    if isinstance(value, NhomSpec) or (isinstance(value, dict) and "nhom" in value):
        return "nhom_dong"
    if isinstance(value, (str, list, dict)):
        return "muc_dong"
    return None


RowSpec = Annotated[
    Union[Annotated[NhomSpec, Tag("nhom_dong")], Annotated[ItemRowSpec, Tag("muc_dong")]],
    Discriminator(_row_kind, custom_error_type="vb_row",
                  custom_error_message="mỗi dòng là một chuỗi, một danh sách ô, một bảng mã cột: giá trị, "
                                       "hoặc một nhóm có `nhom` và `dong`"),
]
NhomSpec.model_rebuild()


def _total(value: Any) -> Any:
    if value is True:
        return {}
    if value is False:
        return None
    if isinstance(value, str):
        return {"nhan": value}
    return value


class TongCongSpec(BaseModel):
    """Dòng tổng cộng: nhãn, vị trí; các khóa khác là mã cột: tổng gõ tay, được đối chiếu với tổng tính."""

    model_config = ConfigDict(extra="allow", frozen=True, str_strip_whitespace=True)

    nhan: str = Field("Tổng cộng", min_length=1, description="Nhãn của dòng, ví dụ \"TỔNG SỐ\".")
    vi_tri: Literal["tren", "duoi"] = Field("duoi", description="Dòng tổng ở trên (ngay dưới tiêu đề) hay dưới cùng.")


TongCong = Annotated[Optional[TongCongSpec], BeforeValidator(_total),
                     WithJsonSchema({"anyOf": [{"type": "boolean"}, {"type": "string", "minLength": 1},
                                               {"type": "object"}],
                                     "description": "Dòng tổng cộng: true (\"Tổng cộng\"), một nhãn, hoặc "
                                                    "{nhan, vi_tri: tren|duoi, <mã cột>: tổng gõ tay}."})]

class BangSpec(_Strict):
    """Một bảng: các cột, các dòng (có thể chia nhóm nhiều cấp), dòng tổng cộng."""

    don_vi_tinh: Optional[str] = Field(None, min_length=1,
                                       description="Dòng đơn vị tính trên bảng, ghi nguyên văn: \"ĐVT: triệu đồng\" "
                                                   "(không có \":\" thì in \"Đơn vị tính: …\").")
    cot: list[CotSpec] = Field(min_length=1, description="Các cột của bảng (có thể nhóm cột).")
    danh_so_cot: bool = Field(False, description="Thêm dòng đánh số cột (1) (2) (3) … dưới tiêu đề.")
    danh_so: Optional[list[Numbering]] = Field(  # type: ignore[valid-type]
        None, min_length=1, description="Cách đánh số thứ tự theo cấp: la_ma (I), so (1), so_noi (1.1), chu (a), "
                                        "gach (-), khong; mặc định [so], hoặc [la_ma, so, chu, gach] khi có nhóm.")
    stt_lien_tuc: bool = Field(False, description="Số thứ tự các dòng chạy liên tục qua các nhóm (1 … 6 ở nhóm I, "
                                                   "7 … 9 ở nhóm II) thay vì bắt đầu lại từ 1 trong mỗi nhóm.")
    cong_nhom: bool = Field(False, description="Dòng nhóm ghi tổng các dòng của nhóm ở các cột số.")
    dong: list[RowSpec] = Field(default_factory=list, description="Các dòng (dòng, hoặc nhóm có `nhom` và `dong`).")
    so_dong_trong: Optional[int] = Field(None, ge=0, le=1000,
                                         description="Số dòng trống để điền thêm (mặc định 1 khi không có `dong`).")
    tong_cong: TongCong = Field(None)


class BangBlockSpec(_Strict):
    """Một bảng trong nội dung văn bản (báo cáo, kế hoạch, công văn …)."""

    bang: BangSpec
