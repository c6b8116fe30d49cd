"""Rule broken: completing a lock is conditioned on the holder token only (IFC-030 1.x), so a
retried completion completes it again (``completed_at`` moves)."""

from typing import Any

from novacat_persistence.contracts.entities import IdempotencyLock
from novacat_persistence.contracts.enums import LockState
from novacat_persistence.contracts.keys import IdempotencyLockKey
from novacat_persistence.contracts.operations import LockToken
from novacat_persistence.reference_impl.conditions import Expr, Update, equals
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_retried_executions.py::test_a_retried_task_after_success_changes_nothing[complete_lock]"
)


class Reapplied(ReferenceWrapper):
    def complete_lock(self, token: LockToken) -> Any:
        now = self._now()

        def complete(expr: Expr, update: Update) -> str:
            update.set("state", LockState.COMPLETED).set("completed_at", now)
            return equals(expr, "holder_token", token.holder_token)

        key = IdempotencyLockKey(token.idempotency_key)
        return self._update(key, IdempotencyLock, now, complete, lambda stored, _r: stored)


factory = subclass_factory(Reapplied)
