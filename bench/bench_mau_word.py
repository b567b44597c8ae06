"""Benchmark: a per-recipient run whose copies each carry an office's Word form (mau_word), in one run.

    .venv/bin/python bench/bench_mau_word.py [--sizes 50 100 200]

For each size N (synthetic recipients and figures, made by bench_tung_noi_nhan.make_inputs; not real data):

* ``with form``: examples/mau-word/cong-van-mau-word.yaml sent to N recipients (`--tung-noi-nhan --gop`, in
  process: plan, fill every Word form, render, merged file);
* ``letter only``: the same letter without its bieu_mau (the baseline of the same run: the fast renderer);
* ``docxtpl``: docxtpl alone filling the same form N times (load, render, save) with a plain Jinja environment.

It prints the seconds, the cost of the form per copy over the letter, its ratio to docxtpl's own per copy,
and each size's ratio to the first (linearity).
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

EXAMPLE = ROOT / "examples" / "mau-word" / "cong-van-mau-word.yaml"
FORM = ROOT / "examples" / "mau-word" / "mau-bao-cao-bluezone.docx"


def _specs(folder: Path, count: int) -> tuple[Path, Path, Path, Path]:
    from bench_tung_noi_nhan import make_inputs

    _spec, data, registry = make_inputs(folder, count)
    text = EXAMPLE.read_text(encoding="utf-8").replace('"@tung:la-ubnd-huyen.thu_truong"',
                                                       '"@tung:bench-xa.thu_truong"')
    text = "\n".join(line for line in text.splitlines() if '"@la-' not in line and "noi_nhan:" != line.strip())
    with_form = folder / "mau-word.yaml"
    with_form.write_text(text + "\n", encoding="utf-8")
    (folder / FORM.name).write_bytes(FORM.read_bytes())
    letter = folder / "thu.yaml"
    letter.write_text(text.split("bieu_mau:")[0], encoding="utf-8")
    return with_form, letter, data, registry


def _run(spec: Path, data: Path, registry: Path, out: Path) -> float:
    import vanban
    from vanban.copies import batch

    document = vanban.load(spec, registry=registry).document
    started = time.perf_counter()
    batch.run(document, spec.stem, batch.Options(outdir=out, table=data, merged=True, quiet=True))
    return time.perf_counter() - started


def _docxtpl(count: int, data: Path) -> float:
    import csv

    from docxtpl import DocxTemplate

    with data.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[:count]
    form = FORM.read_bytes()
    started = time.perf_counter()
    for row in rows:
        template = DocxTemplate(io.BytesIO(form))
        template.render({"noi_nhan": {"ten": row["ma"], "thu_truong": row["ma"]}, "so_lieu": row,
                         "du_lieu": {"den_ngay": "20/8/2020", "chi_tieu": ["a", "b"], "goi_y": "…"},
                         "van_ban": {"loai": "Công văn", "so_ky_hieu": "4937/UBND-VHXH", "co_quan": "UBND",
                                     "ngay_chu": "ngày 17 tháng 8 năm 2020"}},
                        jinja_env=_plain_env())
        template.save(io.BytesIO())
    return time.perf_counter() - started


def _plain_env():
    from jinja2 import Environment

    env = Environment(autoescape=True)
    env.filters.update({name: (lambda value, *_args: str(value)) for name in ("so", "phan_tram", "ngay")})
    env.filters["hoa"] = lambda value: str(value).upper()
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200])
    args = parser.parse_args()
    import os

    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores)")
    print(f"{'copies':>7} {'with form':>10} {'letter only':>12} {'form/copy':>10} {'docxtpl/copy':>13} "
          f"{'ratio':>6} {'vs first':>9}")
    first = None
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            with_form, letter, data, registry = _specs(folder, size)
            form_time = _run(with_form, data, registry, folder / "a")
            letter_time = _run(letter, data, registry, folder / "b")
            plain = _docxtpl(size, data)
        per_copy = (form_time - letter_time) / size
        first = first or form_time / size
        print(f"{size:>7} {form_time:>9.2f}s {letter_time:>11.2f}s {per_copy * 1000:>8.1f}ms "
              f"{plain / size * 1000:>11.1f}ms {per_copy / (plain / size):>6.2f} {form_time / size / first:>9.2f}")


if __name__ == "__main__":
    main()
