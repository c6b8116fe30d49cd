"""Deterministic ids, idempotency keys and the S3 layout rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from novacat_persistence.contracts import bucket_layout as layout
from novacat_persistence.contracts import deterministic_ids as ids
from novacat_persistence.contracts.errors import InputValidationError, PointerLayoutError
from novacat_persistence.contracts.operations import BackoffPolicy

NOVA = UUID("4f5c3a9e-2b1d-4c8e-9f0a-1b2c3d4e5f60")
PRODUCT = UUID("0b8e6f1a-3c2d-4e5f-8a9b-0c1d2e3f4a5b")


def test_spectra_ids_are_deterministic_and_distinct() -> None:
    a = ids.spectra_product_id("ESO", ids.locator_identity(provider_product_id="ADP.1"))
    assert a == ids.spectra_product_id("ESO", "provider_product_id:ADP.1")
    assert a.version == 5
    assert a != ids.spectra_product_id("MAST", "provider_product_id:ADP.1")
    assert a != ids.spectra_product_id("ESO", "provider_product_id:ADP.2")


def test_minting_refuses_malformed_text_with_a_typed_error() -> None:
    with pytest.raises(InputValidationError, match="surrogate"):
        ids.spectra_product_id("ESO", "provider_product_id:bad\udc80")


def test_namespace_is_pinned() -> None:
    # Changing the namespace would re-mint every stored id: this value must never change.
    assert str(ids.DATA_PRODUCT_NAMESPACE) == "6f1c0c1e-5a4b-5d2e-9a57-4e6f76616361"
    assert str(ids.spectra_product_id("ESO", "provider_product_id:ADP.1")) == str(
        __import__("uuid").uuid5(ids.DATA_PRODUCT_NAMESPACE, "ESO|provider_product_id:ADP.1")
    )


def test_locator_identity_prefers_provider_product_id_and_normalizes_urls() -> None:
    assert (
        ids.locator_identity(provider_product_id="X", url="https://a.org/")
        == "provider_product_id:X"
    )
    assert (
        ids.locator_identity(url="HTTPS://Archive.ESO.org:443/x?a=1#f")
        == "url:https://archive.eso.org/x?a=1#f"
    )
    assert ids.locator_identity(url="http://a.org:8080") == "url:http://a.org:8080/"
    with pytest.raises(InputValidationError):
        ids.locator_identity()
    with pytest.raises(InputValidationError, match="absolute"):
        ids.locator_identity(url="/relative/path")


def test_composite_and_photometry_ids() -> None:
    a, b = uuid4(), uuid4()
    assert ids.composite_id([a, b]) == ids.composite_id([b, a])
    assert ids.composite_id([a]) != ids.composite_id([a, b])
    with pytest.raises(InputValidationError):
        ids.composite_id([])
    assert ids.photometry_product_id(NOVA) == ids.photometry_product_id(NOVA)
    assert ids.photometry_product_id(NOVA) != ids.photometry_product_id(uuid4())


def test_idempotency_keys_and_hour_buckets() -> None:
    bucket = ids.hour_bucket(datetime(2025, 3, 1, 12, 59, 59, tzinfo=UTC))
    assert bucket == "2025-03-01T12"
    assert ids.workflow_idempotency_key("initialize_nova", "v1500 cyg", "1.0.0", bucket) == (
        "initialize_nova:v1500 cyg:1.0.0:2025-03-01T12"
    )
    with pytest.raises(InputValidationError, match="primary_id"):
        ids.workflow_idempotency_key("wf", "a:b", "1.0.0", bucket)
    with pytest.raises(InputValidationError, match="workflow_name"):
        ids.workflow_idempotency_key("", "a", "1.0.0", bucket)


def test_layout_keys() -> None:
    assert layout.raw_spectra_key(NOVA, PRODUCT) == f"raw/spectra/{NOVA}/{PRODUCT}/primary.fits"
    assert layout.photometry_key(NOVA) == f"derived/photometry/{NOVA}/photometry_table.parquet"
    assert layout.photometry_snapshot_key(NOVA, "1.2.0") == (
        f"derived/photometry/{NOVA}/snapshots/schema=1.2.0/photometry_table.parquet"
    )
    with pytest.raises(PointerLayoutError):
        layout.photometry_snapshot_key(NOVA, "../../x")


def test_raw_keys_of_other_novae_or_products_are_refused() -> None:
    layout.check_raw_spectra_key(layout.raw_spectra_key(NOVA, PRODUCT), NOVA, PRODUCT)
    with pytest.raises(PointerLayoutError, match="does not belong"):
        layout.check_raw_spectra_key(layout.raw_spectra_key(uuid4(), PRODUCT), NOVA, PRODUCT)
    with pytest.raises(PointerLayoutError):
        layout.check_raw_spectra_key(layout.raw_spectra_key(NOVA, uuid4()), NOVA, PRODUCT)


def test_quarantine_keys_live_under_the_product_prefix() -> None:
    prefix = layout.quarantine_prefix(NOVA, PRODUCT)
    layout.check_quarantine_key(prefix + "2025-03-01T12:00:00Z/header.json", NOVA, PRODUCT)
    for bad in (
        prefix,
        prefix + "file.json",
        layout.quarantine_prefix(uuid4(), PRODUCT) + "t/x",
    ):
        with pytest.raises(PointerLayoutError):
            layout.check_quarantine_key(bad, NOVA, PRODUCT)


def test_backoff_is_capped_exponential_and_per_provider() -> None:
    policy = BackoffPolicy(
        base=timedelta(minutes=5),
        cap=timedelta(hours=1),
        per_provider={"MAST": (timedelta(minutes=1), timedelta(minutes=4))},
    )
    assert [policy.delay("ESO", n) for n in (1, 2, 3, 4, 5)] == [
        timedelta(minutes=m) for m in (5, 10, 20, 40, 60)
    ]
    assert policy.delay("ESO", 10_000) == timedelta(hours=1)
    assert BackoffPolicy().delay("ESO", 39) == BackoffPolicy().cap
    assert BackoffPolicy().delay("ESO", 2**40) == BackoffPolicy().cap
    assert [policy.delay("MAST", n) for n in (1, 2, 3, 4)] == [
        timedelta(minutes=m) for m in (1, 2, 4, 4)
    ]
