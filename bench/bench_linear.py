"""Benchmark: the cost of body paragraphs and form rows must grow linearly (issue 13, point 13).

Builds a letter of 10,000 / 20,000 / 40,000 body paragraphs and a form of 5,000 / 10,000 / 20,000 rows in one run,
and prints each time with the ratio to the previous size: a linear cost doubles (ratio ≈ 2.0; the issue's bound is
≤ 2.3), a quadratic one quadruples. The baseline of each series is its smallest size, measured in the same run.

- **Form rows**: what ``vanban build SPEC --forms xlsx`` does, through :func:`vanban.build` on a spec file in a
  temporary folder: load, the .docx, the checks of the decree on the spec and on the .docx about to be written,
  the form's .xlsx (in a forked child meanwhile where vanban/forking.py allows it; ``VANBAN_SONG_SONG=0``: after
  them, in the process), writing the set. The issue's bound: 20,000 rows ≤ 10 s in all.
- **Body paragraphs**: load, the .docx and the same checks in memory (a spec of 20,000 paragraphs is over the
  2 MB a spec file may have, so it cannot be built from a file).

The process's C heap is set as the command line sets it (:func:`vanban.heap.free_promptly`).

Each size is measured :data:`REPEAT` times (``--repeat N``) and the fastest run is its figure (all are printed).

Run: ``.venv/bin/python bench/bench_linear.py [--quick] [--repeat N] [paragraphs|rows]`` (``--quick``: a tenth of each size;
``paragraphs`` or ``rows``: that series only). The load average and the time of a fixed pure-Python loop
(:func:`reference_seconds`) are printed before and after: on a shared machine the times are read next to them.
After each series, the CPU time of each step of its biggest size.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vanban import app, forking, heap  # noqa: E402
from vanban.gcpause import paused_gc  # noqa: E402

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


def cpu_time() -> float:
    """CPU seconds of this process and of its children that have ended (a long form's workbooks are built in a
    forked child: vanban/forking.py)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(fn) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of this process and its children): on a loaded machine the CPU time is the
    steadier one; with the workbooks in a child, the wall-clock time is less than the CPU time on two cores."""
    start, cpu = time.perf_counter(), cpu_time()
    fn()
    return time.perf_counter() - start, cpu_time() - cpu


#: The CPU seconds of each step of the last build measured (the last turn's biggest size).
SPLIT: dict[str, float] = {}

#: The steps of a build, as :mod:`vanban.app` calls them (``build_checks`` calls the two checks: not counted again).
STEPS = {"load": "load", "render_docx": ".docx", "document_checks": "checks", "docx_checks": "checks",
         "form_workbooks": ".xlsx", "write_outputs": "write"}


@contextmanager
def steps_timed():
    """Each step of :data:`STEPS` timed (CPU) into :data:`SPLIT` while the block runs."""
    SPLIT.clear()
    saved = {name: getattr(app, name) for name in STEPS}

    def timed_step(name, fn):
        def wrapper(*args, **kwargs):
            cpu = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                SPLIT[STEPS[name]] = SPLIT.get(STEPS[name], 0.0) + time.process_time() - cpu
        return wrapper

    for name, fn in saved.items():
        setattr(app, name, timed_step(name, fn))
    try:
        yield
    finally:
        for name, fn in saved.items():
            setattr(app, name, fn)


def letter(n: int) -> tuple[float, float]:
    text = letter_text(n)

    def work():
        with steps_timed(), paused_gc():  # one pause from the load to the checks, as the build has (app._build_spec)
            result = app.load(text, name="thu.yaml")
            assert result.ok, [d.format() for d in result.diagnostics.errors][:3]
            data = app.render_docx(result.document)
            findings = app.build_checks(Path("thu.yaml"), result.document, data, app.BuildOptions())
            assert not app.refuses(findings, app.BuildOptions()), [d.format() for d in findings][:3]

    return timed(work)


def form(n: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "bao-cao.yaml"
        spec.write_text(form_text(n), encoding="utf-8")

        def work():
            with steps_timed():
                built = app.build(spec, app.BuildOptions(output=str(Path(tmp) / "out"), forms_xlsx=True))
            assert not built.failed and not built.refused, [d.format() for d in built.diagnostics][:3]
            assert [p.suffix for p in built.written] == [".docx", ".xlsx"], built.written

        return timed(work)


#: How many times each size is measured (``--repeat N``); the fastest is the figure, as :mod:`timeit` does: on a
#: shared VM a slower run measures the neighbours, not vanban. The sizes take turns (10k, 20k, 40k, 10k, …), so each
#: is measured in the same minutes as the others and a slow spell of the machine does not fall on one size alone.
REPEAT = 3


def series(name: str, fn, sizes: list[int]) -> list[tuple[float, float]]:
    runs: dict[int, list[tuple[float, float]]] = {n: [] for n in sizes}
    for _ in range(REPEAT):
        for n in sizes:
            runs[n].append(fn(n))
    times = []
    for n in sizes:
        times.append(min(runs[n]))
        (wall, cpu) = times[-1]
        ratio = (f"  ×{wall / times[-2][0]:.2f} wall, ×{cpu / times[-2][1]:.2f} CPU for ×2" if len(times) > 1
                 else "  (baseline)")
        others = "" if REPEAT == 1 else " (of " + ", ".join(f"{w:.2f}" for w, _ in runs[n]) + " s)"
        print(f"{name:>16} {n:>7,}: {wall:7.2f} s wall, {cpu:7.2f} s CPU{ratio}{others}", flush=True)
    return times


def reference_seconds() -> float:
    """CPU seconds of a fixed pure-Python loop: how fast this machine runs Python right now. A shared VM's speed
    changes by half within an hour (on 2026-12-07 one pure-Python loop took 3.2 s and 5.3 s an hour apart), so a
    figure is read next to the reference measured in the same run."""
    cpu = time.process_time()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.process_time() - cpu


def load_average() -> str:
    """The machine's load average (1, 5, 15 min): a shared machine's figures are read next to it."""
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def split_line(n: int, note: str) -> str:
    return (f"{'':>16} {n:>7,}: " + ", ".join(f"{step} {cpu:.2f} s" for step, cpu in SPLIT.items())
            + f" CPU ({note}; load average now {load_average()})")


def main() -> None:
    global REPEAT
    scale = 10 if "--quick" in sys.argv else 1
    if "--repeat" in sys.argv:
        REPEAT = max(1, int(sys.argv[sys.argv.index("--repeat") + 1]))
    # the process set as the command line sets its own (vanban.cli.main): glibc's fast bins off (vanban/heap.py)
    print("glibc's fast bins off, as in the command line" if heap.free_promptly() else "no mallopt here (not glibc)")
    only = [a for a in sys.argv[1:] if a in ("paragraphs", "rows")] or ["paragraphs", "rows"]
    print(f"load average before: {load_average()} ({os.cpu_count()} CPUs); reference loop {reference_seconds():.2f} s CPU",
          flush=True)
    if "paragraphs" in only:
        sizes = [10_000 // scale, 20_000 // scale, 40_000 // scale]
        series("body paragraphs", letter, sizes)
        print(split_line(sizes[-1], "load, .docx and checks in memory"), flush=True)
    if "rows" in only:
        sizes = [5_000 // scale, 10_000 // scale, 20_000 // scale]
        series("form rows", form, sizes)
        where = ("the .xlsx and the checks of the spec in a forked child meanwhile, not counted here"
                 if forking.can_fork() else "the .xlsx after them (no fork here)")
        print(split_line(sizes[-1], f"vanban build --forms xlsx, {where}; issue 13: 20,000 rows ≤ 10 s in all"),
              flush=True)
    print(f"load average after:  {load_average()}; reference loop {reference_seconds():.2f} s CPU", flush=True)


if __name__ == "__main__":
    main()
