"""Suite 13, time rules: every time rule of IFC-030 probed at its exact instant, one tick
(a microsecond, the clock's resolution) and one second before it, and one tick after, with the
stored epoch values asserted literally: the lock's recorded expiry (``ttl``, whole epoch
seconds), takeover from that instant on, the cooldown schedule (5 minutes doubling per failed
attempt, capped at 24 hours) and the backoff gate of ``decide_acquisition``. Every call runs
on the candidate and the model side by side
(:class:`~novacat_persistence.suites.harness.twin.Twin`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Final
from uuid import UUID, uuid4

from novacat_persistence.contracts.clock import EPOCH
from novacat_persistence.contracts.enums import LockState
from novacat_persistence.contracts.errors import LockHeldError, LockLostError
from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.contracts.operations import (
    AcquisitionDecision,
    LockOutcome,
    SpectraRegistration,
)
from novacat_persistence.suites.harness.builders import iso, stored_item
from novacat_persistence.suites.harness.twin import Twin
from novacat_persistence.suites.model.calls import MARKER

TICK: Final = timedelta(microseconds=1)
SECOND: Final = timedelta(seconds=1)
EPOCH_SECONDS: Final = 1_740_830_400
"""2025-03-01T12:00:00Z (the suites' clock starts there) in epoch seconds."""


def _acquire(twin: Twin, key: str, job_run_id: UUID | None = None) -> Any:
    return twin.call(
        "acquire_lock",
        key,
        job_run_id=job_run_id or uuid4(),
        workflow_name="initialize_nova",
        primary_id=f"{MARKER} primary",
    )


def _held(twin: Twin, key: str) -> None:
    twin.fails(
        LockHeldError,
        "acquire_lock",
        key,
        job_run_id=uuid4(),
        workflow_name="initialize_nova",
        primary_id=f"{MARKER} other",
    )


def _move_to(twin: Twin, instant: datetime) -> None:
    twin.advance(instant - twin.clock.peek())


def _lock_key() -> str:
    return f"initialize_nova:{uuid4()}:1.0.0:2025-03-01T12"


def test_a_lock_records_its_expiry_in_epoch_seconds(twin: Twin) -> None:
    """A lock acquired at 12:00:00.5 records ttl = the epoch second of 12:15:00 (seconds, not
    milliseconds; rounded down), and its token expires at that instant."""
    key = _lock_key()
    twin.advance(timedelta(milliseconds=500))
    acquired = _acquire(twin, key)
    stored = stored_item(twin.raw, f"IDEMPOTENCY#{key}", "LOCK")
    assert stored["ttl"] == {"N": str(EPOCH_SECONDS + 900)}
    assert acquired.token.expires_at == datetime(2025, 3, 1, 12, 15, tzinfo=UTC)
    assert acquired.lock.acquired_at == EPOCH + timedelta(milliseconds=500)


def test_an_expired_lock_is_taken_over_from_its_exact_expiry(twin: Twin) -> None:
    """A lock is held one second and one tick before its recorded expiry, and taken over at
    the expiry itself (the item still exists): a fresh holder token and a fresh expiry are
    recorded, and the old holder can neither release nor complete."""
    key = _lock_key()
    first = _acquire(twin, key)
    expiry = datetime(2025, 3, 1, 12, 15, tzinfo=UTC)
    for probe in (expiry - SECOND, expiry - TICK):
        _move_to(twin, probe)
        _held(twin, key)
    _move_to(twin, expiry)
    second = _acquire(twin, key)
    assert second.outcome is LockOutcome.ACQUIRED
    assert second.token.holder_token != first.token.holder_token
    stored = stored_item(twin.raw, f"IDEMPOTENCY#{key}", "LOCK")
    assert stored["ttl"] == {"N": str(EPOCH_SECONDS + 1800)}
    assert stored["acquired_at"] == {"S": iso(expiry)}
    twin.fails(LockLostError, "release_lock", first.token)
    twin.fails(LockLostError, "complete_lock", first.token)


def test_a_lock_acquired_mid_second_expires_at_its_recorded_second(twin: Twin) -> None:
    """The recorded expiry rules, not the acquisition instant plus 15 minutes: a lock acquired
    at 12:00:00.5 is held at 12:14:59.999999 and taken over at 12:15:00; one tick later, the
    new lock is held."""
    key = _lock_key()
    twin.advance(timedelta(milliseconds=500))
    _acquire(twin, key)
    expiry = datetime(2025, 3, 1, 12, 15, tzinfo=UTC)
    _move_to(twin, expiry - TICK)
    _held(twin, key)
    _move_to(twin, expiry)
    assert _acquire(twin, key).outcome is LockOutcome.ACQUIRED
    _move_to(twin, expiry + TICK)
    _held(twin, key)


def test_a_completed_lock_is_never_taken_over(twin: Twin) -> None:
    """A COMPLETED lock answers ALREADY_COMPLETED at and after its recorded expiry."""
    key = _lock_key()
    token = _acquire(twin, key).token
    assert twin.call("complete_lock", token).state is LockState.COMPLETED
    expiry = datetime(2025, 3, 1, 12, 15, tzinfo=UTC)
    for probe in (expiry, expiry + TICK, expiry + timedelta(days=1)):
        _move_to(twin, probe)
        assert _acquire(twin, key).outcome is LockOutcome.ALREADY_COMPLETED


def _product(twin: Twin) -> SpectraProductKey:
    registration = SpectraRegistration(
        nova_id=uuid4(), provider="ESO", locator_identity=f"provider_product_id:{uuid4()}"
    )
    stored = twin.call("register_spectra_product", registration).item
    return SpectraProductKey(stored.nova_id, stored.provider, stored.data_product_id)


def _stored_cooldown(twin: Twin, key: SpectraProductKey) -> Any:
    item = stored_item(twin.raw, str(key.nova_id), f"PRODUCT#SPECTRA#ESO#{key.data_product_id}")
    return item["next_eligible_attempt_at"]


def _decision(twin: Twin, key: SpectraProductKey) -> AcquisitionDecision:
    decision: AcquisitionDecision = twin.call("decide_acquisition", key).decision
    return decision


def test_the_cooldown_doubles_after_each_failed_attempt(twin: Twin) -> None:
    """The n-th failure sets next_eligible_attempt_at = now + 5 min * 2**(n-1): 5, 10, 20 and
    40 minutes, stored as that exact instant."""
    key = _product(twin)
    for attempt, minutes in enumerate((5, 10, 20, 40), start=1):
        now = twin.clock.peek()
        failed = twin.call(
            "record_retryable_failure",
            key,
            error_fingerprint=f"{attempt:0>16}",
            execution=f"execution-{attempt}",
        )
        assert failed.attempt_count_total == attempt
        end = now + timedelta(minutes=minutes)
        assert failed.next_eligible_attempt_at == end
        assert _stored_cooldown(twin, key) == {"S": iso(end)}
        _move_to(twin, end)


def test_the_cooldown_is_capped_at_24_hours(twin: Twin) -> None:
    """After the 9th failure the cooldown is 21 h 20 min (5 min * 2**8); from the 10th on, it
    is capped at exactly 24 hours."""
    key = _product(twin)
    stored = twin.call("get_spectra_product", key)
    twin.seed(stored.model_copy(update={"attempt_count_total": 8}))
    for attempt, cooldown in (
        (9, timedelta(hours=21, minutes=20)),
        (10, timedelta(hours=24)),
        (11, timedelta(hours=24)),
    ):
        now = twin.clock.peek()
        failed = twin.call(
            "record_retryable_failure",
            key,
            error_fingerprint=f"{attempt:0>16}",
            execution=f"execution-{attempt}",
        )
        assert failed.attempt_count_total == attempt
        assert _stored_cooldown(twin, key) == {"S": iso(now + cooldown)}
        _move_to(twin, now + cooldown)


def test_decide_acquisition_proceeds_from_the_exact_end_of_the_cooldown(twin: Twin) -> None:
    """While now < next_eligible_attempt_at (one second, one tick before) the decision is
    SKIPPED_BACKOFF; at the instant itself and one tick after, PROCEED."""
    key = _product(twin)
    assert _decision(twin, key) is AcquisitionDecision.PROCEED
    twin.advance(timedelta(milliseconds=250))
    failed = twin.call(
        "record_retryable_failure", key, error_fingerprint="e" * 16, execution="execution-1"
    )
    end = failed.next_eligible_attempt_at
    assert end == EPOCH + timedelta(minutes=5, milliseconds=250)
    for probe, expected in (
        (end - SECOND, AcquisitionDecision.SKIPPED_BACKOFF),
        (end - TICK, AcquisitionDecision.SKIPPED_BACKOFF),
        (end, AcquisitionDecision.PROCEED),
        (end + TICK, AcquisitionDecision.PROCEED),
    ):
        _move_to(twin, probe)
        assert _decision(twin, key) is expected, f"at {probe.isoformat()}"
