"""Rule broken: its holder's release deletes a COMPLETED lock (later executions then run the
completed work again)."""

from typing import Any

from novacat_persistence.contracts.keys import IdempotencyLockKey, build
from novacat_persistence.contracts.operations import LockToken
from novacat_persistence.reference_impl.conditions import Expr, equals
from novacat_persistence.reference_impl.gateway import ConditionRefused
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_operation_promises.py::test_completed_work_survives_its_holders_release"


class Forgetful(ReferenceWrapper):
    @operation("IdempotencyLock")
    def release_lock(self, token: LockToken) -> Any:
        expr = Expr()
        condition = equals(expr, "holder_token", token.holder_token)
        try:
            self._db.delete(
                build(IdempotencyLockKey(token.idempotency_key)), expr=expr, condition=condition
            )
        except ConditionRefused:
            return super().release_lock(token)


factory = subclass_factory(Forgetful)
