"""A probe of CPython's frame stack: how many memory pages a thread faults in while a short
call chain runs again and again from each of many depths below the caller (one fault per call
where the chain crosses the end of a frame-stack chunk, which maps and unmaps memory)."""

from __future__ import annotations

import resource

LEVELS = 250
"""Depths probed below the caller: more than a 16 KiB chunk holds, so one of them straddles a
chunk's end unless there is room."""

REPEATS = 300
"""Calls of the chain at each depth."""


def thread_faults() -> int:
    """Minor page faults of the calling thread so far (Linux)."""
    return resource.getrusage(resource.RUSAGE_THREAD).ru_minflt


def _chain(length: int) -> int:
    return 0 if length == 0 else _chain(length - 1) + 1


def worst_faults() -> int:
    """The most page faults :data:`REPEATS` runs of a 20-call chain cost at any of
    :data:`LEVELS` depths below the caller."""
    worst = 0

    def at(depth: int) -> None:
        nonlocal worst
        if depth:
            at(depth - 1)
            return
        before = thread_faults()
        for _ in range(REPEATS):
            _chain(20)
        worst = max(worst, thread_faults() - before)

    for level in range(LEVELS):
        at(level)
    return worst
