"""The YAML vocabulary of a spec, as pydantic models (validation + JSON Schema).

Keys are Vietnamese without diacritics, in the words clerks use. These classes only describe
the shape of the YAML; :mod:`vanban.spec.loader` turns a validated spec into the frozen
:mod:`vanban.model`.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Tag,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

SCHEMA_ID = "https://vanban.dev/schema/vanban.schema.json"


def _as_list(value: Any) -> Any:
    """Allow one string where a list of strings is expected."""
    return [value] if isinstance(value, str) else value


Lines = Annotated[
    list[Annotated[str, Field(min_length=1)]],
    BeforeValidator(_as_list),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1},
                              {"type": "array", "items": {"type": "string", "minLength": 1}}]}),
]


class PartialDate(BaseModel):
    """A date whose day (and month) may still be blank on a draft."""

    model_config = ConfigDict(frozen=True)
    year: int
    month: Optional[int] = None
    day: Optional[int] = None


_DATE_FORMATS = [
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), ("y", "m")),
    (re.compile(r"^(\d{1,2})/(\d{4})$"), ("m", "y")),
    (re.compile(r"^(\d{4})$"), ("y",)),
]


def parse_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return PartialDate(year=value.year, month=value.month, day=value.day)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise PydanticCustomError("vb_date", "ngày phải viết dạng 2021-02-04 hoặc 04/02/2021")
    text = value.strip()
    for pattern, order in _DATE_FORMATS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups())))
            year, month, day = parts["y"], parts.get("m"), parts.get("d")
            if month is not None and not 1 <= month <= 12:
                raise PydanticCustomError("vb_date", "tháng {month} không có thật", {"month": month})
            if day is not None:
                try:
                    _dt.date(year, month, day)
                except ValueError:
                    raise PydanticCustomError(
                        "vb_date", "ngày {day}/{month}/{year} không có thật", {"day": day, "month": month, "year": year}
                    ) from None
            if not 1900 <= year <= 2999:
                raise PydanticCustomError("vb_date", "năm {year} không hợp lý", {"year": year})
            return PartialDate(year=year, month=month, day=day)
    raise PydanticCustomError(
        "vb_date", "ngày `{value}` không đúng dạng; viết 2021-02-04, 04/02/2021 hoặc 8/2020 (chưa có ngày)",
        {"value": text},
    )


DateField = Annotated[
    PartialDate,
    PlainValidator(parse_date),
    WithJsonSchema(
        {
            "description": "Ngày ban hành: 2021-02-04, 04/02/2021, hoặc 8/2020 khi dự thảo chưa có ngày.",
            "anyOf": [{"type": "string"}, {"type": "string", "format": "date"}],
        }
    ),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --------------------------------------------------------------------------- body blocks


class ItemSpec(_Strict):
    """Một mục có nội dung con: đoạn đầu (`doan`) và các khối bên dưới (`noi_dung`)."""

    doan: str = Field(min_length=1, description="Câu/đoạn mở đầu của mục, ví dụ \"Sở Thông tin và Truyền thông:\".")
    noi_dung: list["BlockSpec"] = Field(default_factory=list, description="Các đoạn, danh sách con của mục.")


def _item_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "chuoi"
    if isinstance(value, (dict, ItemSpec)):
        return "muc"
    return None


Item = Annotated[
    Union[Annotated[Annotated[str, Field(min_length=1)], Tag("chuoi")], Annotated[ItemSpec, Tag("muc")]],
    Discriminator(
        _item_kind,
        custom_error_type="vb_item",
        custom_error_message="mỗi mục là một chuỗi, hoặc một bảng có `doan` (và `noi_dung` nếu có mục con)",
    ),
]


class KhoanSpec(_Strict):
    """Danh sách đánh số 1. 2. 3. (số do vanban tính, không gõ tay)."""

    khoan: list[Item] = Field(min_length=1)


class DiemSpec(_Strict):
    """Danh sách điểm a) b) c) … theo bảng chữ cái tiếng Việt."""

    diem: list[Item] = Field(min_length=1)


class GachSpec(_Strict):
    """Danh sách gạch đầu dòng "- …" (hoặc ký hiệu khác ghi ở `dau`)."""

    gach: list[Item] = Field(min_length=1)
    dau: Literal["-", "+", "*", "•"] = Field("-", description="Ký hiệu đầu dòng.")


BLOCK_KEYS = ("khoan", "diem", "gach")


def _block_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "doan"
    if isinstance(value, dict):
        for key in BLOCK_KEYS:
            if key in value:
                return key
        return None
    if isinstance(value, BaseModel):
        return {KhoanSpec: "khoan", DiemSpec: "diem", GachSpec: "gach"}.get(type(value))
    return None


BlockSpec = Annotated[
    Union[
        Annotated[Annotated[str, Field(min_length=1)], Tag("doan")],
        Annotated[KhoanSpec, Tag("khoan")],
        Annotated[DiemSpec, Tag("diem")],
        Annotated[GachSpec, Tag("gach")],
    ],
    Discriminator(
        _block_kind,
        custom_error_type="vb_block",
        custom_error_message="mỗi khối nội dung là một đoạn văn (chuỗi) hoặc một danh sách `khoan`, `diem`, `gach`",
    ),
]

ItemSpec.model_rebuild()


# --------------------------------------------------------------------------- header and signature


class CoQuanSpec(_Strict):
    """Tên cơ quan, tổ chức ban hành (ô 2)."""

    chu_quan: Optional[Lines] = Field(None, description="Cơ quan chủ quản trực tiếp, ví dụ \"UBND tỉnh Trà Vinh\".")
    ten: Lines = Field(min_length=1, description="Tên cơ quan ban hành; một chuỗi, hoặc danh sách các dòng nếu muốn tự ngắt dòng.")


class NguoiKySpec(_Strict):
    """Người ký và thẩm quyền ký (ô 7): TM., KT., TL., TUQ., Q."""

    thay_mat: Optional[str] = Field(None, min_length=1, description="TM.: tên tập thể, ví dụ \"Ủy ban nhân dân tỉnh\".")
    thua_lenh: Optional[str] = Field(None, min_length=1, description="TL.: chức vụ người đứng đầu.")
    thua_uy_quyen: Optional[str] = Field(None, min_length=1, description="TUQ.: chức vụ người đứng đầu.")
    ky_thay: Optional[str] = Field(None, min_length=1, description="KT.: chức vụ người đứng đầu được ký thay.")
    quyen: bool = Field(False, description="Q.: người ký là quyền (cấp trưởng tạm quyền).")
    chuc_vu: str = Field(min_length=1, description="Chức vụ của người ký, ví dụ \"Phó Chủ tịch\".")
    ho_ten: str = Field(min_length=1, description="Họ và tên người ký.")


class CongVanSpec(_Strict):
    """Đặc tả một công văn (Mẫu 1.5, Phụ lục III, Nghị định 30/2020/NĐ-CP)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True,
        json_schema_extra={"$id": SCHEMA_ID, "title": "vanban: đặc tả văn bản hành chính"},
    )

    loai: Literal["cong_van"] = Field("cong_van", description="Loại văn bản (Điều 7).")
    co_quan: CoQuanSpec
    so: Optional[int] = Field(None, ge=1, le=999999, description="Số văn bản; bỏ trống khi dự thảo chưa lấy số.")
    ky_hieu: str = Field(min_length=1, description="Ký hiệu, ví dụ \"UBND-KGVX\".")
    dia_danh: str = Field(min_length=1, description="Địa danh, ví dụ \"Thái Bình\".")
    ngay: DateField
    trich_yeu: str = Field(min_length=1, description="Trích yếu (không gõ \"V/v\").")
    kinh_gui: Lines = Field(min_length=1, description="Nơi nhận chính sau \"Kính gửi:\" (không gõ dấu ; hay .).")
    noi_dung: list[BlockSpec] = Field(min_length=1, description="Nội dung: các đoạn văn và danh sách.")
    noi_nhan: Lines = Field(default_factory=list, description="Nơi nhận khác (\"Như trên\" và \"Lưu\" tự thêm).")
    luu: Optional[Lines] = Field(None, min_length=1, description="Nơi lưu; mặc định [\"VT\", <đơn vị trong ký hiệu>].")
    nguoi_soan_thao: Optional[str] = Field(None, min_length=1, description="Ký hiệu người soạn thảo (ô 12).")
    so_ban: Optional[int] = Field(None, ge=1, le=100000, description="Số lượng bản phát hành (ô 12).")
    nguoi_ky: NguoiKySpec


def json_schema() -> dict:
    schema = CongVanSpec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
