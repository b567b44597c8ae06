"""Benchmark: a registry (danh bạ) of 12,500 / 25,000 / 50,000 recipients loads in linear time (issue 13, point 15).

A province-wide mailing: every commune office with its name, short name, e-mail and district group (100 groups).
Each size is loaded through :func:`vanban.load_registry` and checked (every recipient found, every group with its
members); the time is printed with the ratio to the previous size (linear: ≈ 2.0 per doubling), wall-clock and CPU,
with the load average of the shared machine before and after.

Run: ``.venv/bin/python bench/bench_registry.py [--quick]`` (``--quick``: a tenth of each size).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vanban.app import load_registry  # noqa: E402

GROUPS = 100


def registry_text(entries: int) -> str:
    """A registry of ``entries`` communes in :data:`GROUPS` districts (the shape tests/unit/test_registry_large.py uses)."""
    lines = ["danh_ba: Danh bạ gửi thư toàn tỉnh", "nhom:"]
    for d in range(GROUPS):
        lines += [f"  huyen-{d:03d}:", f"    ten: Ủy ban nhân dân các xã thuộc huyện số {d}"]
    lines.append("noi_nhan:")
    for i in range(entries):
        lines += [f"  xa-{i:05d}:", f"    ten: Ủy ban nhân dân xã số {i}", f"    ten_ngan: UBND xã số {i}",
                  f"    email: ubnd.xa{i}@tinh.gov.vn", f"    nhom: [huyen-{i % GROUPS:03d}]"]
    return "\n".join(lines) + "\n"


def load_average() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def one(entries: int, folder: Path) -> tuple[float, float]:
    path = folder / f"danh-ba-{entries}.yaml"
    path.write_text(registry_text(entries), encoding="utf-8")
    start, cpu = time.perf_counter(), time.process_time()
    registry = load_registry(path)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert len(registry.entries) == entries and len(registry.groups) == GROUPS
    assert registry.entries[f"xa-{entries - 1:05d}"].short == f"UBND xã số {entries - 1}"
    return wall, cpu


def main() -> None:
    scale = 10 if "--quick" in sys.argv else 1
    print(f"load average before: {load_average()} ({os.cpu_count()} CPUs)", flush=True)
    times: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (12_500 // scale, 25_000 // scale, 50_000 // scale):
            times.append(one(n, Path(tmp)))
            wall, cpu = times[-1]
            ratio = (f"  ×{wall / times[-2][0]:.2f} wall, ×{cpu / times[-2][1]:.2f} CPU for ×2" if len(times) > 1
                     else "  (baseline)")
            print(f"registry entries {n:>7,}: {wall:7.2f} s wall, {cpu:7.2f} s CPU{ratio}", flush=True)
    print(f"load average after:  {load_average()}", flush=True)


if __name__ == "__main__":
    main()
