"""The YAML vocabulary of an attached form (`bieu_mau`, `phu_luc`): pydantic models only.

:mod:`vanban.spec.schema` adds these lists to a spec; :mod:`vanban.forms.build` turns the
validated values into :mod:`vanban.forms.model`. Keys are Vietnamese without diacritics.
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Any, Literal, Optional

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from .types import Lines

#: The key under which a row written as a plain string keeps its text (the row's label).
ROW_LABEL_KEY = "_nhan"


def _wrap(key: str):
    def convert(value: Any) -> Any:
        return {key: value} if isinstance(value, str) else value
    return convert


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
    rong: Optional[float] = Field(None, gt=3, le=400, description="Độ rộng cột, mm (mặc định theo kiểu cột).")
    thap_phan: Optional[int] = Field(None, ge=0, le=6,
                                     description="Số chữ số thập phân (so: mặc định 0, tức số nguyên; ty_le: 2).")
    cong_thuc: Optional[str] = Field(None, min_length=1,
                                     description="Cột tính: \"a / b\" (kiểu ty_le) hoặc \"a + b - c\" (kiểu so), theo mã cột.")
    cot: Optional[list["CotSpec"]] = Field(None, min_length=1, description="Các cột con của nhóm (tiêu đề gộp ô).")


CotSpec.model_rebuild()

def _scalars(value: dict) -> dict:
    for key, item in value.items():
        if item is not None and not isinstance(item, (str, int, float, _dt.date)):
            raise PydanticCustomError("vb_row", "giá trị của ô `{key}` phải là chữ, số hoặc ngày", {"key": key})
    return value


def _total(value: Any) -> Any:
    if value is True:
        return "Tổng cộng"
    if value is False:
        return None
    return value


RowSpec = Annotated[
    dict[str, Any],
    BeforeValidator(_wrap(ROW_LABEL_KEY)),
    AfterValidator(_scalars),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1},
                              {"type": "object", "additionalProperties": {"type": ["string", "number", "null"]}}],
                    "description": "Một dòng: chuỗi (tên dòng, vào cột chữ đầu tiên) hoặc bảng mã cột: giá trị."}),
]


class KySpec(_Strict):
    """Một chức danh ký dưới bảng."""

    chuc_danh: str = Field(min_length=1, description="Ví dụ \"Người lập biểu\", \"Thủ trưởng đơn vị\".")
    chu_thich: Optional[str] = Field(None, min_length=1, description="Dòng nghiêng dưới chức danh, ví dụ \"(Ký, ghi rõ họ tên)\".")


KyItem = Annotated[KySpec, BeforeValidator(_wrap("chuc_danh")),
                   WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, KySpec.model_json_schema()]})]


class DonViSpec(_Strict):
    """Một đơn vị phải điền và gửi lại biểu mẫu."""

    ten: str = Field(min_length=1, description="Tên đơn vị báo cáo.")
    ma: Optional[str] = Field(None, min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
                              description="Mã đơn vị (không dấu), ghi ẩn trong tệp Excel gửi đi; mặc định lấy từ tên.")


DonViItem = Annotated[DonViSpec, BeforeValidator(_wrap("ten")),
                      WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, DonViSpec.model_json_schema()]})]


class BieuMauSpec(_Strict):
    """Một biểu mẫu hoặc phụ lục kèm theo văn bản (trang riêng, đánh số trang riêng)."""

    nhan: Optional[str] = Field(None, min_length=1,
                                description="Nhãn: mặc định \"Biểu mẫu số 1\" (bieu_mau) hoặc \"Phụ lục I\" (phu_luc).")
    dau_mau: Optional[Lines] = Field(None, description="Khối đầu riêng bên trái Quốc hiệu, ví dụ \"TÊN DOANH NGHIỆP……\".")
    ten: str = Field(min_length=1, description="Tên biểu mẫu/phụ lục (in hoa khi trình bày), ví dụ \"Mẫu báo cáo\".")
    trich_yeu: Optional[str] = Field(None, min_length=1, description="Dòng mô tả dưới tên, giữ nguyên chữ hoa/thường.")
    don_vi_tinh: Optional[str] = Field(None, min_length=1, description="\"Đơn vị tính: …\" trên bảng.")
    huong: Literal["tu_dong", "doc", "ngang"] = Field(
        "tu_dong", description="Hướng trang: tự động (ngang khi bảng rộng), dọc hoặc ngang.")
    cot: list[CotSpec] = Field(min_length=1, description="Các cột của bảng (có thể nhóm cột).")
    danh_so_cot: bool = Field(False, description="Thêm dòng đánh số cột (1) (2) (3) … dưới tiêu đề.")
    dong: list[RowSpec] = Field(default_factory=list, description="Các dòng cho sẵn (ví dụ mọi huyện của tỉnh).")
    so_dong_trong: Optional[int] = Field(None, ge=0, le=1000,
                                         description="Số dòng trống để điền thêm (mặc định 1 khi không có `dong`).")
    tong_cong: Annotated[Optional[str], BeforeValidator(_total),
                         WithJsonSchema({"type": ["boolean", "string"]})] = Field(
        None, description="Dòng tổng cộng: true (\"Tổng cộng\") hoặc nhãn khác.")
    ghi_chu: Optional[Lines] = Field(None, description="Các dòng ghi chú dưới bảng.")
    ngay_ky: bool = Field(False, description="Thêm dòng \"…, ngày … tháng … năm …\" trên các chức danh ký.")
    ky: list[KyItem] = Field(default_factory=list, description="Chức danh ký dưới bảng, ví dụ Người lập biểu.")
    don_vi_bao_cao: list[DonViItem] = Field(
        default_factory=list, description="Các đơn vị phải điền và gửi lại (để tạo tệp Excel riêng và tổng hợp).")
