"""The real-document corpus (issue 17): every document of ../shared/corpus/ has a spec in tests/corpus/ that
loads, renders, says the document's words (except the differences listed with their reasons in expected.py)
and passes ``vanban check`` with exactly the findings listed there (zero errors but listed false positives).

Skipped, saying why, in a clone without ../shared beside it (the texts are never copied into the project).
"""

from __future__ import annotations

from collections import Counter

import pytest

import corpuslib
from expected import EXPECTED, KINDS, PENDING

pytestmark = pytest.mark.corpus

SPECS = {spec.stem: spec for spec in corpuslib.specs()}
STEMS = sorted(set(SPECS) | set(PENDING))


@pytest.fixture(autouse=True)
def _corpus_present():
    if not (corpuslib.CORPUS / "INDEX.md").is_file():
        pytest.skip(f"corpus {corpuslib.CORPUS} not found: clone the repository with ../shared beside it "
                    "(the texts of the real documents are not copied into the project)")


def test_every_document_of_the_corpus_has_a_spec_or_says_what_is_missing():
    documents = sorted(p.stem for p in corpuslib.CORPUS.glob("[0-9][0-9]_*.txt"))
    assert len(documents) == 31
    assert sorted(set(SPECS) | set(PENDING)) == documents
    assert not set(SPECS) & set(PENDING), "a document with a spec is not pending"
    assert sorted(EXPECTED) == sorted(SPECS), "every spec has its expected differences and findings"
    assert all(PENDING.values()), "a pending document says what the spec language lacks"


@pytest.mark.parametrize("stem", sorted(SPECS))
def test_spec_loads_and_renders(stem):
    result = corpuslib.loaded(SPECS[stem])
    assert result.ok, [d.format() for d in result.diagnostics.errors]
    assert corpuslib.rendered_words(SPECS[stem])  # the .docx is rendered and read back


@pytest.mark.parametrize("stem", sorted(SPECS))
def test_words_are_the_documents_except_the_listed_differences(stem):
    _, chunks = corpuslib.differences(corpuslib.source_words(stem), corpuslib.rendered_words(SPECS[stem]))
    expected = list(EXPECTED[stem].differences)
    for diff in expected:
        assert diff.kind in KINDS and diff.reason, diff
    unexplained, unused = [], list(expected)
    for chunk in chunks:
        hit = next((d for d in unused if corpuslib.matches(d.source.casefold(), chunk.source)
                    and corpuslib.matches(d.ours.casefold(), chunk.ours)), None)
        if hit is None:
            unexplained.append((chunk.source, chunk.ours))
        else:
            unused.remove(hit)
    assert not unexplained, f"differences not listed in expected.py: {unexplained}"
    assert not unused, f"listed differences no longer found (remove them from expected.py): {unused}"


@pytest.mark.parametrize("stem", sorted(SPECS))
def test_check_reports_exactly_the_listed_findings(stem):
    found = Counter((code, path) for _, code, path in corpuslib.findings(SPECS[stem]))
    listed = Counter((f.code, f.path) for f in EXPECTED[stem].findings)
    assert found - listed == Counter(), f"findings not listed in expected.py: {list(found - listed)}"
    assert listed - found == Counter(), f"listed findings no longer reported (update expected.py): {list(listed - found)}"


@pytest.mark.parametrize("stem", sorted(SPECS))
def test_errors_are_only_listed_false_positives(stem):
    errors = {(code, path) for severity, code, path in corpuslib.findings(SPECS[stem]) if severity == "error"}
    listed = {(f.code, f.path) for f in EXPECTED[stem].findings if f.reason.startswith("false positive")}
    assert errors <= listed, "a correct real document gets no error of `vanban check`"


@pytest.mark.parametrize("stem", sorted(SPECS))
def test_the_rendered_docx_passes_the_docx_audit(stem):
    """`vanban check` on the .docx of a real document (a reviewer gets the Word file): no finding, its
    footnotes (03, 20, 22) read with the rest."""
    from vanban import ooxml
    from vanban.checker import check_docx_bytes, docx_rules

    data = corpuslib.rendered_docx(SPECS[stem])
    assert [d.format() for d in check_docx_bytes(data, f"{stem}.docx")] == []
    notes = docx_rules.DocxContext(ooxml.open_package(data)).footnotes
    assert [mark for mark, _ in notes] == [str(n + 1) for n in range(len(corpuslib.loaded(SPECS[stem]).document.footnotes))]


def test_readme_corpus_table_is_current():
    readme = corpuslib.ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    assert corpuslib.README_BEGIN in text and corpuslib.README_END in text
    assert corpuslib.update_readme(text) == text, \
        "README corpus table is stale: run `.venv/bin/python tests/corpus/corpuslib.py README.md`"
