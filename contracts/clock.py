"""Time as every implementation reads it: an injected clock of aware UTC instants.

Every timestamp an implementation writes (``created_at``, ``updated_at``, attempt times, lock
expiries, cooldowns, TTLs) comes from the :data:`Clock` it is given, never from the wall clock
directly, so that tests and the conformance suites can move time across every boundary.
:class:`ManualClock` is the clock they use.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Final

Clock = Callable[[], datetime]
"""Returns the current instant, timezone-aware in UTC."""

EPOCH: Final = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
"""Where every :class:`ManualClock` starts by default (and every suite clock)."""


class ManualClock:
    """A thread-safe clock that moves only when told to (``advance``), or by ``tick`` on every
    reading when ``tick`` is non-zero. Always returns aware UTC datetimes."""

    def __init__(self, start: datetime = EPOCH, *, tick: timedelta = timedelta(0)) -> None:
        self._now = start
        self._tick = tick
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        """The current reading (after one tick)."""
        with self._lock:
            self._now += self._tick
            return self._now

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward by ``delta``."""
        with self._lock:
            self._now += delta

    def peek(self) -> datetime:
        """The current reading, without ticking."""
        with self._lock:
            return self._now
