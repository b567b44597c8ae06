"""Ctrl-C and ``kill`` remembered until the run has stopped (issue 13, point 1: an interrupted run never writes).

Python turns Ctrl-C into a KeyboardInterrupt raised wherever the main thread happens to be. Code of other packages
can swallow it there: Cython's generated module set-up registers its memoryview types in ``collections.abc`` inside
a bare ``try … except: pass``, so a Ctrl-C landing while ``lxml.etree`` is first imported (the first render of a
build) was lost and the build went on to write its files and exit 0. An interrupt landing in a finaliser or a C
extension's callback is only *reported* by Python ("Exception ignored …") and lost the same way.

So the command line's handlers (:func:`install`) note every SIGINT and SIGTERM before raising, and the step that puts
a run's files in place (``fsio.commit_files``, the per-recipient swap) asks :func:`raise_if_stopped` first: a run
that was told to stop never writes, whoever swallowed the exception. The Python API installs nothing: an
application keeps its own handlers, and :func:`raise_if_stopped` is then a no-op.
"""

from __future__ import annotations

import signal
import threading
from typing import Callable

#: The signals received by the handlers of :func:`install` since it was called (in order).
_received: list[int] = []
#: The handlers :func:`install` and :func:`stop_on` replaced, put back by :func:`restore`.
_saved: dict[int, object] = {}


def _stop(signum: int, _frame) -> None:
    """The handler: the signal is noted, then raised as KeyboardInterrupt (what Python's own SIGINT handler does)."""
    _received.append(signum)
    raise KeyboardInterrupt


def install() -> Callable[[], None]:
    """Have SIGINT noted and raised as KeyboardInterrupt, unless the process was started with it ignored (a
    background job, ``nohup``). Returns :func:`restore`. Outside the main thread (embedded use) nothing is
    installed."""
    _received.clear()
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        stop_on(signal.SIGINT)
    return restore


def stop_on(sig: int) -> None:
    """Have ``sig`` (SIGTERM: ``kill``) noted and raised as KeyboardInterrupt too, until :func:`restore`."""
    if threading.current_thread() is not threading.main_thread():
        return
    previous = signal.signal(sig, _stop)
    _saved.setdefault(sig, previous)


def restore() -> None:
    """The handlers replaced put back; what was noted forgotten."""
    for sig, handler in _saved.items():
        try:
            signal.signal(sig, handler)
        except ValueError:  # called outside the main thread: they stay
            pass
    _saved.clear()
    _received.clear()


def stopped() -> bool:
    """Whether a noted SIGINT or SIGTERM came since :func:`install`."""
    return bool(_received)


def raise_if_stopped() -> None:
    """KeyboardInterrupt when the run was told to stop, even if the exception raised then was swallowed."""
    if _received:
        raise KeyboardInterrupt
