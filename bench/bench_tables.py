"""Speed of a large appendix table: a budget phụ lục of 1,000, 2,000 and 4,000 rows, grouped (I → 1 → items),
with subtotals on every group and the total at the top, loaded and rendered to .docx.

Run: ``python bench/bench_tables.py`` (``--quick``: 150, 300 and 600 rows, once each, to see that it runs). Prints, for each size, the median time to load the spec and to render
the .docx, the time per 1,000 rows, and the ratio of each size to the 1,000-row one (linear growth: 2 and 4),
against a baseline measured in the same run: the same letter without its appendix. The issue's target: a
2,000-row appendix renders in ≤ 1 s on the development machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from vanban import load  # noqa: E402
from vanban.render.docx import render_docx  # noqa: E402
from specload import report_letter  # noqa: E402

#: The tables' tests' report letter (tests/specload.py) with a small table in its body; the appendix is added to it.
LETTER = report_letter("""\
      cot:
        - {ten: TT, kieu: stt}
        - {ten: Chỉ tiêu, ma: chi_tieu}
        - {ten: Thành tiền, ma: thanh_tien, kieu: so}
      dong:
        - [Quan trắc nước mặt, "1.000"]
        - [Quan trắc nước ngầm, "2.000"]
  - Dự toán kinh phí quan trắc năm 2026 chi tiết tại Phụ lục kèm theo.
""")


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="150, 300 and 600 rows, once each (a smoke run)")
    args = parser.parse_args()
    repeat, sizes = (1, (150, 300, 600)) if args.quick else (5, (1000, 2000, 4000))
    base_result = load(LETTER, name="base.yaml")
    assert base_result.ok, [d.format() for d in base_result.diagnostics.items][:3]
    base_doc = base_result.document
    base = median_s(lambda: render_docx(base_doc), repeat)
    print(f"baseline (the letter without its appendix): render {base * 1000:7.1f} ms")
    print(f"{'rows':>6} {'load s':>8} {'render s':>9} {'render−base':>12} {'per 1k rows':>12} "
          f"{f'ratio to {sizes[0]}':>12}")
    first = None
    for rows in sizes:
        text = LETTER + appendix(rows)
        result = load(text, name=f"bench-{rows}.yaml")
        assert result.ok, [d.format() for d in result.diagnostics.items][:3]
        table = result.document.attachments[0].table
        assert len(table.rows) == rows, len(table.rows)
        loading = median_s(lambda: load(text, name=f"bench-{rows}.yaml"), min(repeat, 3))
        rendering = median_s(lambda: render_docx(result.document), repeat)
        net = rendering - base
        first = first or net
        print(f"{rows:>6} {loading:8.3f} {rendering:9.3f} {net:12.3f} {net / rows * 1000:12.3f} {net / first:12.2f}")
    print("target: a 2,000-row appendix renders in ≤ 1 s; linear growth: ratios ≈ 1, 2, 4")


if __name__ == "__main__":
    main()
