"""Benchmark: `build --forms xlsx` copies and `collect` of returned workbooks.

Prints wall-clock figures and ratios against a baseline measured in the same process: openpyxl
writing / loading the same workbooks without vanban's work (the cost vanban cannot avoid).
Run: ``.venv/bin/python bench/forms_collect.py [N]`` (N recipients, default 100).
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vanban.forms.collect import collect  # noqa: E402
from vanban.forms.xlsx import build_workbook  # noqa: E402
from vanban import load  # noqa: E402


def spec_text(n: int) -> str:
    text = (ROOT / "tests" / "fixtures" / "forms" / "bao-cao-xa.yaml").read_text(encoding="utf-8")
    head, _ = text.split("    don_vi_bao_cao:\n")
    return head + "    don_vi_bao_cao:\n" + "".join(f"      - Xã số {i:03d}\n" for i in range(1, n + 1))


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    document = load(spec_text(n), name="bench.yaml").document
    form = document.attachments[0]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # build: one personalised workbook per recipient
        t_build, blobs = timed(lambda: [build_workbook(document, "bench", r) for r in form.recipients])
        t_base_write, _ = timed(lambda: [_plain_workbook() for _ in form.recipients])
        # fill them (not measured), then collect
        paths = []
        for i, blob in enumerate(blobs, start=1):
            wb = openpyxl.load_workbook(io.BytesIO(blob))
            ws = wb["Phụ lục"]
            for r in (14, 15):
                for col, value in zip("CDGH", (100 + i, 40 + i, 1000 + i, 300 + i)):
                    ws[f"{col}{r}"] = value
                ws[f"I{r}"] = "27/8/2020"
            path = tmp / f"{i:03d}.xlsx"
            wb.save(path)
            paths.append(path)
        t_base_load, _ = timed(lambda: [openpyxl.load_workbook(p, data_only=True) for p in paths])
        t_collect, (results, diags) = timed(lambda: collect(document, paths))
        tracemalloc.start()  # a second run for the memory figure (tracing slows it down)
        collect(document, paths[:10])
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert len(results[0].submissions) == n and not diags.errors, [d.format() for d in diags.errors][:3]
    print(f"recipients: {n}")
    print(f"build --forms xlsx (per-recipient workbooks): {t_build:.2f} s ({t_build / n * 1000:.1f} ms each); "
          f"baseline openpyxl plain workbook: {t_base_write:.2f} s; ratio {t_build / t_base_write:.1f}x")
    print(f"collect: {t_collect:.2f} s ({t_collect / n * 1000:.1f} ms per file), peak traced memory "
          f"{peak / 1e6:.1f} MB (10 files); baseline openpyxl load: {t_base_load:.2f} s; ratio {t_collect / t_base_load:.2f}x")


def _plain_workbook() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 20):
        for c in range(1, 11):
            ws.cell(row=r, column=c, value=r * c)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


if __name__ == "__main__":
    main()
