"""Artifact regeneration: the batch plans in ``REGEN_PLAN`` and the per-nova counts a
regeneration publishes.

A plan moves PENDING -> IN_PROGRESS (claimed by one regeneration execution, whose ARN it
records) -> COMPLETED or FAILED, or PENDING -> ABANDONED. Every move is one conditional update
on the state it leaves, so of concurrent movers exactly one applies; the claimer recorded on
the plan is what makes a repeat by the same execution a replay and any other caller's a
refusal. A plan's SK holds its creation instant, so operations that are given a plan id find
its key by reading the partition first (the write's condition, not that read, decides).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final
from uuid import UUID

from novacat_persistence.contracts.entities import Nova, RegenBatchPlan
from novacat_persistence.contracts.entities.regeneration import NovaResult
from novacat_persistence.contracts.enums import RegenPlanStatus
from novacat_persistence.contracts.errors import (
    InputValidationError,
    InvalidTransitionError,
    NotFoundError,
)
from novacat_persistence.contracts.keys import REGEN_PLAN_PK, EntityKey, NovaKey, build, key_of
from novacat_persistence.contracts.operations import NovaCounts, PlanEnding, Stored
from novacat_persistence.contracts.wire_form import Item
from novacat_persistence.reference_impl.conditions import (
    Expr,
    Update,
    absent_or_equals,
    all_of,
    attribute_absent,
    equals,
    item_present,
    version_guard,
)
from novacat_persistence.reference_impl.core import Core, checked_fields
from novacat_persistence.reference_impl.gateway import Action
from novacat_persistence.reference_impl.logs import operation

_ACTIVE: Final = frozenset({RegenPlanStatus.PENDING.value, RegenPlanStatus.IN_PROGRESS.value})
_ENDINGS: Final = frozenset({RegenPlanStatus.COMPLETED, RegenPlanStatus.FAILED})
_UNSET_AT_CREATION: Final = ("execution_arn", "completed_at", "nova_results")


def _text(item: Item, name: str) -> str | None:
    value = item.get(name)
    return value.get("S") if isinstance(value, dict) else None


class RegenerationOps(Core):
    """IFC-030 regeneration batch plan operations, and the counts they publish on novae."""

    # --- reading the plans ------------------------------------------------------------------

    def _plan_items(self) -> list[Item]:
        return self._db.query(REGEN_PLAN_PK)

    def _plan_item(self, plan_id: UUID) -> Item | None:
        wanted = str(plan_id)
        return next((i for i in self._plan_items() if _text(i, "plan_id") == wanted), None)

    def _plan_key(self, plan_id: UUID) -> EntityKey:
        item = self._plan_item(plan_id)
        if item is None:
            raise NotFoundError(f"no regeneration plan {plan_id}")
        return key_of(self._as(RegenBatchPlan, item))

    @operation("RegenBatchPlan")
    def get_regen_plan(self, plan_id: UUID) -> RegenBatchPlan | None:
        """See :meth:`PersistenceWrapper.get_regen_plan` (the partition is read, the plan told
        by its ``plan_id`` before any item is decoded)."""
        item = self._plan_item(plan_id)
        return None if item is None else self._as(RegenBatchPlan, item)

    @operation("RegenBatchPlan")
    def find_active_regen_plan(self) -> RegenBatchPlan | None:
        """See :meth:`PersistenceWrapper.find_active_regen_plan` (newest first by SK)."""
        for item in reversed(self._plan_items()):
            if _text(item, "status") in _ACTIVE:
                return self._as(RegenBatchPlan, item)
        return None

    # --- the lifecycle ----------------------------------------------------------------------

    @operation("RegenBatchPlan")
    def create_regen_plan(self, plan: RegenBatchPlan) -> Stored[RegenBatchPlan]:
        """See :meth:`PersistenceWrapper.create_regen_plan` (create-only)."""
        if plan.status is not RegenPlanStatus.PENDING:
            raise InputValidationError(f"a plan is created PENDING, not {plan.status.value}")
        recorded = [name for name in _UNSET_AT_CREATION if getattr(plan, name) is not None]
        if recorded:
            raise InputValidationError(
                f"a new plan cannot record {', '.join(recorded)}",
                hint="claim_regen_plan, record_regen_results and complete_regen_plan set them",
            )
        return self._create(self._stamped(plan, self._now()))

    def _move(
        self,
        plan_id: UUID,
        change: Callable[[Expr, Update], str],
        done: Callable[[RegenBatchPlan], bool],
        refusal: str,
    ) -> RegenBatchPlan:
        """Apply ``change`` (clauses, and the condition of the state it leaves) to the plan;
        a refused change whose stored plan is ``done`` already is a replay, else an
        InvalidTransitionError."""

        def decide(stored: RegenBatchPlan, _retried: bool) -> RegenBatchPlan:
            if done(stored):
                return stored
            raise InvalidTransitionError(
                f"plan {plan_id} is {stored.status.value}: {refusal}", existing=stored
            )

        key = self._plan_key(plan_id)
        return self._update(key, RegenBatchPlan, self._now(), change, decide)

    @operation("RegenBatchPlan")
    def abandon_regen_plan(self, plan_id: UUID) -> RegenBatchPlan:
        """See :meth:`PersistenceWrapper.abandon_regen_plan` (only from PENDING)."""
        now = self._now()

        def abandon(expr: Expr, update: Update) -> str:
            update.set("status", RegenPlanStatus.ABANDONED).set("completed_at", now)
            return equals(expr, "status", RegenPlanStatus.PENDING)

        return self._move(
            plan_id,
            abandon,
            lambda stored: stored.status is RegenPlanStatus.ABANDONED,
            "only a PENDING plan is abandoned",
        )

    @operation("RegenBatchPlan")
    def claim_regen_plan(self, plan_id: UUID, execution_arn: str) -> RegenBatchPlan:
        """See :meth:`PersistenceWrapper.claim_regen_plan` (only from PENDING, unbound or
        bound to this execution)."""
        arn = _arn(execution_arn)

        def claim(expr: Expr, update: Update) -> str:
            update.set("status", RegenPlanStatus.IN_PROGRESS).set("execution_arn", arn)
            return all_of(
                equals(expr, "status", RegenPlanStatus.PENDING),
                absent_or_equals(expr, "execution_arn", arn),
            )

        return self._move(
            plan_id,
            claim,
            lambda stored: _held_by(stored, arn),
            "only a PENDING plan is claimed, by one execution",
        )

    @operation("RegenBatchPlan")
    def record_regen_results(
        self, plan_id: UUID, results: Sequence[NovaResult], *, execution_arn: str
    ) -> RegenBatchPlan:
        """See :meth:`PersistenceWrapper.record_regen_results` (once, by the claimer)."""
        arn = _arn(execution_arn)
        listed = checked_fields(RegenBatchPlan, {"nova_results": list(results)})["nova_results"]

        def record(expr: Expr, update: Update) -> str:
            update.set("nova_results", listed)
            return all_of(_holder(expr, arn), attribute_absent(expr, "nova_results"))

        return self._move(
            plan_id,
            record,
            lambda stored: stored.execution_arn == arn and stored.nova_results is not None,
            "only the execution that claimed the plan records its results, once",
        )

    @operation("RegenBatchPlan")
    def complete_regen_plan(
        self, plan_id: UUID, status: PlanEnding, *, execution_arn: str
    ) -> RegenBatchPlan:
        """See :meth:`PersistenceWrapper.complete_regen_plan` (only from IN_PROGRESS, by the
        claimer)."""
        if status not in _ENDINGS:
            raise InputValidationError(f"a plan ends COMPLETED or FAILED, not {status}")
        arn = _arn(execution_arn)
        now = self._now()

        def complete(expr: Expr, update: Update) -> str:
            update.set("status", status).set("completed_at", now)
            return _holder(expr, arn)

        return self._move(
            plan_id,
            complete,
            lambda stored: stored.status is status and stored.execution_arn == arn,
            "only the execution that claimed the plan ends it, once",
        )

    # --- what a regeneration publishes on its novae -------------------------------------------

    @operation("Nova")
    def set_nova_counts(
        self, nova_id: UUID, counts: NovaCounts, *, plan_id: UUID, execution_arn: str
    ) -> Nova:
        """See :meth:`PersistenceWrapper.set_nova_counts`: a ConditionCheck that the plan is
        held by this execution and the Nova's update, in one transaction."""
        arn = _arn(execution_arn)
        values = checked_fields(Nova, counts.as_fields())
        plan_key = self._plan_key(plan_id)
        now = self._now()

        def actions() -> list[Action]:
            check_expr = Expr()
            check = self._db.check_action(build(plan_key), check_expr, _holder(check_expr, arn))
            update = Update(Expr())
            for name, value in values.items():
                update.set(name, value)
            update.set("schema_version", Nova.SCHEMA_VERSION).set("updated_at", now)
            expr = update.expr
            condition = all_of(item_present(expr), version_guard(expr, Nova.ENTITY_TYPE))
            nova = self._db.update_action(
                build(NovaKey(nova_id)), update, condition, entity_type=Nova.ENTITY_TYPE
            )
            return [check, nova]

        refusal = self._transact(actions)
        stored = self._read(NovaKey(nova_id), Nova)
        if refusal is None:
            assert stored is not None  # just updated; nothing deletes novae
            return stored
        if 1 in refusal.refused and stored is None:
            raise NotFoundError(f"nova {nova_id} does not exist")
        plan = self._refused(refusal, 0, RegenBatchPlan)
        if plan is not None and _published(plan, arn, stored, values):
            assert stored is not None
            return stored  # this execution's counts, recorded before its plan was ended
        raise InvalidTransitionError(
            f"plan {plan_id} is not held by this execution: its counts are not recorded",
            existing=plan,
        )


def _published(
    plan: RegenBatchPlan, arn: str, stored: Nova | None, values: dict[str, object]
) -> bool:
    """True when an ended plan of this execution already left these counts on the nova."""
    ended = plan.status in _ENDINGS and plan.execution_arn == arn
    return ended and stored is not None and all(getattr(stored, k) == v for k, v in values.items())


def _held_by(plan: RegenBatchPlan, arn: str) -> bool:
    return plan.status is RegenPlanStatus.IN_PROGRESS and plan.execution_arn == arn


def _holder(expr: Expr, arn: str) -> str:
    """The plan is IN_PROGRESS and claimed by the execution ``arn``."""
    return all_of(
        equals(expr, "status", RegenPlanStatus.IN_PROGRESS), equals(expr, "execution_arn", arn)
    )


def _arn(execution_arn: str) -> str:
    if not execution_arn.strip():
        raise InputValidationError("execution_arn must be a non-empty text")
    return execution_arn
