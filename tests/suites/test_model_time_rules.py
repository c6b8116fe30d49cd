"""The model's time rules, worked out by hand: the schedule the suites hold candidates to."""

from datetime import UTC, datetime, timedelta

from novacat_persistence.suites.model.time_rules import (
    cooldown,
    epoch_seconds,
    in_backoff,
    instant_of,
    lock_expired,
    lock_ttl,
)

NOON = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def test_the_cooldown_doubles_from_five_minutes_up_to_a_day() -> None:
    minutes = [cooldown(n) / timedelta(minutes=1) for n in range(1, 13)]
    assert minutes == [5, 10, 20, 40, 80, 160, 320, 640, 1280, 1440, 1440, 1440]
    assert cooldown(10**6) == timedelta(hours=24)


def test_a_lock_records_the_whole_second_of_its_expiry() -> None:
    assert epoch_seconds(NOON) == 1_740_830_400
    assert lock_ttl(NOON + timedelta(microseconds=999_999)) == 1_740_830_400 + 900
    assert instant_of(lock_ttl(NOON)) == NOON + timedelta(minutes=15)


def test_a_lock_expires_from_its_recorded_second_on() -> None:
    ttl = lock_ttl(NOON)
    expiry = NOON + timedelta(minutes=15)
    assert not lock_expired(ttl, expiry - timedelta(microseconds=1))
    assert lock_expired(ttl, expiry)


def test_the_backoff_gate_opens_at_the_instant_itself() -> None:
    assert in_backoff(NOON, NOON - timedelta(microseconds=1))
    assert not in_backoff(NOON, NOON)
    assert not in_backoff(None, NOON)
