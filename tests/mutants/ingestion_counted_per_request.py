"""Rule broken: a photometry ingestion ignores the caller's execution (each request is taken as
a new execution), so a retried task's ingestion counts twice."""

from typing import Any
from uuid import UUID, uuid4

from novacat_persistence.contracts.operations import PhotometryIngestion
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_retried_executions.py::test_a_retried_task_after_success_changes_nothing"
    "[record_photometry_ingestion]"
)


class PerRequest(ReferenceWrapper):
    def record_photometry_ingestion(
        self, nova_id: UUID, ingestion: PhotometryIngestion, *, execution: Any = None
    ) -> Any:
        return super().record_photometry_ingestion(nova_id, ingestion, execution=uuid4())


factory = subclass_factory(PerRequest)
