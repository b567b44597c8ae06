"""Atomic file output: write to a temporary file beside the target, then rename.

A reader (or a run killed half-way) never sees a half-written file at the final name.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .diagnostics import Diagnostic, Position, Severity


#: A temporary file of vanban beside its target: ``.<target name>.<pid>@<host>.<random>.tmp``. The writer's process
#: and host are in the name, so a later run can prove that a file left by ``kill -9`` is vanban's and that its writer
#: is dead (:func:`remove_stale_temporaries`).
_TMP_NAME = re.compile(r"^\.(?P<name>.+)\.(?P<pid>[0-9]+)@(?P<host>[^/]+)\.[a-z0-9_]{6,}\.tmp$")


def temporary_prefix(path: Path) -> str:
    """The prefix of a temporary file for ``path`` (for :func:`tempfile.mkstemp`, with suffix ``.tmp``)."""
    import socket

    return f".{path.name}.{os.getpid()}@{socket.gethostname()}."


def remove_stale_temporaries(folder: Path, names: set[str]) -> list[Path]:
    """Remove from ``folder`` the temporary files of vanban for the targets ``names`` whose writer was a process of
    this host that no longer runs (left by ``kill -9`` or a power cut); called under the lock of those targets, so no
    live run of vanban is writing them. A file of another host, of a live process, or not named as vanban names its
    temporary files is never touched. Returns the files removed."""
    import socket

    removed = []
    host = socket.gethostname()
    try:
        entries = [entry for entry in folder.iterdir() if entry.name.endswith(".tmp")]
    except OSError:
        return removed
    for entry in entries:
        match = _TMP_NAME.match(entry.name)
        if match is None or match["name"] not in names or match["host"] != host:
            continue
        if not _dead(int(match["pid"])) or not entry.is_file() or entry.is_symlink():
            continue
        try:
            entry.unlink()
            removed.append(entry)
        except OSError:
            pass
    return removed


def _dead(pid: int) -> bool:
    """No process ``pid`` runs on this host (a process of another user counts as running)."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, ValueError):
        return False
    return False


def write_atomic(path: str | Path, data: bytes) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=temporary_prefix(path), suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def expand_inputs(targets: list[str], suffixes: tuple[str, ...], *, code: str = "VB106",
                  empty: str = "thư mục không có tệp đặc tả .yaml",
                  skip_hidden: bool = False) -> tuple[list[Path], list[Diagnostic]]:
    """Files named on the command line; a directory stands for its files with one of ``suffixes``.

    Missing paths and directories without such files are returned as diagnostics (``code``)."""
    files: list[Path] = []
    problems: list[Diagnostic] = []
    for target in targets:
        path = Path(target)
        if path.is_dir():
            try:
                found = sorted(p for p in path.iterdir() if p.suffix.lower() in suffixes
                               and not (skip_hidden and p.name.startswith(("~$", "."))))
            except OSError as exc:
                problems.append(Diagnostic(code, Severity.ERROR, f"không đọc được thư mục: {exc.strerror or exc}", "",
                                           Position(str(path))))
                continue
            special = [p for p in found if p.exists() and not p.is_file() and not p.is_dir()]
            for p in special:  # a FIFO or device named like an input: reported, never opened
                problems.append(Diagnostic("VB115", Severity.ERROR, "không phải tệp thường (FIFO, socket hoặc thiết "
                                           "bị); không đọc", "", Position(str(p))))
            found = [p for p in found if p.is_file()]
            if not found and not special:
                problems.append(Diagnostic(code, Severity.ERROR, empty, "", Position(str(path))))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.exists():
            problems.append(Diagnostic("VB115", Severity.ERROR, "không phải tệp thường (FIFO, socket hoặc thiết bị); "
                                       "không đọc", "", Position(str(path))))
        else:
            problems.append(Diagnostic(code, Severity.ERROR, "không tìm thấy tệp hoặc thư mục", "",
                                       Position(str(path))))
    return files, problems


# --------------------------------------------------------------------------- runs as transactions

#: The marker file vanban writes in every run folder it creates (giao dịch ghi): the run's id, host and time.
#: A folder is replaced or removed by vanban only when it holds this marker.
RUN_MARKER = ".vanban-run"


def new_run_id() -> str:
    """A unique id for one run: host, process and a random part."""
    import secrets
    import socket

    return f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(6)}"


def write_marker(folder: Path, run_id: str) -> None:
    (folder / RUN_MARKER).write_text(f"vanban {run_id}\n", encoding="utf-8")


def made_by_vanban(folder: Path) -> bool:
    """A folder vanban created (it holds :data:`RUN_MARKER` written by a run)."""
    try:
        return (folder / RUN_MARKER).read_text(encoding="utf-8").startswith("vanban ")
    except (OSError, UnicodeDecodeError):
        return False


class RunBusy(Exception):
    """Another live run holds the lock of the same outputs; ``holder`` says which (host, pid)."""

    def __init__(self, lock: Path, holder: str):
        self.lock, self.holder = lock, holder
        super().__init__(f"{lock}: {holder}")


class RunLock:
    """The lock of one output name in one folder (khóa của lần chạy): ``OUTDIR/.<name>.khoa``.

    ``fcntl.flock`` on the lock file: the kernel drops it when the holder dies, even by ``kill -9``.
    The file holds ``host pid run-id`` of the holder; where ``flock`` is unavailable (some network file
    systems) the file is created exclusively instead, and a lock left by a process of this host that no
    longer runs is taken over (stale lock detection by PID and host). A second run waits up to
    ``wait`` seconds, then :class:`RunBusy`."""

    def __init__(self, folder: Path, name: str, run_id: str, wait: float = 600.0):
        self.path = Path(folder) / f".{name}.khoa"
        self.run_id = run_id
        self.wait = wait
        self.fd: int | None = None
        self.exclusive = False

    def __enter__(self) -> "RunLock":
        import time

        deadline = time.monotonic() + self.wait
        while True:
            if self._try():
                return self
            if time.monotonic() >= deadline:
                raise RunBusy(self.path, self._holder())
            time.sleep(0.05)

    def _try(self) -> bool:
        import fcntl
        import socket

        line = f"{socket.gethostname()} {os.getpid()} {self.run_id}\n".encode()
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        except OSError:  # no flock here: an exclusive lock file with PID and host instead
            os.close(fd)
            return self._try_exclusive(line)
        try:  # the file may have been removed by the holder that just released it: lock the current one
            current = os.stat(self.path)
        except FileNotFoundError:
            current = None
        mine = os.fstat(fd)
        if current is None or (current.st_dev, current.st_ino) != (mine.st_dev, mine.st_ino):
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, line)
        self.fd = fd
        return True

    def _try_exclusive(self, line: bytes) -> bool:
        path = self.path.with_suffix(".khoa-x")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            if _stale(path):
                path.unlink(missing_ok=True)
            return False
        os.write(fd, line)
        os.close(fd)
        self.exclusive = True
        return True

    def _holder(self) -> str:
        for path in (self.path, self.path.with_suffix(".khoa-x")):
            try:
                host, pid, _run = path.read_text(encoding="utf-8").split()
                return f"máy {host}, tiến trình {pid}"
            except (OSError, ValueError):
                continue
        return "một lần chạy khác"

    def __exit__(self, *exc) -> None:
        if self.exclusive:
            self.path.with_suffix(".khoa-x").unlink(missing_ok=True)
        if self.fd is not None:  # removed while still held: a waiting run sees the file is gone and retries
            try:
                self.path.unlink()
            except OSError:
                pass
            os.close(self.fd)
            self.fd = None


def _stale(path: Path) -> bool:
    """A lock file left by a process of this host that is no longer running."""
    import socket

    try:
        host, pid, _run = path.read_text(encoding="utf-8").split()
    except (OSError, ValueError):
        return False
    if host != socket.gethostname():
        return False  # another machine's process cannot be seen from here: never taken over
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, ValueError):
        return False
    return False


class deferred_signals:
    """SIGINT and SIGTERM held back while a set of files is renamed into place (a few system calls), so
    Ctrl-C or ``kill`` never stops a run between two renames; a signal that came meanwhile is delivered
    right after, to the handler that was there before."""

    def __enter__(self):
        import signal
        import threading

        self.caught: list[int] = []
        self.saved = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self.saved[sig] = signal.signal(sig, lambda signum, _frame: self.caught.append(signum))
        return self

    def __exit__(self, *exc):
        import signal

        for sig, handler in self.saved.items():
            signal.signal(sig, handler)
        for sig in self.caught[:1]:
            os.kill(os.getpid(), sig)


def commit_files(files: dict[Path, bytes], stale: list[Path] = ()) -> list[Path]:
    """Write one document's set of files (its .docx, .pdf, .xlsx …) so that the set is replaced whole.

    Every new file is first written and fsync'ed under a temporary name beside its target; then, with
    SIGINT/SIGTERM held back, every previous file of the set is removed, so are the files ``stale`` (files of
    the previous set that the new one no longer has, proven vanban's by the caller), and the new ones are renamed
    into place. A run stopped before that step leaves the previous set untouched; not even ``kill -9`` can leave
    a new .docx beside the previous .pdf (at worst some files of the new set are missing). Temporary files of
    the set left by an earlier run killed meanwhile are removed first (:func:`remove_stale_temporaries`).
    Raises :class:`OSError` (nothing of the new set is in place then)."""
    import tempfile

    by_folder: dict[Path, set[str]] = {}
    for path in files:
        by_folder.setdefault(path.parent, set()).add(path.name)
    for folder, names in by_folder.items():
        remove_stale_temporaries(folder, names)
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=temporary_prefix(path), suffix=".tmp", dir=path.parent)
            staged.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
        with deferred_signals():
            for _tmp, path in staged:
                if path.is_file() or path.is_symlink():
                    path.unlink()
            for path in stale:
                if path.is_file() and not path.is_symlink():
                    path.unlink()
            for tmp, path in staged:
                os.replace(tmp, path)
    except BaseException:
        for tmp, _path in staged:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        raise
    return [path for _tmp, path in staged]


#: The project's settings file (``[check]``, ``[ban_hanh]``), found above a spec.
CONFIG_NAME = "vanban.toml"


def find_config(start: Path) -> Path | None:
    """The nearest ``vanban.toml`` in ``start``'s folder or above it."""
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    for candidate in [folder, *folder.parents]:
        path = candidate / CONFIG_NAME
        if path.is_file():
            return path
    return None
