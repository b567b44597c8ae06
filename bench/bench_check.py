"""Speed and memory of `vanban check`, `vanban diff` and the redline, against the loader and the renderer.

Run: ``python bench/bench_check.py``. Prints, for the three seed letters and for a long synthetic letter
(seed 003 with its body repeated to 300 items), the median time of each step and its ratio to loading the
spec (the baseline, measured in the same process), and the peak memory of the .docx audit.
"""

from __future__ import annotations

import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vanban.checker import check_docx_bytes, check_document  # noqa: E402
from vanban.changes import diff_documents  # noqa: E402
from vanban.changes.redline import redline_docx  # noqa: E402
from vanban.render.docx import render_docx  # noqa: E402
from vanban import load  # noqa: E402


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def long_letter(text: str, items: int) -> str:
    head, _, tail = text.partition("noi_dung:\n")
    body, _, rest = tail.partition("noi_nhan:\n")
    lines = "".join(f"      - Nhiệm vụ số {i}, các sở, ban, ngành tiếp tục triển khai ứng dụng Bluezone, báo cáo kết "
                    f"quả trước ngày 15 hằng tháng cho Sở Thông tin và Truyền thông.\n" for i in range(items))
    return head + "noi_dung:\n  - \"Ủy ban nhân dân tỉnh yêu cầu:\"\n  - khoan:\n" + lines + \
        "  - Nhận Công văn này, yêu cầu các đơn vị khẩn trương triển khai thực hiện.\nnoi_nhan:\n" + rest


def bench(name: str, text: str, repeat: int) -> None:
    edited = text.replace("Bluezone", "Bluezone (PC-Covid)", 3)
    old = load(text, name=name)
    new = load(edited, name=name)
    assert old.ok and new.ok, [d.format() for d in old.diagnostics]
    docx = render_docx(old.document)
    base = median_ms(lambda: load(text, name=name), repeat)
    rows = [
        ("load spec (baseline)", base),
        ("render .docx", median_ms(lambda: render_docx(old.document), repeat)),
        ("check spec rules", median_ms(lambda: check_document(old.document), repeat)),
        ("check .docx audit", median_ms(lambda: check_docx_bytes(docx, name), repeat)),
        ("diff", median_ms(lambda: diff_documents(old.document, new.document), repeat)),
        ("redline .docx", median_ms(lambda: redline_docx(old.document, new.document), max(3, repeat // 3))),
    ]
    tracemalloc.start()
    check_docx_bytes(docx, name)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"\n{name}: {len(docx) // 1024} KiB .docx")
    for label, ms in rows:
        print(f"  {label:<22} {ms:8.1f} ms   ×{ms / base:6.2f} of loading")
    print(f"  peak memory of the .docx audit: {peak / 1024 / 1024:.1f} MiB")


def main() -> None:
    for spec in sorted((ROOT / "directives").glob("*.yaml")):
        bench(spec.stem, spec.read_text(encoding="utf-8"), 15)
    seed = (ROOT / "directives" / "003-thai-binh-bluezone.yaml").read_text(encoding="utf-8")
    bench("long letter (300 items)", long_letter(seed, 300), 5)


if __name__ == "__main__":
    main()
