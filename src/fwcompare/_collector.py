"""The cyclic garbage collector, kept waiting while many objects are built at once."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector waiting while building many objects.

    A load of many frameworks, or a ranking of them, builds many objects and
    frees none: left running, the collector passed over them again and again
    as they grew. Paused, it makes one pass when the block ends (a tenth of a
    10,000-framework load, and still its only part that grows faster than the
    load), and then runs as it was. Threads share the collector: a block that ends while
    another runs turns it back on for both, which only costs the other speed.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
