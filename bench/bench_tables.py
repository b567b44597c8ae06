"""Speed of a large appendix table: a budget phụ lục of 1,000, 2,000 and 4,000 rows, grouped (I → 1 → items),
with subtotals on every group and the total at the top, loaded and rendered to .docx.

Run: ``python bench/bench_tables.py``. Prints, for each size, the median time to load the spec and to render
the .docx, the time per 1,000 rows, and the ratio of each size to the 1,000-row one (linear growth: 2 and 4),
against a baseline measured in the same run: the same letter without its appendix. The issue's target: a
2,000-row appendix renders in ≤ 1 s on the development machine.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vanban import load  # noqa: E402
from vanban.render.docx import render_docx  # noqa: E402

LETTER = """\
loai: quyet_dinh
co_quan: {chu_quan: UBND tỉnh Đắk Lắk, ten: Sở Nông nghiệp và Môi trường}
so: 1158
ky_hieu: SNNMT
dia_danh: Đắk Lắk
ngay: 2025-12-04
trich_yeu: Về việc phê duyệt dự toán kinh phí quan trắc năm 2026
tham_quyen_ban_hanh: Giám đốc Sở Nông nghiệp và Môi trường
can_cu: [Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015]
noi_dung:
  - dieu: Phê duyệt dự toán kinh phí quan trắc năm 2026 (chi tiết tại Phụ lục kèm theo).
  - dieu: Chánh Văn phòng Sở và Thủ trưởng các đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này.
luu: [VT, TS]
nguoi_ky: {ky_thay: Giám đốc, chuc_vu: Phó Giám đốc, ho_ten: Trần Văn Minh}
"""


def appendix(rows: int) -> str:
    """A budget appendix of ``rows`` rows: groups of 50 (1 group row + 49 items) under Roman groups of 500."""
    out = ["phu_luc:", "  - nhan: PHỤ LỤC 01", "    ten: Dự toán kinh phí", "    don_vi_tinh: \"ĐVT: đồng\"",
           "    cot:", "      - {ten: TT, kieu: stt}", "      - {ten: Chỉ tiêu, ma: chi_tieu, rong: 60}",
           "      - {ten: Số lượng, ma: so_luong, kieu: so, cong: false}",
           "      - {ten: Đơn giá, ma: don_gia, kieu: so, cong: false}",
           "      - {ten: Thành tiền, ma: thanh_tien, kieu: so}", "      - {ten: Ghi chú, ma: ghi_chu}",
           "    cong_nhom: true", "    tong_cong: {nhan: TỔNG SỐ, vi_tri: tren}", "    dong:"]
    made = 0
    big = 0
    while made < rows:
        big += 1
        out.append(f"      - nhom: \"Nhóm chi {big}\"\n        dong:")
        made += 1
        for small in range(10):
            if made >= rows:
                break
            out.append(f"          - nhom: \"Hạng mục {big}.{small + 1}\"\n            dong:")
            made += 1
            for item in range(48):
                if made >= rows:
                    break
                out.append(f"              - [\"Chỉ tiêu **{made}** (phân tích trong phòng)\", 108, \"95.614\", "
                           f"\"{(made * 1_000_003) % 99_999_999}\", \"STT {item}, PL 6\"]")
                made += 1
    return "\n".join(out) + "\n"


def median_s(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    repeat = 5
    base_doc = load(LETTER, name="base.yaml").document
    base = median_s(lambda: render_docx(base_doc), repeat)
    print(f"baseline (the letter without its appendix): render {base * 1000:7.1f} ms")
    print(f"{'rows':>6} {'load s':>8} {'render s':>9} {'render−base':>12} {'per 1k rows':>12} {'ratio to 1k':>12}")
    first = None
    for rows in (1000, 2000, 4000):
        text = LETTER + appendix(rows)
        result = load(text, name=f"bench-{rows}.yaml")
        assert result.ok, [d.format() for d in result.diagnostics.items][:3]
        table = result.document.attachments[0].table
        assert len(table.rows) == rows, len(table.rows)
        loading = median_s(lambda: load(text, name=f"bench-{rows}.yaml"), 3)
        rendering = median_s(lambda: render_docx(result.document), repeat)
        net = rendering - base
        first = first or net
        print(f"{rows:>6} {loading:8.3f} {rendering:9.3f} {net:12.3f} {net / rows * 1000:12.3f} {net / first:12.2f}")
    print("target: a 2,000-row appendix renders in ≤ 1 s; linear growth: ratios ≈ 1, 2, 4")


if __name__ == "__main__":
    main()
