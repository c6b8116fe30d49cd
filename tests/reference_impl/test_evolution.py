"""Rule 10: writes stamp the current version, never overwrite a newer one, upcast older ones."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest

from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import SpectraProduct, SpectraProductV1
from novacat_persistence.contracts.errors import StaleWriterError, UnreadableItemError
from novacat_persistence.contracts.keys import SpectraProductKey, build
from novacat_persistence.reference_impl import ReferenceWrapper

from .conftest import TABLE, make_nova, raw_item, spectra_key


def test_writes_stamp_the_current_version(wrapper: ReferenceWrapper, client: Any) -> None:
    key = spectra_key(wrapper, uuid4())
    stored = build(key)
    assert raw_item(client, stored.pk, stored.sk)["schema_version"] == {
        "S": SpectraProduct.SCHEMA_VERSION
    }


@pytest.mark.parametrize("newer", ["2.2.0", "3.0.0"])
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
        wrapper.record_retryable_failure(key, error_fingerprint="e")
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
    updated = wrapper.record_retryable_failure(key, error_fingerprint="e")
    assert updated.attempt_count_total == 4
    stored = raw_item(client, str(nova_id), build(key).sk)
    assert stored is not None
    assert stored["schema_version"] == {"S": SpectraProduct.SCHEMA_VERSION}
    assert "attempt_count" not in stored and "sha256" not in stored


def test_a_legacy_item_in_a_listing_is_named_with_what_to_do(
    wrapper: ReferenceWrapper, client: Any
) -> None:
    nova_id = uuid4()
    client.put_item(
        TableName=TABLE,
        Item={
            "PK": {"S": str(nova_id)},
            "SK": {"S": f"NOVAREF#{uuid4()}"},
            "entity_type": {"S": "NovaReference"},
            "schema_version": {"S": "1"},
            "nova_id": {"S": str(nova_id)},
            "reference_id": {"S": str(uuid4())},
            "role": {"S": "DISCOVERY"},
            "created_at": {"S": "2023-08-14T06:00:00Z"},
            "updated_at": {"S": "2023-08-14T06:00:00Z"},
        },
    )
    with pytest.raises(UnreadableItemError, match="LegacyNovaReference") as caught:
        wrapper.list_nova_references(nova_id)
    assert caught.value.hint is not None and "corpus replay" in caught.value.hint
