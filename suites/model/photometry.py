"""The model of the photometry singleton: one table per nova, an exact ingestion count, the
canonical pointer, and one snapshot key per superseded table schema version.

An ingestion is counted once per execution (IFC-030 2.0.0): its ExecutionMarker is stored with
the count, and a call of the same execution finding it writes nothing and answers with the
stored table. Ingestions of other executions count, whatever their instants.
"""

from __future__ import annotations

from typing import Final
from uuid import UUID

from hypothesis import strategies as st

from novacat_persistence.contracts.bucket_layout import photometry_key, photometry_snapshot_key
from novacat_persistence.contracts.clock import EPOCH
from novacat_persistence.contracts.deterministic_ids import photometry_product_id
from novacat_persistence.contracts.entities import PhotometryTable
from novacat_persistence.contracts.errors import NotFoundError
from novacat_persistence.contracts.keys import PhotometryTableKey
from novacat_persistence.contracts.operations import (
    ExecutionId,
    PhotometryIngestion,
    Stored,
    execution_text,
)
from novacat_persistence.suites.model.calls import any_execution, any_nova, calls_of
from novacat_persistence.suites.model.core import ModelCore, built, changed


class PhotometryModel(ModelCore):
    """The photometry table of each nova."""

    def ensure_photometry_table(self, nova_id: UUID) -> Stored[PhotometryTable]:
        """The table, created when missing."""
        now = self.now()
        table = built(
            PhotometryTable,
            {
                "data_product_id": photometry_product_id(nova_id),
                "nova_id": nova_id,
                "created_at": now,
                "updated_at": now,
            },
        )
        return self.create_if_missing(table)

    def get_photometry_table(self, nova_id: UUID) -> PhotometryTable | None:
        """The table, or None."""
        return self.store.get(PhotometryTableKey(nova_id), PhotometryTable)

    def record_photometry_ingestion(
        self,
        nova_id: UUID,
        ingestion: PhotometryIngestion,
        *,
        execution: ExecutionId,
    ) -> PhotometryTable:
        """Count an ingestion, point at the canonical key, snapshot a superseded version;
        once per execution."""
        me = execution_text(execution, operation="record_photometry_ingestion")
        now = self.now()
        marker = self.marker(me, "record_photometry_ingestion", PhotometryTableKey(nova_id), now)
        if self.applied(marker):
            counted = self.get_photometry_table(nova_id)
            if counted is None:
                raise NotFoundError(f"no photometry table of nova {nova_id}")
            return counted
        self.store.put(marker)
        at = ingestion.ingested_at or now
        version = ingestion.table_schema_version
        fields = {
            "s3_bucket": ingestion.bucket,
            "s3_key": photometry_key(nova_id),
            "last_ingestion_at": at,
            "last_ingestion_source": ingestion.source,
            "table_schema_version": version,
        }
        fresh = built(
            PhotometryTable,
            {
                "data_product_id": photometry_product_id(nova_id),
                "nova_id": nova_id,
                "ingestion_count": 1,
                "created_at": now,
                "updated_at": now,
                **fields,
            },
        )
        stored = self.get_photometry_table(nova_id)
        if stored is None:
            self.store.put(fresh)
            return fresh
        snapshots = dict(stored.snapshot_s3_keys)
        old = stored.table_schema_version
        if old is not None and old != version:
            snapshots.setdefault(old, photometry_snapshot_key(nova_id, old))
        updated = changed(
            stored,
            now,
            ingestion_count=stored.ingestion_count + 1,
            snapshot_s3_keys=snapshots,
            **fields,
        )
        self.store.put(updated)
        return updated


def _ingestions(_v: object, _m: object) -> st.SearchStrategy[PhotometryIngestion]:
    return st.builds(
        lambda source, version, at: PhotometryIngestion(source, "novacat-private", version, at),
        st.sampled_from(["aavso", "asas-sn"]),
        st.sampled_from(["1.0.0", "1.0.0", "1.1.0", "2.0.0"]),
        st.none() | st.just(EPOCH),
    )


CALLS: Final = (
    calls_of("ensure_photometry_table", any_nova),
    calls_of("get_photometry_table", any_nova),
    calls_of("record_photometry_ingestion", any_nova, _ingestions, execution=any_execution),
)
"""How the state machine calls this area's operations."""
