"""Page counts and printed words of every spec in ``directives/``, as LibreOffice lays them out.

The layout work of issue 16 may move lines but must not add pages nor change a word: the test compares
each rendering against ``directive_pages.json``, recorded from the renderer before that work::

    python tests/layout/directive_pages.py          # print the table of the current renderer
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

RECORD = Path(__file__).with_name("directive_pages.json")
DIRECTIVES = Path(__file__).resolve().parents[2] / "directives"


def printed_words(pdf: Path) -> str:
    """A digest of the words of a PDF, sorted (line breaks and page numbers do not count)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True,
                          timeout=60).stdout.decode("utf-8")
    words = sorted(w for w in text.split() if not re.fullmatch(r"\d+", w))
    return hashlib.sha256("\n".join(words).encode("utf-8")).hexdigest()[:16]


def measure(folder: Path) -> dict[str, dict]:
    """Render every directive, convert it through the LibreOffice pool, count pages and words."""
    import vanban
    from vanban.pdf.pool import OfficePool, PdfJob

    specs = sorted(DIRECTIVES.glob("*.yaml"))
    jobs = []
    for spec in specs:
        docx = folder / f"{spec.stem}.docx"
        docx.write_bytes(vanban.render_docx(vanban.load(spec).document))
        jobs.append(PdfJob(docx, str(docx)))
    out = {}
    with OfficePool(timeout=120) as pool:
        for spec, result in zip(specs, pool.convert_many(jobs)):
            pdf = folder / f"{spec.stem}.pdf"
            pdf.write_bytes(result.pdf)
            out[spec.stem] = {"pages": result.pages, "words": printed_words(pdf)}
    return out


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        json.dump(measure(Path(tmp)), sys.stdout, indent=1, sort_keys=True)
        print()
