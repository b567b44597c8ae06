"""Runs as transactions, in real processes (issue 13, points 1 and 2): random kills of `--pdf`, per-recipient and
`--forms xlsx` runs, and pairs of concurrent per-recipient runs into one folder. After every kill the outputs
are one whole run (earlier or new), never stale, mixed, lost or corrupt."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import random
import re
import signal
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

from vanban import ooxml
from conftest import DIRECTIVES, ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SPEC = DIRECTIVES / "003-thai-binh-bluezone.yaml"
EXAMPLE = ROOT / "examples" / "tung-noi-nhan" / "002-long-an-tung-huyen.yaml"
DATA = ROOT / "examples" / "tung-noi-nhan" / "so-lieu-huyen.csv"
FORMS = ROOT / "tests" / "fixtures" / "forms" / "bao-cao-xa.yaml"
KILLS = 30
ATTEMPTS = 3 * KILLS  # a bound on the runs started: some finish before their signal
PAIRS = 20
SIGNALS = (signal.SIGKILL, signal.SIGTERM, signal.SIGINT)


def _vanban(*args) -> subprocess.Popen:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    env.pop("VANBAN_DEBUG", None)
    return subprocess.Popen([sys.executable, "-m", "vanban", *map(str, args)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _finish(proc: subprocess.Popen) -> tuple[int, str]:
    _out, err = proc.communicate(timeout=300)
    return proc.returncode, err.decode("utf-8", "replace")


def _kill_at_random(proc: subprocess.Popen, rng: random.Random, longest: float) -> bool:
    """Signal ``proc`` (SIGKILL, SIGTERM or SIGINT) after a random delay up to ``longest`` seconds; whether it
    was still running then."""
    time.sleep(rng.uniform(0.0, longest))
    running = proc.poll() is None
    if running:
        proc.send_signal(rng.choice(SIGNALS))
    code, err = _finish(proc)
    assert code in (0, 1, 130, -9, -15, -2) and ("Traceback" not in err or _startup_interrupt(code, err)), (code, err)
    return running


def _startup_interrupt(code: int, err: str) -> bool:
    """A Ctrl-C that lands while the interpreter is still starting (runpy importing the vanban package and the
    standard modules its first lines import, before any code of vanban can hold a handler): Python's own
    KeyboardInterrupt report, no frame of vanban's work, nothing written. Everything after start-up must exit 130
    without a traceback. (CI saw one inside ``typing``, imported by ``vanban/__init__.py``.)"""
    frames = re.findall(r'File "([^"]+)"', err)
    stdlib = sysconfig.get_paths()["stdlib"] + os.sep
    return (code == -2 and err.rstrip().endswith("KeyboardInterrupt")
            and all(f.startswith("<frozen") or f.endswith(("vanban/__init__.py", "vanban/__main__.py"))
                    or (f.startswith(stdlib) and "site-packages" not in f) for f in frames))


def test_startup_interrupt_is_told_from_one_in_vanbans_work():
    """The classifier of the kill loops: CI's traceback (Ctrl-C inside ``typing`` while ``vanban/__init__.py``
    imports it) is start-up; the same interrupt under ``vanban/cli.py`` or a site-package is not."""
    lib = sysconfig.get_paths()["stdlib"]
    def report(*files):
        return "Traceback (most recent call last):\n" + "".join(f'  File "{f}", line 1, in <module>\n' for f in files) + "KeyboardInterrupt\n"
    startup = report("<frozen runpy>", "/x/vanban/__init__.py", f"{lib}/typing.py")
    assert _startup_interrupt(-2, startup)
    assert not _startup_interrupt(0, startup)
    assert not _startup_interrupt(-2, report("<frozen runpy>", "/x/vanban/cli.py", f"{lib}/typing.py"))
    assert not _startup_interrupt(-2, report("<frozen runpy>", f"{lib}/site-packages/lxml/etree.py"))


def _timed(proc: subprocess.Popen) -> float:
    start = time.monotonic()
    code, err = _finish(proc)
    assert code == 0, err
    return time.monotonic() - start


def _visible(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` but hidden ones (the lock, temporary names of a killed run), by path."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            out[str(rel)] = path.read_bytes()
    return out


# --------------------------------------------------------------------------- per-recipient runs


def _table_b(folder: Path) -> Path:
    path = folder / "so-lieu-b.csv"
    path.write_text(DATA.read_text(encoding="utf-8").replace(",0.6,", ",0.7,"), encoding="utf-8")
    return path


def _run_folder_state(out: Path, expected: dict[str, dict[str, bytes]]) -> str:
    """Which complete run the run folder holds ("a", "b", or "none"); fails on anything else."""
    folder = out / EXAMPLE.stem
    if not folder.exists():
        return "none"
    files = {p.name: p.read_bytes() for p in folder.iterdir()}
    rows = list(csv.DictReader(io.StringIO(files["manifest.csv"].decode("utf-8"))))
    for row in rows:  # the manifest matches the files beside it
        assert hashlib.sha256(files[row["tep"]]).hexdigest() == row["sha256"], row["tep"]
    for name, want in expected.items():
        if files == want:
            return name
    raise AssertionError(f"the run folder holds a mix: {sorted(files)}")


@pytest.fixture(scope="module")
def per_recipient_runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("nguoi-nhan")
    tables = {"a": DATA, "b": _table_b(base)}
    expected, took = {}, 0.0
    for name, table in tables.items():
        out = base / f"clean-{name}"
        took = max(took, _timed(_vanban("build", EXAMPLE, "--tung-noi-nhan", "--so-lieu", table, "--gop", "-q",
                                        "-o", out)))
        expected[name] = {p.name: p.read_bytes() for p in (out / EXAMPLE.stem).iterdir()}
    assert expected["a"] != expected["b"]
    return tables, expected, took


def test_random_kills_of_per_recipient_runs_leave_one_whole_run(tmp_path, per_recipient_runs):
    tables, expected, took = per_recipient_runs
    rng = random.Random(13)
    out = tmp_path / "out"
    _timed(_vanban("build", EXAMPLE, "--tung-noi-nhan", "--so-lieu", tables["a"], "--gop", "-q", "-o", out))
    killed = 0
    for i in range(ATTEMPTS):  # until KILLS runs were signalled while running (a run may finish first)
        name = "ba"[i % 2]
        proc = _vanban("build", EXAMPLE, "--tung-noi-nhan", "--so-lieu", tables[name], "--gop", "-q", "-o", out)
        killed += _kill_at_random(proc, rng, took * 0.9)
        assert _run_folder_state(out, expected) in ("a", "b"), f"kill {i}"  # earlier or new, whole
        if killed >= KILLS:
            break
    assert killed >= KILLS, killed
    code, err = _finish(_vanban("build", EXAMPLE, "--tung-noi-nhan", "--so-lieu", tables["a"], "--gop", "-q",
                                "-o", out))
    assert code == 0, err
    assert _run_folder_state(out, expected) == "a"
    assert sorted(p.name for p in out.iterdir()) == [EXAMPLE.stem]  # leftovers of killed runs removed


def test_paired_concurrent_per_recipient_runs_never_mix(tmp_path, per_recipient_runs):
    tables, expected, _took = per_recipient_runs
    out = tmp_path / "out"
    for _ in range(PAIRS):
        procs = [_vanban("build", EXAMPLE, "--tung-noi-nhan", "--so-lieu", tables[name], "--gop", "-q", "-o", out)
                 for name in "ab"]
        results = [_finish(proc) for proc in procs]
        assert [code for code, _ in results] == [0, 0], results  # the second waited for the first
        assert _run_folder_state(out, expected) in ("a", "b")
    assert sorted(p.name for p in out.iterdir()) == [EXAMPLE.stem]


# --------------------------------------------------------------------------- --forms xlsx


def test_random_kills_of_forms_runs_leave_one_whole_set(tmp_path):
    variants = {"a": FORMS.read_text(encoding="utf-8")}
    variants["b"] = variants["a"].replace("gồm cả khu dân cư mới", "gồm cả khu dân cư mới và cũ")
    assert variants["a"] != variants["b"]
    expected, took = {}, 0.0
    for name, text in variants.items():
        spec = tmp_path / name / FORMS.name
        spec.parent.mkdir()
        spec.write_text(text, encoding="utf-8")
        took = max(took, _timed(_vanban("build", spec, "--forms", "xlsx", "-q", "-o", tmp_path / f"clean-{name}")))
        expected[name] = _visible(tmp_path / f"clean-{name}")
    rng = random.Random(15)
    out = tmp_path / "out"
    _timed(_vanban("build", tmp_path / "a" / FORMS.name, "--forms", "xlsx", "-q", "-o", out))
    killed = 0
    for i in range(ATTEMPTS):  # until KILLS runs were signalled while running (a run may finish first)
        name = "ba"[i % 2]
        proc = _vanban("build", tmp_path / name / FORMS.name, "--forms", "xlsx", "-q", "-o", out)
        killed += _kill_at_random(proc, rng, took * 0.9)
        files = _visible(out)
        state = next((n for n, want in expected.items() if files == want), None)
        assert state is not None, f"kill {i}: a mixed or partial set: {sorted(files)}"
        if killed >= KILLS:
            break
    assert killed >= KILLS, killed


# --------------------------------------------------------------------------- --pdf


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, timeout=60).stdout


def _docx_text(path: Path) -> str:
    root = ooxml.parse_xml(ooxml.read_part(path.read_bytes(), "word/document.xml"))
    return "\n".join(ooxml.paragraph_text(p) for p in ooxml.body_paragraphs(root))


@pytest.mark.libreoffice
def test_random_kills_of_pdf_runs_never_leave_a_pdf_of_another_text(tmp_path):
    text = SPEC.read_text(encoding="utf-8")
    anchor = "Nhận Công văn này"
    assert anchor in text
    spec = tmp_path / "thu.yaml"
    out = tmp_path / "out"
    rng = random.Random(1)
    stale = killed = 0
    took = 0.0
    for i in range(ATTEMPTS + 1):  # until KILLS runs were signalled while running (a run may finish first)
        if killed >= KILLS:
            break
        token = f"MA{i:03d}"
        spec.write_text(text.replace(anchor, f"{anchor} {token}"), encoding="utf-8")
        proc = _vanban("build", spec, "--pdf", "-q", "-o", out)
        if i == 0:  # the first run completes: every later one has an older set to keep
            took = _timed(proc)
            continue
        killed += _kill_at_random(proc, rng, took * 0.9)
        docx, pdf = out / "thu.docx", out / "thu.pdf"
        assert docx.exists() and pdf.exists(), f"kill {i}: a set was lost"
        in_docx = [t for t in (f"MA{k:03d}" for k in range(i + 1)) if t in _docx_text(docx)]
        in_pdf = [t for t in (f"MA{k:03d}" for k in range(i + 1)) if t in _pdf_text(pdf).replace(" ", "")]
        stale += in_docx != in_pdf
        assert in_docx == in_pdf and len(in_docx) == 1, f"kill {i}: docx {in_docx}, pdf {in_pdf}"
    assert stale == 0 and killed >= KILLS, (stale, killed)
