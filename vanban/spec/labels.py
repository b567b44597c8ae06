"""Labels vanban prints itself (nhãn tự in), typed again by a clerk: "Lưu: Lưu: VT" never reaches a letter.

vanban writes the labels of the parts of Điều 8 and of the fixed lines of Mẫu 1.5–1.10 (Phụ lục III): "Kính
gửi:" (§3.6), "Nơi nhận:" and "- Lưu:" (§3.10), "TM.", "KT.", "TL.", "TUQ." before the signer's title (§3.8),
"ĐẠI DIỆN" of a party, the labels of giấy mời, giấy giới thiệu, biên bản, giấy nghỉ phép and of the contact
line (ô 13, §3.12). A value that starts with its own label again is taken off with a warning VB340 naming what is
printed (never a silent change); a list entry that is only the label ("Nơi nhận:" as the first line of
`noi_nhan`) is left out with the same warning. "V/v" typed in a công văn's trích yếu is VB236 (the loader),
"Như trên" in `noi_nhan` VB502: the same treatment, older codes.

:data:`LABELS` is the one table: the spec key (its path without list indices) → the labels printed before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: spec key (path without indices; ``*`` for any signer: nguoi_ky, nguoi_ghi, ben_kia) → (label as printed,
#: other spellings a clerk types for it). A label ending with ":" or "." is recognised only with a ":" or "."
#: after it ("Lưu trữ" is a unit, "Lưu: VT" the label); one printed without (Tới dự, Đại diện) also before a space.
LABELS: dict[tuple[str, ...], tuple[str, tuple[str, ...]]] = {
    ("kinh_gui",): ("Kính gửi:", ()),
    ("noi_nhan",): ("Nơi nhận:", ()),
    ("luu",): ("Lưu:", ()),
    ("*", "thay_mat"): ("TM.", ()),
    ("*", "ky_thay"): ("KT.", ()),
    ("*", "thua_lenh"): ("TL.", ()),
    ("*", "thua_uy_quyen"): ("TUQ.", ()),
    ("*", "dai_dien"): ("Đại diện", ()),
    ("giay_moi", "kinh_moi"): ("trân trọng kính mời:", ("kính mời:",)),
    ("giay_moi", "toi_du"): ("Tới dự", ()),
    ("giay_moi", "chu_tri"): ("Chủ trì:", ()),
    ("giay_moi", "thoi_gian"): ("Thời gian:", ()),
    ("giay_moi", "dia_diem"): ("Địa điểm:", ()),
    ("giay_gioi_thieu", "ho_ten"): ("Ông (bà):", ()),
    ("giay_gioi_thieu", "chuc_vu"): ("Chức vụ:", ()),
    ("giay_gioi_thieu", "duoc_cu_den"): ("Được cử đến:", ()),
    ("giay_gioi_thieu", "ve_viec"): ("Về việc:", ()),
    ("bien_ban", "bat_dau"): ("Thời gian bắt đầu:", ("Thời gian:",)),
    ("bien_ban", "dia_diem"): ("Địa điểm:", ()),
    ("bien_ban", "thanh_phan"): ("Thành phần tham dự:", ("Thành phần:",)),
    ("bien_ban", "chu_tri"): ("Chủ trì (chủ tọa):", ("Chủ trì:", "Chủ tọa:")),
    ("bien_ban", "thu_ky"): ("Thư ký (người ghi biên bản):", ("Thư ký:",)),
    ("nghi_phep", "ho_ten"): ("Ông (bà):", ()),
    ("nghi_phep", "chuc_vu"): ("Chức vụ:", ()),
    ("nghi_phep", "tai"): ("Tại:", ()),
    ("lien_he", "dia_chi"): ("Địa chỉ:", ()),
    ("lien_he", "dien_thoai"): ("ĐT:", ("Điện thoại:",)),
    ("lien_he", "fax"): ("Fax:", ()),
    ("lien_he", "email"): ("E-Mail:", ("Email:", "Thư điện tử:")),
    ("lien_he", "website"): ("Website:", ("Trang thông tin điện tử:",)),
}

SIGNERS = ("nguoi_ky", "nguoi_ghi", "ben_kia")


def _pattern(label: str) -> str:
    core = label.rstrip(":.").strip()
    words = r"\s+".join(re.escape(w) for w in core.split())
    if label.endswith((":", ".")):
        return words + r"\s*[:.]"
    return words + r"(?=[\s:]|$)\s*:?"


def _compile(printed: str, others: tuple[str, ...]) -> re.Pattern:
    spellings = sorted((printed, *others), key=len, reverse=True)
    return re.compile(r"^\s*-?\s*(?:" + "|".join(_pattern(s) for s in spellings) + r")\s*", re.IGNORECASE)


_COMPILED = {key: (printed, _compile(printed, others)) for key, (printed, others) in LABELS.items()}


@dataclass(frozen=True)
class TypedLabel:
    """A label found at the start of a value: what was typed, the label vanban prints, and the rest."""

    typed: str
    printed: str
    rest: str

    @property
    def message(self) -> str:
        """The warning's text: what was taken off and what the letter prints instead."""
        if not self.rest:
            return (f"dòng \"{self.typed}\" đã được bỏ: vanban tự in nhãn \"{self.printed}\"")
        return (f"\"{self.typed}\" ở đầu giá trị đã được bỏ: vanban tự in nhãn \"{self.printed}\"; "
                f"in ra: \"{self.printed} {self.rest}\"")

    @property
    def hint(self) -> str:
        return f"chỉ ghi `{self.rest}`" if self.rest else "xóa dòng này"


def label_key(path: tuple) -> tuple[str, ...]:
    """The key of :data:`LABELS` for a YAML path (indices dropped, a signer's key as ``*``)."""
    keys = tuple(p for p in path if isinstance(p, str))
    if len(keys) == 2 and keys[0] in SIGNERS:
        return ("*", keys[1])
    return keys


def typed_label(value: str, path: tuple) -> TypedLabel | None:
    """The label vanban prints before the value at ``path``, when the value starts with it again."""
    entry = _COMPILED.get(label_key(path))
    if entry is None or not isinstance(value, str):
        return None
    printed, pattern = entry
    match = pattern.match(value)
    if match is None:
        return None
    return TypedLabel(match.group().strip(), printed, value[match.end():].strip())


#: The labels vanban numbers itself in the list form of a body (§3.7): a part or item whose text starts with its
#: own label typed again ("dieu: Điều 1. Phạm vi", "- 1. Quy chế này …") would print it twice. The prose body reads
#: these markers as structure (:mod:`vanban.spec.prose`); in the list form they are taken off with VB340.
MARKERS: dict[str, re.Pattern] = {
    "khoan": re.compile(r"^\s*\d+(?:\.\d+)*\.\s+(?=\S)"),
    "diem": re.compile(r"^\s*[a-zđ]\)\s+(?=\S)"),
    "dieu": re.compile(r"^\s*Điều\s+\d+\s*[.:]?\s+(?=\S)"),
    "phan": re.compile(r"^\s*(?:Phần|PHẦN)\s+(?:thứ\s+\S+|[IVXLCDM]+|\d+)\s*[.:\-–]?\s+(?=\S)"),
    "chuong": re.compile(r"^\s*(?:Chương|CHƯƠNG)\s+(?:[IVXLCDM]+|\d+)\s*[.:\-–]?\s+(?=\S)"),
    "muc": re.compile(r"^\s*(?:Mục|MỤC)\s+\d+\s*[.:\-–]?\s+(?=\S)"),
    "muc_la_ma": re.compile(r"^\s*[IVXLCDM]+\.\s+(?=\S)"),
    "tieu_muc": re.compile(r"^\s*(?:Tiểu mục|TIỂU MỤC)\s+\d+\s*[.:\-–]?\s+(?=\S)"),
}


def typed_marker(value: str, kind: str, printed: str) -> TypedLabel | None:
    """The label of a part or item (``kind``: khoan, diem, dieu, phan, chuong, muc, muc_la_ma, tieu_muc) typed at
    the start of its text; ``printed`` is the label vanban computes for it ("Điều 1.", "Chương I", "1.2.")."""
    match = MARKERS[kind].match(value)
    if match is None:
        return None
    return TypedLabel(match.group().strip(), printed, value[match.end():].strip())
