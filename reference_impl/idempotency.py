"""Workflow idempotency locks and step dedupe markers (INV-012).

A lock is taken by a conditional put: the item is absent, or it is HELD and its recorded
expiry (``ttl``, epoch seconds) has passed though the item still exists (TTL deletes lazily).
Each acquisition writes a fresh ``holder_token``; release and completion are conditioned on
it, so a holder whose lock was taken over changes nothing (LockLostError).
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import DocumentValue, IdempotencyLock, StepDedupe
from novacat_persistence.contracts.enums import LockState, StepKind
from novacat_persistence.contracts.errors import (
    LockHeldError,
    LockLostError,
    NotFoundError,
    TransactionConflictError,
)
from novacat_persistence.contracts.keys import IdempotencyLockKey, build
from novacat_persistence.contracts.operations import (
    LOCK_TTL,
    LockAcquisition,
    LockOutcome,
    LockToken,
    Stored,
)
from novacat_persistence.reference_impl.conditions import (
    Expr,
    Update,
    all_of,
    any_of,
    attribute_absent,
    equals,
    item_absent,
    version_guard,
)
from novacat_persistence.reference_impl.core import MAX_ROUNDS, Core, any_existing, validated
from novacat_persistence.reference_impl.gateway import ConditionRefused
from novacat_persistence.reference_impl.logs import operation


def _token(lock: IdempotencyLock) -> LockToken:
    assert lock.holder_token is not None
    return LockToken(
        lock.idempotency_key,
        lock.holder_token,
        lock.job_run_id,
        datetime.fromtimestamp(lock.ttl, UTC),
    )


class IdempotencyOps(Core):
    """IFC-030 lock and step dedupe operations."""

    @operation("IdempotencyLock")
    def acquire_lock(
        self,
        idempotency_key: str,
        *,
        job_run_id: UUID,
        workflow_name: str,
        primary_id: str,
    ) -> LockAcquisition:
        """See :meth:`PersistenceWrapper.acquire_lock`. The same job run asking again while
        it holds the lock (a re-sent or retried acquisition) gets its own token back."""
        now = self._now()
        lock = validated(
            IdempotencyLock,
            {
                "idempotency_key": idempotency_key,
                "job_run_id": job_run_id,
                "workflow_name": workflow_name,
                "primary_id": primary_id,
                "acquired_at": now,
                "ttl": int((now + LOCK_TTL).timestamp()),
                "holder_token": uuid4(),
                "created_at": now,
                "updated_at": now,
            },
        )
        item = encode(lock)
        for _round in range(MAX_ROUNDS):
            expr = Expr()
            held = all_of(
                version_guard(expr, IdempotencyLock.ENTITY_TYPE),
                # a lock Nova Cat's guard stored has no state: it is held (as its era reads it)
                any_of(equals(expr, "state", LockState.HELD), attribute_absent(expr, "state")),
            )
            expired = all_of(held, f"{expr.n('ttl')} <= {expr.v(int(now.timestamp()))}")
            # the guard's lock of this very run has no token to give back: it takes one
            own_untokened = all_of(
                held,
                equals(expr, "job_run_id", job_run_id),
                attribute_absent(expr, "holder_token"),
            )
            condition = any_of(item_absent(expr), expired, own_untokened)
            try:
                self._db.put(item, expr=expr, condition=condition)
            except ConditionRefused as refusal:
                assert refusal.old is not None  # refused only by a stored lock
                if self._carry_forward(refusal.old, IdempotencyLock.ENTITY_TYPE):
                    continue
                return _held_or_completed(self._as(IdempotencyLock, refusal.old), job_run_id)
            return LockAcquisition(LockOutcome.ACQUIRED, lock, _token(lock))
        raise TransactionConflictError("the lock kept changing under the acquisition")

    @operation("IdempotencyLock")
    def release_lock(self, token: LockToken) -> None:
        """See :meth:`PersistenceWrapper.release_lock`. Releasing a lock that is gone, or
        that this token completed, changes nothing and succeeds."""
        expr = Expr()
        condition = all_of(
            equals(expr, "holder_token", token.holder_token),
            equals(expr, "state", LockState.HELD),
        )
        key = build(IdempotencyLockKey(token.idempotency_key))
        try:
            self._db.delete(key, expr=expr, condition=condition)
        except ConditionRefused as refusal:
            if refusal.old is None:
                return
            stored = self._as(IdempotencyLock, refusal.old)
            if stored.holder_token != token.holder_token:
                raise _lost(stored) from None

    @operation("IdempotencyLock")
    def complete_lock(self, token: LockToken) -> IdempotencyLock:
        """See :meth:`PersistenceWrapper.complete_lock` (conditioned on the holder token and
        on the lock being HELD: a completion this token already made answers with the stored
        lock, unchanged)."""
        now = self._now()

        def complete(expr: Expr, update: Update) -> str:
            update.set("state", LockState.COMPLETED).set("completed_at", now)
            return all_of(
                equals(expr, "holder_token", token.holder_token),
                equals(expr, "state", LockState.HELD),
            )

        def decide(stored: IdempotencyLock, _retried: bool) -> IdempotencyLock:
            if stored.holder_token == token.holder_token:
                return stored  # refused by its state: this token completed the work already
            raise _lost(stored)

        try:
            return self._update(
                IdempotencyLockKey(token.idempotency_key), IdempotencyLock, now, complete, decide
            )
        except NotFoundError:
            raise _lost(None) from None

    @operation("StepDedupe")
    def record_step(
        self,
        step_kind: StepKind,
        dedupe_key: str,
        *,
        job_run_id: UUID,
        result: dict[str, DocumentValue] | None = None,
    ) -> Stored[StepDedupe]:
        """See :meth:`PersistenceWrapper.record_step` (create-only; the first execution's
        marker, with its result, answers every later one)."""
        now = self._now()
        marker = validated(
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
        return self._create(marker, replay=any_existing)


def _held_or_completed(stored: IdempotencyLock, job_run_id: UUID) -> LockAcquisition:
    if stored.state is LockState.COMPLETED:
        return LockAcquisition(LockOutcome.ALREADY_COMPLETED, stored, None)
    if stored.job_run_id == job_run_id and stored.holder_token is not None:
        return LockAcquisition(LockOutcome.ACQUIRED, stored, _token(stored))
    raise LockHeldError(
        f"the lock is held by job run {stored.job_run_id} until "
        f"{datetime.fromtimestamp(stored.ttl, UTC).isoformat()}",
        holder={
            "job_run_id": str(stored.job_run_id),
            "workflow_name": stored.workflow_name,
            "acquired_at": stored.acquired_at.isoformat(),
            "expires_at": datetime.fromtimestamp(stored.ttl, UTC).isoformat(),
        },
    )


def _lost(stored: IdempotencyLock | None) -> LockLostError:
    return LockLostError(
        "this token no longer holds the lock (taken over after expiry, or gone); "
        "nothing was changed",
        existing=stored,
        hint="stop this execution's side effects",
    )
