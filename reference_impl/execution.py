"""Execution records: JobRuns (one item per ``job_run_id``) and task Attempts.

A JobRun is filed under its correlation id (``WORKFLOW#<correlation_id>``), as Nova Cat's
services file every run; runs the 1.0.0 rule filed under their nova still read, by a key or a
listing of that nova. A JobRun's SK holds its start time, so the conditional create of the run
alone cannot see a run of the same id started at another time: the run is created in one
transaction with its :class:`~novacat_persistence.contracts.entities.JobRunClaim` (PK
``JOBRUN#<job_run_id>``), create-only as well.
"""

from __future__ import annotations

from uuid import UUID

from novacat_persistence.contracts.codec.attribute_values import to_attribute_value
from novacat_persistence.contracts.entities import Attempt, JobRun, JobRunClaim, PersistedEntity
from novacat_persistence.contracts.entities.execution import TERMINAL_JOB_RUN_STATUSES
from novacat_persistence.contracts.enums import ErrorClass, JobRunStatus
from novacat_persistence.contracts.errors import (
    AlreadyExistsError,
    ConflictError,
    EntityValidationError,
    InputValidationError,
    InvalidTransitionError,
)
from novacat_persistence.contracts.keys import (
    JobRunKey,
    NovaKey,
    attempt_prefix,
    build,
    claimed_run_key,
    jobrun_prefix,
    workflow_pk,
)
from novacat_persistence.contracts.operations import JobRunAnnotation, Stored
from novacat_persistence.reference_impl.conditions import (
    Expr,
    Update,
    absent_or_equals,
    all_of,
    any_of,
    attribute_absent,
    equals,
)
from novacat_persistence.reference_impl.core import Core, checked_fields, validated
from novacat_persistence.reference_impl.logs import operation

_FINGERPRINT_MAX = 256
_DOCUMENTS = frozenset({"extra_context"})
"""Annotated fields that hold maps: written only when absent."""


class ExecutionOps(Core):
    """IFC-030 JobRun and Attempt operations."""

    @operation("JobRun")
    def begin_job_run(self, job_run: JobRun) -> JobRun:
        """See :meth:`PersistenceWrapper.begin_job_run`: the run and its claim, create-only,
        in one transaction. A stored run of the same execution (its retried begin) is the
        answer; any other existing run of the id raises AlreadyExistsError carrying it."""
        now = self._now()
        run = self._stamped(job_run, now)
        if run.status is not JobRunStatus.RUNNING:
            raise InputValidationError(
                f"a JobRun begins RUNNING, not {run.status.value}",
                hint="finalize_job_run records the outcome",
            )
        claim = validated(
            JobRunClaim,
            {
                "job_run_id": run.job_run_id,
                "workflow_name": run.workflow_name,
                "started_at": run.started_at,
                "correlation_id": run.correlation_id,  # where the run is filed
                "created_at": now,
                "updated_at": now,
            },
        )
        refusal = self._transact(lambda: [self._new(run), self._new(claim)])
        if refusal is None:
            return run
        stored = self._refused(refusal, 0, JobRun)
        if stored is None:
            stored_claim = self._refused(refusal, 1, JobRunClaim)
            stored = (
                None if stored_claim is None else self._read(claimed_run_key(stored_claim), JobRun)
            )
        if stored is not None and same_execution(stored, run, refusal.retried):
            return stored
        raise AlreadyExistsError(
            f"JobRun {run.job_run_id} already exists", existing=stored, hint="never a second run"
        )

    @operation("JobRun")
    def finalize_job_run(
        self,
        key: JobRunKey,
        status: JobRunStatus,
        *,
        error_classification: ErrorClass | None = None,
        error_fingerprint: str | None = None,
    ) -> JobRun:
        """See :meth:`PersistenceWrapper.finalize_job_run`: only from RUNNING; a refusal
        whose stored outcome is the one asked for is the run's retried finalize and answers
        with the stored run."""
        if status not in TERMINAL_JOB_RUN_STATUSES:
            raise InputValidationError(f"{status} is not a final JobRun status")
        if error_fingerprint is not None and not 1 <= len(error_fingerprint) <= _FINGERPRINT_MAX:
            raise EntityValidationError("JobRun", "error_fingerprint must be 1..256 characters")
        now = self._now()

        def finalize(expr: Expr, update: Update) -> str:
            update.set("status", status).set("ended_at", now)
            if error_classification is not None:
                update.set("error_classification", error_classification)
            if error_fingerprint is not None:
                update.set("error_fingerprint", error_fingerprint)
            return equals(expr, "status", JobRunStatus.RUNNING)

        def decide(stored: JobRun, _retried: bool) -> JobRun:
            recorded = (stored.status, stored.error_classification, stored.error_fingerprint)
            if recorded == (status, error_classification, error_fingerprint):
                return stored  # the run's own finalize, retried: its first outcome stays
            raise InvalidTransitionError(
                f"JobRun is {stored.status.value}; only a RUNNING run can be finalized",
                existing=stored,
            )

        return self._update(key, JobRun, now, finalize, decide)

    @operation("JobRun")
    def annotate_job_run(self, key: JobRunKey, annotation: JobRunAnnotation) -> JobRun:
        """See :meth:`PersistenceWrapper.annotate_job_run`: one update, while RUNNING, each
        given field absent or already holding its value (write-once), and at least one of them
        (or ``quarantined_at`` of a quarantine) still absent: a repeat writes nothing."""
        values = checked_fields(JobRun, annotation.as_fields())
        if not values:
            raise InputValidationError("the annotation records nothing")
        now = self._now()
        quarantine = "quarantine_reason_code" in values

        def annotate(expr: Expr, update: Update) -> str:
            conditions = [equals(expr, "status", JobRunStatus.RUNNING)]
            for name, value in values.items():
                update.set(name, value)
                if name in _DOCUMENTS:  # compared by decide(), not by DynamoDB
                    conditions.append(attribute_absent(expr, name))
                else:
                    conditions.append(absent_or_equals(expr, name, value))
            if quarantine:
                update.set_if_absent("quarantined_at", to_attribute_value(now))
            unwritten = [*values, *(["quarantined_at"] if quarantine else [])]
            conditions.append(any_of(*(attribute_absent(expr, name) for name in unwritten)))
            return all_of(*conditions)

        def decide(stored: JobRun, _retried: bool) -> JobRun:
            recorded = {name: getattr(stored, name) for name in values}
            if recorded == values and (not quarantine or stored.quarantined_at is not None):
                return stored  # this annotation was recorded before
            differing = sorted(
                name
                for name, value in recorded.items()
                if value is not None and value != values[name]
            )
            if differing:
                raise ConflictError(
                    f"the JobRun already records other {', '.join(differing)}", existing=stored
                )
            raise InvalidTransitionError(
                f"JobRun is {stored.status.value}; only a RUNNING run is annotated",
                existing=stored,
            )

        return self._update(key, JobRun, now, annotate, decide)

    @operation("JobRun")
    def get_job_run(self, key: JobRunKey) -> JobRun | None:
        """See :meth:`PersistenceWrapper.get_job_run`."""
        return self._read(key, JobRun)

    @operation("JobRun")
    def list_job_runs(
        self,
        *,
        nova_id: UUID | None = None,
        correlation_id: str | None = None,
        workflow_name: str | None = None,
    ) -> list[JobRun]:
        """See :meth:`PersistenceWrapper.list_job_runs` (oldest first)."""
        if (nova_id is None) == (correlation_id is None):
            raise InputValidationError("pass exactly one of nova_id and correlation_id")
        if nova_id is not None:
            pk = build(NovaKey(nova_id)).pk
        else:
            assert correlation_id is not None
            pk = workflow_pk(correlation_id)
        runs = self._list(JobRun, pk, jobrun_prefix(workflow_name))
        runs.sort(key=lambda r: (r.started_at, str(r.job_run_id)))  # in place: keeps skipped
        return runs

    @operation("Attempt")
    def record_attempt(self, attempt: Attempt) -> Stored[Attempt]:
        """See :meth:`PersistenceWrapper.record_attempt` (create-only; ``created_at`` is the
        attempt's start and part of its key, kept as given)."""
        return self._create(self._stamped(attempt, self._now()))

    @operation("Attempt")
    def list_attempts(self, nova_id: UUID, job_run_id: UUID) -> list[Attempt]:
        """See :meth:`PersistenceWrapper.list_attempts` (SK order)."""
        return self._list(Attempt, build(NovaKey(nova_id)).pk, attempt_prefix(job_run_id))


def same_execution(stored: PersistedEntity, intended: PersistedEntity, _retried: bool) -> bool:
    """Replay rule of a begin: the stored run is the intended one's execution (same id,
    workflow, correlation id and nova), whatever start time its retried task gave it."""
    return (
        isinstance(stored, JobRun)
        and isinstance(intended, JobRun)
        and (stored.job_run_id, stored.workflow_name, stored.correlation_id, stored.nova_id)
        == (intended.job_run_id, intended.workflow_name, intended.correlation_id, intended.nova_id)
    )
