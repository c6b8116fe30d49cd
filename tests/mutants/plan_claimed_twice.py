"""Rule broken: a plan is claimed whatever its state (no PENDING condition): two coordinators
claiming one plan both win."""

from typing import Any
from uuid import UUID

from novacat_persistence.contracts.enums import RegenPlanStatus
from novacat_persistence.reference_impl.conditions import Expr, Update, item_present
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_races.py::test_one_coordinator_claims_a_plan"


class ClaimedTwice(ReferenceWrapper):
    def claim_regen_plan(self, plan_id: UUID, execution_arn: str) -> Any:
        def claim(expr: Expr, update: Update) -> str:
            update.set("status", RegenPlanStatus.IN_PROGRESS).set("execution_arn", execution_arn)
            return item_present(expr)

        return self._move(plan_id, claim, lambda _s: True, "never refused")


factory = subclass_factory(ClaimedTwice)
