"""Golden files: each spec in directives/ → .docx parts, compared as canonical XML.

Every part of the rendering except those copied unchanged from the Word template has a golden file, and
every golden file a part: a part the renderer stops writing, or starts writing, fails as a change does.
Regenerate after an intended change with ``pytest tests/golden --update-golden`` and review the diff of
tests/golden/data in git (files of parts no longer written are removed).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vanban import ooxml
from conftest import directive_specs

DATA = Path(__file__).resolve().parent / "data"
#: Parts the renderer copies from the Word template as they are (vanban/templates/nd30.docx, itself checked
#: against the code by tests/unit/test_metrics_template.py).
FROM_TEMPLATE = frozenset({
    "_rels/.rels", "docProps/app.xml", "word/fontTable.xml", "word/numbering.xml", "word/settings.xml",
    "word/styles.xml", "word/theme/theme1.xml", "word/webSettings.xml",
})


def _name(part: str) -> str:
    """The golden file of a part: word/header1.xml → word__header1.xml, [Content_Types].xml → Content_Types.xml."""
    name = part.replace("/", "__").replace("[", "").replace("]", "")
    return name if name.endswith(".xml") else name + ".xml"


def golden_parts(package: dict[str, bytes]) -> dict[str, str]:
    """Golden file name → canonical XML of each part of a rendering that is not copied from the template."""
    return {_name(part): ooxml.canonical_xml(data) for part, data in package.items() if part not in FROM_TEMPLATE}


def golden_problems(actual: dict[str, str], folder: Path) -> list[str]:
    """What differs between a rendering's golden parts and the golden files in ``folder``: missing or extra
    parts, and parts whose XML changed."""
    present = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
    problems = [f"{name}: in the golden data, but the rendering has no such part" for name in sorted(present - set(actual))]
    problems += [f"{name}: a part of the rendering with no golden file" for name in sorted(set(actual) - present)]
    for name in sorted(set(actual) & present):
        if actual[name] != (folder / name).read_text(encoding="utf-8").rstrip("\n"):
            problems.append(f"{name}: differs from {folder / name}")
    return problems


def write_golden(actual: dict[str, str], folder: Path) -> None:
    if folder.is_dir():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, xml in actual.items():
        (folder / name).write_text(xml + "\n", encoding="utf-8")


def _package(doc) -> dict[str, bytes]:
    return {name: doc.zip.read(name) for name in doc.zip.namelist()}


@pytest.mark.golden
@pytest.mark.parametrize("spec", directive_specs(), ids=lambda p: p.stem)
def test_golden(rendered, spec, update_golden):
    actual = golden_parts(_package(rendered[spec.stem]))
    folder = DATA / spec.stem
    if update_golden:
        write_golden(actual, folder)
        return
    problems = golden_problems(actual, folder)
    assert not problems, f"{spec.stem} (pytest tests/golden --update-golden after an intended change):\n" + \
        "\n".join(problems)


@pytest.mark.golden
def test_a_missing_or_extra_part_fails(rendered, tmp_path):
    package = _package(rendered["003-thai-binh-bluezone"])
    actual = golden_parts(package)
    assert set(actual) >= {"word__document.xml", "word__header1.xml", "docProps__core.xml", "Content_Types.xml"}
    assert "word__styles.xml" not in actual
    write_golden(actual, tmp_path / "g")
    assert golden_problems(actual, tmp_path / "g") == []
    # the renderer stops writing a part that has golden data
    without = golden_parts({k: v for k, v in package.items() if k != "word/header2.xml"})
    assert golden_problems(without, tmp_path / "g") == [
        "word__header2.xml: in the golden data, but the rendering has no such part"]
    # the renderer writes a new part (a footer) that has no golden file
    footer = golden_parts({**package, "word/footer9.xml": package["word/header2.xml"]})
    assert golden_problems(footer, tmp_path / "g") == ["word__footer9.xml: a part of the rendering with no golden file"]
    # an empty or missing folder is every part missing
    assert len(golden_problems(actual, tmp_path / "none")) == len(actual)
