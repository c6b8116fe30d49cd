"""Rule broken: a routine ingestion (same table schema version) records a snapshot key."""

from typing import Any
from uuid import UUID

from novacat_persistence.contracts.bucket_layout import photometry_snapshot_key
from novacat_persistence.contracts.entities import PhotometryTable
from novacat_persistence.contracts.keys import PhotometryTableKey
from novacat_persistence.contracts.operations import PhotometryIngestion
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_photometry_singleton.py::test_routine_ingestion_points_at_the_canonical_key"


class Snapshots(ReferenceWrapper):
    def record_photometry_ingestion(
        self, nova_id: UUID, ingestion: PhotometryIngestion, *, execution: Any = None
    ) -> Any:
        super().record_photometry_ingestion(nova_id, ingestion, execution=execution)
        version = ingestion.table_schema_version
        snapshot = photometry_snapshot_key(nova_id, version)

        def add(_expr: Expr, update: Update) -> None:
            update.set_map_entry_if_absent("snapshot_s3_keys", version, snapshot)

        key = PhotometryTableKey(nova_id)
        return self._update(key, PhotometryTable, self._now(), add, lambda s, _r: s)


factory = subclass_factory(Snapshots)
