"""Rule broken: any plan is abandoned, not only a PENDING one (an IN_PROGRESS regeneration
loses its plan)."""

from typing import Any
from uuid import UUID

from novacat_persistence.contracts.enums import RegenPlanStatus
from novacat_persistence.reference_impl.conditions import Expr, Update, item_present
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_regeneration.py::test_a_plan_moves_only_along_its_lifecycle"


class AbandonsAny(ReferenceWrapper):
    def abandon_regen_plan(self, plan_id: UUID) -> Any:
        now = self._now()

        def abandon(expr: Expr, update: Update) -> str:
            update.set("status", RegenPlanStatus.ABANDONED).set("completed_at", now)
            return item_present(expr)

        return self._move(plan_id, abandon, lambda _s: True, "never refused")


factory = subclass_factory(AbandonsAny)
