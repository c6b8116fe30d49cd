"""The model of artifact regeneration: batch plans in ``REGEN_PLAN`` (stored at
``<created_at>#<plan_id>``, ``created_at`` kept as given), their one lifecycle PENDING ->
IN_PROGRESS (claimed by one execution, recorded) -> COMPLETED or FAILED, or PENDING ->
ABANDONED, and the counts a regeneration publishes on a nova while its execution holds the
plan.

Every move applies once: a repeat by the execution that made it (any caller, for an abandon)
is answered with the stored plan and writes nothing; anyone else is refused with the stored
plan.

Readings where the interface is silent: an execution ARN is a non-empty text (else
InputValidationError, before anything is read); of several plans, the newest is the last in SK
order (the latest ``created_at``, then the greatest id); counts an execution set are found
again (the same values on the nova) once its plan is COMPLETED or FAILED, and set again
(``updated_at`` stamped) while it still holds the plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any, Final
from uuid import UUID

from hypothesis import strategies as st

from novacat_persistence.contracts.clock import EPOCH
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
    MARKER,
    Vocabulary,
    calls_of,
    fixed_id,
    one_of,
    one_of_stored,
)
from novacat_persistence.suites.model.core import ModelCore, changed, checked, member
from novacat_persistence.suites.model.novae import A_NOVA
from novacat_persistence.suites.model.time_rules import epoch_seconds

_ACTIVE: Final = frozenset({RegenPlanStatus.PENDING, RegenPlanStatus.IN_PROGRESS})
_ENDINGS: Final = frozenset({RegenPlanStatus.COMPLETED, RegenPlanStatus.FAILED})
_A_PLAN: Final = {"plan_id": UUID(int=0), "ttl": 0}
"""The required fields of some plan: what values a plan is to hold are validated in."""


def _arn(execution_arn: str) -> str:
    if not isinstance(execution_arn, str) or not execution_arn.strip():
        raise InputValidationError("an execution ARN is a non-empty text")
    return execution_arn


def _held_by(plan: RegenBatchPlan, arn: str) -> bool:
    return plan.status is RegenPlanStatus.IN_PROGRESS and plan.execution_arn == arn


class RegenerationModel(ModelCore):
    """Regeneration batch plans and the counts they publish."""

    def _plans(self) -> list[RegenBatchPlan]:
        found = self.store.partition(REGEN_PLAN_PK)
        return [p for p in found if isinstance(p, RegenBatchPlan)]

    def _plan(self, plan_id: UUID) -> RegenBatchPlan:
        plan = self.get_regen_plan(plan_id)
        if plan is None:
            raise NotFoundError(f"no regeneration plan {plan_id}", existing=None)
        return plan

    def _moved(self, plan: RegenBatchPlan, **fields: Any) -> RegenBatchPlan:
        moved = changed(plan, self.now(), **fields)
        self.store.put(moved)
        return moved

    def create_regen_plan(self, plan: RegenBatchPlan) -> Stored[RegenBatchPlan]:
        """A PENDING, unbound plan, create-only (``created_at`` kept: it is in the key)."""
        if plan.status is not RegenPlanStatus.PENDING:
            raise InputValidationError("a plan is created PENDING")
        if (plan.execution_arn, plan.completed_at, plan.nova_results) != (None, None, None):
            raise InputValidationError("a new plan records no execution, end or results")
        return self.create_only(self.stamped_new(plan, self.now()))

    def get_regen_plan(self, plan_id: UUID) -> RegenBatchPlan | None:
        """The plan of ``plan_id``, or None."""
        return next((p for p in self._plans() if p.plan_id == plan_id), None)

    def find_active_regen_plan(self) -> RegenBatchPlan | None:
        """The newest PENDING or IN_PROGRESS plan, or None."""
        return next((p for p in reversed(self._plans()) if p.status in _ACTIVE), None)

    def abandon_regen_plan(self, plan_id: UUID) -> RegenBatchPlan:
        """PENDING -> ABANDONED, once."""
        now = self.now()
        plan = self._plan(plan_id)
        if plan.status is RegenPlanStatus.ABANDONED:
            return plan
        if plan.status is not RegenPlanStatus.PENDING:
            raise InvalidTransitionError("only a PENDING plan is abandoned", existing=plan)
        return self._moved(plan, status=RegenPlanStatus.ABANDONED, completed_at=now)

    def claim_regen_plan(self, plan_id: UUID, execution_arn: str) -> RegenBatchPlan:
        """PENDING -> IN_PROGRESS, bound to one execution."""
        arn = _arn(execution_arn)
        plan = self._plan(plan_id)
        if _held_by(plan, arn):
            return plan
        if plan.status is RegenPlanStatus.PENDING and plan.execution_arn in (None, arn):
            return self._moved(plan, status=RegenPlanStatus.IN_PROGRESS, execution_arn=arn)
        raise InvalidTransitionError("another execution claimed the plan", existing=plan)

    def record_regen_results(
        self, plan_id: UUID, results: Sequence[NovaResult], *, execution_arn: str
    ) -> RegenBatchPlan:
        """The first results of the holding execution stay."""
        arn = _arn(execution_arn)
        listed = checked(RegenBatchPlan, _A_PLAN, {"nova_results": list(results)})
        plan = self._plan(plan_id)
        if plan.execution_arn == arn and plan.nova_results is not None:
            return plan
        if _held_by(plan, arn):
            return self._moved(plan, **listed)
        raise InvalidTransitionError("the plan is not held by this execution", existing=plan)

    def complete_regen_plan(
        self, plan_id: UUID, status: PlanEnding, *, execution_arn: str
    ) -> RegenBatchPlan:
        """IN_PROGRESS -> COMPLETED or FAILED, by the holding execution, once."""
        ending = member(RegenPlanStatus, status)
        if ending not in _ENDINGS:
            raise InputValidationError("a plan ends COMPLETED or FAILED")
        arn = _arn(execution_arn)
        now = self.now()
        plan = self._plan(plan_id)
        if _held_by(plan, arn):
            return self._moved(plan, status=ending, completed_at=now)
        if plan.status is ending and plan.execution_arn == arn:
            return plan
        raise InvalidTransitionError("the plan is not held by this execution", existing=plan)

    def set_nova_counts(
        self, nova_id: UUID, counts: NovaCounts, *, plan_id: UUID, execution_arn: str
    ) -> Nova:
        """The counts on the nova, while this execution holds the plan."""
        values = checked(Nova, A_NOVA, counts.as_fields())
        arn = _arn(execution_arn)
        now = self.now()
        plan = self._plan(plan_id)
        nova = self.store.get(NovaKey(nova_id), Nova)
        if nova is None:
            raise NotFoundError(f"nova {nova_id} does not exist", existing=None)
        if _held_by(plan, arn):
            counted = changed(nova, now, **values)
            self.store.put(counted)
            return counted
        ended_here = plan.status in _ENDINGS and plan.execution_arn == arn
        if ended_here and all(getattr(nova, k) == v for k, v in values.items()):
            return nova
        raise InvalidTransitionError("the plan is not held by this execution", existing=plan)


# --- calls ---------------------------------------------------------------------------------

_PLANS: Final = (
    (fixed_id("plan-0"), EPOCH),
    (fixed_id("plan-1"), EPOCH + timedelta(hours=6)),
    (fixed_id("plan-2"), EPOCH + timedelta(hours=6)),
)
"""Plan ids, each with its one creation instant (two plans share an instant: the id orders
them)."""

_EXECUTIONS: Final = tuple(
    f"arn:aws:states:us-east-1:123456789012:execution:regenerate-artifacts:{MARKER}-{n}"
    for n in range(2)
)


def _plan_ids(_v: Vocabulary, m: RegenerationModel) -> st.SearchStrategy[UUID]:
    stored = [plan.plan_id for plan in m._plans()]
    return one_of_stored(stored, st.sampled_from([plan_id for plan_id, _at in _PLANS]))


def _counted_novae(v: Vocabulary, m: RegenerationModel) -> st.SearchStrategy[UUID]:
    stored = [e.nova_id for e in m.store.entities().values() if isinstance(e, Nova)]
    return one_of_stored(stored, v.nova_ids())


def _executions(_v: Vocabulary, _m: object) -> st.SearchStrategy[str]:
    return st.sampled_from(_EXECUTIONS)


def _plans(v: Vocabulary, _m: object) -> st.SearchStrategy[RegenBatchPlan]:
    def make(plan: tuple[UUID, Any], novae: list[UUID], unbound: bool) -> RegenBatchPlan:
        plan_id, created_at = plan
        return regen_plan(
            tuple(novae),
            plan_id=plan_id,
            execution_arn=None if unbound else _EXECUTIONS[0],
            ttl=epoch_seconds(created_at + timedelta(days=7)),
            created_at=created_at,
            updated_at=created_at,
        )

    return st.builds(
        make,
        st.sampled_from(_PLANS),
        st.lists(v.nova_ids(), min_size=1, max_size=2, unique=True),
        st.sampled_from([True] * 7 + [False]),
    )


def _results(v: Vocabulary, _m: object) -> st.SearchStrategy[list[NovaResult]]:
    def make(nova_id: UUID, success: bool) -> NovaResult:
        if success:
            return NovaResult(nova_id=str(nova_id), success=True, spectra_count=2)
        return NovaResult(nova_id=str(nova_id), success=False, error=f"{MARKER} boom")

    return st.lists(st.builds(make, v.nova_ids(), st.booleans()), max_size=2)


def _counts(_v: Vocabulary, _m: object) -> st.SearchStrategy[NovaCounts]:
    return st.sampled_from([NovaCounts(12, 340, 7, True, 3), NovaCounts(13, 0, 7, False, 0)])


CALLS: Final = (
    calls_of("create_regen_plan", _plans),
    calls_of("get_regen_plan", _plan_ids, stateful=True),
    calls_of("find_active_regen_plan"),
    calls_of("abandon_regen_plan", _plan_ids, stateful=True),
    calls_of("claim_regen_plan", _plan_ids, _executions, stateful=True),
    calls_of("record_regen_results", _plan_ids, _results, execution_arn=_executions, stateful=True),
    calls_of(
        "complete_regen_plan",
        _plan_ids,
        one_of(RegenPlanStatus.COMPLETED, RegenPlanStatus.FAILED),
        execution_arn=_executions,
        stateful=True,
    ),
    calls_of(
        "set_nova_counts",
        _counted_novae,
        _counts,
        plan_id=_plan_ids,
        execution_arn=_executions,
        stateful=True,
    ),
)
"""How the state machine calls this area's operations."""
