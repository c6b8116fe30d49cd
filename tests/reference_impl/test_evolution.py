"""Rule 10: writes stamp the current version, never overwrite a newer one, upcast older ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from novacat_persistence.contracts.codec.items import decode, encode
from novacat_persistence.contracts.entities import (
    LegacyJobRun,
    LegacyNovaReference,
    NovaReference,
    SpectraProduct,
    SpectraProductV1,
)
from novacat_persistence.contracts.errors import StaleWriterError, UnreadableItemError
from novacat_persistence.contracts.keys import JobRunKey, SpectraProductKey, build
from novacat_persistence.contracts.operations import Listing, skipped_of
from novacat_persistence.reference_impl import LOGGER_NAME, ReferenceWrapper

from .conftest import TABLE, make_nova, raw_item, spectra_key

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "items"


def test_writes_stamp_the_current_version(wrapper: ReferenceWrapper, client: Any) -> None:
    key = spectra_key(wrapper, uuid4())
    stored = build(key)
    assert raw_item(client, stored.pk, stored.sk)["schema_version"] == {
        "S": SpectraProduct.SCHEMA_VERSION
    }


@pytest.mark.parametrize("newer", ["2.3.0", "3.0.0"])
def test_a_newer_stored_version_is_never_overwritten(
    wrapper: ReferenceWrapper, client: Any, newer: str
) -> None:
    key = spectra_key(wrapper, uuid4())
    stored = build(key)
    item = raw_item(client, stored.pk, stored.sk)
    assert item is not None
    item["schema_version"] = {"S": newer}
    item["future_field"] = {"S": "kept"}
    client.put_item(TableName=TABLE, Item=item)
    with pytest.raises(StaleWriterError):
        wrapper.record_retryable_failure(key, error_fingerprint="e", execution=uuid4())
    assert raw_item(client, stored.pk, stored.sk) == item


def test_stale_writer_on_a_nova_changes_nothing(wrapper: ReferenceWrapper, client: Any) -> None:
    nova = make_nova()
    wrapper.create_nova(nova)
    item = raw_item(client, str(nova.nova_id), "NOVA")
    assert item is not None
    item["schema_version"] = {"S": "1.2.0"}
    client.put_item(TableName=TABLE, Item=item)
    with pytest.raises(StaleWriterError):
        wrapper.set_discovery_date(nova.nova_id, "1975-08-29", expected=None)
    assert raw_item(client, str(nova.nova_id), "NOVA") == item


def test_an_older_item_is_read_upcast_and_carried_forward_by_a_write(
    wrapper: ReferenceWrapper, client: Any
) -> None:
    nova_id, product_id = uuid4(), uuid4()
    old = SpectraProductV1(
        nova_id=nova_id,
        data_product_id=product_id,
        provider="ESO",
        locator_identity="provider_product_id:OLD",
        attempt_count=3,
        sha256="a" * 64,
    )
    item = encode(old)
    item["schema_version"] = {"S": "1"}
    client.put_item(TableName=TABLE, Item=item)
    key = SpectraProductKey(nova_id, "ESO", product_id)
    read = wrapper.get_spectra_product(key)
    assert read is not None and read.attempt_count_total == 3
    assert read.content_fingerprint == "a" * 64
    updated = wrapper.record_retryable_failure(key, error_fingerprint="e", execution=uuid4())
    assert updated.attempt_count_total == 4
    stored = raw_item(client, str(nova_id), build(key).sk)
    assert stored is not None
    assert stored["schema_version"] == {"S": SpectraProduct.SCHEMA_VERSION}
    assert "attempt_count" not in stored and "sha256" not in stored


def _legacy_link(client: Any, nova_id: Any) -> str:
    sk = f"NOVAREF#{uuid4()}"
    client.put_item(
        TableName=TABLE,
        Item={
            "PK": {"S": str(nova_id)},
            "SK": {"S": sk},
            "entity_type": {"S": "NovaReference"},
            "schema_version": {"S": "1"},
            "nova_id": {"S": str(nova_id)},
            "reference_id": {"S": str(uuid4())},
            "role": {"S": "DISCOVERY"},
            "created_at": {"S": "2023-08-14T06:00:00Z"},
            "updated_at": {"S": "2023-08-14T06:00:00Z"},
        },
    )
    return sk


def test_a_listing_reports_a_legacy_item_and_logs_it_as_a_warning(
    wrapper: ReferenceWrapper, client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    nova_id = uuid4()
    sk = _legacy_link(client, nova_id)
    link = NovaReference(nova_id=nova_id, bibcode="2013ApJ...779..118S", role="DISCOVERY")
    wrapper.link_nova_reference(link)
    caplog.set_level("INFO", logger=LOGGER_NAME)

    found = wrapper.list_nova_references(nova_id)

    assert [f.bibcode for f in found] == [link.bibcode]
    assert isinstance(found, Listing)
    assert [(s.pk, s.sk, s.era) for s in found.skipped] == [
        (str(nova_id), sk, "1.0.0+reference-id-sk")
    ]
    assert isinstance(found.skipped[0].reading, LegacyNovaReference)
    assert "LegacyNovaReference" in found.skipped[0].reason
    (record,) = [r for r in caplog.records if r.name == LOGGER_NAME]
    assert record.levelname == "WARNING"
    assert record.persistence["outcome"] == "ok"
    assert record.persistence["skipped"] == [
        {"pk": str(nova_id), "sk": sk, "era": "1.0.0+reference-id-sk"}
    ]


def test_a_listing_without_old_items_skips_nothing_and_logs_as_before(
    wrapper: ReferenceWrapper, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("INFO", logger=LOGGER_NAME)
    found = wrapper.list_nova_references(uuid4())
    assert found == [] and skipped_of(found) == ()
    (record,) = [r for r in caplog.records if r.name == LOGGER_NAME]
    assert record.levelname == "INFO" and "skipped" not in record.persistence


def test_a_key_read_of_a_legacy_item_is_named_with_what_to_do(
    wrapper: ReferenceWrapper, client: Any
) -> None:
    item = json.loads(
        (CORPUS / "job_run" / "1.0.0+no-correlation-id.jsonl").read_text().splitlines()[0]
    )["Item"]
    client.put_item(TableName=TABLE, Item=item)
    run = decode(item)
    assert isinstance(run, LegacyJobRun)
    key = JobRunKey(run.workflow_name, run.started_at, run.job_run_id, run.nova_id)
    with pytest.raises(UnreadableItemError, match="LegacyJobRun") as caught:
        wrapper.get_job_run(key)
    assert caught.value.hint is not None and "migrate" in caught.value.hint
