"""The model of idempotency: workflow locks (a fresh holder token per acquisition, recorded
expiry in epoch seconds, takeover from that instant on, token-fenced release and completion)
and step dedupe markers (the first execution's marker answers every later one).

Readings where the interface is silent: the execution that holds a live lock asking again
gets its own token back (ACQUIRED, nothing written); releasing a lock that is gone, or that
the token completed, changes nothing and succeeds; a completed lock answers
ALREADY_COMPLETED, expired or not. Completing again with the holder's token (a retried task,
IFC-030 2.0.0) changes nothing: the first completion instant stays.
"""

from __future__ import annotations

from typing import Final
from uuid import UUID

from hypothesis import strategies as st

from novacat_persistence.contracts.entities import DocumentValue, IdempotencyLock, StepDedupe
from novacat_persistence.contracts.enums import LockState, StepKind
from novacat_persistence.contracts.errors import LockHeldError, LockLostError
from novacat_persistence.contracts.keys import IdempotencyLockKey
from novacat_persistence.contracts.operations import (
    LockAcquisition,
    LockOutcome,
    LockToken,
    Stored,
)
from novacat_persistence.suites.model.calls import (
    Vocabulary,
    any_job_run,
    any_text,
    calls_of,
    fixed_id,
    one_of,
    one_of_stored,
)
from novacat_persistence.suites.model.core import ModelCore, built, changed
from novacat_persistence.suites.model.time_rules import instant_of, lock_expired, lock_ttl


def token_of(lock: IdempotencyLock) -> LockToken:
    """The token of a lock's holder."""
    assert lock.holder_token is not None
    return LockToken(lock.idempotency_key, lock.holder_token, lock.job_run_id, instant_of(lock.ttl))


class IdempotencyModel(ModelCore):
    """Locks and step markers."""

    def _lock(self, idempotency_key: str) -> IdempotencyLock | None:
        return self.store.get(IdempotencyLockKey(idempotency_key), IdempotencyLock)

    def acquire_lock(
        self,
        idempotency_key: str,
        *,
        job_run_id: UUID,
        workflow_name: str,
        primary_id: str,
    ) -> LockAcquisition:
        """Create the lock, or take over an expired HELD one; else report it."""
        now = self.now()
        fields = {
            "idempotency_key": idempotency_key,
            "job_run_id": job_run_id,
            "workflow_name": workflow_name,
            "primary_id": primary_id,
            "acquired_at": now,
            "ttl": lock_ttl(now),
            "created_at": now,
            "updated_at": now,
        }
        built(IdempotencyLock, fields)
        stored = self._lock(idempotency_key)
        if stored is None or (stored.state is LockState.HELD and lock_expired(stored.ttl, now)):
            lock = built(IdempotencyLock, {**fields, "holder_token": self.mint_token()})
            self.store.put(lock)
            return LockAcquisition(LockOutcome.ACQUIRED, lock, token_of(lock))
        if stored.state is LockState.COMPLETED:
            return LockAcquisition(LockOutcome.ALREADY_COMPLETED, stored, None)
        if stored.job_run_id == job_run_id and stored.holder_token is not None:
            return LockAcquisition(LockOutcome.ACQUIRED, stored, token_of(stored))
        raise LockHeldError("another execution holds the lock")

    def release_lock(self, token: LockToken) -> None:
        """Delete the lock while the token holds it."""
        stored = self._lock(token.idempotency_key)
        if stored is None:
            return
        if stored.holder_token != token.holder_token:
            raise LockLostError("the lock was taken over", existing=stored)
        if stored.state is LockState.HELD:
            self.store.delete(IdempotencyLockKey(token.idempotency_key))

    def complete_lock(self, token: LockToken) -> IdempotencyLock:
        """Mark the work COMPLETED while the token holds the lock; a completion this token
        made already is the answer, unchanged."""
        now = self.now()
        stored = self._lock(token.idempotency_key)
        if stored is None or stored.holder_token != token.holder_token:
            raise LockLostError("the token does not hold the lock", existing=stored)
        if stored.state is LockState.COMPLETED:
            return stored
        updated = changed(stored, now, state=LockState.COMPLETED, completed_at=now)
        self.store.put(updated)
        return updated

    def record_step(
        self,
        step_kind: StepKind,
        dedupe_key: str,
        *,
        job_run_id: UUID,
        result: dict[str, DocumentValue] | None = None,
    ) -> Stored[StepDedupe]:
        """The step's marker, create-only: the first execution's answers every later one."""
        now = self.now()
        marker = built(
            StepDedupe,
            {
                "dedupe_key": dedupe_key,
                "step_kind": step_kind,
                "job_run_id": job_run_id,
                "result": result or {},
                "created_at": now,
                "updated_at": now,
            },
        )
        return self.create_if_missing(marker)


# --- calls ---------------------------------------------------------------------------------


def _tokens(v: Vocabulary, m: IdempotencyModel) -> st.SearchStrategy[LockToken]:
    held = [
        token_of(e)
        for e in m.store.entities().values()
        if isinstance(e, IdempotencyLock) and e.holder_token is not None
    ]
    stale = st.builds(
        lambda key, run: LockToken(key, fixed_id(f"stale-{key}"), run, instant_of(0)),
        st.sampled_from(v.lock_keys),
        st.sampled_from(v.job_runs),
    )
    return one_of_stored(held, stale)


def _lock_key(v: Vocabulary, _m: object) -> st.SearchStrategy[str]:
    return st.sampled_from(v.lock_keys)


def _step_key(v: Vocabulary, _m: object) -> st.SearchStrategy[str]:
    return st.sampled_from(v.step_keys)


def _workflow(v: Vocabulary, _m: object) -> st.SearchStrategy[str]:
    return st.sampled_from(v.workflows)


def _result(v: Vocabulary, _m: object) -> st.SearchStrategy[dict[str, DocumentValue] | None]:
    return st.none() | v.texts().map(lambda made: {"made": made})


CALLS: Final = (
    calls_of(
        "acquire_lock",
        _lock_key,
        job_run_id=any_job_run,
        workflow_name=_workflow,
        primary_id=any_text,
    ),
    calls_of("release_lock", _tokens, stateful=True),
    calls_of("complete_lock", _tokens, stateful=True),
    calls_of(
        "record_step",
        one_of(StepKind.LINK, StepKind.ACQUISITION),
        _step_key,
        job_run_id=any_job_run,
        result=_result,
    ),
)
"""How the state machine calls this area's operations."""
