"""Every time rule of IFC-030, in exact integer arithmetic on instants.

- **Lock expiry.** A lock acquired at ``t`` records ``ttl`` = the whole epoch seconds of
  ``t + LOCK_TTL`` (DynamoDB's TTL unit: seconds, not milliseconds, rounded down), and is
  expired, so that another execution may take it over, from the instant ``ttl`` on.
- **Cooldown.** After the n-th failed attempt of a product (n counted after the increment),
  it is next eligible at ``now + min(cap, base * 2 ** (n - 1))``: 5 minutes doubling, capped
  at 24 hours (the default :class:`~novacat_persistence.contracts.operations.BackoffPolicy`,
  the one the suites build every candidate with).
- **Backoff gate.** A product is in backoff while ``now < next_eligible_attempt_at``: at the
  instant itself it may proceed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

from novacat_persistence.contracts.operations import LOCK_TTL, BackoffPolicy

UNIX_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
SECOND: Final = timedelta(seconds=1)
TICK: Final = timedelta(microseconds=1)
"""The clock's resolution: stored timestamps keep microseconds."""

_DEFAULT_POLICY: Final = BackoffPolicy()
COOLDOWN_BASE: Final = _DEFAULT_POLICY.base
COOLDOWN_CAP: Final = _DEFAULT_POLICY.cap


def epoch_seconds(instant: datetime) -> int:
    """The whole seconds since the Unix epoch at ``instant`` (rounded down)."""
    return (instant - UNIX_EPOCH) // SECOND


def instant_of(seconds: int) -> datetime:
    """The instant of an epoch-seconds value."""
    return UNIX_EPOCH + seconds * SECOND


def lock_ttl(acquired_at: datetime) -> int:
    """The ``ttl`` recorded on a lock acquired at ``acquired_at``."""
    return epoch_seconds(acquired_at + LOCK_TTL)


def lock_expired(ttl: int, now: datetime) -> bool:
    """Whether a lock whose recorded expiry is ``ttl`` may be taken over at ``now``."""
    return now >= instant_of(ttl)


def cooldown(attempts: int) -> timedelta:
    """The cooldown after the ``attempts``-th failed attempt (attempts >= 1)."""
    delay = COOLDOWN_BASE
    for _ in range(attempts - 1):
        if delay >= COOLDOWN_CAP:
            break
        delay *= 2
    return min(delay, COOLDOWN_CAP)


def in_backoff(next_eligible_attempt_at: datetime | None, now: datetime) -> bool:
    """Whether a product's cooldown still runs at ``now``."""
    return next_eligible_attempt_at is not None and now < next_eligible_attempt_at
