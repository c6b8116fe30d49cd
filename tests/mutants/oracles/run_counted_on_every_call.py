"""Oracle broken: the model counts an ingestion run again on every call (no PHOTOMETRY_INGESTION
marker consulted): a repeat of a run adds one to ``ingestion_count``."""

from uuid import UUID

from novacat_persistence.contracts.entities import PhotometryTable
from novacat_persistence.contracts.enums import StepKind
from novacat_persistence.contracts.keys import StepDedupeKey
from novacat_persistence.suites.model.model import Model

CAUGHT_BY = "test_photometry_rows.py::test_rows_and_runs_are_stored_as_the_model_has_them"


class Oracle(Model):
    def record_photometry_rows_ingested(
        self, nova_id: UUID, *, job_run_id: UUID, source: str
    ) -> PhotometryTable:
        self.store.delete(StepDedupeKey(f"{nova_id}:{job_run_id}", StepKind.PHOTOMETRY_INGESTION))
        return super().record_photometry_rows_ingested(
            nova_id, job_run_id=job_run_id, source=source
        )
