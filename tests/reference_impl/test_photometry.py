"""Rule 4: the photometry table singleton, its ingestion counter and snapshot boundary."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from novacat_persistence.contracts.bucket_layout import photometry_key, photometry_snapshot_key
from novacat_persistence.contracts.operations import PhotometryIngestion
from novacat_persistence.reference_impl import ReferenceWrapper

from .conftest import BUCKET, TABLE, race


def ingestion(version: str = "1.0.0", source: str = "AAVSO") -> PhotometryIngestion:
    return PhotometryIngestion(source=source, bucket=BUCKET, table_schema_version=version)


def test_ensure_creates_one_item_under_concurrency(wrapper: ReferenceWrapper, client: Any) -> None:
    nova_id = uuid4()
    results = race(16, lambda _i: wrapper.ensure_photometry_table(nova_id))
    assert sum(r.created for r in results) == 1
    assert len({r.item.data_product_id for r in results}) == 1
    items = client.query(
        TableName=TABLE,
        KeyConditionExpression="PK = :p AND begins_with(SK, :s)",
        ExpressionAttributeValues={":p": {"S": str(nova_id)}, ":s": {"S": "PRODUCT#"}},
    )["Items"]
    assert [i["SK"]["S"] for i in items] == ["PRODUCT#PHOTOMETRY_TABLE"]


def test_concurrent_ingestions_are_all_counted_at_the_canonical_key(
    wrapper: ReferenceWrapper,
) -> None:
    nova_id = uuid4()
    wrapper.ensure_photometry_table(nova_id)
    race(
        16,
        lambda i: wrapper.record_photometry_ingestion(
            nova_id, ingestion(source=f"s{i}"), execution=f"run-{i}"
        ),
    )
    table = wrapper.get_photometry_table(nova_id)
    assert table is not None
    assert table.ingestion_count == 16
    assert table.s3_key == photometry_key(nova_id)
    assert table.snapshot_s3_keys == {}


def test_ingestion_creates_a_missing_table(wrapper: ReferenceWrapper) -> None:
    nova_id = uuid4()
    table = wrapper.record_photometry_ingestion(nova_id, ingestion(), execution=uuid4())
    assert table.ingestion_count == 1 and table.last_ingestion_source == "AAVSO"
    assert wrapper.ensure_photometry_table(nova_id).item == table


def test_schema_change_records_the_old_snapshot_exactly_once(wrapper: ReferenceWrapper) -> None:
    nova_id = uuid4()
    wrapper.record_photometry_ingestion(nova_id, ingestion("1.0.0"), execution=uuid4())
    race(
        16,
        lambda i: wrapper.record_photometry_ingestion(
            nova_id, ingestion("2.0.0", f"s{i}"), execution=f"run-{i}"
        ),
    )
    table = wrapper.get_photometry_table(nova_id)
    assert table is not None
    assert table.ingestion_count == 17
    assert table.table_schema_version == "2.0.0"
    assert table.snapshot_s3_keys == {"1.0.0": photometry_snapshot_key(nova_id, "1.0.0")}
    wrapper.record_photometry_ingestion(nova_id, ingestion("2.0.0"), execution=uuid4())
    again = wrapper.get_photometry_table(nova_id)
    assert again is not None and again.snapshot_s3_keys == table.snapshot_s3_keys
