"""Rule broken: a JobRun's retried begin is refused as a second begin (IFC-030 1.x: only
botocore's own re-sent request was a replay), failing the retried task."""

from typing import Any

from novacat_persistence.reference_impl import execution
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_retried_executions.py::test_a_retried_task_after_success_changes_nothing[begin_job_run]"
)


def _own_request_only(stored: Any, intended: Any, retried: bool) -> bool:
    return retried and stored == intended


factory = patched_factory(execution, "same_execution", _own_request_only)
