"""Expiry with the injected clock: a lock's recorded expiry governs takeover while its item
still exists (TTL deletes lazily); the TTL sweeper deletes only when run, by the clock."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from novacat_persistence.contracts.clock import EPOCH, ManualClock
from novacat_persistence.contracts.entities import WorkItem
from novacat_persistence.contracts.enums import DirtyType
from novacat_persistence.contracts.errors import LockHeldError, LockLostError
from novacat_persistence.contracts.operations import LOCK_TTL, LockOutcome
from novacat_persistence.fake import FakeRawView, FakeTable, create_fake_wrapper

KEY = "initialize_nova:n1:1.0.0:2025-03-01T12"
LOCK_PK = f"IDEMPOTENCY#{KEY}"


def _acquire(wrapper: object, run: object = None) -> object:
    return wrapper.acquire_lock(  # type: ignore[attr-defined]
        KEY, job_run_id=run or uuid4(), workflow_name="initialize_nova", primary_id="n1"
    )


def test_a_lock_is_held_until_its_expiry_by_the_injected_clock() -> None:
    clock = ManualClock()
    wrapper = create_fake_wrapper(clock=clock)
    first = _acquire(wrapper)
    clock.advance(LOCK_TTL - timedelta(seconds=1))
    with pytest.raises(LockHeldError):
        _acquire(wrapper)
    clock.advance(timedelta(seconds=1))
    assert wrapper.table.get(LOCK_PK, "LOCK") is not None, "expired, not deleted"
    second = _acquire(wrapper)
    assert second.outcome is LockOutcome.ACQUIRED
    assert second.token.holder_token != first.token.holder_token
    with pytest.raises(LockLostError):
        wrapper.complete_lock(first.token)


def test_the_sweeper_deletes_only_expired_items_and_only_when_run() -> None:
    clock = ManualClock()
    wrapper = create_fake_wrapper(clock=clock)
    _acquire(wrapper)
    nova_id = uuid4()
    wrapper.ensure_photometry_table(nova_id)  # no ttl: never swept
    wrapper.enqueue_work_item(
        WorkItem(
            nova_id=nova_id,
            dirty_type=DirtyType.PHOTOMETRY,
            source_workflow="ingest_photometry",
            job_run_id=uuid4(),
            correlation_id="c",
            ttl=int((EPOCH + timedelta(days=30)).timestamp()),
            created_at=EPOCH,
        )
    )
    assert wrapper.sweep_expired() == 0
    clock.advance(LOCK_TTL)
    assert len(wrapper.table) == 3, "nothing goes before a sweep"
    assert wrapper.sweep_expired() == 1
    assert wrapper.table.get(LOCK_PK, "LOCK") is None
    clock.advance(timedelta(days=30))
    assert wrapper.sweep_expired() == 1
    assert wrapper.list_work_items() == []
    assert wrapper.get_photometry_table(nova_id) is not None


def test_the_sweeper_ignores_ttls_more_than_five_years_old() -> None:
    table = FakeTable()
    ancient = int((EPOCH - timedelta(days=6 * 365)).timestamp())
    table.write({"PK": {"S": "X"}, "SK": {"S": "OLD"}, "ttl": {"N": str(ancient)}})
    table.write({"PK": {"S": "X"}, "SK": {"S": "TEXT"}, "ttl": {"S": "1"}})
    assert table.sweep_expired(EPOCH) == 0
    assert len(table) == 2


def test_two_wrappers_on_one_table_with_their_own_clocks() -> None:
    table = FakeRawView()
    early = create_fake_wrapper(table=table, clock=ManualClock())
    late = create_fake_wrapper(table=table, clock=ManualClock(EPOCH + LOCK_TTL))
    _acquire(early)
    assert _acquire(late).outcome is LockOutcome.ACQUIRED
