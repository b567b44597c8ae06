"""Python's cycle collector paused while one large document is built or read.

A letter of 40,000 paragraphs or a form of 20,000 rows allocates millions of small objects that all
stay alive until the build ends; every full collection walks all of them again, so with the collector
running the cost of a build grows faster than its size (issue 13, point 13: 20,000 form rows took
three times as long per row as 5,000). Pausing it for the duration of one build makes the cost linear;
the collector is switched back on as it was when the build ends (nested pauses are harmless), so the
cycles of one build are collected before the next one of a run of many.
"""

from __future__ import annotations

import functools
import gc
from contextlib import contextmanager
from typing import Callable, Iterator, TypeVar

F = TypeVar("F", bound=Callable)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Within the block the cycle collector does not run; afterwards it is as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def without_gc(fn: F) -> F:
    """A function run with :func:`paused_gc`."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with paused_gc():
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
