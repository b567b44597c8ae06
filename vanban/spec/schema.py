"""The YAML vocabulary of a spec, as pydantic models (validation + JSON Schema).

Keys are Vietnamese without diacritics, in the words clerks use. These classes only describe
the shape of the YAML; :mod:`vanban.spec.loader` turns a validated spec into the frozen
:mod:`vanban.model`.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import re
import sys
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
    model_validator,
)
from pydantic_core import PydanticCustomError, core_schema

from ..model.decree import TWO_PARTY, TYPE_KEYS, DocumentType
from .types import Lines

SCHEMA_ID = "https://vanban.dev/schema/vanban.schema.json"


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


# --------------------------------------------------------------------------- models built on first use


class LazyModel:
    """A part of the vocabulary whose pydantic model is built on first use: a table (`bang`), a phụ lục, a
    biểu mẫu (:mod:`.tables`, :mod:`.forms`). A plain letter has none, and building those models (about 75 ms
    of CPU) would be paid by every start, so a field ``Annotated[Any, LAZY]`` validates through the model
    imported when a value reaches it. Its errors are the model's, at the same place (pydantic nests a validator's
    ``ValidationError`` under the field's location), so every diagnostic reads as if the model were inline;
    the JSON Schema is the model's too."""

    def __init__(self, module: str, name: str):
        self.module = f"{__package__}.{module}"
        self.name = name

    def model(self) -> type[BaseModel]:
        return getattr(importlib.import_module(self.module), self.name)

    def loaded(self) -> type[BaseModel] | None:
        """The model if its module was imported already (no value of it can exist otherwise)."""
        module = sys.modules.get(self.module)
        return getattr(module, self.name, None) if module is not None else None

    def validate(self, value: Any) -> Any:
        return self.model().__pydantic_validator__.validate_python(value)

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(self.validate)

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict:
        return handler(self.model().__pydantic_core_schema__)

    def __repr__(self) -> str:
        return f"LazyModel({self.module}.{self.name})"


BANG_BLOCK = LazyModel("tables", "BangBlockSpec")
NHOM_ROW = LazyModel("tables", "NhomSpec")
PHU_LUC = LazyModel("forms", "PhuLucSpec")
BIEU_MAU = LazyModel("forms", "BieuMauSpec")


#: Names of the table and form models this module exported when it built them eagerly: imported on access.
_MOVED = {"BangBlockSpec": "tables", "BangSpec": "tables", "CotSpec": "tables", "NhomSpec": "tables",
          "BieuMauSpec": "forms", "PhuLucSpec": "forms"}


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        return LazyModel(_MOVED[name], name).model()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def resolve(cls: "type[BaseModel] | LazyModel | None") -> type[BaseModel] | None:
    """The model class itself (a lazy one imported now)."""
    return cls.model() if isinstance(cls, LazyModel) else cls


#: The keys of the lazy models (tables, forms), part of the spec's vocabulary without importing them (a key
#: close to one is left to the schema's "did you mean"); a test keeps it equal to their fields.
LAZY_VOCABULARY = frozenset({
    "bang", "ca_dong", "can", "cong", "cong_nhom", "cong_thuc", "cot", "co_quan", "cum", "danh_so", "danh_so_cot",
    "dau_mau", "de_trong", "don_vi", "don_vi_bao_cao", "don_vi_tinh", "dong", "du_lieu", "ghi_chu", "huong",
    "kem_theo", "kieu", "ky", "ma", "mau_word", "ngay", "ngay_ky", "nhan", "nhom", "noi_dung", "rong",
    "so_dong_trong", "stt_lien_tuc", "ten", "thap_phan", "tong_cong", "trich_yeu", "vi_tri", "chuc_danh", "chu_thich",
})


# --------------------------------------------------------------------------- body blocks


#: A name a clerk gives a part so the text can cite it: ``{#thi_hanh}`` → "Điều 3".
Key = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+$", max_length=64,
                           description="Khóa để trích dẫn phần này trong văn bản: {#khoa} → \"Điều 3\".")]


class ItemSpec(_Strict):
    """Một mục có nội dung con: đoạn đầu (`doan`) hoặc tiêu đề in đậm (`tieu_de`), và các khối bên dưới."""

    doan: Optional[str] = Field(None, min_length=1,
                                description="Câu/đoạn mở đầu của mục, ví dụ \"Sở Thông tin và Truyền thông:\".")
    tieu_de: Optional[str] = Field(None, min_length=1,
                                   description="Tiêu đề của khoản (số và tiêu đề in đậm, §3.7), thay cho `doan`.")
    noi_dung: list["BlockSpec"] = Field(default_factory=list, description="Các đoạn, danh sách con của mục.")

    @model_validator(mode="after")
    def _one_head(self) -> "ItemSpec":
        if (self.doan is None) == (self.tieu_de is None):
            raise PydanticCustomError(
                "vb_item", "mỗi mục có đúng một trong hai: `doan` (đoạn mở đầu) hoặc `tieu_de` (tiêu đề in đậm)")
        return self


def _item_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "chuoi"
    if isinstance(value, (dict, ItemSpec)):
        return "item"
    return None


Item = Annotated[
    Union[Annotated[Annotated[str, Field(min_length=1)], Tag("chuoi")], Annotated[ItemSpec, Tag("item")]],
    Discriminator(
        _item_kind,
        custom_error_type="vb_item",
        custom_error_message="mỗi mục là một chuỗi, hoặc một bảng có `doan` (và `noi_dung` nếu có mục con)",
    ),
]


class KhoanSpec(_Strict):
    """Danh sách đánh số 1. 2. 3. (số do vanban tính, không gõ tay), hoặc (1) (2) (3) với `dau: "(1)"`."""

    khoan: list[Item] = Field(min_length=1)
    dau: Literal["1.", "(1)"] = Field(
        "1.", description="Cách đánh số: \"1.\" (mặc định; trong một khoản thành 1.1. 1.2.) hoặc \"(1)\" (số trong "
                          "ngoặc đơn: (1) (2) (3), không nối số của khoản bên ngoài).")


class DiemSpec(_Strict):
    """Danh sách điểm a) b) c) … theo bảng chữ cái tiếng Việt."""

    diem: list[Item] = Field(min_length=1)


class GachSpec(_Strict):
    """Danh sách gạch đầu dòng "- …" (hoặc ký hiệu khác ghi ở `dau`)."""

    gach: list[Item] = Field(min_length=1)
    dau: Literal["-", "+", "*", "•"] = Field("-", description="Ký hiệu đầu dòng.")


class _Part(_Strict):
    khoa: Optional[Key] = None
    noi_dung: list["BlockSpec"] = Field(min_length=1, description="Nội dung của phần này.")


class PhanSpec(_Part):
    """Phần: "Phần I" (số La Mã) và tiêu đề IN HOA (§3.7)."""

    phan: str = Field(min_length=1, description="Tiêu đề của phần (bắt buộc).")


class ChuongSpec(_Part):
    """Chương: "Chương I" (số La Mã) và tiêu đề IN HOA (§3.7)."""

    chuong: str = Field(min_length=1, description="Tiêu đề của chương (bắt buộc).")


class MucSpec(_Part):
    """Mục: trong một chương, "Mục 1" và tiêu đề; ở báo cáo, kế hoạch, "I. TIÊU ĐỀ" (§3.7)."""

    muc: str = Field(min_length=1, description="Tiêu đề của mục (bắt buộc).")


class TieuMucSpec(_Part):
    """Tiểu mục: "Tiểu mục 1" và tiêu đề, trong một mục của chương (§3.7)."""

    tieu_muc: str = Field(min_length=1, description="Tiêu đề của tiểu mục (bắt buộc).")


class DieuSpec(_Strict):
    """Điều: "Điều 1." đậm, số tự tính (§3.7)."""

    dieu: str = Field(min_length=1, description="Tiêu đề của điều (in đậm); trong quyết định, nghị quyết: "
                                                "nội dung sau \"Điều 1.\" (không đậm).")
    khoa: Optional[Key] = None
    noi_dung: list["BlockSpec"] = Field(default_factory=list, description="Các khoản, đoạn của điều.")


BLOCK_KEYS = ("khoan", "diem", "gach", "phan", "chuong", "muc", "tieu_muc", "dieu", "bang")
BLOCK_CLASSES: dict[str, "type[BaseModel] | LazyModel"] = {
    "khoan": KhoanSpec, "diem": DiemSpec, "gach": GachSpec, "phan": PhanSpec, "chuong": ChuongSpec, "muc": MucSpec,
    "tieu_muc": TieuMucSpec, "dieu": DieuSpec, "bang": BANG_BLOCK}
#: Union tags of the rows of a table (vanban.spec.tables): a group or an item row.
ROW_CLASSES: dict[str, "type[BaseModel] | LazyModel"] = {"nhom_dong": NHOM_ROW}


def block_key(value: BaseModel) -> str | None:
    """The key of a validated body block (``khoan``, …, ``bang``), without importing a lazy model."""
    for key, cls in BLOCK_CLASSES.items():
        cls = cls.loaded() if isinstance(cls, LazyModel) else cls
        if cls is not None and isinstance(value, cls):
            return key
    return None


def _block_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "doan"
    if isinstance(value, dict):
        for key in BLOCK_KEYS:
            if key in value:
                return key
        return None
    if isinstance(value, BaseModel):
        return block_key(value)
    return None


BlockSpec = Annotated[
    Union[
        Annotated[Annotated[str, Field(min_length=1)], Tag("doan")],
        Annotated[KhoanSpec, Tag("khoan")],
        Annotated[DiemSpec, Tag("diem")],
        Annotated[GachSpec, Tag("gach")],
        Annotated[PhanSpec, Tag("phan")],
        Annotated[ChuongSpec, Tag("chuong")],
        Annotated[MucSpec, Tag("muc")],
        Annotated[TieuMucSpec, Tag("tieu_muc")],
        Annotated[DieuSpec, Tag("dieu")],
        Annotated[Annotated[Any, BANG_BLOCK], Tag("bang")],
    ],
    Discriminator(
        _block_kind,
        custom_error_type="vb_block",
        custom_error_message="mỗi khối nội dung là một đoạn văn (chuỗi) hoặc một danh sách `khoan`, `diem`, `gach`"
                             ", hoặc một `phan`, `chuong`, `muc`, `tieu_muc`, `dieu`, hoặc một bảng `bang`",
    ),
]

for _cls in (ItemSpec, PhanSpec, ChuongSpec, MucSpec, TieuMucSpec, DieuSpec):
    _cls.model_rebuild()


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
    ho_ten: Optional[str] = Field(None, min_length=1, description="Họ và tên người ký (bỏ trống khi dự thảo chưa có).")
    cho_ky: bool = Field(False, description="Dự thảo: in dòng chỉ dẫn chỗ ký, đóng dấu giữa chức vụ và họ tên.")
    dai_dien: Optional[str] = Field(None, min_length=1, description="Văn bản hai bên (hợp đồng, bản ghi nhớ, bản thỏa "
                                    "thuận): bên mà người ký đại diện, in \"ĐẠI DIỆN …\" trên cùng, ví dụ \"Bên A\".")


# --------------------------------------------------------------------------- types and type-specific parts

#: The 29 types of Điều 7 (nd30.md §6), as the value of `loai`.
LOAI = TYPE_KEYS
Loai = Literal[LOAI]  # type: ignore[valid-type]

#: Types that can be issued with ("ban hành kèm theo") a quyết định (Mẫu 1.3): the named types of Mẫu 1.4.
LOAI_KEM_THEO = ("quy_che", "quy_dinh", "huong_dan", "chuong_trinh", "ke_hoach", "phuong_an", "de_an", "du_an")


class LienHeSpec(_Strict):
    """Địa chỉ, điện thoại, fax, thư điện tử, website (ô 13, §3.12), cuối trang đầu."""

    dia_chi: Optional[str] = Field(None, min_length=1)
    dien_thoai: Optional[str] = Field(None, min_length=1)
    fax: Optional[str] = Field(None, min_length=1)
    email: Optional[str] = Field(None, min_length=1)
    website: Optional[str] = Field(None, min_length=1)


class GiayMoiSpec(_Strict):
    """Giấy mời (Mẫu 1.7)."""

    kinh_moi: Lines = Field(min_length=1, description="Người, cơ quan được mời (sau \"trân trọng kính mời:\").")
    toi_du: str = Field(min_length=1, description="Tới dự: tên cuộc họp, hội nghị.")
    chu_tri: Optional[str] = Field(None, min_length=1, description="Chủ trì.")
    thoi_gian: Optional[str] = Field(None, min_length=1, description="Thời gian, ví dụ \"14 giờ 00, ngày …\".")
    dia_diem: Optional[str] = Field(None, min_length=1, description="Địa điểm.")


class GiayGioiThieuSpec(_Strict):
    """Giấy giới thiệu (Mẫu 1.8)."""

    ho_ten: str = Field(min_length=1, description="Ông (bà) được giới thiệu.")
    chuc_vu: Optional[str] = Field(None, min_length=1)
    duoc_cu_den: str = Field(min_length=1, description="Được cử đến: cơ quan, đơn vị.")
    ve_viec: str = Field(min_length=1, description="Về việc.")
    gia_tri_den: DateField


class BienBanSpec(_Strict):
    """Biên bản (Mẫu 1.9): các dòng mở đầu và dòng kết thúc."""

    bat_dau: str = Field(min_length=1, description="Thời gian bắt đầu, ví dụ \"08 giờ 00, ngày 06/02/2021\".")
    dia_diem: str = Field(min_length=1)
    thanh_phan: Lines = Field(min_length=1, description="Thành phần tham dự.")
    chu_tri: str = Field(min_length=1, description="Chủ trì (chủ tọa).")
    thu_ky: str = Field(min_length=1, description="Thư ký (người ghi biên bản).")
    ket_thuc: str = Field(min_length=1, description="Giờ, ngày kết thúc, ví dụ \"11 giờ 30 cùng ngày\".")
    cuoc_hop: str = Field("Cuộc họp", min_length=1, description="\"Cuộc họp\", \"Hội nghị\" … (dòng kết thúc).")


class NghiPhepSpec(_Strict):
    """Giấy nghỉ phép (Mẫu 1.10)."""

    ngay_don: DateField
    ho_ten: str = Field(min_length=1, description="Ông (bà) được nghỉ phép.")
    chuc_vu: Optional[str] = Field(None, min_length=1)
    nam: int = Field(ge=1900, le=2999, description="Phép năm.")
    so_ngay: int = Field(ge=1, le=366)
    tu_ngay: DateField
    den_ngay: DateField
    tai: str = Field(min_length=1, description="Nơi nghỉ phép.")


class KemTheoSpec(_Strict):
    """Văn bản ban hành kèm theo quyết định (Mẫu 1.3): quy chế, quy định, kế hoạch …"""

    loai: Literal[LOAI_KEM_THEO] = Field(description="Loại văn bản kèm theo.")  # type: ignore[valid-type]
    trich_yeu: str = Field(min_length=1, description="Trích yếu, ví dụ \"Triển khai ứng dụng Bluezone\".")
    noi_dung: list[BlockSpec] = Field(min_length=1)


class VanBanSpec(_Strict):
    """Đặc tả một văn bản hành chính (Điều 7, Phụ lục III, Nghị định 30/2020/NĐ-CP)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True,
        json_schema_extra=lambda schema, cls: _type_rules_schema(schema),
    )

    loai: Loai = Field("cong_van", description="Loại văn bản (Điều 7).")
    co_quan: CoQuanSpec
    so: Annotated[Optional[int], WithJsonSchema({"anyOf": [
        {"type": "integer", "minimum": 1, "maximum": 999999},
        {"type": "string", "pattern": "^0[0-9]{1,6}$"},  # "0134" as a YAML 1.1 reader sees `so: 0134`
        {"type": "null"}]})] = Field(
        None, ge=1, le=999999, description="Số văn bản, in đúng như đã ghi (`0134` giữ số 0); bỏ trống khi dự thảo chưa "
                                           "lấy số.")
    nam_trong_so: bool = Field(False, description="Ghi năm ban hành giữa số và ký hiệu, như văn bản quy phạm pháp "
                                                  "luật: \"Số: 52/2025/QĐ-CTUBND\" (năm lấy từ `ngay`).")
    ky_hieu: str = Field(min_length=1, description="Ký hiệu: công văn \"UBND-KGVX\"; loại khác chỉ ghi cơ quan "
                                                   "(\"UBND\"), chữ viết tắt tên loại (QĐ, KH …) tự thêm.")
    dia_danh: str = Field(min_length=1, description="Địa danh, ví dụ \"Thái Bình\".")
    ngay: DateField
    trich_yeu: Optional[str] = Field(None, min_length=1, description="Trích yếu (không gõ \"V/v\").")
    kinh_gui: Optional[Lines] = Field(None, min_length=1,
                                      description="Nơi nhận chính sau \"Kính gửi:\" (không gõ dấu ; hay .).")
    tham_quyen_ban_hanh: Optional[str] = Field(
        None, min_length=1, description="Thẩm quyền ban hành (quyết định, nghị quyết, công điện), viết thường: "
                                        "\"Chủ tịch Ủy ban nhân dân tỉnh Thái Bình\".")
    can_cu: Optional[Lines] = Field(None, min_length=1, description="Căn cứ ban hành, mỗi dòng một căn cứ "
                                                                    "(dấu ; và . tự thêm).")
    noi_dung: list[BlockSpec] = Field(default_factory=list, description="Nội dung: các đoạn văn và danh sách.")
    giay_moi: Optional[GiayMoiSpec] = None
    giay_gioi_thieu: Optional[GiayGioiThieuSpec] = None
    bien_ban: Optional[BienBanSpec] = None
    nghi_phep: Optional[NghiPhepSpec] = None
    kem_theo: list[KemTheoSpec] = Field(default_factory=list, description="Văn bản ban hành kèm theo quyết định.")
    chu_thich: Lines = Field(default_factory=list, description="Chú thích cuối trang: chú thích thứ n được dẫn bằng "
                                                          "[^n] trong nội dung hoặc căn cứ (đánh số 1, 2, … theo thứ "
                                                          "tự dẫn, in ở cuối trang cỡ 12).")
    gui_kem: Lines = Field(default_factory=list, description="Ghi chú văn bản gửi kèm, in nghiêng trong ngoặc đơn sau "
                                                        "dấu \"./.\": \"(Công điện số 225/CĐ-TTg ngày 20/11/2025 gửi "
                                                        "kèm theo)\".")
    do_mat: Optional[Literal["mat", "toi_mat", "tuyet_mat"]] = Field(None, description="Độ mật (ô 10a).")
    do_khan: Optional[Literal["khan", "thuong_khan", "hoa_toc"]] = Field(None, description="Mức độ khẩn (ô 10b).")
    pham_vi_luu_hanh: Optional[str] = Field(None, min_length=1,
                                            description="Chỉ dẫn phạm vi lưu hành (ô 11): \"Lưu hành nội bộ\".")
    lien_he: Optional[LienHeSpec] = Field(None, description="Địa chỉ, điện thoại, email, website (ô 13).")
    noi_nhan: Lines = Field(default_factory=list, description="Nơi nhận khác (\"Như trên\" và \"Lưu\" tự thêm).")
    luu: Optional[Lines] = Field(None, min_length=1, description="Nơi lưu; mặc định [\"VT\", <đơn vị trong ký hiệu>].")
    nguoi_soan_thao: Optional[str] = Field(None, min_length=1, description="Ký hiệu người soạn thảo (ô 12).")
    so_ban: Optional[int] = Field(None, ge=1, le=100000, description="Số lượng bản phát hành (ô 12).")
    nguoi_ky: NguoiKySpec
    nguoi_ghi: Optional[NguoiKySpec] = Field(None, description="Biên bản: thư ký ký bên trái (Mẫu 1.9).")
    ben_kia: Optional[NguoiKySpec] = Field(None, description="Hợp đồng, bản ghi nhớ, bản thỏa thuận: người ký của bên "
                                           "kia, ký bên trái (người ký của cơ quan ban hành ký bên phải).")
    # Attached forms and appendices (vanban.forms), each on its own pages after the text.
    phu_luc: list[Annotated[Any, PHU_LUC]] = Field(default_factory=list,
                                                   description="Phụ lục kèm theo (Phụ lục I, II …).")
    bieu_mau: list[Annotated[Any, BIEU_MAU]] = Field(default_factory=list,
                                                     description="Biểu mẫu kèm theo (Biểu mẫu số 1, 2 …).")
    bo_qua_quy_tac: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list, description="Mã các quy tắc của `vanban check` bỏ qua cho văn bản này, "
                                          "ví dụ [ND30-PL1-II-9d.2].")


#: Before the types of Điều 7 the spec was a công văn only; the old name stays for callers.
CongVanSpec = VanBanSpec

_NAMED = tuple(t for t in LOAI if t != "cong_van")
_SANS_BODY = ("giay_gioi_thieu", "giay_nghi_phep")

#: Keys required for some types only: key → the types that must have it.
REQUIRED_FOR: dict[str, tuple[str, ...]] = {
    "trich_yeu": tuple(t for t in LOAI if t not in (
        "giay_gioi_thieu", "giay_nghi_phep", "giay_uy_quyen", "phieu_gui", "phieu_chuyen", "phieu_bao", "thu_cong")),
    "kinh_gui": ("cong_van", "cong_dien"),
    "noi_dung": tuple(t for t in LOAI if t not in _SANS_BODY + ("giay_moi",)),
    "tham_quyen_ban_hanh": ("quyet_dinh", "nghi_quyet", "cong_dien"),
    "can_cu": ("quyet_dinh", "nghi_quyet"),
    "giay_moi": ("giay_moi",),
    "giay_gioi_thieu": ("giay_gioi_thieu",),
    "bien_ban": ("bien_ban",),
    "nghi_phep": ("giay_nghi_phep",),
    "nguoi_ghi": ("bien_ban",),
}

#: Keys that only some types may have: key → the types allowed (Kính gửi: §3.6; căn cứ: Mẫu 1.1–1.3 …).
ONLY_FOR: dict[str, tuple[str, ...]] = {
    "trich_yeu": tuple(t for t in LOAI if t not in ("giay_gioi_thieu", "giay_nghi_phep")),
    "kinh_gui": ("cong_van", "cong_dien", "bao_cao", "to_trinh", "thu_cong"),
    "noi_dung": tuple(t for t in LOAI if t not in _SANS_BODY),
    "tham_quyen_ban_hanh": ("quyet_dinh", "nghi_quyet", "cong_dien"),
    "can_cu": ("quyet_dinh", "nghi_quyet"),
    "giay_moi": ("giay_moi",),
    "giay_gioi_thieu": ("giay_gioi_thieu",),
    "bien_ban": ("bien_ban",),
    "nghi_phep": ("giay_nghi_phep",),
    "nguoi_ghi": ("bien_ban",),
    "ben_kia": TWO_PARTY,
    "kem_theo": ("quyet_dinh",),
}


_TYPE_NAMES = {t.value: t.name_vi.lower() for t in DocumentType}


def _type_rules_schema(schema: dict) -> None:
    """Write REQUIRED_FOR / ONLY_FOR into the JSON Schema as one if/then per type."""
    schema["$id"] = SCHEMA_ID
    schema["title"] = "vanban: đặc tả văn bản hành chính"
    rules = []
    for loai in LOAI:
        required = sorted(k for k, types in REQUIRED_FOR.items() if loai in types)
        forbidden = sorted(k for k, types in ONLY_FOR.items() if loai not in types)
        then: dict = {}
        if required:
            then["required"] = required
        if forbidden:  # flagged on the key itself, in the editor as by `vanban check` (VB211)
            name = _TYPE_NAMES.get(loai, loai)
            then["properties"] = {k: {"not": {}, "errorMessage": f"khóa `{k}` không dùng cho {name}"}
                                  for k in forbidden}
        condition: dict = {"properties": {"loai": {"const": loai}}}
        if loai != "cong_van":  # no `loai` means a công văn
            condition["required"] = ["loai"]
        rules.append({"if": condition, "then": then})
    schema["allOf"] = rules


#: Vietnamese names of the parts of a spec, shown by editors as titles (never the class names of the code).
DEF_TITLES = {
    "BienBanSpec": ("bien_ban", "Biên bản"), "BieuMauSpec": ("bieu_mau", "Biểu mẫu, phụ lục"),
    "ChuongSpec": ("chuong", "Chương"), "CoQuanSpec": ("co_quan", "Cơ quan ban hành"), "CotSpec": ("cot", "Cột"),
    "DiemSpec": ("diem", "Danh sách điểm a) b) c)"), "DieuSpec": ("dieu", "Điều"),
    "GachSpec": ("gach", "Danh sách gạch đầu dòng"), "GiayGioiThieuSpec": ("giay_gioi_thieu", "Giấy giới thiệu"),
    "GiayMoiSpec": ("giay_moi", "Giấy mời"), "ItemSpec": ("muc_co_noi_dung_con", "Mục có nội dung con"),
    "KemTheoSpec": ("kem_theo", "Văn bản ban hành kèm theo"), "KhoanSpec": ("khoan", "Danh sách khoản 1. 2. 3."),
    "LienHeSpec": ("lien_he", "Địa chỉ, liên hệ"), "MucSpec": ("muc", "Mục"), "NghiPhepSpec": ("nghi_phep",
    "Giấy nghỉ phép"), "NguoiKySpec": ("nguoi_ky", "Người ký"), "PhanSpec": ("phan", "Phần"),
    "TieuMucSpec": ("tieu_muc", "Tiểu mục"), "KySpec": ("ky", "Chức danh ký"), "DonViSpec": ("don_vi", "Đơn vị"),
}
#: Vietnamese titles of the keys (with their diacritics).
KEY_TITLES = {
    "bat_dau": "Bắt đầu", "bien_ban": "Biên bản", "bieu_mau": "Biểu mẫu", "bo_qua_quy_tac": "Bỏ qua quy tắc",
    "can_cu": "Căn cứ", "cho_ky": "Chỗ ký", "chu_quan": "Cơ quan chủ quản", "chu_thich": "Chú thích",
    "chu_tri": "Chủ trì", "chuc_danh": "Chức danh", "chuc_vu": "Chức vụ", "chuong": "Chương", "co_quan": "Cơ quan",
    "cong_thuc": "Công thức", "cot": "Cột", "cuoc_hop": "Cuộc họp", "danh_so_cot": "Đánh số cột", "dau": "Dấu đầu dòng",
    "dau_mau": "Đầu mẫu", "den_ngay": "Đến ngày", "dia_chi": "Địa chỉ", "dia_danh": "Địa danh", "dia_diem": "Địa điểm",
    "diem": "Điểm", "dien_thoai": "Điện thoại", "dieu": "Điều", "do_khan": "Độ khẩn", "do_mat": "Độ mật",
    "doan": "Đoạn", "don_vi": "Đơn vị", "don_vi_bao_cao": "Đơn vị báo cáo", "don_vi_tinh": "Đơn vị tính",
    "dong": "Dòng", "duoc_cu_den": "Được cử đến", "email": "Thư điện tử", "fax": "Fax", "gach": "Gạch đầu dòng",
    "ghi_chu": "Ghi chú", "gia_tri_den": "Giá trị đến", "giay_gioi_thieu": "Giấy giới thiệu", "giay_moi": "Giấy mời",
    "ho_ten": "Họ và tên", "huong": "Hướng trang", "kem_theo": "Kèm theo", "ket_thuc": "Kết thúc", "khoa": "Khóa",
    "khoan": "Khoản", "kieu": "Kiểu", "kinh_gui": "Kính gửi", "kinh_moi": "Kính mời", "ky": "Ký",
    "ky_hieu": "Ký hiệu", "gui_kem": "Gửi kèm", "chu_thich": "Chú thích", "ky_thay": "Ký thay (KT.)", "lien_he": "Liên hệ", "loai": "Loại văn bản", "luu": "Lưu",
    "ma": "Mã", "muc": "Mục", "nam": "Năm", "ngay": "Ngày", "ngay_don": "Ngày làm đơn", "ngay_ky": "Ngày ký",
    "nghi_phep": "Nghỉ phép", "nguoi_ghi": "Người ghi (thư ký)", "nguoi_ky": "Người ký",
    "nguoi_soan_thao": "Người soạn thảo", "nhan": "Nhãn", "noi_dung": "Nội dung", "noi_nhan": "Nơi nhận",
    "pham_vi_luu_hanh": "Phạm vi lưu hành", "phan": "Phần", "phu_luc": "Phụ lục", "quyen": "Quyền (Q.)",
    "rong": "Độ rộng", "so": "Số", "nam_trong_so": "Năm trong số", "so_ban": "Số bản", "so_dong_trong": "Số dòng trống", "so_ngay": "Số ngày",
    "tai": "Tại", "ten": "Tên", "tham_quyen_ban_hanh": "Thẩm quyền ban hành", "thanh_phan": "Thành phần",
    "thap_phan": "Chữ số thập phân", "thay_mat": "Thay mặt (TM.)", "thoi_gian": "Thời gian", "thu_ky": "Thư ký",
    "thua_lenh": "Thừa lệnh (TL.)", "thua_uy_quyen": "Thừa ủy quyền (TUQ.)", "tieu_de": "Tiêu đề",
    "tieu_muc": "Tiểu mục", "toi_du": "Tới dự", "tong_cong": "Tổng cộng", "trich_yeu": "Trích yếu",
    "tu_ngay": "Từ ngày", "ve_viec": "Về việc", "website": "Trang thông tin điện tử",
}
#: The prose body (#14): one string, a paragraph per line, typed markers give the structure.
PROSE_BODY = {
    "type": "string", "minLength": 1, "title": "Nội dung (văn xuôi)",
    "description": "Viết như trong Word (noi_dung: |): mỗi dòng một đoạn; dòng bắt đầu bằng I. / 1. / 1.1. / a) / "
                   "- / + / Điều 1. / Chương I / Mục 1 là phần tương ứng, số do vanban tính; dòng thụt vào sâu hơn "
                   "nối tiếp đoạn trên.",
}


def _vietnamese(node: Any, renames: dict[str, str]) -> Any:
    """Titles in Vietnamese, $defs named by their keys, `noi_dung` as prose or list (#14, phần 7)."""
    if isinstance(node, list):
        return [_vietnamese(item, renames) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict = {}
    for key, value in node.items():
        if key == "title" and value in DEF_TITLES:
            out[key] = DEF_TITLES[value][1]
        elif key == "title" and isinstance(value, str) and value.endswith("Spec"):
            continue  # a class of the code without a Vietnamese name: its description says what it is
        elif key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/"):
            out[key] = "#/$defs/" + renames.get(value[8:], value[8:])
        elif key == "properties" and isinstance(value, dict):
            props = {}
            for name, prop in value.items():
                prop = _vietnamese(prop, renames)
                if isinstance(prop, dict):
                    prop.pop("title", None)
                    if name in KEY_TITLES:
                        prop = {"title": KEY_TITLES[name], **prop}
                    if name == "noi_dung" and prop.get("type") == "array":
                        described = {k: v for k, v in prop.items() if k in ("title", "description")}
                        rest = {k: v for k, v in prop.items() if k not in ("title", "description", "default")}
                        prop = {**described, "anyOf": [PROSE_BODY, {**rest, "title": "Nội dung (danh sách)"}]}
                props[name] = prop
            out[key] = props
        else:
            out[key] = _vietnamese(value, renames)
    return out


def json_schema() -> dict:
    schema = VanBanSpec.model_json_schema()
    renames = {name: DEF_TITLES[name][0] if name in DEF_TITLES else re.sub(r"Spec$", "", name).lower()
               for name in schema.get("$defs", {})}
    defs = {}
    for name, definition in schema.pop("$defs", {}).items():
        definition = _vietnamese(definition, renames)
        if name in DEF_TITLES:
            definition["title"] = DEF_TITLES[name][1]
        elif definition.get("title", "").endswith("Spec"):
            del definition["title"]
        defs[renames.get(name, name)] = definition
    schema = _vietnamese(schema, renames)
    schema["$defs"] = defs
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
