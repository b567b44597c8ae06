"""The C heap of the command line's process: freed memory merged back when it is freed, not in one stall later.

A long form's build frees two trees of about 1.7 million libxml2 nodes (the rendered .docx, then the one its checks
read back). glibc keeps small freed blocks in its "fast bins" without merging them with their neighbours, and merges
them all at the next larger allocation (``malloc_consolidate``): measured on a 20,000-row form, two stalls of about
half a second each, landing wherever the next large allocation happened to be (reading the workbooks' pipe, writing
the files). With the fast bins off (``mallopt(M_MXFAST, 0)``, glibc's documented way) each block is merged as it is
freed, in the order the tree is freed, and the stalls are gone (issue 13, point 13: 20,000 rows ≤ 10 s).

Only the command line calls :func:`free_promptly`: an application that calls vanban keeps its allocator as it set it.
Elsewhere than glibc (musl, macOS) there is no ``mallopt`` and nothing changes.
"""

from __future__ import annotations

import ctypes
import functools

#: ``M_MXFAST`` of glibc's malloc.h: the largest request served from the fast bins (0: none).
_M_MXFAST = 1


@functools.cache
def free_promptly() -> bool:
    """Turn glibc's fast bins off for this process (once); whether it could."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):  # TypeError: no CDLL(None) on Windows
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return mallopt(_M_MXFAST, 0) == 1
