"""Benchmark: 100 rendered letters to PDF with vanban's LibreOffice pool, against `soffice --convert-to` per file.

    .venv/bin/python bench/pdf_bench.py [--docs 100] [--workers N] [--baseline-docs N] [--pdf-a]

The letters are the công văn specs in directives/ (the seed letters, two pages each) rendered and written
again and again (letter-000.docx …); ``--all-types`` cycles through every spec there instead. Both ways
run in this process tree, one after the other, on the same files:

- pool: ``OfficePool`` with one long-lived LibreOffice per core; the time includes starting LibreOffice (fresh
  profiles) and stopping it, so it is what ``vanban build --pdf`` costs for a batch;
- baseline: ``soffice --headless --convert-to pdf --outdir D FILE`` once per file in a loop, as a script
  would do it (with its own profile, created before the loop so the baseline is not charged for it).

``--baseline-docs N`` times the baseline on the first N files only and scales it to all of them (said so in
the output); by default the baseline converts every file. Targets (issue 8): pool ≥ 5× faster than the
baseline, and ≤ 0.25 s per one-to-two-page letter on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vanban.pdf import OfficePool, PdfJob, default_workers, find_office  # noqa: E402
from vanban.pdf.office import find_soffice  # noqa: E402
from vanban.model import DocumentType  # noqa: E402
from vanban.render.docx import render_docx  # noqa: E402
from vanban import load  # noqa: E402


def letters(count: int, folder: Path, all_types: bool = False) -> list[Path]:
    specs = sorted((ROOT / "directives").glob("*.yaml"))
    rendered = []
    for spec in specs:
        result = load(spec)
        if not result.ok:
            raise SystemExit(f"{spec}: does not load")
        if all_types or result.document.type is DocumentType.CONG_VAN:
            rendered.append(render_docx(result.document))
    files = []
    for i in range(count):
        path = folder / f"letter-{i:03d}.docx"
        path.write_bytes(rendered[i % len(rendered)])
        files.append(path)
    return files


def soffice_wrapper() -> str:
    """The `soffice` a user would type (the launcher script, not soffice.bin)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    binary = find_soffice()
    wrapper = binary.with_name("soffice") if binary else None
    if wrapper and wrapper.exists():
        return str(wrapper)
    raise SystemExit("LibreOffice not found")


def run_pool(files: list[Path], workers: int, pdfa: bool) -> tuple[float, float, list]:
    started = time.perf_counter()
    with OfficePool(workers=workers) as pool:
        results = pool.convert_many([PdfJob(f, str(f), pdfa=pdfa) for f in files])
        converted = time.perf_counter()
    total = time.perf_counter() - started
    return total, converted - started, results


def run_baseline(files: list[Path], outdir: Path, profile: Path) -> float:
    soffice = soffice_wrapper()
    common = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    subprocess.run(common + ["--terminate_after_init"], capture_output=True, timeout=300)  # make the profile
    started = time.perf_counter()
    for f in files:
        subprocess.run(common + ["--convert-to", "pdf", "--outdir", str(outdir), str(f)], check=True,
                       capture_output=True, timeout=300)
    elapsed = time.perf_counter() - started
    missing = [f.name for f in files if not (outdir / f"{f.stem}.pdf").exists()]
    if missing:
        raise SystemExit(f"baseline did not write {missing[:3]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--baseline-docs", type=int, default=None, help="baseline on this many files, scaled")
    parser.add_argument("--pdf-a", action="store_true", help="pool exports PDF/A-2b")
    parser.add_argument("--all-types", action="store_true", help="every spec in directives/, not only letters")
    args = parser.parse_args()

    office = find_office()
    print(f"LibreOffice: {office.soffice}; UNO Python: {office.python}")
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        files = letters(args.docs, tmp / "in", args.all_types)

        total, converted, results = run_pool(files, args.workers, args.pdf_a)
        failed = [r for r in results if not r.ok]
        if failed:
            print(f"pool: {len(failed)} failed, e.g. {failed[0].error.format()}")
            return 1
        pages = sorted({r.pages for r in results})
        per_doc = total / len(files)
        print(f"pool ({args.workers} workers{', PDF/A-2b' if args.pdf_a else ''}): {len(files)} letters "
              f"({'/'.join(map(str, pages))} pages each) in {total:.2f} s including start and stop "
              f"= {per_doc:.3f} s per letter; conversions done at {converted:.2f} s; "
              f"one letter alone takes {sorted(r.seconds for r in results)[len(results) // 2]:.3f} s (median)")

        sample = files[: args.baseline_docs] if args.baseline_docs else files
        (tmp / "base").mkdir()
        base = run_baseline(sample, tmp / "base", tmp / "base-profile")
        base_per_doc = base / len(sample)
        scaled = base_per_doc * len(files)
        note = "" if len(sample) == len(files) else f" (measured on {len(sample)}, scaled to {len(files)})"
        print(f"baseline (soffice --convert-to pdf per file): {scaled:.2f} s{note} = {base_per_doc:.3f} s per letter")

    ratio = scaled / total
    print(f"speed-up: {ratio:.1f}x  (target >= 5x: {'met' if ratio >= 5 else 'NOT met'}); "
          f"{per_doc:.3f} s per letter (target <= 0.25 s: {'met' if per_doc <= 0.25 else 'NOT met'})")
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1):
        print(f"note: load average {load:.2f} on {os.cpu_count()} cores: other work was sharing the machine")
    return 0


if __name__ == "__main__":
    sys.exit(main())
