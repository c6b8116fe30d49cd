"""Oracle broken: the model lets another execution claim a plan already IN_PROGRESS (the claim
is not exclusive): the later claimer takes it over."""

from uuid import UUID

from novacat_persistence.contracts.entities import RegenBatchPlan
from novacat_persistence.contracts.enums import RegenPlanStatus
from novacat_persistence.suites.model.model import Model

CAUGHT_BY = "test_regeneration.py::test_every_move_repeats_and_refusals_agree_with_the_model"


class Oracle(Model):
    def claim_regen_plan(self, plan_id: UUID, execution_arn: str) -> RegenBatchPlan:
        plan = self.get_regen_plan(plan_id)
        if plan is not None and plan.status is RegenPlanStatus.IN_PROGRESS:
            taken = plan.model_copy(update={"execution_arn": execution_arn})
            self.store.put(taken)
            return taken
        return super().claim_regen_plan(plan_id, execution_arn)
