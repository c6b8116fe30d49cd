"""The model of photometry rows (IFC-030 1.1.0): one item per measurement in the photometry
table beside the main one, and each ingestion run counted once on the nova's photometry table
product.

A row is stored exactly as given (its key is its deterministic ``row_id``; the clock is not
read), so sending rows again rewrites the same items. An ingestion run stores its StepDedupe
marker (``PHOTOMETRY_INGESTION``, dedupe key ``<nova_id>:<job_run_id>``) with its count; a run
finding its marker counts nothing. Either way ``row_count`` is raised to the rows the
photometry table holds for the nova, never lowered; done by a run found counted, that write is
stamped with the instant its marker records.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Final
from uuid import UUID

from hypothesis import strategies as st

from novacat_persistence.contracts.deterministic_ids import photometry_product_id
from novacat_persistence.contracts.entities import PhotometryRow, PhotometryTable, StepDedupe
from novacat_persistence.contracts.enums import StepKind
from novacat_persistence.contracts.errors import InputValidationError
from novacat_persistence.contracts.keys import (
    PHOTOMETRY_ROW_PREFIX,
    NovaKey,
    PhotometryTableKey,
    build,
    key_of,
)
from novacat_persistence.suites.harness.builders import photometry_row
from novacat_persistence.suites.model.calls import Vocabulary, any_job_run, any_nova, calls_of
from novacat_persistence.suites.model.core import ModelCore, built, changed


class PhotometryRowsModel(ModelCore):
    """Rows in the photometry table, and the ingestion runs counted on the table product."""

    def put_photometry_rows(self, rows: Sequence[PhotometryRow]) -> int:
        """Every row as given; two rows of one key must be the same row."""
        if isinstance(rows, (str, bytes)) or not all(isinstance(r, PhotometryRow) for r in rows):
            raise InputValidationError("rows must be a sequence of PhotometryRow")
        distinct: dict[object, PhotometryRow] = {}
        for row in rows:
            checked = built(PhotometryRow, row.__dict__)
            known = distinct.setdefault(build(key_of(checked)), checked)
            if known != checked:
                raise InputValidationError("two rows of one key differ")
        for row in distinct.values():
            self.photometry.put(row)
        return len(distinct)

    def list_photometry_rows(self, nova_id: UUID) -> list[PhotometryRow]:
        """A nova's rows, by row_id."""
        found = self.photometry.partition(build(NovaKey(nova_id)).pk, PHOTOMETRY_ROW_PREFIX)
        return [row for row in found if isinstance(row, PhotometryRow)]

    def record_photometry_rows_ingested(
        self, nova_id: UUID, *, job_run_id: UUID, source: str
    ) -> PhotometryTable:
        """One more ingestion, once per run; ``row_count`` raised to the rows stored."""
        now = self.now()
        fresh = built(
            PhotometryTable,
            {
                "data_product_id": photometry_product_id(nova_id),
                "nova_id": nova_id,
                "created_at": now,
                "updated_at": now,
                "last_ingestion_at": now,
                "last_ingestion_source": source,
                "photometry_schema_version": PhotometryRow.SCHEMA_VERSION,
            },
        )
        marker = built(
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
        rows = len(self.list_photometry_rows(nova_id))
        counted = self.store.get(key_of(marker), StepDedupe)
        key = PhotometryTableKey(nova_id)
        if counted is None:
            self.store.put(marker)
            self.store.put(self._counted(self.store.get(key, PhotometryTable), fresh, now))
        at = now if counted is None else counted.created_at
        table = self.store.get(key, PhotometryTable)
        assert table is not None, "a counted run's table exists"
        if table.row_count is None or table.row_count < rows:
            table = changed(table, at, row_count=rows)
            self.store.put(table)
        return table

    @staticmethod
    def _counted(
        stored: PhotometryTable | None, fresh: PhotometryTable, now: datetime
    ) -> PhotometryTable:
        """The table with one more ingestion (``fresh`` itself, counted, when none is
        stored)."""
        table = fresh if stored is None else stored
        return changed(
            table,
            now,
            ingestion_count=table.ingestion_count + 1,
            last_ingestion_at=fresh.last_ingestion_at,
            last_ingestion_source=fresh.last_ingestion_source,
            photometry_schema_version=fresh.photometry_schema_version,
        )


# --- calls ---------------------------------------------------------------------------------


def _rows(v: Vocabulary, _m: object) -> st.SearchStrategy[list[PhotometryRow]]:
    one = st.builds(
        lambda nova_id, index, magnitude: photometry_row(nova_id, index, magnitude=magnitude),
        v.nova_ids(),
        st.integers(0, 2),
        st.sampled_from([Decimal("7.46"), Decimal("7.5")]),
    )
    return st.lists(one, max_size=4)


def _sources(_v: Vocabulary, _m: object) -> st.SearchStrategy[str]:
    return st.sampled_from(["ticket_ingestion", "aavso"])


CALLS: Final = (
    calls_of("put_photometry_rows", _rows),
    calls_of("list_photometry_rows", any_nova),
    calls_of("record_photometry_rows_ingested", any_nova, job_run_id=any_job_run, source=_sources),
)
"""How the state machine calls this area's operations."""
