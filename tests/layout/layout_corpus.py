"""The stress corpus of the layout harness: generated specs that push every page-level rule.

Not real letters: made-up bodies of stepped length, so that the Nơi nhận/signature block falls at every
position of a page (issue 16), for a công văn, a quyết định with căn cứ and Điều headings, and a letter
followed by an appendix (phụ lục, its own section); plus the longest agency and place names, 1–30
Kính gửi and Nơi nhận lines, a signature with TM./KT./chức vụ on three lines and a biên bản with two
signers. Each :class:`Case` knows the texts the properties look for in the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

#: Body lengths: a first paragraph of a fixed size, then ``step`` extra words per case: about one
#: printed line (14 pt, 165 mm: some 17 words) each, so 48 steps move the signature block over more
#: than a whole page (about 45 lines of body text).
LENGTHS = 48
WORDS_PER_STEP = 17

_WORDS = ("triển khai thực hiện nhiệm vụ được giao bảo đảm đúng tiến độ chất lượng hiệu quả các cơ quan đơn vị "
          "địa phương phối hợp chặt chẽ tổng hợp báo cáo kết quả về cơ quan thường trực theo quy định hiện hành "
          "của pháp luật và hướng dẫn của cơ quan cấp trên").split()

#: The longest names the harness sets in the header (ô 1–4): agency, parent agency, place.
LONGEST_AGENCY = "Sở Lao động - Thương binh và Xã hội"
LONGEST_PARENT = "Ủy ban nhân dân Thành phố Hồ Chí Minh"
LONGEST_PLACE = "Thành phố Hồ Chí Minh"
SIGNER = "Nguyễn Văn Thành"
SECRETARY = "Trần Thị Lan"


def words(count: int, seed: int = 0) -> str:
    out = [_WORDS[(seed + i * 7) % len(_WORDS)] for i in range(count)]
    return (" ".join(out)).capitalize() + "."


@dataclass
class Case:
    """One generated document and what the properties need to find in its rendering."""

    name: str
    spec: dict
    #: texts that make up the signature block (all must be on one page)
    signature_texts: tuple[str, ...]
    #: texts that are headings or lead-ins: none may be the last line of a page
    keep_texts: tuple[str, ...] = ()
    #: header lines that must each be on one rendered line
    one_line: tuple[str, ...] = ()
    appendix: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def yaml(self) -> str:
        return yaml.safe_dump(self.spec, allow_unicode=True, sort_keys=False, width=10_000)


def _base(kind: str, *, agency=("Sở Thông tin và Truyền thông",), parent="Ủy ban nhân dân tỉnh Thái Bình",
          place="Thái Bình", date="2025-11-28") -> dict:
    spec = {
        "loai": kind,
        "co_quan": {"chu_quan": parent, "ten": agency[0] if len(agency) == 1 else list(agency)},
        "so": 1234,
        "ky_hieu": "STTTT-VP",
        "dia_danh": place,
        "ngay": date,
    }
    return spec


def _signature(three_lines: bool = False) -> dict:
    if three_lines:
        return {"thay_mat": "Ủy ban nhân dân", "ky_thay": "Chủ tịch", "chuc_vu": "Phó Chủ tịch", "ho_ten": SIGNER}
    return {"ky_thay": "Giám đốc", "chuc_vu": "Phó Giám đốc", "ho_ten": SIGNER}


def _signature_texts(spec: dict) -> tuple[str, ...]:
    signer = spec["nguoi_ky"]
    texts = [signer["chuc_vu"].upper(), SIGNER, "Nơi nhận:"]
    if "ky_thay" in signer:
        texts.append("KT. " + signer["ky_thay"].upper())
    if "thay_mat" in signer:
        texts.append("TM. " + signer["thay_mat"].upper())
    return tuple(texts)


def _body(step: int, *, lead_in: bool = True) -> tuple[list, tuple[str, ...]]:
    """Paragraphs of about 40 words, the last one shorter, ``step`` steps of one line longer than the
    shortest; a lead-in ending with ":" and its list before the last paragraph."""
    total = 20 + step * WORDS_PER_STEP
    body: list = []
    keep: list[str] = []
    seed = 0
    while total > 45:
        body.append(words(40, seed))
        total -= 40
        seed += 3
    if lead_in:
        lead = "Để thực hiện tốt các nhiệm vụ nêu trên, đề nghị các cơ quan, đơn vị thực hiện các nội dung sau:"
        body.append(lead)
        keep.append(lead)
        body.append({"khoan": [words(18, 5), words(22, 9)]})
    body.append(words(max(5, total), seed + 1))
    return body, tuple(keep)


def cong_van(step: int, *, recipients: int = 2, copies: int = 4, three_lines: bool = False, long_names=False,
             name: str | None = None) -> Case:
    if long_names:
        spec = _base("cong_van", agency=(LONGEST_AGENCY,), parent=LONGEST_PARENT, place=LONGEST_PLACE)
    else:
        spec = _base("cong_van")
    spec["trich_yeu"] = "đẩy mạnh triển khai cài đặt và sử dụng ứng dụng hỗ trợ phòng, chống dịch bệnh trên địa bàn"
    spec["kinh_gui"] = [f"Ủy ban nhân dân xã số {i + 1} của tỉnh" for i in range(recipients)]
    body, keep = _body(step)
    spec["noi_dung"] = body
    spec["noi_nhan"] = [f"Đơn vị nhận số {i + 1}" for i in range(copies)]
    spec["luu"] = ["VT", "VP"]
    spec["nguoi_ky"] = _signature(three_lines)
    return Case(name or f"cong-van-{step:02d}", spec, _signature_texts(spec), keep,
                one_line=_header_lines(spec, "cong_van"))


def quyet_dinh(step: int) -> Case:
    spec = _base("quyet_dinh", agency=("Ủy ban nhân dân", "tỉnh Thái Bình"), parent=None)
    del spec["co_quan"]["chu_quan"]
    spec["ky_hieu"] = "UBND"
    spec["trich_yeu"] = "ban hành Kế hoạch triển khai nhiệm vụ chuyển đổi số năm 2026"
    spec["tham_quyen_ban_hanh"] = "Chủ tịch Ủy ban nhân dân tỉnh Thái Bình"
    spec["can_cu"] = [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025",
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư",
        "Theo đề nghị của Giám đốc Sở Thông tin và Truyền thông",
    ]
    body, _ = _body(step, lead_in=False)
    articles = [{"dieu": "Phạm vi và đối tượng áp dụng", "noi_dung": body[:-1] or [words(20)]},
                {"dieu": "Tổ chức thực hiện", "noi_dung": [body[-1]]},
                {"dieu": "Quyết định này có hiệu lực thi hành kể từ ngày ký.", "khoa": "hieu_luc"}]
    spec["noi_dung"] = articles
    spec["noi_nhan"] = ["Như Điều 3", "Chủ tịch, các PCT UBND tỉnh"]
    spec["luu"] = ["VT"]
    spec["nguoi_ky"] = _signature(three_lines=True)
    keep = ("Điều 1. Phạm vi và đối tượng áp dụng", "Điều 2. Tổ chức thực hiện")
    return Case(f"quyet-dinh-{step:02d}", spec, _signature_texts(spec), keep,
                one_line=_header_lines(spec, "quyet_dinh"))


def with_appendix(step: int) -> Case:
    case = cong_van(step, name=f"phu-luc-{step:02d}")
    case.spec["phu_luc"] = [{
        "ten": "Danh sách đơn vị báo cáo",
        "cot": [{"ma": "stt", "ten": "Stt", "kieu": "stt"}, {"ma": "don_vi", "ten": "Đơn vị", "rong": 80},
                {"ma": "so_lieu", "ten": "Số liệu", "kieu": "so"}],
        "dong": [f"Đơn vị {i + 1}" for i in range(8)],
    }]
    case.appendix = True
    return case


def bien_ban(step: int) -> Case:
    spec = _base("bien_ban")
    spec["ky_hieu"] = "STTTT"
    spec["trich_yeu"] = "cuộc họp triển khai nhiệm vụ chuyển đổi số"
    spec["bien_ban"] = {
        "bat_dau": "14 giờ 00, ngày 28/11/2025.",
        "dia_diem": "Phòng họp tầng 3, Sở Thông tin và Truyền thông.",
        "thanh_phan": ["Lãnh đạo Sở", "Các phòng chuyên môn"],
        "chu_tri": f"Ông {SIGNER}, Giám đốc Sở.",
        "thu_ky": f"Bà {SECRETARY}, chuyên viên.",
        "ket_thuc": "16 giờ 30 cùng ngày",
    }
    body, keep = _body(step)
    spec["noi_dung"] = body
    spec["noi_nhan"] = ["Các đơn vị dự họp"]
    spec["luu"] = ["VT"]
    spec["nguoi_ky"] = {"chuc_vu": "Chủ tọa", "ho_ten": SIGNER}
    spec["nguoi_ghi"] = {"chuc_vu": "Thư ký", "ho_ten": SECRETARY}
    texts = ("CHỦ TỌA", SIGNER, "THƯ KÝ", SECRETARY, "Nơi nhận:")
    return Case(f"bien-ban-{step:02d}", spec, texts, keep, one_line=_header_lines(spec, "bien_ban"))


def _header_lines(spec: dict, kind: str) -> tuple[str, ...]:
    from vanban.model.decree import QUOC_HIEU, TIEU_NGU

    lines = [QUOC_HIEU, TIEU_NGU]
    if kind != "bien_ban":
        year, month, day = spec["ngay"].split("-")
        lines.append(f"{spec['dia_danh']}, ngày {day} tháng {int(month):d} năm {year}"
                     if int(month) > 2 else f"{spec['dia_danh']}, ngày {day} tháng {month} năm {year}")
    return tuple(lines)


def corpus() -> list[Case]:
    """Every case of the harness, in a fixed order (names are unique)."""
    cases: list[Case] = []
    cases += [cong_van(step) for step in range(LENGTHS)]
    cases += [quyet_dinh(step) for step in range(LENGTHS)]
    cases += [with_appendix(step) for step in range(LENGTHS)]
    # 1–30 Kính gửi and Nơi nhận lines, over several body lengths
    for n in (1, 5, 10, 20, 30):
        for step in (0, 10, 20):
            cases.append(cong_van(step, recipients=n, copies=n, name=f"nhan-{n:02d}-{step:02d}"))
    # the longest names; TM./KT./chức vụ on three lines
    for step in range(0, LENGTHS, 3):
        cases.append(cong_van(step, long_names=True, three_lines=True, name=f"dai-{step:02d}"))
    cases += [bien_ban(step) for step in range(0, LENGTHS, 2)]
    return cases
