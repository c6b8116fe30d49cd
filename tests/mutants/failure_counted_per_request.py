"""Rule broken: a retryable failure ignores the caller's execution (each request is taken as a
new execution), so a retried task's failure counts twice."""

from typing import Any
from uuid import uuid4

from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_retried_executions.py::test_a_retried_task_after_success_changes_nothing"
    "[record_retryable_failure]"
)


class PerRequest(ReferenceWrapper):
    def record_retryable_failure(
        self, key: SpectraProductKey, *, error_fingerprint: str, execution: Any = None
    ) -> Any:
        return super().record_retryable_failure(
            key, error_fingerprint=error_fingerprint, execution=uuid4()
        )


factory = subclass_factory(PerRequest)
