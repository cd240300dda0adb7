"""The cyclic garbage collector, managed for batch work.

Scoring a province keeps millions of small objects alive for a while (records, ledger entries); Python's
collector would walk all of them again and again (a third or more of the time, measured in
docs/performance.md). Inside ``batch_gc()`` what was alive when it began (modules, the compiled rulebook,
units already read) is frozen out of every collection (``gc.freeze``), and young collections run every
``GC_THRESHOLD0`` allocations instead of every 700. Nothing is leaked: cycles made meanwhile are still
collected, and everything frozen is handed back to the collector at the end.

Used by the batch functions and around reading one unit's evidence. Re-entrant and thread-safe; the
previous settings come back when the outermost ``batch_gc`` ends (a program that called ``gc.freeze``
itself finds its objects unfrozen then).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["GC_THRESHOLD0", "MANAGE_GC", "batch_gc"]

_gc_lock = threading.Lock()
_gc_depth = 0
_gc_saved: tuple[int, int, int] = (700, 10, 10)
GC_THRESHOLD0 = 50_000
"""During batch work the youngest generation is collected every this many allocations (Python: 700)."""
MANAGE_GC = True
"""False leaves the collector as it is (the benchmark measures the difference)."""


@contextmanager
def batch_gc() -> Iterator[None]:
    """The collector managed (see the module): what is alive when the batch starts (modules, the
    compiled rulebook) is frozen out of every later collection, and young collections run less often.
    Re-entrant and thread-safe; the previous settings come back when the outermost batch ends."""
    global _gc_depth, _gc_saved
    if not MANAGE_GC:
        yield
        return
    with _gc_lock:
        if _gc_depth == 0:
            _gc_saved = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(max(GC_THRESHOLD0, _gc_saved[0]), _gc_saved[1], _gc_saved[2])
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0:
                gc.set_threshold(*_gc_saved)
                gc.unfreeze()
