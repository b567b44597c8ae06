"""Benchmark: the cost of body paragraphs and form rows must grow linearly (issue 13, point 13).

Renders a letter of 10,000 / 20,000 / 40,000 body paragraphs (load + .docx) and a form of 5,000 / 10,000 /
20,000 rows (load + .docx + the form's .xlsx) in one run, and prints each time with the ratio to the previous
size: a linear cost doubles (ratio ≈ 2.0; the issue's bound is ≤ 2.3), a quadratic one quadruples. The baseline
of each series is its smallest size, measured in the same run.

Run: ``.venv/bin/python bench/bench_linear.py [--quick] [paragraphs|rows]`` (``--quick``: a tenth of each size;
``paragraphs`` or ``rows``: that series only). The load average is printed before and after: on a shared
machine the times are read next to it. After the rows, the CPU time of each step of the biggest form: load (YAML →
model), the .docx and the form's .xlsx.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vanban import load, render_docx  # noqa: E402
from vanban.forms.xlsx import build_workbook  # noqa: E402

LETTER = ROOT / "directives" / "003-thai-binh-bluezone.yaml"
FORM = ROOT / "tests" / "fixtures" / "forms" / "bao-cao-xa.yaml"


def letter_text(paragraphs: int) -> str:
    text = LETTER.read_text(encoding="utf-8")
    head, rest = text.split("noi_dung:\n", 1)
    tail = rest[rest.index("\nnoi_nhan:"):]
    body = "".join(f"  - Đoạn {i}: Ủy ban nhân dân tỉnh yêu cầu các sở, ban, ngành tiếp tục triển khai "
                   f"thực hiện nhiệm vụ số {i} theo kế hoạch.\n" for i in range(1, paragraphs + 1))
    return head + "noi_dung:\n" + body + tail[1:]


def form_text(rows: int) -> str:
    text = FORM.read_text(encoding="utf-8")
    head, rest = text.split("    dong:\n", 1)
    tail = rest[rest.index("    tong_cong:"):]
    body = "".join(f"      - {{khu_vuc: Thôn {i}, tong_so: {100 + i}, da_cai: {i % 100}}}\n"
                   for i in range(1, rows + 1))
    text = head + "    dong:\n" + body + tail
    cut = text.index("    don_vi_bao_cao:\n")  # one form, no per-recipient copies: the rows are the point
    end = text.find("\n", text.rfind("      - Xã số")) + 1
    return text[:cut] + text[end:]


def timed(fn) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of this process): on a loaded machine the CPU time is the steadier one."""
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - start, time.process_time() - cpu


def letter(n: int) -> tuple[float, float]:
    text = letter_text(n)

    def work():
        result = load(text, name="thu.yaml")
        assert result.ok, [d.format() for d in result.diagnostics.errors][:3]
        render_docx(result.document)

    return timed(work)


#: The CPU seconds of each step of the last form measured: load (YAML → model), .docx, .xlsx.
SPLIT: dict[str, float] = {}


def form(n: int) -> tuple[float, float]:
    text = form_text(n)

    def work():
        cpu = time.process_time()
        result = load(text, name="bao-cao.yaml")
        assert result.ok, [d.format() for d in result.diagnostics.errors][:3]
        SPLIT["load"], cpu = time.process_time() - cpu, time.process_time()
        render_docx(result.document)
        SPLIT[".docx"], cpu = time.process_time() - cpu, time.process_time()
        build_workbook(result.document, "bao-cao")
        SPLIT[".xlsx"] = time.process_time() - cpu

    return timed(work)


def series(name: str, fn, sizes: list[int]) -> list[tuple[float, float]]:
    times = []
    for n in sizes:
        times.append(fn(n))
        (wall, cpu) = times[-1]
        ratio = (f"  ×{wall / times[-2][0]:.2f} wall, ×{cpu / times[-2][1]:.2f} CPU for ×2" if len(times) > 1
                 else "  (baseline)")
        print(f"{name:>16} {n:>7,}: {wall:7.2f} s wall, {cpu:7.2f} s CPU{ratio}", flush=True)
    return times


def load_average() -> str:
    """The machine's load average (1, 5, 15 min): a shared machine's figures are read next to it."""
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main() -> None:
    scale = 10 if "--quick" in sys.argv else 1
    only = [a for a in sys.argv[1:] if a in ("paragraphs", "rows")] or ["paragraphs", "rows"]
    print(f"load average before: {load_average()} ({os.cpu_count()} CPUs)", flush=True)
    if "paragraphs" in only:
        series("body paragraphs", letter, [10_000 // scale, 20_000 // scale, 40_000 // scale])
    if "rows" in only:
        sizes = [5_000 // scale, 10_000 // scale, 20_000 // scale]
        series("form rows", form, sizes)
        print(f"{'':>16} {sizes[-1]:>7,}: " + ", ".join(f"{step} {cpu:.2f} s" for step, cpu in SPLIT.items())
              + f" CPU (issue 13: 20,000 rows ≤ 10 s in all; load average now {load_average()})", flush=True)
    print(f"load average after:  {load_average()}", flush=True)


if __name__ == "__main__":
    main()
