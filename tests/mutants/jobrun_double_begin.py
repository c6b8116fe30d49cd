"""Rule broken: a JobRun id can begin twice (no per-id claim: another start time, another item)."""

from typing import Any

from novacat_persistence.contracts.entities import JobRun
from novacat_persistence.reference_impl.execution import same_execution
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_idempotency_jobrun.py::test_a_job_run_begins_once"


class NoClaim(ReferenceWrapper):
    def begin_job_run(self, job_run: JobRun) -> Any:
        return self._create(self._stamped(job_run, self._now()), replay=same_execution).item


factory = subclass_factory(NoClaim)
