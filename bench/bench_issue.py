"""Benchmark: issuing a 2-page letter (number + PDF/A + two signatures) with the LibreOffice pool warm, and
signing alone, against a baseline measured in the same run.

    .venv/bin/python bench/bench_issue.py [--runs 10]

In a throwaway office (demo CA and keys, SQLite register) it issues seed 003 (a công văn of two pages, without
its number) ``--runs`` times through ``vanban.app.issue`` with one warm ``OfficePool``:

- issue: what ``vanban ban-hanh`` does after start-up: check, keys, number, .docx, PDF/A, two PAdES signatures,
  the files, the spec edit, the register;
- sign: ``sign_document`` alone on the letter's PDF/A (the two signatures with their images);
- baseline: the same letter's PDF/A through the same warm pool, unsigned and unnumbered (what
  ``vanban build --pdf-a`` costs per letter), so the ratio says what issuing adds to making the PDF.

Targets (issue 19): issuing ≤ 1.5 s, signing alone ≤ 0.1 s per document on this 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vanban import app, load  # noqa: E402
from vanban.issuing import demo, sign  # noqa: E402
from vanban.pdf import OfficePool, find_office  # noqa: E402

SPEC = ROOT / "directives" / "003-thai-binh-bluezone.yaml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    text = SPEC.read_text(encoding="utf-8").replace("so: 469\n", "")
    document = load(SPEC).document
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        keys = demo.make_demo_keys(folder / "keys", document.signature.name, " ".join(document.agency.name))
        (folder / "vanban.toml").write_text(demo.demo_config(keys), encoding="utf-8")
        os.environ["VANBAN_DEMO_PIN"] = demo.DEMO_PASSWORD
        with OfficePool(workers=1, office=find_office()) as pool:
            app._pdf_of(document, pool)  # warm: LibreOffice started and the letter's fonts loaded
            baseline, issuing, signing = [], [], []
            for i in range(args.runs):
                started = time.perf_counter()
                app._pdf_of(document, pool)
                baseline.append(time.perf_counter() - started)
                spec = folder / f"thu{i}.yaml"
                spec.write_text(text, encoding="utf-8")
                started = time.perf_counter()
                result = app.issue(spec, output=folder / "out", pool=pool)
                issuing.append(time.perf_counter() - started)
                assert result.entry.number == i + 1
            pdf = app._pdf_of(document, pool)
        settings = app.issuing_settings(folder)
        stack, person, organisation, (signature_image, seal_image) = app._signing_material(document, settings, None)
        with stack:
            placement = sign.place_images(*sign.locate_signer(sign.text_lines(pdf), document.signature.name,
                                                              document.signature.title_line.upper()),
                                          signature_image.size, 36)
            for _ in range(args.runs):
                started = time.perf_counter()
                sign.sign_document(pdf, placement, person=person, organisation=organisation,
                                   signature_image=signature_image, seal_image=seal_image)
                signing.append(time.perf_counter() - started)
    load_avg = os.getloadavg()[0]
    med = statistics.median
    print(f"{args.runs} runs, load average {load_avg:.1f}, letter: {SPEC.name} (2 pages)")
    print(f"baseline (PDF/A, warm pool, unsigned): median {med(baseline):.3f} s")
    print(f"issue (number + PDF/A + 2 signatures): median {med(issuing):.3f} s, max {max(issuing):.3f} s, "
          f"{med(issuing) / med(baseline):.2f}× the baseline  [target ≤ 1.5 s]")
    print(f"sign alone (2 signatures):             median {med(signing) * 1000:.0f} ms, max {max(signing) * 1000:.0f} ms, "
          f"{med(signing) / med(baseline):.2f}× the baseline  [target ≤ 100 ms]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
