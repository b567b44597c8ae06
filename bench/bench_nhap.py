"""Speed of ``vanban nhap``: importing a 5-page letter in process, against python-docx loading the same file.

    .venv/bin/python bench/bench_nhap.py [--runs 30] [--pages 5]

The letter is seed 003 (directives/003-thai-binh-bluezone.yaml) with its body repeated until the text reaches
about 420 words a page (Times New Roman 14 pt, the decree's margins, line spacing 1.15). Both are timed in this
process after one warm-up run; the figure is the median. The baseline is python-docx's own reading of the
file: ``docx.Document(...)`` and the text of every paragraph (what any reader of the .docx pays). Target:
≤ 150 ms per import.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

import vanban  # noqa: E402
from vanban.importer import import_docx  # noqa: E402

WORDS_PER_PAGE = 420


def long_letter(pages: int) -> bytes:
    text = (ROOT / "directives" / "003-thai-binh-bluezone.yaml").read_text(encoding="utf-8")
    head, _, tail = text.partition("\nnoi_dung:\n")
    body, _, rest = tail.partition("\nnoi_nhan:\n")
    blocks = body
    spec = f"{head}\nnoi_dung:\n{blocks}\nnoi_nhan:\n{rest}"
    while len(vanban.render_text(vanban.load(spec, name="x.yaml").document).split()) < pages * WORDS_PER_PAGE:
        blocks += "\n" + body
        spec = f"{head}\nnoi_dung:\n{blocks}\nnoi_nhan:\n{rest}"
    result = vanban.load(spec, name="dai.yaml")
    assert result.ok, [d.format() for d in result.diagnostics]
    return vanban.render_docx(result.document)


def timed(fn, runs: int) -> float:
    fn()  # warm-up (imports, caches)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pages", type=int, default=5)
    args = parser.parse_args()
    data = long_letter(args.pages)
    imported = import_docx(data, "dai.docx")
    assert imported.ok
    again = vanban.render_docx(vanban.load(imported.text, name="dai-nhap.yaml").document)
    words = len(vanban.render_text(vanban.load(imported.text, name="x.yaml").document).split())

    def baseline():
        d = docx.Document(io.BytesIO(data))
        return [p.text for p in d.paragraphs]

    ours = timed(lambda: import_docx(data, "dai.docx"), args.runs)
    base = timed(baseline, args.runs)
    print(f"letter: {words} words (~{words / WORDS_PER_PAGE:.1f} pages), {len(data) // 1024} KiB .docx; "
          f"round trip byte-identical: {again == data}")
    print(f"vanban nhap (in process):        {ours * 1000:7.1f} ms  (target ≤ 150 ms)")
    print(f"python-docx load + paragraph text: {base * 1000:7.1f} ms  (baseline, same run)")
    print(f"ratio: {ours / base:.2f}× the baseline")


if __name__ == "__main__":
    main()
