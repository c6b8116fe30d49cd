"""Suite 2, the photometry singleton: whatever the sequence of ensure and ingest calls, a nova
has exactly one photometry item (``PRODUCT#PHOTOMETRY_TABLE``), its ``ingestion_count``
equals the number of ingestions, the pointer is the canonical key, and a snapshot key is
recorded only when the table's schema version changes (concurrency: suite 5)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

from hypothesis import given
from hypothesis import strategies as st

from novacat_persistence.contracts.bucket_layout import photometry_key, photometry_snapshot_key
from novacat_persistence.contracts.clock import ManualClock
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.operations import PhotometryIngestion
from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.suites.harness.builders import PROPERTY_SETTINGS

BUCKET = "novacat-private"


def _photometry_items(raw: RawView, nova_id: UUID) -> list[dict[str, Any]]:
    return [
        i
        for i in raw.partition(str(nova_id))
        if i["SK"]["S"].startswith("PRODUCT#")
        and i.get("product_type", {}).get("S") == "PHOTOMETRY_TABLE"
    ]


def _ingestion(version: str) -> PhotometryIngestion:
    return PhotometryIngestion(source="aavso", bucket=BUCKET, table_schema_version=version)


def test_ensure_twice_returns_the_one_table(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """A second ensure creates nothing and returns the same table; one item at
    PRODUCT#PHOTOMETRY_TABLE."""
    nova_id = uuid4()
    first = wrapper.ensure_photometry_table(nova_id)
    second = wrapper.ensure_photometry_table(nova_id)
    assert first.created and not second.created
    assert second.item.data_product_id == first.item.data_product_id
    items = _photometry_items(raw, nova_id)
    assert [i["SK"]["S"] for i in items] == ["PRODUCT#PHOTOMETRY_TABLE"]


def test_routine_ingestion_points_at_the_canonical_key(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """Routine ingestions count exactly, point at the canonical key and never record a snapshot."""
    nova_id = uuid4()
    table = wrapper.record_photometry_ingestion(nova_id, _ingestion("1.0.0"), execution=uuid4())
    table = wrapper.record_photometry_ingestion(nova_id, _ingestion("1.0.0"), execution=uuid4())
    assert table.ingestion_count == 2
    assert table.s3_key == photometry_key(nova_id)
    assert table.s3_bucket == BUCKET
    assert not table.snapshot_s3_keys, "routine ingestions never snapshot"
    assert len(_photometry_items(raw, nova_id)) == 1


operations = st.lists(
    st.one_of(st.just("ensure"), st.sampled_from(["1.0.0", "1.0.0", "1.1.0", "2.0.0"])),
    min_size=1,
    max_size=10,
)


@given(sequence=operations)
@PROPERTY_SETTINGS
def test_any_sequence_leaves_one_item_and_exact_counters(
    wrapper: PersistenceWrapper, raw: RawView, clock: ManualClock, sequence: list[str]
) -> None:
    """Any sequence of ensure and ingest calls leaves one item whose counter, version and snapshot
    keys match the model."""
    nova_id = uuid4()
    ingested = 0
    current: str | None = None
    snapshots: dict[str, str] = {}
    for step in sequence:
        clock.advance(timedelta(seconds=1))
        if step == "ensure":
            wrapper.ensure_photometry_table(nova_id)
            continue
        if current is not None and step != current:
            snapshots.setdefault(current, photometry_snapshot_key(nova_id, current))
        current = step
        ingested += 1
        wrapper.record_photometry_ingestion(nova_id, _ingestion(step), execution=uuid4())
    items = _photometry_items(raw, nova_id)
    assert len(items) == 1 and items[0]["SK"]["S"] == "PRODUCT#PHOTOMETRY_TABLE"
    table = wrapper.get_photometry_table(nova_id)
    assert table is not None
    assert table.ingestion_count == ingested
    assert table.table_schema_version == current
    assert dict(table.snapshot_s3_keys or {}) == snapshots
