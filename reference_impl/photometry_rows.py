"""Photometry rows: one item per measurement in the photometry table, written in batches, and
each ingestion run counted once on the nova's photometry table product.

Rows go out with BatchWriteItem (:mod:`.batches`). A batch cannot be conditional, so rows are
stored exactly as given (validated again, as every entity the wrapper writes; the wrapper's
clock is not read): a row's item is a function of the row, and its key of its deterministic
``row_id``, so any re-send rewrites the same item.

An ingestion run is counted in one transaction with a StepDedupe marker of the run
(``PHOTOMETRY_INGESTION``, dedupe key ``<nova_id>:<job_run_id>``): the marker is create-only,
so the count is added at most once per run. ``row_count`` is what the photometry table holds
for the nova, counted after the rows were stored, and only ever raised (a concurrent run's
older count never lowers it).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Final
from uuid import UUID

import orjson

from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import PhotometryRow, PhotometryTable, StepDedupe
from novacat_persistence.contracts.enums import StepKind
from novacat_persistence.contracts.errors import InputValidationError
from novacat_persistence.contracts.keys import (
    PHOTOMETRY_ROW_PREFIX,
    NovaKey,
    PhotometryTableKey,
    build,
)
from novacat_persistence.contracts.wire_form import Item
from novacat_persistence.reference_impl import batches
from novacat_persistence.reference_impl.conditions import (
    Expr,
    Update,
    any_of,
    attribute_absent,
    item_absent,
    version_guard,
)
from novacat_persistence.reference_impl.core import Core, validated
from novacat_persistence.reference_impl.gateway import Action
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.photometry import empty_table

_CREATION_FIELDS: Final = (
    "data_product_id",
    "nova_id",
    "product_type",
    "snapshot_s3_keys",
    "created_at",
)
"""Set by a counted ingestion only when it creates the photometry table product (every field
the product's item holds that the count does not set: the created item is the codec's)."""


class PhotometryRowOps(Core):
    """IFC-030 photometry row operations (the photometry table) and their ingestion count."""

    @operation("PhotometryRow")
    def put_photometry_rows(self, rows: Sequence[PhotometryRow]) -> int:
        """See :meth:`PersistenceWrapper.put_photometry_rows`."""
        items: dict[tuple[str, str], Item] = {}
        sizes: dict[tuple[str, str], int] = {}
        for row in rows:
            item = encode(validated(PhotometryRow, row.__dict__))  # as built, rules checked
            key = (item["PK"]["S"], item["SK"]["S"])
            known = items.setdefault(key, item)
            if known is not item:
                if known != item:
                    raise InputValidationError(
                        f"two rows with key {key[0]!r}/{key[1]!r} differ",
                        hint="a row's id derives from its measurement; drop the duplicate",
                    )
                continue
            sizes[key] = len(orjson.dumps(item))
        keys = list(items)
        chunks = batches.write_chunks([items[k] for k in keys], [sizes[k] for k in keys])
        batches.put_all(self._rows, chunks)
        return len(items)

    @operation("PhotometryRow")
    def list_photometry_rows(self, nova_id: UUID) -> list[PhotometryRow]:
        """See :meth:`PersistenceWrapper.list_photometry_rows`."""
        pk = build(NovaKey(nova_id)).pk
        return [
            self._as(PhotometryRow, item) for item in self._rows.query(pk, PHOTOMETRY_ROW_PREFIX)
        ]

    @operation("DataProduct")
    def record_photometry_rows_ingested(
        self, nova_id: UUID, *, job_run_id: UUID, source: str
    ) -> PhotometryTable:
        """See :meth:`PersistenceWrapper.record_photometry_rows_ingested`: count, then the
        marker and the count in one transaction, then ``row_count`` raised to the count."""
        now = self._now()
        table = empty_table(
            nova_id,
            now,
            last_ingestion_at=now,
            last_ingestion_source=source,
            photometry_schema_version=PhotometryRow.SCHEMA_VERSION,
        )
        marker = validated(
            StepDedupe,
            {
                "dedupe_key": f"{nova_id}:{job_run_id}",
                "step_kind": StepKind.PHOTOMETRY_INGESTION,
                "job_run_id": job_run_id,
                "result": {"source": source},
                "created_at": now,
                "updated_at": now,
            },
        )
        counted = self._rows.count(build(NovaKey(nova_id)).pk, PHOTOMETRY_ROW_PREFIX)
        key = PhotometryTableKey(nova_id)
        refusal = self._transact(lambda: [self._new(marker), self._counted(key, table, now)])
        # Applied, or refused by the marker alone (the run was counted before): either way
        # the run counts once. The row count is raised in both cases (a run that stopped after
        # its count was added comes back here).
        assert refusal is None or refusal.refused == {0}, "the count's condition cannot fail"

        def raise_count(expr: Expr, update: Update) -> str:
            update.set("row_count", counted)
            name = expr.n("row_count")
            return any_of(attribute_absent(expr, "row_count"), f"{name} < {expr.v(counted)}")

        return self._update(key, PhotometryTable, now, raise_count, lambda stored, _r: stored)

    def _counted(self, key: PhotometryTableKey, table: PhotometryTable, now: datetime) -> Action:
        """The update that counts one ingestion on the table (created when missing)."""
        item = encode(table)
        update = Update(Expr())
        for name in ("entity_type", *_CREATION_FIELDS):
            update.set_if_absent(name, item[name])
        for name in ("last_ingestion_at", "last_ingestion_source", "photometry_schema_version"):
            update.set_raw(name, item[name])
        update.set_raw("schema_version", item["schema_version"]).set("updated_at", now)
        update.add("ingestion_count", 1)
        expr = update.expr
        condition = any_of(item_absent(expr), version_guard(expr, PhotometryTable.ENTITY_TYPE))
        return self._db.update_action(
            build(key), update, condition, entity_type=PhotometryTable.ENTITY_TYPE
        )
