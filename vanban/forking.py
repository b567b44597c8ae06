"""One step of a build run beside the others in a forked process, on a machine with a second core.

A long form's workbooks (the .xlsx of a form of 20,000 rows: about a quarter of its build) need only the loaded
document, not the .docx or its checks, so :func:`vanban.app.build_many` starts them in a child process made by
``fork`` right after the load and renders and checks the .docx meanwhile (issue 13, point 13: 20,000 rows ≤ 10 s).
The child inherits the document as it is in memory (nothing is pickled on the way there), returns the bytes through
a pipe and ends with ``os._exit``, so none of the parent's exit handlers, buffers or signal handlers run twice.

Taken only where it is safe and worth it; otherwise the step runs in the process itself, as before:

- ``os.fork`` exists (Linux, macOS) and the process has one thread: forking a process with other threads (a web
  application's workers) could copy a lock held by one of them;
- ``VANBAN_SONG_SONG=0`` is not set in the environment (song song: in parallel);
- the caller judged the work large enough (a fork of a process of several hundred MB costs milliseconds).

Whatever happens to the child (an error, a signal, its result unreadable), the parent computes the step itself, so
the result and its errors are the same as without a child. The child ignores Ctrl-C (the parent handles it) and is
killed by the kernel when the parent dies (``PR_SET_PDEATHSIG`` on Linux), so an interrupted or killed build leaves
no process behind and writes nothing: the child never touches a file.
"""

from __future__ import annotations

import ctypes
import gc
import os
import pickle
import signal
import sys
import threading
from typing import Any, Callable

#: Set to "0" to run every step in the process itself.
ENVIRONMENT = "VANBAN_SONG_SONG"

_PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    """Whether a step may run in a forked child here and now."""
    return (hasattr(os, "fork") and os.environ.get(ENVIRONMENT, "1") != "0"
            and threading.active_count() == 1 and usable_cores() > 1)


def usable_cores() -> int:
    """The cores this process may run on: its CPU affinity where the system tells it (``taskset``, a container's
    cpuset), else the machine's count."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class Forked:
    """``fn(*args)`` started in a forked child when :func:`can_fork` (else nothing is started); :meth:`result` gives
    its value, computed by the parent when there is no child or the child did not deliver. Use as a context
    manager: leaving it stops a child whose result was not taken."""

    def __init__(self, fn: Callable[..., Any], *args: Any, fork: bool = True):
        self.fn, self.args = fn, args
        self.pid: int | None = None
        self.fd: int | None = None
        #: whether the value of :meth:`result` came from the child (for tests and the benchmark)
        self.from_child = False
        if fork and can_fork():
            self._start()

    def _start(self) -> None:
        read, write = os.pipe()
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:  # no memory or process slots for a child: the parent computes it
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: never returns
            code = 1
            try:
                os.close(read)
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
                signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler: just end
                _die_with(parent)
                gc.disable()  # a short life: collecting would only copy the parent's pages
                data = pickle.dumps(self.fn(*self.args), protocol=pickle.HIGHEST_PROTOCOL)
                view = memoryview(data)
                while view:
                    view = view[os.write(write, view):]
                code = 0
            except BaseException:  # noqa: BLE001 — whatever it is, the parent computes the step itself
                code = 1
            finally:
                os._exit(code)
        os.close(write)
        self.pid, self.fd = pid, read

    @property
    def started(self) -> bool:
        """Whether a child was started (and its result not taken yet)."""
        return self.pid is not None

    def result(self) -> Any:
        """The value of ``fn(*args)``: the child's when it delivered, else computed here."""
        if self.pid is not None:
            data = self._collect()
            if data is not None:
                try:
                    value = pickle.loads(data)
                except Exception:  # noqa: BLE001 — a truncated result: computed again below
                    value = None
                else:
                    self.from_child = True
                    return value
        return self.fn(*self.args)

    def _collect(self) -> bytes | None:
        """The child's bytes once it has exited with 0, else None."""
        chunks = []
        try:
            while True:
                chunk = os.read(self.fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        finally:
            os.close(self.fd)
            self.fd = None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        return b"".join(chunks) if os.waitstatus_to_exitcode(status) == 0 else None

    def stop(self) -> None:
        """Kill a child whose result is not wanted (a refused build, an interruption) and reap it."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = None

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _die_with(parent: int) -> None:
    """Have the kernel kill this child when its parent dies (Linux); if the parent is already gone, end now."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)
