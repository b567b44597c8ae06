"""The YAML vocabulary of an address book (danh bạ nơi nhận), as pydantic models.

One file of ``recipients/`` describes the recipients an office writes to: agencies and people
(``noi_nhan``), keyed by a stable id, and the groups they belong to (``nhom``). The names are
those the decree asks for: the full name written after "Kính gửi" (ô 9a, §3.6), the short
name used in the "Nơi nhận" list (ô 9b, §3.10) and the title of the head ("Chủ tịch Ủy ban
nhân dân xã …") for letters addressed to the head.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from ..spec.types import Lines

DANH_BA_SCHEMA_ID = "https://vanban.dev/schema/danh-ba.schema.json"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class NhomSpec(_Strict):
    """Một nhóm nơi nhận, ví dụ "UBND các xã, phường"; thành viên ghi `nhom:` ở từng nơi nhận."""

    ten: str = Field(min_length=1, description="Tên nhóm sau \"Kính gửi:\", ví dụ \"Ủy ban nhân dân các xã, phường\".")
    ten_ngan: Optional[str] = Field(None, min_length=1, description="Tên nhóm ở \"Nơi nhận\", ví dụ \"UBND các xã, phường\".")
    thu_truong: Optional[str] = Field(None, min_length=1,
                                      description="Người đứng đầu, ví dụ \"Chủ tịch UBND các xã, phường\".")
    nguon: Optional[str] = Field(None, description="Nguồn dữ liệu.")


class NoiNhanSpec(_Strict):
    """Một cơ quan hoặc cá nhân nhận văn bản."""

    loai: Literal["co_quan", "ca_nhan"] = Field("co_quan", description="Cơ quan, tổ chức hay cá nhân.")
    ten: str = Field(min_length=1, description="Tên đầy đủ viết sau \"Kính gửi:\".")
    ten_ngan: Optional[str] = Field(None, min_length=1, description="Tên viết ở \"Nơi nhận\" (mặc định: `ten`).")
    thu_truong: Optional[str] = Field(None, min_length=1,
                                      description="Chức danh người đứng đầu, ví dụ \"Chủ tịch UBND xã Hưng Điền\".")
    email: Optional[str] = Field(None, min_length=3, description="Thư điện tử nhận văn bản.")
    nhom: Lines = Field(default_factory=list, description="Các nhóm (mã trong `nhom`) mà nơi nhận này thuộc về.")
    nguon: Optional[str] = Field(None, description="Nguồn dữ liệu.")
    ghi_chu: Optional[str] = Field(None, description="Ghi chú tự do.")


class DanhBaSpec(_Strict):
    """Một tệp danh bạ nơi nhận (thư mục `recipients/`)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True,
        json_schema_extra={"$id": DANH_BA_SCHEMA_ID, "title": "vanban: danh bạ nơi nhận"},
    )

    danh_ba: str = Field(min_length=1, description="Tên danh bạ, ví dụ \"Tỉnh Tây Ninh, các xã và phường\".")
    nguon: Optional[str] = Field(None, description="Nguồn dữ liệu của cả tệp.")
    nhom: dict[str, NhomSpec] = Field(default_factory=dict, description="Các nhóm, theo mã.")
    noi_nhan: dict[str, NoiNhanSpec] = Field(default_factory=dict, description="Các nơi nhận, theo mã.")


def json_schema() -> dict:
    schema = DanhBaSpec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
