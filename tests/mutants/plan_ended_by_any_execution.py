"""Rule broken: any execution ends an IN_PROGRESS plan, not only the one that claimed it."""

from typing import Any
from uuid import UUID

from novacat_persistence.contracts.enums import RegenPlanStatus
from novacat_persistence.reference_impl.conditions import Expr, Update, equals
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_regeneration.py::test_a_plan_moves_only_along_its_lifecycle"


class AnyExecution(ReferenceWrapper):
    def complete_regen_plan(self, plan_id: UUID, status: Any, *, execution_arn: str) -> Any:
        now = self._now()

        def complete(expr: Expr, update: Update) -> str:
            update.set("status", status).set("completed_at", now)
            return equals(expr, "status", RegenPlanStatus.IN_PROGRESS)

        return self._move(plan_id, complete, lambda s: s.status is status, "not in progress")


factory = subclass_factory(AnyExecution)
