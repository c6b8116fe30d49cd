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
from uuid import UUID

from hypothesis import strategies as st

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
    StepDedupeKey,
    build,
    item_key,
)
from novacat_persistence.suites.harness.builders import photometry_row
from novacat_persistence.suites.model.calls import (
    MARKER,
    Vocabulary,
    any_job_run,
    any_nova,
    any_text,
    calls_of,
)
from novacat_persistence.suites.model.core import built, changed
from novacat_persistence.suites.model.photometry import PhotometryModel


class PhotometryRowsModel(PhotometryModel):
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
        table = self.get_photometry_table(nova_id)
        if self.store.get(StepDedupeKey(marker.dedupe_key, marker.step_kind), StepDedupe) is None:
            table = self.ensure_photometry_table(nova_id).item
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


def _rows(v: Vocabulary, _m: object) -> st.SearchStrategy[list[PhotometryRow]]:
    def make(nova_id: UUID, index: int, other: bool) -> PhotometryRow:
        fields = {"magnitude": Decimal("9.99")} if other else {}
        return photometry_row(nova_id, index, primary_name=f"{MARKER} V1", **fields)

    other = st.sampled_from([False] * 5 + [True])
    return st.lists(st.builds(make, v.nova_ids(), st.integers(0, 3), other), max_size=4)


CALLS: Final = (
    calls_of("put_photometry_rows", _rows),
    calls_of("list_photometry_rows", any_nova),
    calls_of("record_photometry_rows_ingested", any_nova, job_run_id=any_job_run, source=any_text),
)
"""How the state machine calls this area's operations."""
