"""The injectable clock the suites hand to implementations."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Final

EPOCH: Final = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
"""Where every suite clock starts."""


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
