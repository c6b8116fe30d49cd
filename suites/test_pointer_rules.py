"""Suite 10, pointer rules: S3 keys are checked against the bucket layout before any request
(PointerLayoutError), the raw pointer of a VALID product is immutable (PointerImmutableError,
nothing written), the photometry pointer is the canonical key; optionally
(``pointer_audit``), recorded pointers are audited against S3."""

from __future__ import annotations

import hashlib
from typing import Any
from uuid import uuid4

import boto3
import pytest

from novacat_persistence.contracts.bucket_layout import raw_spectra_key
from novacat_persistence.contracts.enums import ValidationStatus
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


@pytest.mark.conformance_capability("pointer_audit")
def test_recorded_pointers_are_audited_against_s3(
    make_wrapper: WrapperMaker, conformance: Conformance
) -> None:
    """audit_pointers finds a matching object and reports a deleted one DANGLING (capability
    pointer_audit)."""
    if not conformance.backend.serves_s3:
        pytest.skip("the pointer audit needs S3: run it on the moto backend")
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket=BUCKET)
    wrapper = make_wrapper(s3_client=s3)
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
def test_the_audit_needs_an_s3_client(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """audit_pointers of a wrapper built without an S3 client raises InputValidationError and
    writes nothing (capability pointer_audit)."""
    before = raw.scan()
    with pytest.raises(InputValidationError):
        wrapper.audit_pointers()
    assert raw.scan() == before
