"""Rule broken: list_job_runs returns runs in SK order (by workflow), not oldest first."""

from typing import Any
from uuid import UUID

from novacat_persistence.contracts.entities import JobRun
from novacat_persistence.contracts.keys import NovaKey, build, jobrun_prefix, workflow_pk
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_operation_promises.py::test_list_job_runs_is_oldest_first"


class SkOrder(ReferenceWrapper):
    @operation("JobRun")
    def list_job_runs(
        self,
        *,
        nova_id: UUID | None = None,
        correlation_id: str | None = None,
        workflow_name: str | None = None,
    ) -> Any:
        if nova_id is None and correlation_id is None:
            return super().list_job_runs()
        pk = build(NovaKey(nova_id)).pk if nova_id else workflow_pk(str(correlation_id))
        return self._list(JobRun, pk, jobrun_prefix(workflow_name))


factory = subclass_factory(SkOrder)
