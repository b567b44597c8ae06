from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from vanban import ooxml
from vanban.render.docx import render_docx
from vanban import load

import pdfutil

ROOT = Path(__file__).resolve().parents[1]
DIRECTIVES = ROOT / "directives"
#: The texts of the real letters, kept in ../shared beside the checkout (never copied into the project).
SEEDS = ROOT.parent / "shared" / "seeds"
FUZZ = Path(__file__).resolve().parent / "fuzz"


def seed_text(name: str) -> str:
    """A seed letter's text from ../shared/seeds; the test is skipped, saying why, when ../shared is absent."""
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"seed text {path} not found: clone the repository with ../shared beside it "
                    "(the seed texts are not copied into the project)")
    return path.read_text(encoding="utf-8")


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A ZIP package of ``members`` (name → bytes, deflated, in that order): broken or hostile .docx input."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return out.getvalue()


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/data from the current renderer")


def pytest_collection_modifyitems(config, items):
    """Every test under tests/fuzz is in the `fuzz` tier (see the markers in pyproject.toml)."""
    for item in items:
        if FUZZ in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.fuzz)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # pdfutil refuses to start LibreOffice for a test not marked `libreoffice` (it would slow `make test`)
    pdfutil.MARKED_LIBREOFFICE = item.get_closest_marker("libreoffice") is not None


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def plain_workbook_writer():
    """openpyxl's own workbook writer, the item cells of :mod:`vanban.forms.rowwriter` first put back into their
    sheets: the reference the bytes of the fast row writer are compared with."""
    from openpyxl.writer.excel import ExcelWriter

    from vanban.forms import rowwriter

    class PlainWriter(ExcelWriter):
        def save(self):
            for ws in self.workbook.worksheets:
                for cell in rowwriter.item_cells(ws):
                    ws._cells[(cell.row, cell.column)] = cell
                vars(ws).pop("_vanban_item_rows", None)
            return super().save()

    return PlainWriter


class Rendered:
    """A rendered .docx opened for reading back (parts parsed with the safe parser)."""

    def __init__(self, data: bytes):
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.document = ooxml.parse_xml(self.zip.read("word/document.xml"))
        self.styles = ooxml.StyleSheet(ooxml.parse_xml(self.zip.read("word/styles.xml")))

    def part(self, name: str):
        return ooxml.parse_xml(self.zip.read(name))

    @property
    def paragraphs(self):
        return ooxml.body_paragraphs(self.document)

    def find(self, text: str):
        """The first paragraph whose text starts with ``text``."""
        for p in self.paragraphs:
            if ooxml.paragraph_text(p).startswith(text):
                return p
        raise AssertionError(f"no paragraph starts with {text!r}")

    def run_props(self, p):
        runs = ooxml.text_runs(p)
        assert runs, "paragraph has no text run"
        return [self.styles.run_props(p, r) for r in runs]


def outputs(folder: Path) -> list[str]:
    """The names in an output folder, sorted, but the builds' records (``.<spec>.tep``, hidden; README "Runs as
    transactions"): a temporary file or a lock left behind still shows."""
    return sorted(p.name for p in folder.iterdir() if not (p.name.startswith(".") and p.name.endswith(".tep")))


def directive_specs() -> list[Path]:
    return sorted(DIRECTIVES.glob("*.yaml"))


@pytest.fixture(scope="session")
def rendered() -> dict[str, Rendered]:
    out = {}
    for spec in directive_specs():
        result = load(spec)
        assert result.ok, [d.format() for d in result.diagnostics]
        out[spec.stem] = Rendered(render_docx(result.document))
    return out


@pytest.fixture(autouse=True)
def _signals_as_python_starts():
    """Every test starts with SIGINT and SIGTERM unblocked and Ctrl-C raising KeyboardInterrupt, as a clerk's
    terminal has it, whatever started the suite.

    The cause is outside vanban and outside the tests: how the suite is started. A command run in the background
    (``&``) by a non-interactive shell, as a CI script or runner may start ``make test-all``, gets SIGINT (and
    SIGQUIT) ignored (POSIX, "Asynchronous Lists"); Python keeps an inherited SIG_IGN for SIGINT (it installs its
    KeyboardInterrupt handler only over SIG_DFL), and an ignored or blocked signal is inherited across exec, so
    the ``vanban`` processes the kill and Ctrl-C tests start ignored their SIGINT and finished with exit 0.
    Bisected on 2026-12-07 by reading ``signal.getsignal``, ``pthread_sigmask`` and the kernel's SigIgn/SigBlk
    after every test of every tier but ``wheel``: no test, no code of vanban and no library (LibreOffice pool,
    pyHanko/PKCS#11, psycopg, threads) changes them; ``tests/unit/test_runs.py`` keeps vanban's API to that."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
        if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
            signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
