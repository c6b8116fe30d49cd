"""Rule broken: an ingestion run is counted at every call (no per-run marker): a retried task
counts its run twice."""

from typing import Any
from uuid import UUID

from novacat_persistence.contracts.entities import PhotometryRow
from novacat_persistence.contracts.keys import PhotometryTableKey
from novacat_persistence.reference_impl.photometry import empty_table
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_photometry_rows.py::test_an_ingestion_run_is_counted_once_with_the_rows_stored"


class CountsEveryCall(ReferenceWrapper):
    def record_photometry_rows_ingested(
        self, nova_id: UUID, *, job_run_id: UUID, source: str
    ) -> Any:
        now = self._now()
        table = empty_table(
            nova_id,
            now,
            last_ingestion_at=now,
            last_ingestion_source=source,
            photometry_schema_version=PhotometryRow.SCHEMA_VERSION,
        )
        key = PhotometryTableKey(nova_id)
        self._transact(lambda: [self._counted(key, table, now)])
        counted = self._rows.count(str(nova_id), "PHOT#")

        def raise_count(_expr: Any, update: Any) -> None:
            update.set("row_count", counted)

        return self._update(key, type(table), now, raise_count, lambda s, _r: s)


factory = subclass_factory(CountsEveryCall)
