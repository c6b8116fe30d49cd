"""The model of artifact regeneration (IFC-030 1.1.0): batch plans in ``REGEN_PLAN`` and the
counts a regeneration publishes on its novae.

A plan moves PENDING -> IN_PROGRESS (claimed by one execution, whose ARN it records) ->
COMPLETED or FAILED, or PENDING -> ABANDONED. A call finding the state it moves to already
stored by the same execution (any caller, for an abandon) is answered with the stored plan;
any other move from another state is an InvalidTransitionError carrying the plan. Readings
where the interface is silent: a PENDING plan that already names an execution may be claimed
by that execution only; the counts of a plan this execution ended are answered with the stored
nova when the nova holds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Final
from uuid import UUID

from hypothesis import strategies as st

from novacat_persistence.contracts.clock import EPOCH
from novacat_persistence.contracts.codec.items import validate_fields
from novacat_persistence.contracts.entities import Nova, RegenBatchPlan
from novacat_persistence.contracts.entities.regeneration import NovaResult
from novacat_persistence.contracts.enums import RegenPlanStatus
from novacat_persistence.contracts.errors import (
    InputValidationError,
    InvalidTransitionError,
    NotFoundError,
)
from novacat_persistence.contracts.keys import REGEN_PLAN_PK, NovaKey
from novacat_persistence.contracts.operations import NovaCounts, PlanEnding, Stored
from novacat_persistence.suites.harness.builders import regen_plan
from novacat_persistence.suites.model.calls import (
    Vocabulary,
    any_nova,
    calls_of,
    fixed_id,
    one_of,
)
from novacat_persistence.suites.model.core import ModelCore, changed

_ACTIVE: Final = frozenset({RegenPlanStatus.PENDING, RegenPlanStatus.IN_PROGRESS})
_ENDINGS: Final = frozenset({RegenPlanStatus.COMPLETED, RegenPlanStatus.FAILED})
_UNSET_AT_CREATION: Final = ("execution_arn", "completed_at", "nova_results")


class RegenerationModel(ModelCore):
    """Regeneration batch plans, and the counts they publish."""

    def _plans(self) -> list[RegenBatchPlan]:
        """Every plan, oldest first (SK order)."""
        return [p for p in self.store.partition(REGEN_PLAN_PK) if isinstance(p, RegenBatchPlan)]

    def _plan(self, plan_id: UUID) -> RegenBatchPlan:
        found = self.get_regen_plan(plan_id)
        if found is None:
            raise NotFoundError(f"no regeneration plan {plan_id}")
        return found

    def create_regen_plan(self, plan: RegenBatchPlan) -> Stored[RegenBatchPlan]:
        """A PENDING plan that records nothing yet, create-only (``created_at`` kept)."""
        if plan.status is not RegenPlanStatus.PENDING:
            raise InputValidationError(f"a plan is created PENDING, not {plan.status.value}")
        if any(getattr(plan, name) is not None for name in _UNSET_AT_CREATION):
            raise InputValidationError("a new plan records no execution, ending or results")
        return self.create_only(self.stamped_new(plan, self.now()))

    def get_regen_plan(self, plan_id: UUID) -> RegenBatchPlan | None:
        """The plan of ``plan_id``, or None."""
        return next((p for p in self._plans() if p.plan_id == plan_id), None)

    def find_active_regen_plan(self) -> RegenBatchPlan | None:
        """The newest PENDING or IN_PROGRESS plan, or None."""
        return next((p for p in reversed(self._plans()) if p.status in _ACTIVE), None)

    def abandon_regen_plan(self, plan_id: UUID) -> RegenBatchPlan:
        """PENDING -> ABANDONED; an abandoned plan is the answer."""
        now = self.now()
        stored = self._plan(plan_id)
        if stored.status is RegenPlanStatus.PENDING:
            return self._put(
                changed(stored, now, status=RegenPlanStatus.ABANDONED, completed_at=now)
            )
        if stored.status is RegenPlanStatus.ABANDONED:
            return stored
        raise InvalidTransitionError("only a PENDING plan is abandoned", existing=stored)

    def claim_regen_plan(self, plan_id: UUID, execution_arn: str) -> RegenBatchPlan:
        """PENDING -> IN_PROGRESS, claimed by ``execution_arn``; its own claim is the answer."""
        arn = _arn(execution_arn)
        now = self.now()
        stored = self._plan(plan_id)
        claimable = stored.execution_arn is None or stored.execution_arn == arn
        if stored.status is RegenPlanStatus.PENDING and claimable:
            return self._put(
                changed(stored, now, status=RegenPlanStatus.IN_PROGRESS, execution_arn=arn)
            )
        if _held_by(stored, arn):
            return stored
        raise InvalidTransitionError("only a PENDING plan is claimed, once", existing=stored)

    def record_regen_results(
        self, plan_id: UUID, results: Sequence[NovaResult], *, execution_arn: str
    ) -> RegenBatchPlan:
        """The per-nova results, once, by the claimer."""
        arn = _arn(execution_arn)
        listed = validate_fields(RegenBatchPlan, {"nova_results": list(results)})["nova_results"]
        now = self.now()
        stored = self._plan(plan_id)
        if _held_by(stored, arn) and stored.nova_results is None:
            return self._put(changed(stored, now, nova_results=listed))
        if stored.execution_arn == arn and stored.nova_results is not None:
            return stored
        raise InvalidTransitionError("only the claimer records results, once", existing=stored)

    def complete_regen_plan(
        self, plan_id: UUID, status: PlanEnding, *, execution_arn: str
    ) -> RegenBatchPlan:
        """IN_PROGRESS -> COMPLETED or FAILED, by the claimer; its own ending is the answer."""
        if status not in _ENDINGS:
            raise InputValidationError(f"a plan ends COMPLETED or FAILED, not {status}")
        arn = _arn(execution_arn)
        now = self.now()
        stored = self._plan(plan_id)
        if _held_by(stored, arn):
            return self._put(changed(stored, now, status=status, completed_at=now))
        if stored.status is status and stored.execution_arn == arn:
            return stored
        raise InvalidTransitionError("only the claimer ends the plan, once", existing=stored)

    def set_nova_counts(
        self, nova_id: UUID, counts: NovaCounts, *, plan_id: UUID, execution_arn: str
    ) -> Nova:
        """The counts on the nova, while the plan is held by this execution."""
        arn = _arn(execution_arn)
        values = validate_fields(Nova, counts.as_fields())
        plan = self._plan(plan_id)
        now = self.now()
        nova = self.store.get(NovaKey(nova_id), Nova)
        if nova is None:
            raise NotFoundError(f"nova {nova_id} does not exist")
        if _held_by(plan, arn):
            updated = changed(nova, now, **values)
            self.store.put(updated)
            return updated
        ended = plan.status in _ENDINGS and plan.execution_arn == arn
        if ended and all(getattr(nova, name) == value for name, value in values.items()):
            return nova
        raise InvalidTransitionError("the plan is not held by this execution", existing=plan)

    def _put(self, plan: RegenBatchPlan) -> RegenBatchPlan:
        self.store.put(plan)
        return plan


def _held_by(plan: RegenBatchPlan, arn: str) -> bool:
    return plan.status is RegenPlanStatus.IN_PROGRESS and plan.execution_arn == arn


def _arn(execution_arn: object) -> str:
    if not isinstance(execution_arn, str) or not execution_arn.strip():
        raise InputValidationError("execution_arn must be a non-empty text")
    return execution_arn


# --- calls ---------------------------------------------------------------------------------

ARNS: Final = tuple(
    f"arn:aws:states:us-east-1:123456789012:execution:regenerate-artifacts:{n}" for n in "ab"
)
PLANS: Final = tuple(fixed_id(f"plan-{n}") for n in range(2))


def _new_plans(v: Vocabulary, _m: object) -> st.SearchStrategy[RegenBatchPlan]:
    return st.builds(
        lambda plan, nova_id: regen_plan(
            (nova_id,), plan_id=PLANS[plan], created_at=EPOCH + timedelta(minutes=plan)
        ),
        st.integers(0, len(PLANS) - 1),
        v.nova_ids(),
    )


def _plan_ids(_v: Vocabulary, _m: object) -> st.SearchStrategy[UUID]:
    return st.sampled_from(PLANS)


def _arns(_v: Vocabulary, _m: object) -> st.SearchStrategy[str]:
    return st.sampled_from(ARNS)


def _results(v: Vocabulary, _m: object) -> st.SearchStrategy[list[NovaResult]]:
    return st.lists(
        st.builds(
            lambda nova_id, success: NovaResult(
                nova_id=str(nova_id),
                success=success,
                spectra_count=2 if success else None,
                error=None if success else "timeout",
            ),
            v.nova_ids(),
            st.booleans(),
        ),
        max_size=2,
    )


def _counts(_v: Vocabulary, _m: object) -> st.SearchStrategy[NovaCounts]:
    return st.sampled_from([NovaCounts(12, 340, 7, True, 3), NovaCounts(0, 0, 0, False, 0)])


CALLS: Final = (
    calls_of("create_regen_plan", _new_plans),
    calls_of("get_regen_plan", _plan_ids),
    calls_of("find_active_regen_plan"),
    calls_of("abandon_regen_plan", _plan_ids),
    calls_of("claim_regen_plan", _plan_ids, _arns),
    calls_of("record_regen_results", _plan_ids, _results, execution_arn=_arns),
    calls_of(
        "complete_regen_plan",
        _plan_ids,
        one_of(RegenPlanStatus.COMPLETED, RegenPlanStatus.FAILED),
        execution_arn=_arns,
    ),
    calls_of("set_nova_counts", any_nova, _counts, plan_id=_plan_ids, execution_arn=_arns),
)
"""How the state machine calls this area's operations."""
