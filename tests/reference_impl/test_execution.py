"""Rule 7: job runs, attempts, idempotency locks and step dedupe."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from novacat_persistence.contracts.entities import Attempt, JobRun
from novacat_persistence.contracts.enums import JobRunStatus, LockState, StepKind
from novacat_persistence.contracts.errors import (
    AlreadyExistsError,
    InvalidTransitionError,
    LockHeldError,
    LockLostError,
)
from novacat_persistence.contracts.keys import key_of
from novacat_persistence.contracts.operations import LockOutcome
from novacat_persistence.reference_impl import ReferenceWrapper

from .conftest import T0, TickingClock, race

KEY = "initialize_nova:v1500 cyg:1.0.0:2025-03-01T12"


def run(nova_id: object, **fields: object) -> JobRun:
    return JobRun(
        job_run_id=fields.pop("job_run_id", uuid4()),
        workflow_name="initialize_nova",
        nova_id=nova_id,
        correlation_id="corr-1",
        started_at=fields.pop("started_at", T0),
        **fields,
    )


def test_same_job_run_id_never_makes_a_second_item(wrapper: ReferenceWrapper) -> None:
    nova_id = uuid4()
    first = wrapper.begin_job_run(run(nova_id))
    for retried in (first, first.model_copy(update={"started_at": T0 + timedelta(seconds=5)})):
        assert wrapper.begin_job_run(retried) == first, "the same execution's begin: a replay"
    other = first.model_copy(update={"workflow_name": "ingest_photometry"})
    with pytest.raises(AlreadyExistsError) as caught:
        wrapper.begin_job_run(other)
    assert caught.value.existing == first
    assert wrapper.list_job_runs(correlation_id=first.correlation_id) == [first]
    assert wrapper.list_job_runs(nova_id=nova_id) == []  # filed by correlation id, not nova


def test_finalize_only_from_running(wrapper: ReferenceWrapper) -> None:
    begun = wrapper.begin_job_run(run(uuid4()))
    key = key_of(begun)
    done = wrapper.finalize_job_run(key, JobRunStatus.SUCCEEDED)
    assert done.status is JobRunStatus.SUCCEEDED and done.ended_at is not None
    with pytest.raises(InvalidTransitionError) as caught:
        wrapper.finalize_job_run(key, JobRunStatus.FAILED, error_classification="TERMINAL")
    assert caught.value.existing == done
    assert wrapper.finalize_job_run(key, JobRunStatus.SUCCEEDED) == done, "its retry: a replay"
    assert wrapper.get_job_run(key) == done


def test_attempts_are_recorded_per_invocation(wrapper: ReferenceWrapper) -> None:
    nova_id, run_id = uuid4(), uuid4()
    attempts = [
        Attempt(
            nova_id=nova_id,
            job_run_id=run_id,
            correlation_id="corr-1",
            task_name="AcquireArtifact",
            attempt_number=n,
            status="FAILED" if n == 1 else "SUCCEEDED",
            created_at=T0 + timedelta(seconds=n),
        )
        for n in (1, 2)
    ]
    assert all(wrapper.record_attempt(a).created for a in attempts)
    assert not wrapper.record_attempt(attempts[0]).created
    assert [a.attempt_number for a in wrapper.list_attempts(nova_id, run_id)] == [1, 2]


def acquire(wrapper: ReferenceWrapper, run_id: object = None) -> object:
    return wrapper.acquire_lock(
        KEY, job_run_id=run_id or uuid4(), workflow_name="initialize_nova", primary_id="v1500 cyg"
    )


def test_one_winner_of_a_lock_race(wrapper: ReferenceWrapper) -> None:
    results = race(16, lambda _i: acquire(wrapper))
    winners = [r for r in results if not isinstance(r, Exception)]
    assert len(winners) == 1
    assert all(isinstance(r, LockHeldError) and r.retryable for r in results if r not in winners)


def test_expired_lock_is_taken_over_and_the_stale_holder_changes_nothing(
    wrapper: ReferenceWrapper, clock: TickingClock
) -> None:
    first = acquire(wrapper)
    assert first.outcome is LockOutcome.ACQUIRED and first.token is not None
    clock.advance(timedelta(minutes=16))
    second = acquire(wrapper)
    assert second.outcome is LockOutcome.ACQUIRED and second.token is not None
    for stale in (wrapper.release_lock, wrapper.complete_lock):
        with pytest.raises(LockLostError):
            stale(first.token)
    completed = wrapper.complete_lock(second.token)
    assert completed.state is LockState.COMPLETED
    assert completed.holder_token == second.token.holder_token
    assert acquire(wrapper).outcome is LockOutcome.ALREADY_COMPLETED


def test_release_frees_the_lock_for_the_next_execution(wrapper: ReferenceWrapper) -> None:
    first = acquire(wrapper)
    with pytest.raises(LockHeldError):
        acquire(wrapper)
    wrapper.release_lock(first.token)
    assert acquire(wrapper).outcome is LockOutcome.ACQUIRED


@pytest.mark.parametrize("kind", list(StepKind))
def test_step_dedupe_runs_each_step_once(wrapper: ReferenceWrapper, kind: StepKind) -> None:
    results = race(
        8, lambda i: wrapper.record_step(kind, "dedupe-1", job_run_id=uuid4(), result={"i": i})
    )
    assert sum(r.created for r in results) == 1
    assert len({r.item.job_run_id for r in results}) == 1
    assert len({str(r.item.result) for r in results}) == 1
