"""A pause of Python's cyclic garbage collector around work that allocates many objects of
which none becomes cyclic garbage while the work runs (a module's syntax tree while it is
analysed, the classes of the contracts while they are built).

Each collection that such work triggers walks every young object it has made so far and frees
none of them; paused, the work runs up to a fifth faster. Reference counting goes on freeing
every object that is not part of a cycle.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """Run the block with the cyclic garbage collector paused.

    On leaving, however the block ends, the collector runs again exactly when it was running
    on entering: nested pauses resume it once, at the outermost, and a collector the
    application had turned off stays off.
    """
    was_running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_running:
            gc.enable()
