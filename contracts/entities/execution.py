"""Execution records: workflow JobRuns and per-task Attempts."""

from typing import Annotated, Any, ClassVar
from uuid import UUID

from pydantic import ConfigDict, Field, model_validator

from novacat_persistence.contracts.entities.base import DocumentValue, PersistedEntity
from novacat_persistence.contracts.enums import AttemptStatus, ErrorClass, JobRunStatus
from novacat_persistence.contracts.types import (
    Fingerprint,
    NonEmptyStr,
    NonNegativeInt,
    UtcDatetime,
)

WorkflowName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=128)]
"""A workflow name such as ``initialize_nova`` (lowercase snake case)."""

TaskName = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=128)]
"""A Step Functions task state name such as ``AcquireIdempotencyLock``."""

TERMINAL_JOB_RUN_STATUSES = frozenset(
    {JobRunStatus.SUCCEEDED, JobRunStatus.FAILED, JobRunStatus.QUARANTINED, JobRunStatus.CANCELLED}
)
"""The outcomes a JobRun can be finalized with."""


class _JobRunCore(PersistedEntity):
    """The fields every version of JobRun has alike."""

    ENTITY_TYPE: ClassVar[str] = "JobRun"

    job_run_id: UUID
    workflow_name: WorkflowName
    nova_id: UUID | None = None
    data_product_id: UUID | None = None
    correlation_id: NonEmptyStr
    job_type: NonEmptyStr | None = None
    execution_arn: NonEmptyStr | None = None
    status: JobRunStatus = JobRunStatus.RUNNING
    started_at: UtcDatetime
    ended_at: UtcDatetime | None = None
    initiated_by: NonEmptyStr | None = None
    error_classification: ErrorClass | None = None
    error_fingerprint: Fingerprint | None = None

    @model_validator(mode="after")
    def _ended_only_when_final(self) -> Any:
        if self.status in TERMINAL_JOB_RUN_STATUSES and self.ended_at is None:
            raise ValueError(f"a {self.status.value} JobRun needs ended_at")
        if self.status not in TERMINAL_JOB_RUN_STATUSES and self.ended_at is not None:
            raise ValueError(f"a {self.status.value} JobRun cannot have ended_at")
        return self


class JobRunV1(_JobRunCore):
    """One workflow execution.

    PK ``<nova_id>`` or, before a nova exists, ``WORKFLOW#<correlation_id>``;
    SK ``JOBRUN#<workflow_name>#<started_at>#<job_run_id>``.
    """

    model_config = ConfigDict(title="JobRun")
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"


class JobRun(_JobRunCore):
    """One workflow execution (JobRun 1.1.0): PK ``WORKFLOW#<correlation_id>``,
    SK ``JOBRUN#<workflow_name>#<started_at>#<job_run_id>``, ``nova_id`` recorded once known.

    Runs filed under PK ``<nova_id>`` (the 1.0.0 rule while a nova existed) still read.
    ``candidate_name`` is the name an identity workflow started from; ``outcome``,
    ``error_type`` and ``error_message`` say how the run ended; a quarantined run records
    ``quarantine_reason_code``, ``classification_reason``, ``quarantined_at`` and what the
    quarantine decision saw (``extra_context``).
    """

    SCHEMA_VERSION: ClassVar[str] = "1.1.0"

    candidate_name: NonEmptyStr | None = None
    outcome: NonEmptyStr | None = None
    error_type: NonEmptyStr | None = None
    error_message: str | None = None
    quarantine_reason_code: NonEmptyStr | None = None
    classification_reason: str | None = None
    quarantined_at: UtcDatetime | None = None
    extra_context: dict[str, DocumentValue] | None = None


class Attempt(PersistedEntity):
    """One task invocation: PK ``<nova_id>``,
    SK ``ATTEMPT#<job_run_id>#<task_name>#<attempt_number>#<created_at>``."""

    ENTITY_TYPE: ClassVar[str] = "Attempt"
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"

    nova_id: UUID
    job_run_id: UUID
    correlation_id: NonEmptyStr
    task_name: TaskName
    attempt_number: int = Field(ge=1)
    status: AttemptStatus
    error_type: NonEmptyStr | None = None
    error_message: str | None = None
    duration_ms: NonNegativeInt | None = None
