"""Suite 10, pointer rules: S3 keys are checked against the bucket layout before any request
(PointerLayoutError), the raw pointer of a VALID product is immutable (PointerImmutableError,
nothing written), the photometry pointer is the canonical key; optionally
(``pointer_audit``), recorded pointers are audited against S3."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import boto3
import pytest

from novacat_persistence.contracts.bucket_layout import photometry_key, raw_spectra_key
from novacat_persistence.contracts.entities import FileObject
from novacat_persistence.contracts.enums import FileRole, ValidationStatus
from novacat_persistence.contracts.eras import era_item
from novacat_persistence.contracts.errors import (
    InputValidationError,
    PointerImmutableError,
    PointerLayoutError,
)
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.operations import RawObject, ValidationOutcome
from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.suites.harness.builders import key_of, registration
from novacat_persistence.suites.harness.fixtures import WrapperMaker
from novacat_persistence.suites.harness.interception import RequestInterceptor
from novacat_persistence.suites.harness.session import Conformance

BUCKET = "novacat-private"
SHA = "0f" * 32


def _product(wrapper: PersistenceWrapper) -> Any:
    return wrapper.register_spectra_product(registration(uuid4(), str(uuid4()))).item


def _raw(product: Any, *, size: int = 10, etag: str = "e1") -> RawObject:
    return RawObject(
        BUCKET, raw_spectra_key(product.nova_id, product.data_product_id), size, etag, SHA
    )


def test_a_raw_key_outside_the_layout_is_refused_before_any_request(
    wrapper: PersistenceWrapper, interceptor: RequestInterceptor
) -> None:
    """A raw key outside the layout raises PointerLayoutError before any request."""
    product = _product(wrapper)
    other = _product(wrapper)
    before = interceptor.count()
    for key in (
        raw_spectra_key(other.nova_id, other.data_product_id),
        f"raw/spectra/{product.nova_id}/{product.data_product_id}/other.fits",
        "",
    ):
        with pytest.raises(PointerLayoutError):
            wrapper.record_raw_acquisition(key_of(product), RawObject(BUCKET, key, 1, "e", SHA))
    assert interceptor.count() == before


def test_the_raw_pointer_is_immutable_once_valid(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """Once VALID, a new raw pointer raises PointerImmutableError and changes nothing; the same
    pointer again is a no-op."""
    product = _product(wrapper)
    key = key_of(product)
    wrapper.record_raw_acquisition(key, _raw(product))
    wrapper.record_raw_acquisition(key, _raw(product, size=11, etag="e2"))  # not yet validated
    wrapper.record_validation_result(
        key, ValidationOutcome(ValidationStatus.VALID, SHA), execution=uuid4()
    )
    stored = raw.get(str(product.nova_id), f"PRODUCT#SPECTRA#ESO#{product.data_product_id}")
    with pytest.raises(PointerImmutableError):
        wrapper.record_raw_acquisition(key, _raw(product, size=12, etag="e3"))
    assert raw.get(str(product.nova_id), f"PRODUCT#SPECTRA#ESO#{product.data_product_id}") == stored
    again = wrapper.record_raw_acquisition(key, _raw(product, size=11, etag="e2"))
    assert (again.byte_length, again.etag) == (11, "e2"), "the same pointer again is a no-op"


def _audited(make_wrapper: WrapperMaker, conformance: Conformance) -> tuple[Any, Any]:
    """A wrapper with an S3 client, and that client's bucket made (the audit needs S3: on a
    backend that serves none, the test is skipped)."""
    if not conformance.backend.serves_s3:
        pytest.skip("the pointer audit needs S3: run it on the moto backend")
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket=BUCKET)
    return make_wrapper(s3_client=s3), s3


@pytest.mark.conformance_capability("pointer_audit")
def test_recorded_pointers_are_audited_against_s3(
    make_wrapper: WrapperMaker, conformance: Conformance
) -> None:
    """audit_pointers finds a matching object and reports a deleted one DANGLING (capability
    pointer_audit)."""
    wrapper, s3 = _audited(make_wrapper, conformance)
    product = _product(wrapper)
    body = b"SIMPLE  =                    T"
    key = raw_spectra_key(product.nova_id, product.data_product_id)
    etag = s3.put_object(Bucket=BUCKET, Key=key, Body=body)["ETag"].strip('"')
    sha = hashlib.sha256(body).hexdigest()
    wrapper.record_raw_acquisition(key_of(product), RawObject(BUCKET, key, len(body), etag, sha))
    assert wrapper.audit_pointers(nova_id=product.nova_id).ok
    s3.delete_object(Bucket=BUCKET, Key=key)
    report = wrapper.audit_pointers(nova_id=product.nova_id)
    assert not report.ok and report.findings[0].problem.value == "DANGLING"


@pytest.mark.conformance_capability("pointer_audit")
def test_every_stored_pointer_is_audited_under_the_key_it_is_stored_under(
    make_wrapper: WrapperMaker, conformance: Conformance, raw: RawView
) -> None:
    """The audit reads FileObjects as the services stored them too: an item of the
    product-scoped era (read as FileObject when it records a ``file_id``, else as
    LegacyFileObject) is checked against S3, and a finding names the key the item is stored
    under (not the key its fields would give today); a FileObject that cannot be read is an
    UNREADABLE finding under its stored key, its recorded bucket and key named (capability
    pointer_audit)."""
    wrapper, s3 = _audited(make_wrapper, conformance)
    nova_id = uuid4()
    now = datetime(2024, 1, 1, tzinfo=UTC)
    old = FileObject(
        file_id=uuid4(),
        role=FileRole.PHOTOMETRY_TABLE,
        nova_id=nova_id,
        data_product_id=uuid4(),
        bucket=BUCKET,
        key=photometry_key(nova_id),
        created_by="ingest_photometry:old-run",
        created_at=now,
        updated_at=now,
    )
    with_id = era_item(old, "product-type-sk")
    legacy = {n: v for n, v in era_item(old, "product-type-sk").items() if n != "file_id"}
    legacy["SK"] = {"S": with_id["SK"]["S"].replace("photometry_table", "legacy")}
    legacy["key"] = {"S": f"derived/photometry/{nova_id}/legacy.parquet"}
    broken = {**with_id, "SK": {"S": f"FILE#SPECTRA#{uuid4()}#SPECTRA_PLOT#x.png"}}
    broken["role"] = {"S": "NOT_A_ROLE"}
    for item in (with_id, legacy, broken):
        raw.put(item)
    keys = {
        name: (item["PK"]["S"], item["SK"]["S"])
        for name, item in (("with_id", with_id), ("legacy", legacy), ("broken", broken))
    }

    report = wrapper.audit_pointers(nova_id=nova_id)

    assert report.checked == 2  # the two readable items' pointers; the broken one unchecked
    found = {((f.pk, f.sk), f.key, f.problem.value) for f in report.findings}
    assert found == {
        (keys["with_id"], photometry_key(nova_id), "DANGLING"),
        (keys["legacy"], legacy["key"]["S"], "DANGLING"),
        (keys["broken"], photometry_key(nova_id), "UNREADABLE"),
    }
    s3.put_object(Bucket=BUCKET, Key=photometry_key(nova_id), Body=b"table")
    s3.put_object(Bucket=BUCKET, Key=legacy["key"]["S"], Body=b"table")
    after = wrapper.audit_pointers(nova_id=nova_id)
    assert {((f.pk, f.sk), f.problem.value) for f in after.findings} == {
        (keys["broken"], "UNREADABLE")
    }
    assert not after.ok


@pytest.mark.conformance_capability("pointer_audit")
def test_the_audit_needs_an_s3_client(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """audit_pointers of a wrapper built without an S3 client raises InputValidationError and
    writes nothing (capability pointer_audit)."""
    before = raw.scan()
    with pytest.raises(InputValidationError):
        wrapper.audit_pointers()
    assert raw.scan() == before
