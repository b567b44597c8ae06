"""Data of Nghị định 30/2020/NĐ-CP that every layer shares: one place for each fact.

- the 29 types of văn bản hành chính (Điều 7, ``nd30.md`` §6) with their names, the Phụ lục III
  abbreviations that start a ký hiệu (§5.1) and their templates (§5.2), plus the abbreviations of
  the copy forms (bản sao y, trích sao, sao lục) of the same table;
- the Quốc hiệu and Tiêu ngữ (ô 1, Phụ lục I, Mục II, khoản 1, §3.1);
- the Vietnamese alphabet of the điểm labels (Phụ lục I, Mục II, khoản 6, điểm đ: "a), b), c) … theo thứ
  tự bảng chữ cái tiếng Việt");
- Roman numerals of phần, chương, mục and phụ lục (§3.7, §3.16);
- the leading-zero rule of dates (Phụ lục I, Mục II, khoản 4, điểm b, §3.4) in the long and short forms;
- IN HOA of Vietnamese text and the closing "./." (Phụ lục I, Mục II, khoản 6; §3.14).

No YAML, no XML: this module is the bottom of the model layer.
"""

from __future__ import annotations

import unicodedata
from enum import Enum

#: Quốc hiệu (ô 1, §3.1): "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", in capitals, bold.
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
#: Tiêu ngữ (ô 1, §3.1): the first letters of its three phrases capitalised, joined by " - ".
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"

#: Vietnamese alphabet for điểm labels (Phụ lục I, Mục II, khoản 6: "theo thứ tự bảng chữ cái tiếng Việt").
VIETNAMESE_POINT_LETTERS = tuple("a b c d đ e g h i k l m n o p q r s t u v x y".split())


def upper(text: str) -> str:
    """IN HOA of Vietnamese text, in NFC ("ủy" → "ỦY")."""
    return unicodedata.normalize("NFC", text.upper())


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class DocumentType(str, Enum):
    """Loại văn bản hành chính: the 29 types of Điều 7, Nghị định 30/2020/NĐ-CP (``nd30.md`` §6).

    Each type knows its name, the abbreviation of the Phụ lục III table that starts its ký hiệu
    ("Số: 12/QĐ-UBND"; công văn and thư công have none, §5.1) and its template (§5.2).
    """

    NGHI_QUYET = "nghi_quyet"
    QUYET_DINH = "quyet_dinh"
    CHI_THI = "chi_thi"
    QUY_CHE = "quy_che"
    QUY_DINH = "quy_dinh"
    THONG_CAO = "thong_cao"
    THONG_BAO = "thong_bao"
    HUONG_DAN = "huong_dan"
    CHUONG_TRINH = "chuong_trinh"
    KE_HOACH = "ke_hoach"
    PHUONG_AN = "phuong_an"
    DE_AN = "de_an"
    DU_AN = "du_an"
    BAO_CAO = "bao_cao"
    BIEN_BAN = "bien_ban"
    TO_TRINH = "to_trinh"
    HOP_DONG = "hop_dong"
    CONG_VAN = "cong_van"
    CONG_DIEN = "cong_dien"
    BAN_GHI_NHO = "ban_ghi_nho"
    BAN_THOA_THUAN = "ban_thoa_thuan"
    GIAY_UY_QUYEN = "giay_uy_quyen"
    GIAY_MOI = "giay_moi"
    GIAY_GIOI_THIEU = "giay_gioi_thieu"
    GIAY_NGHI_PHEP = "giay_nghi_phep"
    PHIEU_GUI = "phieu_gui"
    PHIEU_CHUYEN = "phieu_chuyen"
    PHIEU_BAO = "phieu_bao"
    THU_CONG = "thu_cong"

    @property
    def name_vi(self) -> str:
        """"Quyết định", "Công văn" … (Điều 7)."""
        return _TYPE_TABLE[self][0]

    @property
    def abbreviation(self) -> str | None:
        """"QĐ", "KH", "CĐ" … from the Phụ lục III table; ``None`` for công văn and thư công."""
        return _TYPE_TABLE[self][1]

    @property
    def heading(self) -> str:
        """Tên loại as printed in ô 5a: IN HOA ("QUYẾT ĐỊNH"); thư công prints "THƯ"."""
        return upper("Thư" if self is DocumentType.THU_CONG else self.name_vi)

    @property
    def template(self) -> str:
        """The Phụ lục III template this type is laid out by ("1.4" for most named types)."""
        return _TYPE_TABLE[self][2]

    @property
    def has_named_title(self) -> bool:
        """Everything but công văn prints its tên loại in ô 5a (§3.5)."""
        return self is not DocumentType.CONG_VAN




#: type → (name, Phụ lục III abbreviation, template of Phụ lục III). nd30.md §5.1–5.2, §6.
_TYPE_TABLE: dict[DocumentType, tuple[str, str | None, str]] = {
    DocumentType.NGHI_QUYET: ("Nghị quyết", "NQ", "1.1"),
    DocumentType.QUYET_DINH: ("Quyết định", "QĐ", "1.2"),
    DocumentType.CHI_THI: ("Chỉ thị", "CT", "1.4"),
    DocumentType.QUY_CHE: ("Quy chế", "QC", "1.4"),
    DocumentType.QUY_DINH: ("Quy định", "QyĐ", "1.4"),
    DocumentType.THONG_CAO: ("Thông cáo", "TC", "1.4"),
    DocumentType.THONG_BAO: ("Thông báo", "TB", "1.4"),
    DocumentType.HUONG_DAN: ("Hướng dẫn", "HD", "1.4"),
    DocumentType.CHUONG_TRINH: ("Chương trình", "CTr", "1.4"),
    DocumentType.KE_HOACH: ("Kế hoạch", "KH", "1.4"),
    DocumentType.PHUONG_AN: ("Phương án", "PA", "1.4"),
    DocumentType.DE_AN: ("Đề án", "ĐA", "1.4"),
    DocumentType.DU_AN: ("Dự án", "DA", "1.4"),
    DocumentType.BAO_CAO: ("Báo cáo", "BC", "1.4"),
    DocumentType.BIEN_BAN: ("Biên bản", "BB", "1.9"),
    DocumentType.TO_TRINH: ("Tờ trình", "TTr", "1.4"),
    DocumentType.HOP_DONG: ("Hợp đồng", "HĐ", "1.4"),
    DocumentType.CONG_VAN: ("Công văn", None, "1.5"),
    DocumentType.CONG_DIEN: ("Công điện", "CĐ", "1.6"),
    DocumentType.BAN_GHI_NHO: ("Bản ghi nhớ", "BGN", "1.4"),
    DocumentType.BAN_THOA_THUAN: ("Bản thỏa thuận", "BTT", "1.4"),
    DocumentType.GIAY_UY_QUYEN: ("Giấy ủy quyền", "GUQ", "1.4"),
    DocumentType.GIAY_MOI: ("Giấy mời", "GM", "1.7"),
    DocumentType.GIAY_GIOI_THIEU: ("Giấy giới thiệu", "GGT", "1.8"),
    DocumentType.GIAY_NGHI_PHEP: ("Giấy nghỉ phép", "GNP", "1.10"),
    DocumentType.PHIEU_GUI: ("Phiếu gửi", "PG", "1.4"),
    DocumentType.PHIEU_CHUYEN: ("Phiếu chuyển", "PC", "1.4"),
    DocumentType.PHIEU_BAO: ("Phiếu báo", "PB", "1.4"),
    DocumentType.THU_CONG: ("Thư công", None, "1.4"),
}


def roman(number: int) -> str:
    """Roman numerals for phần, chương, the "I." mục of reports and plans, and phụ lục (§3.7, §3.16)."""
    if not 0 < number < 4000:
        raise ValueError(number)
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


#: Phụ lục III, Mục I: abbreviation → name of every type (and of the three copy forms, which a ký
#: hiệu of a copy may carry): "QĐ" → "Quyết định".
TYPE_ABBREVIATIONS: dict[str, str] = {
    **{t.abbreviation: t.name_vi for t in DocumentType if t.abbreviation},
    "SY": "Bản sao y", "TrS": "Bản trích sao", "SL": "Bản sao lục",
}

#: Chữ viết tắt của cơ quan, chức danh nhà nước ở Trung ương đã ổn định trong thực tiễn (§3.3, §5.3):
#: "QĐ-TTg", "CĐ-TTg" for the Thủ tướng (the decree's own example of a ký hiệu naming a state title,
#: Phụ lục I, Mục II, khoản 3, điểm b), "TB-VPCP", the ministries' own ("LĐTBXH", not initials of
#: "Bộ …"). abbreviation → the names it stands for. Several keep lower-case letters ("TTg"), written so
#: in every ký hiệu. Local agencies and units set their own (the agency head, §5.3): not listed here.
AGENCY_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "TTg": ("Thủ tướng Chính phủ", "Thủ tướng"),
    "CP": ("Chính phủ",),
    "VPCP": ("Văn phòng Chính phủ",),
    "TTCP": ("Thanh tra Chính phủ",),
    "BNV": ("Bộ Nội vụ",),
    "BTC": ("Bộ Tài chính",),
    "BXD": ("Bộ Xây dựng",),
    "BCA": ("Bộ Công an",),
    "BQP": ("Bộ Quốc phòng",),
    "BNG": ("Bộ Ngoại giao",),
    "BTP": ("Bộ Tư pháp",),
    "BCT": ("Bộ Công Thương",),
    "BYT": ("Bộ Y tế",),
    "BGDĐT": ("Bộ Giáo dục và Đào tạo",),
    "BKHCN": ("Bộ Khoa học và Công nghệ",),
    "BVHTTDL": ("Bộ Văn hóa, Thể thao và Du lịch",),
    "BNNMT": ("Bộ Nông nghiệp và Môi trường",),
    "NHNN": ("Ngân hàng Nhà nước Việt Nam",),
    "UBDT": ("Ủy ban Dân tộc",),
    # ministries of earlier governments, still on the documents they issued
    "LĐTBXH": ("Bộ Lao động - Thương binh và Xã hội",),
    "BKHĐT": ("Bộ Kế hoạch và Đầu tư",),
    "BTTTT": ("Bộ Thông tin và Truyền thông",),
    "BGTVT": ("Bộ Giao thông vận tải",),
    "BTNMT": ("Bộ Tài nguyên và Môi trường",),
    "BNNPTNT": ("Bộ Nông nghiệp và Phát triển nông thôn",),
}

#: Every group of a ký hiệu that is written with lower-case letters by the decree or by established
#: practice ("QyĐ", "CTr", "TTr", "TrS" of Phụ lục III; "TTg"): khoản 3, điểm c asks for capitals
#: everywhere else.
MIXED_CASE_GROUPS: frozenset[str] = frozenset(
    [a for a in (t.abbreviation for t in DocumentType) if a and a != a.upper()] + ["TrS", "TTg"])


#: The names of the 29 types as printed in capitals as a tên loại (ô 5a), longest first.
TYPE_TITLES: tuple[str, ...] = tuple(sorted({upper(t.name_vi) for t in DocumentType if t.abbreviation} | {"THƯ CÔNG"},
                                            key=len, reverse=True))

#: Types agreed between two parties, each signing (hợp đồng, bản ghi nhớ, bản thỏa thuận; the biên bản has its
#: secretary and chair instead, Mẫu 1.9): the other party's signer is the spec's `ben_kia`.
TWO_PARTY: tuple[str, ...] = ("hop_dong", "ban_ghi_nho", "ban_thoa_thuan")

#: The `loai` values of a spec, in the order of Điều 7.
TYPE_KEYS: tuple[str, ...] = tuple(t.value for t in DocumentType)


def point_label(index: int) -> str:
    """The label of the ``index``-th (0-based) điểm: a) b) … đ) … y) then aa) ab) …"""
    letters = VIETNAMESE_POINT_LETTERS
    if index < len(letters):
        return letters[index] + ")"
    return letters[index // len(letters) - 1] + letters[index % len(letters)] + ")"


def day_text(day: int | None) -> str:
    """The day with a leading zero below 10 ("04"), or a blank on a draft (§3.4)."""
    return f"{day:02d}" if day is not None else "    "


def month_text(month: int | None) -> str:
    """Months 1 and 2 with a leading zero ("02"), 3–12 without ("8"), or a blank on a draft (§3.4)."""
    if month is None:
        return "    "
    return f"{month:02d}" if month <= 2 else str(month)


def date_words(day: int | None, month: int | None, year: int) -> str:
    """"ngày 04 tháng 02 năm 2021" (ô 4, §3.4)."""
    return f"ngày {day_text(day)} tháng {month_text(month)} năm {year}"


def short_date(day: int | None, month: int | None, year: int) -> str:
    """"04/02/2021", "28/8/2020", "    /8/2020": the same leading zeros as the date line (§3.4)."""
    return f"{day_text(day)}/{month_text(month)}/{year}"


def close_mark(plain: str) -> str:
    """What ends the content (§3.14): "./." after a text, "/." after one that ends with ".", nothing
    after one that already ends with "./."."""
    plain = plain.rstrip()
    if plain.endswith("./."):
        return ""
    return "/." if plain.endswith(".") else "./."
