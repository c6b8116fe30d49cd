"""Rule broken: a JobRun's retried finalize is refused as a second finalize (IFC-030 1.x: only
botocore's own re-sent request was a replay), failing the retried task."""

from typing import Any

from novacat_persistence.contracts.enums import ErrorClass, JobRunStatus
from novacat_persistence.contracts.errors import InvalidTransitionError
from novacat_persistence.contracts.keys import JobRunKey
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_retried_executions.py::test_a_retried_task_after_success_changes_nothing"
    "[finalize_job_run]"
)


class Refused(ReferenceWrapper):
    def finalize_job_run(
        self,
        key: JobRunKey,
        status: JobRunStatus,
        *,
        error_classification: ErrorClass | None = None,
        error_fingerprint: str | None = None,
    ) -> Any:
        stored = self.get_job_run(key)
        if stored is not None and stored.status is not JobRunStatus.RUNNING:
            raise InvalidTransitionError("only a RUNNING run can be finalized", existing=stored)
        return super().finalize_job_run(
            key,
            status,
            error_classification=error_classification,
            error_fingerprint=error_fingerprint,
        )


factory = subclass_factory(Refused)
