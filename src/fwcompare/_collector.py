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
    frees none: the collector's passes over them made a large load superlinear
    and cost a large ranking a tenth of its time. It runs again, as it was,
    once the block ends. Threads share the collector: a block that ends while
    another runs turns it back on for both, which only costs the other speed.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
