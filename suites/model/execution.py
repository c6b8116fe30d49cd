"""The model of execution records: one JobRun item per ``job_run_id`` (with its
:class:`~novacat_persistence.contracts.entities.JobRunClaim`), finalized once, and task
Attempts (create-only, ``created_at`` kept: it is part of their key).

Where the stored shapes decide what the interface leaves open: a run is filed under its
correlation id (JobRun 1.1.0), and its claim records that correlation id; listing the runs of
a nova reads the nova's partition, where only runs filed by the 1.0.0 rule are (a run begun
now is listed by its correlation id).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final
from uuid import UUID

from hypothesis import strategies as st

from novacat_persistence.contracts.clock import EPOCH
from novacat_persistence.contracts.entities import Attempt, JobRun, JobRunClaim
from novacat_persistence.contracts.entities.execution import TERMINAL_JOB_RUN_STATUSES
from novacat_persistence.contracts.enums import AttemptStatus, ErrorClass, JobRunStatus
from novacat_persistence.contracts.errors import (
    AlreadyExistsError,
    EntityValidationError,
    InputValidationError,
    InvalidTransitionError,
    NotFoundError,
)
from novacat_persistence.contracts.keys import (
    JobRunClaimKey,
    JobRunKey,
    NovaKey,
    attempt_prefix,
    build,
    claimed_run_key,
    jobrun_prefix,
    key_of,
    workflow_pk,
)
from novacat_persistence.contracts.operations import Stored
from novacat_persistence.suites.model.calls import (
    MARKER,
    Vocabulary,
    any_job_run,
    any_nova,
    calls_of,
    one_of,
    one_of_stored,
)
from novacat_persistence.suites.model.core import ModelCore, built, changed


class ExecutionModel(ModelCore):
    """JobRuns and Attempts."""

    def begin_job_run(self, job_run: JobRun) -> JobRun:
        """A RUNNING run and its claim; the stored run of the same execution (any start time)
        is the answer to its retried begin; another run of the id is AlreadyExistsError."""
        now = self.now()
        run = self.stamped_new(job_run, now)
        if run.status is not JobRunStatus.RUNNING:
            raise InputValidationError("a JobRun begins RUNNING")
        claim = self.store.get(JobRunClaimKey(run.job_run_id), JobRunClaim)
        stored = self.store.get(key_of(run), JobRun)
        if stored is None and claim is not None:
            stored = self.store.get(claimed_run_key(claim), JobRun)
        if stored is not None and _same_execution(stored, run):
            return stored
        if claim is not None or stored is not None:
            raise AlreadyExistsError(f"JobRun {run.job_run_id} exists", existing=stored)
        self.store.put(run)
        self.store.put(
            JobRunClaim(
                job_run_id=run.job_run_id,
                workflow_name=run.workflow_name,
                started_at=run.started_at,
                correlation_id=run.correlation_id,
                created_at=now,
                updated_at=now,
            )
        )
        return run

    def finalize_job_run(
        self,
        key: JobRunKey,
        status: JobRunStatus,
        *,
        error_classification: ErrorClass | None = None,
        error_fingerprint: str | None = None,
    ) -> JobRun:
        """RUNNING to a final status, once, ``ended_at`` = now; the outcome asked for found
        recorded is the answer to the run's retried finalize."""
        if status not in TERMINAL_JOB_RUN_STATUSES:
            raise InputValidationError(f"{status} is not a final status")
        if error_fingerprint is not None and not 1 <= len(error_fingerprint) <= 256:
            raise EntityValidationError("JobRun", "error_fingerprint has 1..256 characters")
        now = self.now()
        stored = self.get_job_run(key)
        if stored is None:
            raise NotFoundError("no such JobRun", existing=None)
        if stored.status is not JobRunStatus.RUNNING:
            recorded = (stored.status, stored.error_classification, stored.error_fingerprint)
            if recorded == (status, error_classification, error_fingerprint):
                return stored
            raise InvalidTransitionError("only a RUNNING run is finalized", existing=stored)
        final = {"status": status, "ended_at": now}
        if error_classification is not None:
            final["error_classification"] = error_classification
        if error_fingerprint is not None:
            final["error_fingerprint"] = error_fingerprint
        updated = built(JobRun, changed(stored, now, **final).__dict__)
        self.store.put(updated)
        return updated

    def get_job_run(self, key: JobRunKey) -> JobRun | None:
        """The run, or None."""
        return self.store.get(key, JobRun)

    def list_job_runs(
        self,
        *,
        nova_id: UUID | None = None,
        correlation_id: str | None = None,
        workflow_name: str | None = None,
    ) -> list[JobRun]:
        """The runs of a nova or of a pre-nova correlation id, oldest first."""
        if (nova_id is None) == (correlation_id is None):
            raise InputValidationError("exactly one of nova_id and correlation_id")
        pk = build(NovaKey(nova_id)).pk if nova_id is not None else workflow_pk(str(correlation_id))
        runs = [
            r
            for r in self.store.partition(pk, jobrun_prefix(workflow_name))
            if isinstance(r, JobRun)
        ]
        return sorted(runs, key=lambda r: (r.started_at, str(r.job_run_id)))

    def record_attempt(self, attempt: Attempt) -> Stored[Attempt]:
        """An attempt, create-only."""
        return self.create_only(self.stamped_new(attempt, self.now()))

    def list_attempts(self, nova_id: UUID, job_run_id: UUID) -> list[Attempt]:
        """A run's attempts in SK order."""
        found = self.store.partition(build(NovaKey(nova_id)).pk, attempt_prefix(job_run_id))
        return [a for a in found if isinstance(a, Attempt)]


def _same_execution(stored: JobRun, intended: JobRun) -> bool:
    """Whether a stored run is the intended run's execution: the same id, workflow, correlation
    id and nova (its start time aside: a retried task reads its clock again)."""
    return (stored.job_run_id, stored.workflow_name, stored.correlation_id, stored.nova_id) == (
        intended.job_run_id,
        intended.workflow_name,
        intended.correlation_id,
        intended.nova_id,
    )


# --- calls ---------------------------------------------------------------------------------


def _runs(v: Vocabulary, _m: object) -> st.SearchStrategy[JobRun]:
    def make(run_id: UUID, nova_id: UUID | None, corr: str, workflow: str, later: int) -> JobRun:
        return JobRun(
            job_run_id=run_id,
            workflow_name=workflow,
            nova_id=nova_id,
            correlation_id=corr,
            started_at=EPOCH + timedelta(seconds=later),
            initiated_by=f"{MARKER} operator",
        )

    return st.builds(
        make,
        st.sampled_from(v.job_runs),
        st.none() | v.nova_ids(),
        st.sampled_from(v.correlations),
        st.sampled_from(v.workflows),
        st.integers(0, 1),
    )


def _run_keys(v: Vocabulary, m: ExecutionModel) -> st.SearchStrategy[JobRunKey]:
    stored = [key_of(e) for e in m.store.entities().values() if isinstance(e, JobRun)]
    fresh = _runs(v, m).map(key_of)
    return one_of_stored([k for k in stored if isinstance(k, JobRunKey)], fresh)


def _attempts(v: Vocabulary, _m: object) -> st.SearchStrategy[Attempt]:
    return st.builds(
        lambda nova_id, run_id, number, status, later: Attempt(
            nova_id=nova_id,
            job_run_id=run_id,
            correlation_id="corr-a",
            task_name="AcquireArtifact",
            attempt_number=number,
            status=status,
            error_message=f"{MARKER} boom" if status is AttemptStatus.FAILED else None,
            created_at=EPOCH + timedelta(seconds=later),
            updated_at=EPOCH,
        ),
        v.nova_ids(),
        st.sampled_from(v.job_runs),
        st.sampled_from([1, 2, 10]),
        st.sampled_from([AttemptStatus.STARTED, AttemptStatus.FAILED]),
        st.integers(0, 1),
    )


CALLS: Final = (
    calls_of("begin_job_run", _runs),
    calls_of(
        "finalize_job_run",
        _run_keys,
        one_of(JobRunStatus.SUCCEEDED, JobRunStatus.FAILED),
        error_classification=one_of(None, ErrorClass.TERMINAL),
        error_fingerprint=one_of(None, "9" * 16),
        stateful=True,
    ),
    calls_of("get_job_run", _run_keys, stateful=True),
    calls_of(
        "list_job_runs",
        nova_id=lambda v, _m: st.none() | v.nova_ids(),
        correlation_id=lambda v, _m: st.none() | st.sampled_from(v.correlations),
        workflow_name=lambda v, _m: st.none() | st.sampled_from(v.workflows),
    ),
    calls_of("record_attempt", _attempts),
    calls_of("list_attempts", any_nova, any_job_run),
)
"""How the state machine calls this area's operations."""
