"""Idempotency records: workflow locks, step dedupe markers and the markers of calls applied
once per execution (INV-012)."""

from typing import ClassVar
from uuid import UUID

from pydantic import ConfigDict, Field

from novacat_persistence.contracts.entities import frozen_enums
from novacat_persistence.contracts.entities.base import DocumentValue, PersistedEntity
from novacat_persistence.contracts.entities.execution import WorkflowName
from novacat_persistence.contracts.enums import LockState, StepKind
from novacat_persistence.contracts.types import (
    EpochSeconds,
    ExecutionText,
    NonEmptyStr,
    UtcDatetime,
)


class IdempotencyLock(PersistedEntity):
    """A workflow idempotency lock: PK ``IDEMPOTENCY#<idempotency_key>``, SK ``LOCK``.

    ``ttl`` is the recorded expiry (epoch seconds). DynamoDB deletes expired items lazily, so
    an item past its ``ttl`` is an expired lock that may be taken over, not an absent one.
    ``holder_token`` fences release and completion against a holder that lost the lock.
    """

    ENTITY_TYPE: ClassVar[str] = "IdempotencyLock"
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"

    idempotency_key: NonEmptyStr
    job_run_id: UUID
    workflow_name: WorkflowName
    primary_id: NonEmptyStr
    acquired_at: UtcDatetime
    ttl: EpochSeconds
    holder_token: UUID | None = None
    state: LockState = LockState.HELD
    completed_at: UtcDatetime | None = None


class _StepDedupeCore(PersistedEntity):
    """The fields every version of StepDedupe has alike."""

    ENTITY_TYPE: ClassVar[str] = "StepDedupe"

    dedupe_key: NonEmptyStr
    job_run_id: UUID
    result: dict[str, DocumentValue] = Field(default_factory=dict)


class StepDedupeV1(_StepDedupeCore):
    """A step-level dedupe marker: PK ``IDEMPOTENCY#<dedupe_key>``, SK ``STEP#<step_kind>``.

    Created once by the first execution of a side-effecting step; ``result`` records what the
    step produced so a duplicate execution can return it instead of repeating the effect."""

    model_config = ConfigDict(title="StepDedupe")
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"

    step_kind: frozen_enums.StepKind


class StepDedupe(_StepDedupeCore):
    """A step-level dedupe marker: PK ``IDEMPOTENCY#<dedupe_key>``, SK ``STEP#<step_kind>``.

    Created once by the first execution of a side-effecting step; ``result`` records what the
    step produced so a duplicate execution can return it instead of repeating the effect.
    StepDedupe 1.1.0 adds the step kind PHOTOMETRY_INGESTION (an ingestion run counted on a
    nova's photometry table).
    """

    SCHEMA_VERSION: ClassVar[str] = "1.1.0"

    step_kind: StepKind


class ExecutionMarker(PersistedEntity):
    """One call an execution applied: PK ``APPLIED#<execution>``, SK ``<operation>#<target>``.

    Written create-only in the same transaction as the write it marks, so that the call is
    applied at most once per execution: a retried task that asks again with the same
    ``execution`` finds its marker and is answered as a replay, however many other
    executions wrote the target meanwhile. ``execution`` is the asking execution's identity
    (its JobRun id, or an idempotency token); ``operation`` the IFC-030 operation;
    ``target`` the marked item's stored key, ``<PK>#<SK>``. ``ttl`` (epoch seconds) lets
    DynamoDB delete the marker once no retry of the call can arrive any more.
    """

    ENTITY_TYPE: ClassVar[str] = "ExecutionMarker"
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"

    execution: ExecutionText
    operation: NonEmptyStr
    target: NonEmptyStr
    ttl: EpochSeconds
