"""The YAML vocabulary of an attached form (`bieu_mau`, `phu_luc`): pydantic models only.

:mod:`vanban.spec.schema` adds these lists to a spec; :mod:`vanban.forms.build` turns the
validated values into :mod:`vanban.forms.model`. Keys are Vietnamese without diacritics.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from .tables import ROW_LABEL_KEY, BangSpec, CotSpec  # noqa: F401 (re-exported)

#: A name a Word form's tags can read under ``du_lieu`` (a Python/Jinja identifier).
DATA_NAME = r"^[A-Za-z_][A-Za-z0-9_]*$"
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


class DongKemTheoSpec(_Strict):
    """Dòng "(Kèm theo … số … ngày … của …)" dưới tên phụ lục (§3.16), theo cách ghi chọn."""

    cum: Literal["kem_theo", "ban_hanh_kem_theo"] = Field(
        "kem_theo", description="\"Kèm theo\" hoặc \"Ban hành kèm theo\".")
    ngay: Literal["ngan", "dai"] = Field(
        "dai", description="Ngày viết dài \"ngày 04 tháng 02 năm 2021\" như Mẫu 2.1 (mặc định, §3.16) hoặc ngắn "
                           "\"ngày 04/02/2021\".")
    co_quan: bool = Field(True, description="Ghi \"của <cơ quan, người ban hành>\" ở cuối dòng.")
    de_trong: bool = Field(False, description="Để trống số và ngày (văn bản điện tử, Phụ lục I Mục II Nghị định 30).")


def _reference(value: Any) -> Any:
    return {} if value is True else None if value is False else value


def _label(value: Any) -> Any:
    return "" if value is False else value


class BieuMauSpec(BangSpec):
    """Một biểu mẫu hoặc phụ lục kèm theo văn bản (trang riêng, đánh số trang riêng)."""

    nhan: Annotated[Optional[str], BeforeValidator(_label),
                    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, {"const": False}]})] = Field(
        None, description="Nhãn ghi nguyên văn (\"PHỤ LỤC 01\", \"Phụ lục I\"); false: không có nhãn; mặc định "
                          "\"Biểu mẫu số 1\" (bieu_mau) hoặc \"Phụ lục I\" (phu_luc).")
    dau_mau: Optional[Lines] = Field(None, description="Khối đầu riêng bên trái Quốc hiệu, ví dụ \"TÊN DOANH NGHIỆP……\".")
    ten: Optional[Lines] = Field(None, min_length=1, description="Tên biểu mẫu/phụ lục (in hoa khi trình bày); một "
                                 "chuỗi, hoặc danh sách các dòng nếu muốn tự ngắt dòng. Bắt buộc, trừ khi có `mau_word` "
                                 "(mẫu Word có tên riêng).")
    cot: Optional[list[CotSpec]] = Field(None, min_length=1, description="Các cột của bảng (có thể nhóm cột); bắt buộc "
                                         "với biểu mẫu, trừ khi có `mau_word`.")
    mau_word: Optional[str] = Field(None, min_length=1, description="Mẫu Word riêng của cơ quan (tệp .docx có thẻ Jinja "
                                    "kiểu docxtpl, đường dẫn tính từ thư mục của đặc tả), in thay cho bảng: vanban điền "
                                    "các thẻ {{ du_lieu.x }}, {{ van_ban.so_ky_hieu }}, và khi gửi từng nơi nhận "
                                    "{{ noi_nhan.ten }}, {{ so_lieu.cot }}.")
    du_lieu: Optional[dict[Annotated[str, Field(pattern=DATA_NAME)], Any]] = Field(
        None, description="Các giá trị điền vào mẫu Word (`mau_word`): tên → giá trị (chữ, số, ngày, danh sách, bảng "
                          "khóa), đọc trong mẫu bằng {{ du_lieu.ten }}.")
    kem_theo: Annotated[Optional[DongKemTheoSpec], BeforeValidator(_reference),
                        WithJsonSchema({"anyOf": [{"type": "boolean"}, DongKemTheoSpec.model_json_schema()]})] = Field(
        default_factory=DongKemTheoSpec, description="Dòng \"(Kèm theo …)\": true (mặc định), false (không có), hoặc "
                                                 "{cum, ngay, co_quan, de_trong}.")
    trich_yeu: Optional[str] = Field(None, min_length=1, description="Dòng mô tả dưới tên, giữ nguyên chữ hoa/thường.")
    huong: Literal["tu_dong", "doc", "ngang"] = Field(
        "tu_dong", description="Hướng trang: tự động (ngang khi bảng rộng), dọc hoặc ngang.")
    ghi_chu: Optional[Lines] = Field(None, description="Các dòng ghi chú dưới bảng.")
    ngay_ky: bool = Field(False, description="Thêm dòng \"…, ngày … tháng … năm …\" trên các chức danh ký.")
    ky: list[KyItem] = Field(default_factory=list, description="Chức danh ký dưới bảng, ví dụ Người lập biểu.")
    don_vi_bao_cao: list[DonViItem] = Field(
        default_factory=list, description="Các đơn vị phải điền và gửi lại (để tạo tệp Excel riêng và tổng hợp).")


from .schema import BlockSpec  # noqa: E402 (the body blocks of a phụ lục; the schema imports this module lazily)


class PhuLucSpec(BieuMauSpec):
    """Một phụ lục (Điều 8.3.a, §3.16): nhãn, tên, dòng "Kèm theo", rồi bảng (nếu có `cot`) và các khối nội dung
    bất kỳ (mục, đoạn văn, khoản, bảng); phụ lục chỉ có chữ là phụ lục không có `cot`."""

    cot: Optional[list[CotSpec]] = Field(None, min_length=1, description="Các cột của bảng (không có: phụ lục chỉ "
                                                                         "có nội dung chữ).")
    noi_dung: list[BlockSpec] = Field(default_factory=list, description="Nội dung sau bảng (hoặc thay bảng): mục "
                                                                        "I., đoạn văn, khoản, bảng `bang`.")
