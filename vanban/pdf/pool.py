"""A small pool of long-lived headless LibreOffice processes converting .docx to PDF in parallel.

Starting LibreOffice costs about a second; laying out a one-to-two-page letter costs about a tenth of one.
So each worker keeps one LibreOffice running and converts document after document through a UNO bridge
(``bridge.py``, run by a Python that has ``uno``). A worker is two processes, both direct children of
vanban and each the leader of its own process group:

- ``soffice.bin`` with its own profile directory (``-env:UserInstallation``), listening on a private pipe;
- the bridge, which connects to it and answers one JSON line per document.

Every document has a timeout. When it passes, or LibreOffice crashes, the worker's two process groups are
killed (SIGKILL) and reaped, and the worker starts afresh for the next document; a document whose
conversion crashed LibreOffice is tried once more on a fresh one. A worker is also restarted after
``max_jobs`` documents, so a slow leak in LibreOffice never builds up. :meth:`OfficePool.close` (or leaving
the ``with`` block, or the interpreter exiting) stops everything and removes the profiles; the bridge also
kills its LibreOffice if vanban itself dies. No ``soffice`` process outlives a run.
"""

from __future__ import annotations

import atexit
import io
import json
import os
import queue
import secrets
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import weakref
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from ..diagnostics import Diagnostic, Position, Severity
from .office import Office, find_office

BRIDGE = Path(__file__).with_name("bridge.py")
REGISTRY = Path(__file__).with_name("registrymodifications.xcu")

DEFAULT_TIMEOUT = 60.0  # seconds for one document (a letter takes ~0.1 s)
DEFAULT_STARTUP_TIMEOUT = 60.0  # seconds for LibreOffice to start and accept the bridge
DEFAULT_MAX_JOBS = 200  # documents per LibreOffice before it is restarted
MAX_UNZIPPED = 256 * 1024 * 1024  # a .docx that unzips to more than this is refused (zip bomb)
EXIT_RESTART = 81  # soffice.bin asks to be started again after creating a fresh profile


def default_workers() -> int:
    """One LibreOffice per available core, at most 4 (each takes ~150 MB)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


@dataclass(frozen=True)
class PdfJob:
    """One .docx to convert: a file or its bytes, PDF/A-2b or not, metadata for the PDF.

    ``label`` names the document in messages (the .docx path, or the spec for a preview).
    """

    source: Path | bytes
    label: str
    pdfa: bool = False
    meta: Mapping[str, object] = field(default_factory=dict)


@dataclass
class PdfResult:
    job: PdfJob
    pdf: bytes | None = None
    pages: int = 0
    seconds: float = 0.0
    error: Diagnostic | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class OfficeFailure(Exception):
    """LibreOffice could not be started, died, or stopped answering (the worker is reset)."""

    def __init__(self, message: str, timed_out: bool = False, startup: bool = False):
        super().__init__(message)
        self.timed_out = timed_out
        self.startup = startup  # LibreOffice did not come up at all


def _signal_group(proc: subprocess.Popen | None) -> None:
    """SIGKILL the process group led by ``proc`` (each child is its own session and group leader).

    Only while the leader has not been reaped: after that its pid may belong to someone else.
    """
    if proc is not None and proc.returncode is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


class _Worker:
    """One LibreOffice and its bridge."""

    def __init__(self, office: Office, root: Path, token: str, index: int, startup_timeout: float,
                 max_jobs: int, closed: threading.Event):
        self.office = office
        self.closed = closed  # set when the pool closes: start nothing new
        self.root = root
        self.token = token
        self.index = index
        self.startup_timeout = startup_timeout
        self.max_jobs = max_jobs
        self.profile = root / f"profile-{index}"
        self.log = root / f"office-{index}.log"  # what LibreOffice and the bridge print
        self.soffice: subprocess.Popen | None = None
        self.bridge: subprocess.Popen | None = None
        self.jobs = 0  # documents since the last start
        self.starts = 0  # LibreOffice launches (a fresh profile takes two)
        self.generation = 0  # successful starts: 1 + restarts after a crash, a timeout or max_jobs
        self.busy = False  # converting a document right now
        self._buffer = b""

    # ------------------------------------------------------------------ life cycle

    @property
    def running(self) -> bool:
        return self.bridge is not None

    def _launch_office(self, pipe: str) -> subprocess.Popen:
        user = self.profile / "user"
        if not user.exists():
            user.mkdir(parents=True)
            shutil.copyfile(REGISTRY, user / "registrymodifications.xcu")
        log = open(self.log, "ab")
        try:
            return subprocess.Popen(
                [str(self.office.soffice), f"-env:UserInstallation={self.profile.as_uri()}", "--headless",
                 "--invisible", "--nocrashreport", "--nodefault", "--nofirststartwizard", "--nolockcheck",
                 "--nologo", "--norestore", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
                cwd=self.root)
        finally:
            log.close()

    def start(self) -> None:
        """Start LibreOffice and the bridge; raise :class:`OfficeFailure` if they are not ready in time."""
        deadline = time.monotonic() + self.startup_timeout
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        for _attempt in range(3):
            if self.closed.is_set():
                raise OfficeFailure("đã đóng")
            self.starts += 1
            pipe = f"vanban-{self.token}-{self.index}-{self.starts}"
            self.soffice = self._launch_office(pipe)
            with open(self.log, "ab") as log:
                self.bridge = subprocess.Popen(
                    [str(self.office.python), str(BRIDGE), pipe, str(self.soffice.pid),
                     str(max(1.0, deadline - time.monotonic()) + 5)],  # the pool's deadline comes first
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                    start_new_session=True, env=env, cwd=self.root)
            self._buffer = b""
            if self.closed.is_set():  # the pool closed while we were starting: leave nothing behind
                self.kill()
                raise OfficeFailure("đã đóng")
            try:
                reply = self._read_reply(deadline, startup=True)
            except OfficeFailure as exc:
                restart = self.soffice.poll() == EXIT_RESTART
                self.kill()
                if restart:
                    continue  # first start in a fresh profile: LibreOffice asks to be started again
                raise OfficeFailure(f"LibreOffice không khởi động được: {exc}", startup=True) from None
            if reply.get("ready"):
                self.jobs = 0
                self.generation += 1
                return
            self.kill()
            raise OfficeFailure(f"không kết nối được với LibreOffice: {reply.get('error', '')}", startup=True)
        raise OfficeFailure("LibreOffice không khởi động được (khởi động lại liên tục)", startup=True)

    def kill(self) -> None:
        """Kill both process groups at once and reap them."""
        procs = [p for p in (self.bridge, self.soffice) if p is not None]
        for proc in procs:
            _signal_group(proc)
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL cannot be ignored
                pass
        if self.bridge is not None:
            for stream in (self.bridge.stdin, self.bridge.stdout):
                try:
                    stream.close()
                except OSError:
                    pass
        self.bridge = self.soffice = None

    def stop(self) -> None:
        """Ask LibreOffice to quit, then make sure (a worker that does not quit in time is killed)."""
        if self.bridge is None:
            return
        try:
            self.bridge.stdin.write(b'{"quit": true}\n')
            self.bridge.stdin.flush()
            self.bridge.wait(timeout=5)
            self.soffice.wait(timeout=5)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            pass
        self.kill()

    # ------------------------------------------------------------------ conversation

    def _read_reply(self, deadline: float, startup: bool = False) -> dict:
        fd = self.bridge.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise OfficeFailure("hết thời gian chờ", timed_out=True)
            ready, _, _ = select.select([fd], [], [], min(left, 0.2))
            if not ready:
                if startup and self.soffice.poll() is not None:
                    raise OfficeFailure(f"LibreOffice đã thoát (mã {self.soffice.returncode})")
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                code = self.soffice.poll() if self.soffice else None
                why = f"LibreOffice đã thoát (mã {code})" if code is not None else "cầu nối UNO đã dừng"
                raise OfficeFailure(why)
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        try:
            return json.loads(line)
        except ValueError:
            raise OfficeFailure(f"trả lời không hiểu được từ cầu nối UNO: {line[:200]!r}") from None

    def convert(self, source: Path, output: Path, pdfa: bool, meta: Mapping[str, object],
                timeout: float) -> dict:
        """Convert one file; returns the bridge's reply, or raises :class:`OfficeFailure` (worker reset)."""
        self.busy = True
        try:
            return self._convert(source, output, pdfa, meta, timeout)
        finally:
            self.busy = False

    def _convert(self, source: Path, output: Path, pdfa: bool, meta: Mapping[str, object],
                 timeout: float) -> dict:
        if not self.running:
            self.start()
        request = {"input": str(source), "output": str(output), "pdfa": pdfa, "meta": dict(meta)}
        try:
            self.bridge.stdin.write(json.dumps(request, ensure_ascii=False).encode("utf-8") + b"\n")
            self.bridge.stdin.flush()
            reply = self._read_reply(time.monotonic() + timeout)
        except (OSError, ValueError) as exc:
            self.kill()
            raise OfficeFailure(f"mất kết nối với LibreOffice ({exc})") from None
        except OfficeFailure:
            self.kill()
            raise
        if reply.get("kind") == "office":
            self.kill()
            raise OfficeFailure(f"LibreOffice bị lỗi khi chuyển ({reply.get('error', '')})")
        self.jobs += 1
        if self.jobs >= self.max_jobs:
            self.stop()
        return reply


def _not_a_docx(source: Path | bytes) -> str:
    """Why ``source`` is not worth handing to LibreOffice (empty = it looks like a .docx).

    A .docx is a ZIP package with ``[Content_Types].xml`` and ``word/document.xml`` (ECMA-376 Part 2);
    anything else, or a package that would unzip to more than :data:`MAX_UNZIPPED`, is refused here at once.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as package:
            names = {info.filename for info in package.infolist()}
            unzipped = sum(info.file_size for info in package.infolist())
    except FileNotFoundError:
        return "không tìm thấy tệp .docx"
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "không phải tệp .docx: không đọc được gói ZIP (tệp hỏng, cắt cụt hoặc sai định dạng)"
    if not {"[Content_Types].xml", "word/document.xml"} <= names:
        return "không phải tệp .docx: gói ZIP không có word/document.xml"
    if unzipped > MAX_UNZIPPED:
        mib = 1024 * 1024
        return f"tệp .docx giải nén ra quá lớn ({unzipped // mib} MiB, tối đa {MAX_UNZIPPED // mib} MiB)"
    return ""


_live_pools: "weakref.WeakSet[OfficePool]" = weakref.WeakSet()


@atexit.register
def _close_live_pools() -> None:  # a pool nobody closed never leaves LibreOffice running
    for pool in list(_live_pools):
        pool.close()


class OfficePool:
    """Convert .docx to PDF with up to ``workers`` LibreOffice processes in parallel.

    >>> with OfficePool() as pool:
    ...     results = pool.convert_many([PdfJob(Path("out/a.docx"), "out/a.docx")])
    """

    def __init__(self, workers: int | None = None, timeout: float = DEFAULT_TIMEOUT,
                 max_jobs: int = DEFAULT_MAX_JOBS, startup_timeout: float = DEFAULT_STARTUP_TIMEOUT,
                 office: Office | None = None):
        self.office = office or find_office()
        self.size = workers or default_workers()
        self.timeout = timeout
        self.max_jobs = max_jobs
        self.startup_timeout = startup_timeout
        self.token = f"{os.getpid()}-{secrets.token_hex(4)}"
        self.root = Path(tempfile.mkdtemp(prefix=f"vanban-office-{self.token}-"))
        self.workers: list[_Worker] = []
        self._free: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._closing = threading.Event()
        self._broken = ""  # why LibreOffice cannot start, once it failed to twice
        self._serial = 0
        _live_pools.add(self)

    def __enter__(self) -> "OfficePool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ workers

    def _take_worker(self) -> _Worker:
        try:
            return self._free.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if len(self.workers) < self.size:
                worker = _Worker(self.office, self.root, self.token, len(self.workers), self.startup_timeout,
                                 self.max_jobs, self._closing)
                self.workers.append(worker)
                return worker
        return self._free.get()

    def _next_serial(self) -> int:
        with self._lock:
            self._serial += 1
            return self._serial

    # ------------------------------------------------------------------ conversion

    def convert(self, job: PdfJob) -> PdfResult:
        return self.convert_many([job])[0]

    def convert_many(self, jobs: Iterable[PdfJob]) -> list[PdfResult]:
        """Convert every job (in parallel on up to ``workers`` LibreOffice), results in the same order.

        A failed document gives a result with a coded Vietnamese ``error`` (VB810 unreadable document,
        VB811 timeout, VB812 LibreOffice crashed or did not start); the others are still converted.
        """
        if self._closed:
            raise RuntimeError("OfficePool is closed")
        jobs = list(jobs)
        results: list[PdfResult | None] = [None] * len(jobs)
        pending: queue.SimpleQueue[int] = queue.SimpleQueue()
        for i in range(len(jobs)):
            pending.put(i)

        errors: list[BaseException] = []

        def run() -> None:
            worker = self._take_worker()
            try:
                while not self._closed:
                    try:
                        i = pending.get_nowait()
                    except queue.Empty:
                        return
                    results[i] = self._convert_one(worker, jobs[i])
            except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
                if not self._closed:
                    errors.append(exc)
            finally:
                self._free.put(worker)

        threads = [threading.Thread(target=run, name=f"vanban-pdf-{n}", daemon=True)
                   for n in range(min(self.size, len(jobs)))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if self._closed:
            raise RuntimeError("OfficePool was closed during the conversion")
        if errors:
            raise errors[0]
        return [r for r in results if r is not None]

    def _convert_one(self, worker: _Worker, job: PdfJob) -> PdfResult:
        started = time.monotonic()
        serial = self._next_serial()
        where = Position(job.label)
        refused = _not_a_docx(job.source)
        if refused:
            return PdfResult(job, error=Diagnostic("VB810", Severity.ERROR, refused, "", where),
                             seconds=time.monotonic() - started)
        if self._broken:  # LibreOffice does not start here: say so for every document, at once
            return PdfResult(job, error=Diagnostic("VB812", Severity.ERROR, self._broken, "", where),
                             seconds=time.monotonic() - started)
        if isinstance(job.source, bytes):
            source = self.root / f"in-{serial}.docx"
            source.write_bytes(job.source)
        else:
            source = Path(job.source).resolve()
        output = self.root / f"out-{serial}.pdf"
        result = PdfResult(job)
        try:
            for attempt in (1, 2):
                try:
                    reply = worker.convert(source, output, job.pdfa, job.meta, self.timeout)
                    break
                except OfficeFailure as exc:
                    if self._closed:
                        raise
                    if exc.timed_out:
                        result.error = Diagnostic(
                            "VB811", Severity.ERROR,
                            f"LibreOffice không chuyển xong sang PDF trong {self.timeout:g} giây; đã dừng nó",
                            "", where, "tệp có thể quá lớn hoặc hỏng")
                        return result
                    if attempt == 2 and exc.startup:  # twice: it is the installation, not this document
                        self._broken = str(exc)
                        result.error = Diagnostic("VB812", Severity.ERROR, self._broken, "", where)
                        return result
                    if attempt == 2:  # crashed twice on this document: it is the document
                        result.error = Diagnostic("VB812", Severity.ERROR,
                                                  f"LibreOffice bị lỗi khi chuyển sang PDF: {exc}", "", where)
                        return result
            if not reply.get("ok"):
                result.error = Diagnostic(
                    "VB810", Severity.ERROR,
                    "LibreOffice không mở được tệp như một văn bản Word (.docx) hợp lệ"
                    if reply.get("kind") == "load" else "LibreOffice không xuất được PDF", "", where,
                    str(reply.get("error") or "")[:300])
                return result
            try:
                result.pdf = output.read_bytes()
            except OSError:
                result.error = Diagnostic("VB810", Severity.ERROR, "LibreOffice không ghi ra tệp PDF", "", where)
                return result
            result.pages = int(reply.get("pages") or 0)
            return result
        finally:
            result.seconds = time.monotonic() - started
            for path in (output, source if isinstance(job.source, bytes) else None):
                if path is not None:
                    try:
                        path.unlink()
                    except FileNotFoundError:
                        pass

    # ------------------------------------------------------------------ shutdown

    def close(self) -> None:
        """Stop every LibreOffice (killing those that do not quit) and remove the profiles."""
        if self._closed:
            return
        self._closed = True
        self._closing.set()
        _live_pools.discard(self)
        for worker in self.workers:  # interrupted in the middle of a document (Ctrl-C): no time for manners
            if worker.busy:
                worker.kill()
        stoppers = [threading.Thread(target=w.stop, daemon=True) for w in self.workers if not w.busy]
        for thread in stoppers:
            thread.start()
        for thread in stoppers:
            thread.join(timeout=15)
        for worker in self.workers:
            worker.kill()
        shutil.rmtree(self.root, ignore_errors=True)
