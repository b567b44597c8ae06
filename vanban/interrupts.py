"""Ctrl-C and ``kill`` remembered until the run has stopped (issue 13, point 1: an interrupted run never writes).

Python turns Ctrl-C into a KeyboardInterrupt raised wherever the main thread happens to be. Code of other packages
can swallow it there: Cython's generated module set-up registers its memoryview types in ``collections.abc`` inside
a bare ``try … except: pass``, so a Ctrl-C landing while ``lxml.etree`` is first imported (the first render of a
build) was lost and the build went on to write its files and exit 0. An interrupt landing in a finaliser or a C
extension's callback is only *reported* by Python ("Exception ignored …") and lost the same way.

So the command line's handlers (:func:`install`) note every SIGINT and SIGTERM before raising, and the step that puts
a run's files in place (``fsio.commit_files``, the per-recipient swap) asks :func:`raise_if_stopped` first: a run
that was told to stop never writes, whoever swallowed the exception. An interrupt Python could only report as
unraisable is also delivered again at once (:func:`_unraisable`), so the run stops there rather than at its commit.
The Python API installs nothing: an application keeps its own handlers, and :func:`raise_if_stopped` is then a
no-op.
"""

from __future__ import annotations

import _thread
import signal
import sys
import threading
import time

#: The signals received by the handlers of :func:`install` since it was called (in order).
_received: list[int] = []
#: The handlers :func:`install` and :func:`stop_on` replaced, put back by :func:`restore`.
_saved: dict[int, object] = {}
#: The unraisable hook :func:`install` replaced (None: not installed).
_previous_hook = None
#: Whether :func:`_unraisable` is running: an interrupt delivered again before it returns would be lost again.
_in_hook = [False]


def _stop(signum: int, _frame) -> None:
    """The handler: the signal is noted, then raised as KeyboardInterrupt (what Python's own SIGINT handler does)."""
    _received.append(signum)
    raise KeyboardInterrupt


def install() -> None:
    """Have SIGINT noted and raised as KeyboardInterrupt, unless the process was started with it ignored (a
    background job, ``nohup``), and an interrupt reported as unraisable delivered again (:func:`_unraisable`). Undone
    by :func:`restore`. Outside the main thread (embedded use) no signal handler is installed."""
    global _previous_hook
    _received.clear()
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        stop_on(signal.SIGINT)
    if _previous_hook is None:
        _previous_hook, sys.unraisablehook = sys.unraisablehook, _unraisable


def _unraisable(unraisable) -> None:
    """A Ctrl-C (or ``kill``, raised as KeyboardInterrupt) that lands while a C extension runs a callback of vanban
    (pydantic-core calling the spec's discriminator while a spec loads) or in a finaliser cannot leave it: Python
    prints it as "Exception ignored …" and goes on. Such an interrupt is delivered again (``_thread.interrupt_main``,
    from a helper thread a moment later: raised in the hook itself it would be lost the same way), where it can stop
    the run (exit 130); nothing is printed for it. Anything else goes to the hook that was there before."""
    if not isinstance(unraisable.exc_value, KeyboardInterrupt):
        (_previous_hook or sys.__unraisablehook__)(unraisable)
        return
    _in_hook[0] = True  # a plain store: no call between clearing it and the hook's return
    try:
        if not callable(signal.getsignal(signal.SIGINT)):  # started with SIGINT ignored (a background job)
            stop_on(signal.SIGINT)
        threading.Thread(target=_deliver_after_hook, daemon=True).start()
    finally:
        _in_hook[0] = False


def _deliver_after_hook() -> None:
    while _in_hook[0]:  # raised while the hook still runs, it would be lost again
        time.sleep(0.001)
    _thread.interrupt_main()


def stop_on(sig: int) -> None:
    """Have ``sig`` (SIGTERM: ``kill``) noted and raised as KeyboardInterrupt too, until :func:`restore`."""
    if threading.current_thread() is not threading.main_thread():
        return
    previous = signal.signal(sig, _stop)
    _saved.setdefault(sig, previous)


def restore() -> None:
    """The handlers and the unraisable hook replaced put back; what was noted forgotten."""
    global _previous_hook
    for sig, handler in _saved.items():
        try:
            signal.signal(sig, handler)
        except ValueError:  # called outside the main thread: they stay
            pass
    _saved.clear()
    _received.clear()
    if _previous_hook is not None:
        sys.unraisablehook, _previous_hook = _previous_hook, None


def stopped() -> bool:
    """Whether a noted SIGINT or SIGTERM came since :func:`install`."""
    return bool(_received)


def raise_if_stopped() -> None:
    """KeyboardInterrupt when the run was told to stop, even if the exception raised then was swallowed."""
    if _received:
        raise KeyboardInterrupt
