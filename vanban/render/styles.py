"""The named styles of ``templates/nd30.docx`` and the page geometry of Phụ lục I.

Renderers use styles *by name* only; their formatting lives in the Word template so an office
can restyle its letterhead in Word. :mod:`vanban.render.template` writes the template from the
definitions below (values inside the ranges of Nghị định 30, see ``nd30.md`` §4 and §10).
"""

from __future__ import annotations

from dataclasses import dataclass

FONT = "Times New Roman"  # Phụ lục I, Mục I.3: "Phông chữ tiếng Việt Times New Roman … màu đen"
LANG = "vi-VN"

# Page: A4 portrait; margins top/bottom 20–25, left 30–35, right 15–20 mm (Phụ lục I, Mục I.1–2).
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 20
MARGIN_BOTTOM_MM = 20
MARGIN_LEFT_MM = 30
MARGIN_RIGHT_MM = 15
HEADER_DISTANCE_MM = 10  # Phụ lục I/III templates: header distance 567 twips

#: Share of the text width given to the left column of the header table (ô 2, ô 3, ô 5b);
#: Mẫu 1.4/1.5 use about 40 % (nd30.md §2.4). The right column must hold the Quốc hiệu.
HEADER_LEFT_SHARE = 0.394
#: Share of the text width given to "Nơi nhận" in the signature table (Mẫu 1.5: 61.9 / 164.4).
SIGNATURE_LEFT_SHARE = 0.4
#: The rule under the agency name is 1/3 to 1/2 of the name's length (§3.2); we take 40 %.
AGENCY_RULE_SHARE = 0.4


@dataclass(frozen=True)
class StyleDef:
    name: str
    style_id: str
    size: float
    bold: bool = False
    italic: bool = False
    align: str = "center"  # left, center, right, both
    before: float = 0  # pt
    after: float = 0  # pt
    first_line_mm: float = 0
    line: float = 1.0  # line spacing, in lines
    keep_next: bool = False
    color: str | None = None  # RGB hex; None = automatic (black)
    doc: str = ""


# Style names as a clerk sees them in Word's style gallery.
CHU_QUAN = "VB Cơ quan chủ quản"
CO_QUAN = "VB Cơ quan ban hành"
QUOC_HIEU = "VB Quốc hiệu"
TIEU_NGU = "VB Tiêu ngữ"
DUONG_KE = "VB Đường kẻ"
SO_KY_HIEU = "VB Số ký hiệu"
TRICH_YEU_CV = "VB Trích yếu công văn"
DIA_DANH = "VB Địa danh ngày"
KINH_GUI = "VB Kính gửi"
NOI_DUNG = "VB Nội dung"
NOI_NHAN_TIEU_DE = "VB Nơi nhận tiêu đề"
NOI_NHAN = "VB Nơi nhận"
QUYEN_HAN = "VB Quyền hạn chức vụ"
HO_TEN = "VB Họ tên người ký"
SO_TRANG = "VB Số trang"
TEN_LOAI = "VB Tên loại"
TRICH_YEU = "VB Trích yếu"
KEM_THEO = "VB Kèm theo"
THAM_QUYEN = "VB Thẩm quyền ban hành"
CAN_CU = "VB Căn cứ"
BAN_HANH = "VB Quyết định"
CONG_DIEN = "VB Công điện"
PHAN_NHAN = "VB Phần chương"
PHAN_TIEU_DE = "VB Tiêu đề phần chương"
MUC_LA_MA = "VB Mục"
DIEU = "VB Điều"
KHOAN_TIEU_DE = "VB Khoản có tiêu đề"
DAU = "VB Dấu mức độ"
PHAM_VI = "VB Phạm vi lưu hành"
DIA_CHI = "VB Địa chỉ"
CHI_DAN_KY = "VB Chỉ dẫn chữ ký"
XAC_NHAN = "VB Xác nhận"
# Attached forms and appendices (vanban.forms; nd30.md §3.16); the reference line uses KEM_THEO.
PHU_LUC_SO = "VB Phụ lục số"
TEN_PHU_LUC = "VB Tên phụ lục"
TRICH_YEU_PL = "VB Trích yếu phụ lục"
DON_VI_TINH = "VB Đơn vị tính"
BANG_TIEU_DE = "VB Bảng tiêu đề"
BANG_SO_COT = "VB Bảng số cột"
BANG_CHU = "VB Bảng chữ"
BANG_SO = "VB Bảng số"
BANG_GIUA = "VB Bảng giữa"
GHI_CHU_BANG = "VB Ghi chú bảng"
CHUC_DANH_KY = "VB Chức danh ký"
CHU_THICH_KY = "VB Chú thích ký"

#: Footnotes (chú thích cuối trang): Nghị định 30 sets no size; 12 pt as the Nơi nhận title and the tables.
FOOTNOTE_SIZE_PT = 12

#: Stamps are pressed in red ink ("mực màu đỏ tươi", §3.13).
STAMP_COLOR = "FF0000"

STYLES: tuple[StyleDef, ...] = (
    StyleDef(CHU_QUAN, "VBCoQuanChuQuan", 13, doc="ô 2: in hoa, 12–13, đứng, không đậm (§3.2)"),
    StyleDef(CO_QUAN, "VBCoQuanBanHanh", 13, bold=True, doc="ô 2: in hoa, 12–13, đứng, đậm (§3.2)"),
    StyleDef(QUOC_HIEU, "VBQuocHieu", 13, bold=True, doc="ô 1: in hoa, 12–13, đứng, đậm (§3.1)"),
    StyleDef(TIEU_NGU, "VBTieuNgu", 14, bold=True, doc="ô 1: 13–14, đứng, đậm, chữ đầu cụm viết hoa (§3.1)"),
    StyleDef(DUONG_KE, "VBDuongKe", 2, line=0, doc="đường kẻ ngang nét liền dưới tên cơ quan, Tiêu ngữ"),
    StyleDef(SO_KY_HIEU, "VBSoKyHieu", 13, before=6, doc="ô 3: \"Số:\" cỡ 13, đứng (§3.3)"),
    StyleDef(TRICH_YEU_CV, "VBTrichYeuCongVan", 12, before=6, doc="ô 5b: 12–13, đứng, cách Số 6pt (§3.5)"),
    StyleDef(DIA_DANH, "VBDiaDanhNgay", 14, italic=True, before=6, doc="ô 4: 13–14, nghiêng (§3.4)"),
    StyleDef(KINH_GUI, "VBKinhGui", 14, align="left", before=6, doc="ô 9a: 13–14, đứng (§3.6)"),
    StyleDef(NOI_DUNG, "VBNoiDung", 14, align="both", before=6, first_line_mm=12.7, line=1.15,
             doc="ô 6: 13–14, canh đều, thụt 1–1,27 cm, cách đoạn ≥ 6pt, dòng 1–1,5 (§3.7)"),
    StyleDef(NOI_NHAN_TIEU_DE, "VBNoiNhanTieuDe", 12, bold=True, italic=True, align="left", before=6,
             doc="ô 9b: \"Nơi nhận:\" 12, nghiêng, đậm (§3.10)"),
    StyleDef(NOI_NHAN, "VBNoiNhan", 11, align="left", doc="ô 9b: danh sách nơi nhận 11, đứng (§3.10)"),
    StyleDef(QUYEN_HAN, "VBQuyenHanChucVu", 14, bold=True, before=0, doc="ô 7a: in hoa, 13–14, đậm (§3.8)"),
    StyleDef(HO_TEN, "VBHoTenNguoiKy", 14, bold=True, before=72, doc="ô 7b: 13–14, đậm (§3.8)"),
    StyleDef(SO_TRANG, "VBSoTrang", 14, doc="số trang: 13–14, giữa lề trên, từ trang 2 (§3.15)"),
    StyleDef(TEN_LOAI, "VBTenLoai", 14, bold=True, before=18, keep_next=True,
             doc="ô 5a: tên loại in hoa, 13–14, đứng, đậm, canh giữa (§3.5)"),
    StyleDef(TRICH_YEU, "VBTrichYeu", 14, bold=True, keep_next=True,
             doc="ô 5a: trích yếu 13–14, đứng, đậm, ngay dưới tên loại (§3.5)"),
    StyleDef(KEM_THEO, "VBKemTheo", 14, italic=True, keep_next=True,
             doc="\"(Kèm theo Quyết định số …)\": 13–14, nghiêng, canh giữa (§3.16, Mẫu 1.3)"),
    StyleDef(THAM_QUYEN, "VBThamQuyen", 14, bold=True, before=12, after=6, keep_next=True,
             doc="thẩm quyền ban hành: in hoa, đậm, canh giữa (Mẫu 1.1–1.3)"),
    StyleDef(CAN_CU, "VBCanCu", 14, italic=True, align="both", before=6, first_line_mm=12.7, line=1.15,
             doc="căn cứ ban hành: 13–14, nghiêng, mỗi căn cứ một dòng (§3.7)"),
    StyleDef(BAN_HANH, "VBQuyetDinh", 14, bold=True, before=12, after=6, keep_next=True,
             doc="\"QUYẾT ĐỊNH:\" / \"QUYẾT NGHỊ:\" đậm, canh giữa (Mẫu 1.1–1.3)"),
    StyleDef(CONG_DIEN, "VBCongDien", 14, before=12, after=6, keep_next=True,
             doc="công điện: \"<THẨM QUYỀN> điện:\" canh giữa (Mẫu 1.6)"),
    StyleDef(PHAN_NHAN, "VBPhanChuong", 14, bold=True, before=12, keep_next=True,
             doc="\"Phần I\", \"Chương I\", \"Mục 1\": in thường, đậm, canh giữa (§3.7)"),
    StyleDef(PHAN_TIEU_DE, "VBTieuDePhanChuong", 14, bold=True, after=6, keep_next=True,
             doc="tiêu đề phần, chương, mục: in hoa, đậm, canh giữa (§3.7)"),
    StyleDef(MUC_LA_MA, "VBMuc", 14, bold=True, align="both", before=6, first_line_mm=12.7, line=1.15,
             keep_next=True, doc="mục của báo cáo, kế hoạch: \"I. TIÊU ĐỀ\" in hoa, đậm (Phụ lục I, Mục V)"),
    StyleDef(DIEU, "VBDieu", 14, bold=True, align="both", before=6, first_line_mm=12.7, line=1.15,
             keep_next=True, doc="\"Điều 1. Tiêu đề\": đậm, thụt đầu dòng như nội dung (§3.7)"),
    StyleDef(KHOAN_TIEU_DE, "VBKhoanTieuDe", 14, bold=True, align="both", before=6, first_line_mm=12.7,
             line=1.15, keep_next=True, doc="khoản có tiêu đề: số và tiêu đề đậm (§3.7)"),
    StyleDef(DAU, "VBDauMucDo", 13, bold=True, color=STAMP_COLOR,
             doc="ô 10a/10b: độ mật, mức độ khẩn in hoa, 13–14, đậm, trong khung (§3.13)"),
    StyleDef(PHAM_VI, "VBPhamViLuuHanh", 13, bold=True,
             doc="ô 11: chỉ dẫn phạm vi lưu hành in hoa, 13–14, đậm, trong khung (§3.13)"),
    StyleDef(DIA_CHI, "VBDiaChi", 11, align="left", doc="ô 13: địa chỉ, ĐT, email, website 11–12, đứng (§3.12)"),
    StyleDef(CHI_DAN_KY, "VBChiDanChuKy", 13, italic=True, before=6,
             doc="chỉ dẫn chỗ ký, đóng dấu của dự thảo (Phụ lục III), nghiêng"),
    StyleDef(XAC_NHAN, "VBXacNhan", 13, bold=True, before=24,
             doc="giấy nghỉ phép: xác nhận của nơi nghỉ phép (Mẫu 1.10)"),
    StyleDef(PHU_LUC_SO, "VBPhuLucSo", 14, bold=True, before=6,
             doc="\"Phụ lục I\", \"Biểu mẫu số 1\": thường, 14, đứng, đậm, giữa (§3.16)"),
    StyleDef(TEN_PHU_LUC, "VBTenPhuLuc", 14, bold=True, before=6, doc="tên phụ lục: IN HOA, 13–14, đậm (§3.16)"),
    StyleDef(TRICH_YEU_PL, "VBTrichYeuPhuLuc", 14, bold=True, doc="dòng mô tả dưới tên phụ lục, 13–14, đậm"),
    StyleDef(DON_VI_TINH, "VBDonViTinh", 12, italic=True, align="right", before=6, after=3,
             doc="\"Đơn vị tính: …\" trên bảng, 12, nghiêng"),
    StyleDef(BANG_TIEU_DE, "VBBangTieuDe", 12, bold=True, before=2, after=2, doc="tiêu đề cột của bảng, 12, đậm"),
    StyleDef(BANG_SO_COT, "VBBangSoCot", 11, italic=True, before=1, after=1, doc="dòng đánh số cột (1) (2) …"),
    StyleDef(BANG_CHU, "VBBangChu", 12, align="left", before=2, after=2, doc="ô chữ của bảng, 12, canh trái"),
    StyleDef(BANG_SO, "VBBangSo", 12, align="right", before=2, after=2, doc="ô số của bảng, 12, canh phải"),
    StyleDef(BANG_GIUA, "VBBangGiua", 12, before=2, after=2, doc="ô Stt, ngày của bảng, 12, giữa"),
    StyleDef(GHI_CHU_BANG, "VBGhiChuBang", 12, italic=True, align="both", before=6, doc="ghi chú dưới bảng"),
    StyleDef(CHUC_DANH_KY, "VBChucDanhKy", 13, bold=True, before=12, doc="\"Người lập biểu\", \"Thủ trưởng đơn vị\""),
    StyleDef(CHU_THICH_KY, "VBChuThichKy", 13, italic=True, doc="\"(Ký, ghi rõ họ tên)\" dưới chức danh"),
)

BY_NAME = {style.name: style for style in STYLES}

#: Every style name vanban writes: a ``--template`` must define them all (vanban.app.validate_template).
STYLE_NAMES: tuple[str, ...] = tuple(style.name for style in STYLES)
