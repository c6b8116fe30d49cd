"""The photometry table: one DataProduct per nova, at ``PRODUCT#PHOTOMETRY_TABLE``.

An ingestion is one upsert that ADDs 1 to ``ingestion_count`` and points at the canonical S3
key, on condition that the stored ``table_schema_version`` is the ingested one (or unset).
When it is not, the schema boundary path records the old version's snapshot key with
``if_not_exists`` on condition that the stored version is still that old one, so it is
recorded exactly once however many ingestions race across the boundary. Either write goes in
one transaction with the ingesting execution's marker, so an ingestion is counted once per
execution however its retries interleave with other executions' ingestions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final
from uuid import UUID

from novacat_persistence.contracts.bucket_layout import photometry_key, photometry_snapshot_key
from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.deterministic_ids import photometry_product_id
from novacat_persistence.contracts.entities import PhotometryTable
from novacat_persistence.contracts.errors import TransactionConflictError
from novacat_persistence.contracts.keys import PhotometryTableKey, build
from novacat_persistence.contracts.operations import (
    ExecutionId,
    PhotometryIngestion,
    Stored,
    execution_text,
)
from novacat_persistence.reference_impl.conditions import (
    Expr,
    Update,
    any_of,
    attribute_absent,
    equals,
)
from novacat_persistence.reference_impl.core import MAX_ROUNDS, Core, any_existing, validated
from novacat_persistence.reference_impl.logs import operation

_CREATION_FIELDS: Final = (
    "entity_type",
    "data_product_id",
    "nova_id",
    "product_type",
    "created_at",
    "snapshot_s3_keys",
)
"""Set by an ingestion only when it creates the table."""
_INGESTION_FIELDS: Final = (
    "s3_bucket",
    "s3_key",
    "last_ingestion_at",
    "last_ingestion_source",
    "table_schema_version",
)
"""Set by every ingestion."""


def empty_table(nova_id: UUID, now: datetime, **fields: object) -> PhotometryTable:
    """A nova's photometry table product created at ``now``, with ``fields`` set."""
    return validated(
        PhotometryTable,
        {
            "data_product_id": photometry_product_id(nova_id),
            "nova_id": nova_id,
            "created_at": now,
            "updated_at": now,
            **fields,
        },
    )


class PhotometryOps(Core):
    """IFC-030 photometry table operations."""

    @operation("DataProduct")
    def ensure_photometry_table(self, nova_id: UUID) -> Stored[PhotometryTable]:
        """See :meth:`PersistenceWrapper.ensure_photometry_table` (create-if-missing)."""
        return self._create(empty_table(nova_id, self._now()), replay=any_existing)

    @operation("DataProduct")
    def get_photometry_table(self, nova_id: UUID) -> PhotometryTable | None:
        """See :meth:`PersistenceWrapper.get_photometry_table`."""
        return self._read(PhotometryTableKey(nova_id), PhotometryTable)

    @operation("DataProduct")
    def record_photometry_ingestion(
        self,
        nova_id: UUID,
        ingestion: PhotometryIngestion,
        *,
        execution: ExecutionId | None = None,
    ) -> PhotometryTable:
        """See :meth:`PersistenceWrapper.record_photometry_ingestion`: the upsert (or the
        boundary update) in one transaction with the marker of ``execution``'s ingestion; a
        marker already there answers with the stored table, writing nothing."""
        me = execution_text(execution, operation="record_photometry_ingestion")
        now = self._now()
        version = ingestion.table_schema_version
        target = empty_table(
            nova_id,
            now,
            s3_bucket=ingestion.bucket,
            s3_key=photometry_key(nova_id),
            last_ingestion_at=ingestion.ingested_at or now,
            last_ingestion_source=ingestion.source,
            table_schema_version=version,
        )
        item = encode(target)
        key = PhotometryTableKey(nova_id)
        marker = self._marker(me, "record_photometry_ingestion", build(key), now)

        def ingest(update: Update) -> None:
            for name in _INGESTION_FIELDS:
                update.set_raw(name, item[name])
            update.add("ingestion_count", 1)

        def routine(expr: Expr, update: Update) -> str:
            ingest(update)
            for name in _CREATION_FIELDS:
                update.set_if_absent(name, item[name])
            return any_of(
                attribute_absent(expr, "table_schema_version"),
                equals(expr, "table_schema_version", version),
            )

        rounds = iter(range(2 * MAX_ROUNDS))

        def decide(stored: PhotometryTable, _retried: bool) -> PhotometryTable:
            if next(rounds, None) is None:
                raise TransactionConflictError("the table's schema version kept changing")
            old = stored.table_schema_version
            if old is None or old == version:  # a concurrent ingestion crossed the boundary
                return self._update_once(
                    key, PhotometryTable, now, routine, decide, marker=marker, upsert=True
                )
            snapshot = photometry_snapshot_key(nova_id, old)

            def boundary(expr: Expr, update: Update) -> str:
                ingest(update)
                update.set_map_entry_if_absent("snapshot_s3_keys", old, snapshot)
                return equals(expr, "table_schema_version", old)

            return self._update_once(key, PhotometryTable, now, boundary, decide, marker=marker)

        return self._update_once(
            key, PhotometryTable, now, routine, decide, marker=marker, upsert=True
        )
