"""Rule broken: list_job_runs returns runs in SK order (by workflow), not oldest first."""

from typing import Any

from novacat_persistence.contracts.keys import item_key
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_operation_promises.py::test_list_job_runs_is_oldest_first"


class SkOrder(ReferenceWrapper):
    @operation("JobRun")
    def list_job_runs(self, **owner: Any) -> Any:
        return sorted(super().list_job_runs(**owner), key=lambda run: item_key(run).sk)


factory = subclass_factory(SkOrder)
