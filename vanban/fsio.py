"""Atomic file output: write to a temporary file beside the target, then rename.

A reader (or a run killed half-way) never sees a half-written file at the final name.
"""

from __future__ import annotations

import functools
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
    right after, to the handler that was there before. A run told to stop before (even where the KeyboardInterrupt
    was swallowed on the way: :mod:`vanban.interrupts`) is stopped here, before the first rename."""

    def __enter__(self):
        import signal
        import threading

        from .interrupts import raise_if_stopped

        raise_if_stopped()

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


#: In a staging folder of :func:`commit_files` (a folder of the set written whole): the mark that it was never swapped
#: in (a run killed before its swap left it; everything in it is the new set's or a hard link to a file of the folder).
STAGE_MARK = ".vanban-moi"
#: In a folder about to be swapped out: the names the new set drops (files of the previous set, proven vanban's by the
#: caller). After the swap it is in the old folder, so the cleaning of a run killed then knows what not to move back.
DROP_MARK = ".vanban-bo"
_MARKS = (STAGE_MARK, DROP_MARK)


@functools.cache
def _renameat2():
    """libc's ``renameat2`` (None where there is none), looked up once: before a swap, never inside its window."""
    import ctypes

    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):  # TypeError: no CDLL(None) on Windows
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return function


def exchange(a: Path, b: Path) -> bool:
    """Swap the paths ``a`` and ``b`` (two folders) in one step, ``renameat2(RENAME_EXCHANGE)`` (Linux 3.15+): no
    moment where neither or both are at their names. False where the system or file system cannot (the caller then
    renames in two steps)."""
    import ctypes
    import errno

    function = _renameat2()
    if function is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if function(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _stage_folder(folder: Path, names: set[str], stale: set[Path]) -> Path | None:
    """A staging folder beside ``folder`` (named like a temporary file of it) holding, as hard links, the files of
    ``folder`` that the new set neither replaces (``names``) nor drops (``stale``): the user's files and the
    workbooks vanban must keep travel with the swap. None when ``folder`` holds what cannot be carried so (a
    sub-folder, a special file) or hard links are refused: the set's files of that folder are then committed one by
    one."""
    import shutil
    import tempfile

    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        return None
    stage = Path(tempfile.mkdtemp(prefix=temporary_prefix(folder), suffix=".tmp", dir=folder.parent))
    try:
        (stage / STAGE_MARK).write_bytes(b"")
        if folder.exists():
            for entry in folder.iterdir():
                if entry.name in names or entry in stale or entry.name in _MARKS:
                    continue
                if entry.is_symlink():
                    os.symlink(os.readlink(entry), stage / entry.name)
                elif entry.is_file():
                    os.link(entry, stage / entry.name, follow_symlinks=False)
                else:
                    raise IsADirectoryError(str(entry))
    except OSError:
        shutil.rmtree(stage, ignore_errors=True)
        return None
    return stage


def _swap_in(stage: Path, folder: Path) -> bool:
    """Put ``stage`` at ``folder``'s name and the previous ``folder`` (if any: then True) at ``stage``'s name: one
    exchange where the system has it, else two renames (a moment with no folder, never a mixed one)."""
    if not folder.exists():
        os.rename(stage, folder)
        return False
    if exchange(stage, folder):
        return True
    aside = stage.with_name(stage.name + ".cu.tmp")
    os.rename(folder, aside)
    os.rename(stage, folder)
    os.rename(aside, stage)
    return True


def _clean_previous(old: Path, folder: Path) -> None:
    """Empty and remove ``old``, the previous content of ``folder`` after its swap: a file the new set replaced or
    drops (listed in :data:`DROP_MARK`), or carried as a hard link, is removed; any other file (put into the folder
    by someone while the run staged it) is moved back into ``folder``, never deleted."""
    try:
        dropped = set((old / DROP_MARK).read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        dropped = set()
    for entry in old.iterdir():
        target = folder / entry.name
        if entry.name in _MARKS or entry.name in dropped or target.exists() or target.is_symlink():
            if entry.is_dir() and not entry.is_symlink():
                continue  # never vanban's: left where it is
            entry.unlink()
        else:
            os.rename(entry, target)
    try:
        old.rmdir()
    except OSError:
        pass
    (folder / STAGE_MARK).unlink(missing_ok=True)


def remove_stale_stages(folder: Path) -> None:
    """The staging and previous folders of ``folder`` left by a run killed during :func:`commit_files` (named as its
    temporary files, their writer a dead process of this host): one never swapped in (it holds
    :data:`STAGE_MARK`) is removed; one swapped out is cleaned as the run would have (:func:`_clean_previous`)."""
    import shutil
    import socket

    host = socket.gethostname()
    try:
        entries = [entry for entry in folder.parent.iterdir() if entry.name.endswith(".tmp")]
    except OSError:
        return
    for entry in entries:
        match = _TMP_NAME.match(entry.name.removesuffix(".cu.tmp"))
        if (match is None or match["name"] != folder.name or match["host"] != host or not _dead(int(match["pid"]))
                or entry.is_symlink() or not entry.is_dir()):
            continue
        if entry.name.endswith(".cu.tmp") and not folder.exists():  # killed between the two renames: put it back
            os.rename(entry, folder)
            continue
        if (entry / STAGE_MARK).exists():
            shutil.rmtree(entry, ignore_errors=True)
        elif folder.is_dir():
            _clean_previous(entry, folder)


def commit_files(files: dict[Path, bytes], stale: list[Path] = (), folders: tuple[Path, ...] = ()) -> list[Path]:
    """Write one document's set of files (its .docx, .pdf, .xlsx, the recipients' workbooks …) so that the set is
    replaced whole.

    Every new file is first written and fsync'ed under a temporary name beside its target; the files of a folder of
    ``folders`` (a folder that belongs to the set, ``<stem>-bieu-mau/``) are written into a staging folder beside it
    instead, with hard links to the files of the folder the new set keeps (:func:`_stage_folder`). Then, with
    SIGINT/SIGTERM held back: every previous file of the set is removed, so are the files ``stale`` (files of the
    previous set that the new one no longer has, proven vanban's by the caller), each staged folder is swapped in
    whole (:func:`exchange`, one system call) and the new files are renamed into place. A run stopped before that
    step leaves the previous set untouched; the step itself is a handful of system calls whatever the number of
    files (60 workbooks are one swap), and even ``kill -9`` inside it cannot leave a new file beside an old one
    (the previous set's files are gone before the first new one appears; at worst some of the new are missing).
    Leftovers of an earlier run killed meanwhile are removed first (:func:`remove_stale_temporaries`,
    :func:`remove_stale_stages`). Raises :class:`OSError` (nothing of the new set is in place then)."""
    import shutil
    import tempfile

    by_folder: dict[Path, set[str]] = {}
    for path in files:
        by_folder.setdefault(path.parent, set()).add(path.name)
    for folder, names in by_folder.items():
        remove_stale_temporaries(folder, names)
    stale = list(stale)
    stages: dict[Path, Path] = {}
    staged: list[tuple[str, Path]] = []
    swapped: list[tuple[Path, Path]] = []
    try:
        for folder in dict.fromkeys(Path(f) for f in folders):
            if folder not in by_folder:
                continue
            remove_stale_stages(folder)
            stage = _stage_folder(folder, by_folder[folder], set(stale))
            if stage is not None:
                stages[folder] = stage
        for path, data in files.items():
            stage = stages.get(path.parent)
            if stage is not None:
                fd = os.open(stage / path.name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                             0o644)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=temporary_prefix(path), suffix=".tmp", dir=path.parent)
                staged.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if stage is None:
                os.chmod(tmp, 0o644)
        if stages:
            _renameat2()
        for folder in stages:  # what the swap drops, for the cleaning of a run killed right after it
            dropped = sorted(p.name for p in stale if p.parent == folder)
            if dropped:  # read only after the swap, which comes after this write is complete
                with open(folder / DROP_MARK, "wb") as handle:
                    handle.write(("\n".join(dropped) + "\n").encode("utf-8"))
                    handle.flush()
                    os.fsync(handle.fileno())
            elif (folder / DROP_MARK).is_file():
                (folder / DROP_MARK).unlink()
        with deferred_signals():
            for _tmp, path in staged:
                if path.is_file() or path.is_symlink():
                    path.unlink()
            for path in stale:
                if path.parent not in stages and path.is_file() and not path.is_symlink():
                    path.unlink()
            for folder, stage in stages.items():
                if _swap_in(stage, folder):
                    swapped.append((stage, folder))
            for tmp, path in staged:
                os.replace(tmp, path)
            for stage, folder in swapped:
                _clean_previous(stage, folder)
            for folder in stages:  # (a folder that had no previous one to clean)
                (folder / STAGE_MARK).unlink(missing_ok=True)
    except BaseException:
        for tmp, _path in staged:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        for folder, stage in stages.items():
            if stage.exists() and (stage / STAGE_MARK).exists():  # never swapped in
                shutil.rmtree(stage, ignore_errors=True)
        raise
    return list(files)


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
