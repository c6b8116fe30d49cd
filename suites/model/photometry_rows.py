"""The model of photometry rows: one PhotometryRow per measurement in the photometry table
beside the main table (``store.photometry``: PK ``<nova_id>``, SK ``PHOT#<row_id>``), stored
exactly as given (a row's item is a function of the row alone: the clock is not read), and each
ingestion run counted once on the nova's photometry table product, in the main table.

Readings where the interface is silent: rows are validated again as a PhotometryRow (an
EntityValidationError before anything is stored); a run's PHOTOMETRY_INGESTION marker is the
StepDedupe of dedupe key ``<nova_id>:<job_run_id>`` (the key the suite checks), its result the
source; a counted run records ``photometry_schema_version`` (the PhotometryRow version the rows
have); ``row_count`` is raised to the rows counted (also by a repeat, when rows were added
since) and set when the product has none, else left; a repeat that raises nothing writes
nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Final
from uuid import UUID, uuid5

from hypothesis import strategies as st

from novacat_persistence.contracts.clock import EPOCH
from novacat_persistence.contracts.deterministic_ids import photometry_product_id
from novacat_persistence.contracts.entities import (
    PhotometryRow,
    PhotometryTable,
    StepDedupe,
)
from novacat_persistence.contracts.enums import StepKind
from novacat_persistence.contracts.errors import InputValidationError
from novacat_persistence.contracts.keys import (
    PHOTOMETRY_ROW_PREFIX,
    NovaKey,
    PhotometryTableKey,
    StepDedupeKey,
    build,
    item_key,
)
from novacat_persistence.suites.model.calls import (
    MARKER,
    Vocabulary,
    any_job_run,
    any_nova,
    any_text,
    calls_of,
)
from novacat_persistence.suites.model.core import ModelCore, built, changed


class PhotometryRowsModel(ModelCore):
    """The photometry table's rows and the ingestion runs counted on the product."""

    def put_photometry_rows(self, rows: Sequence[PhotometryRow]) -> int:
        """Every distinct row, stored as given; how many."""
        if isinstance(rows, (str, bytes)) or not all(isinstance(r, PhotometryRow) for r in rows):
            raise InputValidationError("rows are a sequence of PhotometryRow")
        distinct: dict[Any, PhotometryRow] = {}
        for row in rows:
            checked = built(PhotometryRow, row.__dict__)
            known = distinct.setdefault(item_key(checked), checked)
            if known != checked:
                raise InputValidationError("two rows of one key differ")
        for row in distinct.values():
            self.store.photometry.put(row)
        return len(distinct)

    def list_photometry_rows(self, nova_id: UUID) -> list[PhotometryRow]:
        """A nova's rows, by row id."""
        pk = build(NovaKey(nova_id)).pk
        found = self.store.photometry.partition(pk, PHOTOMETRY_ROW_PREFIX)
        return [r for r in found if isinstance(r, PhotometryRow)]

    def record_photometry_rows_ingested(
        self, nova_id: UUID, *, job_run_id: UUID, source: str
    ) -> PhotometryTable:
        """The run counted once, the rows counted and never lowered."""
        now = self.now()
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
        counted = len(self.list_photometry_rows(nova_id))
        key = PhotometryTableKey(nova_id)
        table = self.store.get(key, PhotometryTable)
        if self.store.get(StepDedupeKey(marker.dedupe_key, marker.step_kind), StepDedupe) is None:
            if table is None:
                table = built(
                    PhotometryTable,
                    {
                        "data_product_id": photometry_product_id(nova_id),
                        "nova_id": nova_id,
                        "created_at": now,
                        "updated_at": now,
                    },
                )
            table = changed(
                table,
                now,
                ingestion_count=table.ingestion_count + 1,
                last_ingestion_at=now,
                last_ingestion_source=source,
                photometry_schema_version=PhotometryRow.SCHEMA_VERSION,
            )
            self.store.put(marker)
            self.store.put(table)
        assert table is not None, "a run's marker without its nova's photometry table"
        if table.row_count is None or table.row_count < counted:
            table = changed(table, now, row_count=counted)
            self.store.put(table)
        return table


# --- calls ---------------------------------------------------------------------------------


def row(nova_id: UUID, index: int, magnitude: Decimal | None = None) -> PhotometryRow:
    """The ``index``-th V magnitude of a nova (the same arguments give the same row)."""
    return PhotometryRow(
        nova_id=nova_id,
        row_id=uuid5(nova_id, f"row-{index}"),
        primary_name=f"{MARKER} V1",
        ra_deg=Decimal("270.123"),
        dec_deg=Decimal("-23.456"),
        time_mjd=Decimal("60000.25") + index,
        band_id="Generic_V",
        regime="optical",
        spectral_coord_type="wavelength",
        spectral_coord_unit="Angstrom",
        magnitude=magnitude if magnitude is not None else Decimal("7.46") + Decimal(index) / 100,
        band_resolution_type="canonical",
        band_resolution_confidence="high",
        data_origin="literature",
        ingested_at=EPOCH,
        ingestion_source="ticket_ingestion",
        created_at=EPOCH,
        updated_at=EPOCH,
    )


def _rows(v: Vocabulary, _m: object) -> st.SearchStrategy[list[PhotometryRow]]:
    one = st.builds(
        row,
        v.nova_ids(),
        st.integers(0, 3),
        st.sampled_from([None, None, None, None, None, Decimal("9.99")]),
    )
    return st.lists(one, max_size=4)


CALLS: Final = (
    calls_of("put_photometry_rows", _rows),
    calls_of("list_photometry_rows", any_nova),
    calls_of("record_photometry_rows_ingested", any_nova, job_run_id=any_job_run, source=any_text),
)
"""How the state machine calls this area's operations."""
