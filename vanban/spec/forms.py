"""The YAML vocabulary of an attached form (`bieu_mau`, `phu_luc`): pydantic models only.

:mod:`vanban.spec.schema` adds these lists to a spec; :mod:`vanban.forms.build` turns the
validated values into :mod:`vanban.forms.model`. Keys are Vietnamese without diacritics.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from .tables import ROW_LABEL_KEY, BangSpec, CotSpec  # noqa: F401 (re-exported)
from .types import Lines


def _wrap(key: str):
    def convert(value: Any) -> Any:
        return {key: value} if isinstance(value, str) else value
    return convert


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


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


class BieuMauSpec(BangSpec):
    """Một biểu mẫu hoặc phụ lục kèm theo văn bản (trang riêng, đánh số trang riêng)."""

    nhan: Optional[str] = Field(None, min_length=1,
                                description="Nhãn: mặc định \"Biểu mẫu số 1\" (bieu_mau) hoặc \"Phụ lục I\" (phu_luc).")
    dau_mau: Optional[Lines] = Field(None, description="Khối đầu riêng bên trái Quốc hiệu, ví dụ \"TÊN DOANH NGHIỆP……\".")
    ten: str = Field(min_length=1, description="Tên biểu mẫu/phụ lục (in hoa khi trình bày), ví dụ \"Mẫu báo cáo\".")
    trich_yeu: Optional[str] = Field(None, min_length=1, description="Dòng mô tả dưới tên, giữ nguyên chữ hoa/thường.")
    huong: Literal["tu_dong", "doc", "ngang"] = Field(
        "tu_dong", description="Hướng trang: tự động (ngang khi bảng rộng), dọc hoặc ngang.")
    ghi_chu: Optional[Lines] = Field(None, description="Các dòng ghi chú dưới bảng.")
    ngay_ky: bool = Field(False, description="Thêm dòng \"…, ngày … tháng … năm …\" trên các chức danh ký.")
    ky: list[KyItem] = Field(default_factory=list, description="Chức danh ký dưới bảng, ví dụ Người lập biểu.")
    don_vi_bao_cao: list[DonViItem] = Field(
        default_factory=list, description="Các đơn vị phải điền và gửi lại (để tạo tệp Excel riêng và tổng hợp).")
