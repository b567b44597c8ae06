"""Layout harness (issue 16): the stress corpus rendered through LibreOffice and read back from the PDF.

Every case of :mod:`layout_corpus` is built to .docx by the renderer, converted by the LibreOffice pool,
and its PDF read back as lines with positions (``pdftotext -tsv``). Properties checked on each case
(:func:`layout_pdf.violations`): the signature block on one page; no page without body text; Quốc hiệu,
Tiêu ngữ and the date line each on one rendered line; no heading or ":" lead-in as the last line of a
page; page numbers from page 2, restarted in an appendix. Slow (LibreOffice): ``make test-all`` runs it.
Set ``VANBAN_LAYOUT_OUT=DIR`` to keep the .docx and PDF of every case.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import layout_corpus
import layout_pdf
import pdfutil
import vanban

pytestmark = pytest.mark.libreoffice

CASES = layout_corpus.corpus()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every case rendered to PDF in one run of the pool: name → (pages, lines)."""
    pdfutil.require_office()
    from vanban.pdf.pool import OfficePool, PdfJob

    keep = os.environ.get("VANBAN_LAYOUT_OUT")
    folder = Path(keep) if keep else tmp_path_factory.mktemp("layout")
    folder.mkdir(parents=True, exist_ok=True)
    jobs = []
    for case in CASES:
        result = vanban.load(case.yaml, name=f"{case.name}.yaml")
        assert result.document is not None, [d.message for d in result.diagnostics]
        docx = folder / f"{case.name}.docx"
        docx.write_bytes(vanban.render_docx(result.document))
        jobs.append(PdfJob(docx, str(docx)))
    out = {}
    with OfficePool(timeout=120) as pool:
        for case, result in zip(CASES, pool.convert_many(jobs)):
            assert result.ok, result.error
            pdf = folder / f"{case.name}.pdf"
            pdf.write_bytes(result.pdf)
            out[case.name] = layout_pdf.pdf_lines(pdf)
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_layout_properties(case, rendered):
    pages, lines = rendered[case.name]
    problems = layout_pdf.violations(case, pages, lines)
    assert not problems, f"{case.name} ({pages} pages): " + "; ".join(problems)


def test_corpus_covers_the_issue():
    """At least 40 body lengths for each of công văn, quyết định with căn cứ and letter + appendix; 1–30
    recipients; the three-line signature; the biên bản with two signers."""
    names = [c.name for c in CASES]
    for prefix in ("cong-van-", "quyet-dinh-", "phu-luc-"):
        assert sum(n.startswith(prefix) for n in names) >= 40
    assert any(n.startswith("nhan-01") for n in names) and any(n.startswith("nhan-30") for n in names)
    assert any(n.startswith("bien-ban-") for n in names) and any(n.startswith("dai-") for n in names)


def test_directives_keep_their_words_and_gain_no_pages(tmp_path):
    """Every spec in directives/ prints the same words on no more pages than before issue 16
    (directive_pages.json, recorded from the renderer before the layout work)."""
    pdfutil.require_office()
    import json

    import directive_pages

    recorded = json.loads(directive_pages.RECORD.read_text(encoding="utf-8"))
    measured = directive_pages.measure(tmp_path)
    assert sorted(measured) == sorted(recorded)
    for stem, now in measured.items():
        assert now["pages"] <= recorded[stem]["pages"], (stem, now, recorded[stem])
        assert now["words"] == recorded[stem]["words"], (stem, "printed words changed")
