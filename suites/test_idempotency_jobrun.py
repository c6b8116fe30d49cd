"""Suite 4, idempotency and JobRun: lock acquisition, a held lock, takeover after expiry while
the item still exists (the clock is injected), token-fenced release and completion (a stale
holder is refused and changes nothing), JobRun double begin and double finalize, step dedupe."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest

from novacat_persistence.contracts.clock import ManualClock
from novacat_persistence.contracts.enums import JobRunStatus, LockState, StepKind
from novacat_persistence.contracts.errors import (
    AlreadyExistsError,
    InvalidTransitionError,
    LockHeldError,
    LockLostError,
    NotFoundError,
)
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.operations import LOCK_TTL, LockOutcome
from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.contracts.types import format_utc
from novacat_persistence.suites.harness.builders import new_job_run, run_key

WORKFLOW = "initialize_nova"


def _key() -> str:
    return f"{WORKFLOW}:{uuid4()}:1.0.0:2025-03-01T12"


def _acquire(wrapper: PersistenceWrapper, key: str, job_run_id: Any = None) -> Any:
    return wrapper.acquire_lock(
        key, job_run_id=job_run_id or uuid4(), workflow_name=WORKFLOW, primary_id="p"
    )


def _lock_item(raw: RawView, key: str) -> Any:
    return raw.get(f"IDEMPOTENCY#{key}", "LOCK")


def test_a_held_lock_refuses_another_execution(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """A held lock refuses another execution with a RETRYABLE LockHeldError and changes nothing."""
    key = _key()
    first = _acquire(wrapper, key)
    assert first.outcome is LockOutcome.ACQUIRED and first.token is not None
    stored = _lock_item(raw, key)
    with pytest.raises(LockHeldError) as refused:
        _acquire(wrapper, key)
    assert refused.value.retryable
    assert _lock_item(raw, key) == stored, "a refused acquisition changes nothing"


def test_an_expired_lock_is_taken_over_while_its_item_still_exists(
    wrapper: PersistenceWrapper, raw: RawView, clock: ManualClock
) -> None:
    """A lock past its recorded expiry is taken over although its item still exists; before expiry
    it is held."""
    key = _key()
    first = _acquire(wrapper, key)
    clock.advance(LOCK_TTL - timedelta(seconds=5))
    with pytest.raises(LockHeldError):
        _acquire(wrapper, key)
    clock.advance(timedelta(seconds=10))
    assert _lock_item(raw, key) is not None, "TTL deletes lazily: the expired item is still there"
    second = _acquire(wrapper, key)
    assert second.outcome is LockOutcome.ACQUIRED and second.token is not None
    assert second.token.holder_token != first.token.holder_token
    assert second.lock.job_run_id != first.lock.job_run_id


def _guard_lock(raw: RawView, key: str, job_run_id: Any, expires: datetime) -> None:
    """Store a lock as Nova Cat's idempotency guard writes it: stamped ``"1"``, no state, no
    holder token, no ``created_at``/``updated_at``."""
    raw.put(
        {
            "PK": {"S": f"IDEMPOTENCY#{key}"},
            "SK": {"S": "LOCK"},
            "entity_type": {"S": "IdempotencyLock"},
            "schema_version": {"S": "1"},
            "idempotency_key": {"S": key},
            "job_run_id": {"S": str(job_run_id)},
            "workflow_name": {"S": WORKFLOW},
            "primary_id": {"S": "p"},
            "acquired_at": {"S": format_utc(expires - timedelta(minutes=15))},
            "ttl": {"N": str(int(expires.timestamp()))},
        }
    )


def test_a_lock_nova_cat_s_guard_stored_is_held_until_its_expiry(
    wrapper: PersistenceWrapper, raw: RawView, clock: ManualClock
) -> None:
    """A lock stored by Nova Cat's guard (no state, no holder token) is held like any lock:
    refused to another execution until its recorded expiry (nothing changed), taken over after
    it; the guard's own job run asking again gets a token of its own (the lock it holds, now
    fenced like every lock the wrapper writes)."""
    now = clock.peek()
    live, expired = _key(), _key()
    guard_run = uuid4()
    _guard_lock(raw, live, guard_run, now + timedelta(minutes=10))
    _guard_lock(raw, expired, guard_run, now - timedelta(seconds=1))
    stored = _lock_item(raw, live)
    with pytest.raises(LockHeldError):
        _acquire(wrapper, live)
    assert _lock_item(raw, live) == stored, "a refused acquisition changes nothing"

    taken = _acquire(wrapper, expired)
    assert taken.outcome is LockOutcome.ACQUIRED and taken.token is not None
    assert taken.lock.job_run_id != guard_run
    assert _lock_item(raw, expired)["holder_token"] == {"S": str(taken.token.holder_token)}

    own = _acquire(wrapper, live, guard_run)
    assert own.outcome is LockOutcome.ACQUIRED and own.token is not None
    assert _acquire(wrapper, live, guard_run).token == own.token, "asked again: the same token"
    assert wrapper.complete_lock(own.token).state is LockState.COMPLETED


def test_a_stale_holder_can_neither_release_nor_complete(
    wrapper: PersistenceWrapper, raw: RawView, clock: ManualClock
) -> None:
    """After a takeover, the old token's release and completion raise LockLostError and change
    nothing."""
    key = _key()
    stale = _acquire(wrapper, key).token
    clock.advance(LOCK_TTL + timedelta(seconds=1))
    fresh = _acquire(wrapper, key).token
    held = _lock_item(raw, key)
    with pytest.raises(LockLostError):
        wrapper.release_lock(stale)
    assert _lock_item(raw, key) == held, "a stale release deleted the new holder's lock"
    with pytest.raises(LockLostError):
        wrapper.complete_lock(stale)
    assert _lock_item(raw, key) == held, "a stale completion changed the new holder's lock"
    wrapper.complete_lock(fresh)


def test_completed_work_ends_later_executions_as_duplicates(
    wrapper: PersistenceWrapper, clock: ManualClock
) -> None:
    """Completed work answers later acquisitions ALREADY_COMPLETED, without a token, even after
    the lock's expiry."""
    key = _key()
    token = _acquire(wrapper, key).token
    completed = wrapper.complete_lock(token)
    assert completed.state.value == "COMPLETED"
    later = _acquire(wrapper, key)
    assert later.outcome is LockOutcome.ALREADY_COMPLETED and later.token is None
    clock.advance(LOCK_TTL + timedelta(minutes=1))
    assert _acquire(wrapper, key).outcome is LockOutcome.ALREADY_COMPLETED


def test_release_frees_the_lock(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """Releasing deletes the lock; the key can be acquired again."""
    key = _key()
    wrapper.release_lock(_acquire(wrapper, key).token)
    assert _lock_item(raw, key) is None
    assert _acquire(wrapper, key).outcome is LockOutcome.ACQUIRED


def _jobruns(raw: RawView, run: Any) -> list[Any]:
    """Every JobRun item of the run's id, wherever it is filed."""
    return [
        i
        for i in raw.scan()
        if i["SK"]["S"].startswith("JOBRUN#")
        and i.get("job_run_id", {}).get("S") == str(run.job_run_id)
    ]


def test_a_job_run_begins_once(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """One JobRun item per job_run_id: the same execution's begin again (a retried task, even
    with another start time) answers with the stored run; another workflow's begin of the id
    raises AlreadyExistsError."""
    run = new_job_run()
    first = wrapper.begin_job_run(run)
    assert wrapper.begin_job_run(run) == first
    later = run.model_copy(update={"started_at": run.started_at + timedelta(seconds=3)})
    assert wrapper.begin_job_run(later).started_at == run.started_at, "the first start stays"
    other = later.model_copy(update={"workflow_name": "ingest_photometry"})
    with pytest.raises(AlreadyExistsError) as refused:
        wrapper.begin_job_run(other)
    assert refused.value.existing == first
    assert len(_jobruns(raw, run)) == 1, "one JobRun item per job_run_id"


def test_a_job_run_is_finalized_once(wrapper: PersistenceWrapper) -> None:
    """A second finalize raises InvalidTransitionError and the first outcome stays."""
    run = new_job_run()
    wrapper.begin_job_run(run)
    done = wrapper.finalize_job_run(run_key(run), JobRunStatus.SUCCEEDED)
    assert done.status is JobRunStatus.SUCCEEDED and done.ended_at is not None
    with pytest.raises(InvalidTransitionError):
        wrapper.finalize_job_run(run_key(run), JobRunStatus.FAILED)
    stored = wrapper.get_job_run(run_key(run))
    assert stored is not None and stored.status is JobRunStatus.SUCCEEDED
    assert stored.ended_at == done.ended_at, "the first outcome stays"


def test_finalizing_a_missing_run_is_not_found(wrapper: PersistenceWrapper) -> None:
    """Finalizing a run that does not exist raises NotFoundError."""
    with pytest.raises(NotFoundError):
        wrapper.finalize_job_run(run_key(new_job_run()), JobRunStatus.SUCCEEDED)


def test_a_step_runs_once_and_answers_with_its_first_result(wrapper: PersistenceWrapper) -> None:
    """A step marker is created once; later executions get created=False and the first result."""
    dedupe = f"acquire:{uuid4()}"
    first = wrapper.record_step(StepKind.ACQUISITION, dedupe, job_run_id=uuid4(), result={"n": 1})
    again = wrapper.record_step(StepKind.ACQUISITION, dedupe, job_run_id=uuid4(), result={"n": 2})
    assert first.created and not again.created
    assert again.item.result == {"n": 1}
