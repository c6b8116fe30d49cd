"""Rules 2 and 3: discovery registration and the acquisition lifecycle."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import uuid4

import pytest

from novacat_persistence.contracts.bucket_layout import raw_spectra_key
from novacat_persistence.contracts.deterministic_ids import spectra_product_id
from novacat_persistence.contracts.enums import (
    AttemptOutcome,
    Eligibility,
    ManualReviewStatus,
    SpectraQuarantineReason,
    ValidationStatus,
)
from novacat_persistence.contracts.errors import (
    ConflictError,
    InvalidTransitionError,
    NotFoundError,
    PointerImmutableError,
    PointerLayoutError,
)
from novacat_persistence.contracts.keys import SpectraProductKey, build
from novacat_persistence.contracts.operations import (
    AcquisitionDecision,
    BackoffPolicy,
    RawObject,
    ValidationOutcome,
)
from novacat_persistence.reference_impl import ReferenceWrapper, create_reference_wrapper

from .conftest import BUCKET, TABLE, TickingClock, race, raw_item, registration, spectra_key

RUN = uuid4()
"""The JobRun id of the executions these tests record failures and results for."""
VALID = ValidationOutcome(status=ValidationStatus.VALID, content_fingerprint="f" * 64)
QUARANTINED = ValidationOutcome(
    status=ValidationStatus.QUARANTINED,
    content_fingerprint="q" * 64,
    quarantine_reason_code=SpectraQuarantineReason.UNKNOWN_PROFILE,
)


def gsi1_entries(client: Any, nova_id: object) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.query(
        TableName=TABLE,
        IndexName="EligibilityIndex",
        KeyConditionExpression="GSI1PK = :n",
        ExpressionAttributeValues={":n": {"S": str(nova_id)}},
    )["Items"]
    return items


def test_concurrent_registrations_leave_one_alias_one_stub_and_one_id(
    wrapper: ReferenceWrapper, client: Any
) -> None:
    nova_id = uuid4()
    results = race(16, lambda _i: wrapper.register_spectra_product(registration(nova_id)))
    ids = {r.item.data_product_id for r in results}
    assert ids == {spectra_product_id("ESO", "provider_product_id:ADP.1")}
    assert sum(r.created for r in results) == 1
    locator = client.query(
        TableName=TABLE,
        KeyConditionExpression="PK = :p",
        ExpressionAttributeValues={":p": {"S": "LOCATOR#ESO#provider_product_id:ADP.1"}},
    )["Items"]
    assert len(locator) == 1
    [stub] = wrapper.list_data_products(nova_id)
    assert (stub.acquisition_status, stub.eligibility) == ("STUB", Eligibility.ACQUIRE)
    assert len(gsi1_entries(client, nova_id)) == 1


def test_registering_an_existing_product_touches_nothing(wrapper: ReferenceWrapper) -> None:
    nova_id = uuid4()
    key = spectra_key(wrapper, nova_id)
    failed = wrapper.record_retryable_failure(key, error_fingerprint="timeout", execution=RUN)
    again = wrapper.register_spectra_product(registration(nova_id))
    assert not again.created and again.item == failed and again.item.attempt_count_total == 1
    valid = wrapper.record_validation_result(key, VALID, execution=RUN)
    again = wrapper.register_spectra_product(registration(nova_id))
    assert again.item == valid and again.item.eligibility is Eligibility.NONE
    assert wrapper.list_eligible_spectra(nova_id) == []
    with pytest.raises(ConflictError):
        wrapper.register_spectra_product(registration(uuid4()))


def test_decide_acquisition_covers_every_verdict(
    wrapper: ReferenceWrapper, clock: TickingClock
) -> None:
    nova_id = uuid4()
    keys = [spectra_key(wrapper, nova_id, f"P{i}") for i in range(4)]
    assert wrapper.decide_acquisition(keys[0]).decision is AcquisitionDecision.PROCEED
    wrapper.record_retryable_failure(keys[0], error_fingerprint="e", execution=RUN)
    assert wrapper.decide_acquisition(keys[0]).decision is AcquisitionDecision.SKIPPED_BACKOFF
    clock.advance(timedelta(minutes=6))
    assert wrapper.decide_acquisition(keys[0]).decision is AcquisitionDecision.PROCEED
    wrapper.record_validation_result(keys[1], VALID, execution=RUN)
    wrapper.record_validation_result(keys[2], QUARANTINED, execution=RUN)
    wrapper.record_validation_result(
        keys[3],
        ValidationOutcome(status=ValidationStatus.TERMINAL_INVALID, content_fingerprint="t"),
        execution=RUN,
    )
    decisions = [wrapper.decide_acquisition(k).decision for k in keys[1:]]
    assert decisions == [
        AcquisitionDecision.SKIPPED_DUPLICATE,
        AcquisitionDecision.QUARANTINE_GATED,
        AcquisitionDecision.TERMINAL,
    ]
    with pytest.raises(NotFoundError):
        wrapper.decide_acquisition(SpectraProductKey(nova_id, "ESO", uuid4()))


def test_concurrent_retryable_failures_are_all_counted(wrapper: ReferenceWrapper) -> None:
    key = spectra_key(wrapper, uuid4())
    race(
        16,
        lambda i: wrapper.record_retryable_failure(
            key, error_fingerprint=f"e{i}", execution=f"run-{i}"
        ),
    )
    product = wrapper.get_spectra_product(key)
    assert product is not None
    assert product.attempt_count_total == 16
    assert product.last_attempt_outcome is AttemptOutcome.RETRYABLE_FAILURE
    assert product.eligibility is Eligibility.ACQUIRE


def test_retryable_failure_sets_the_policy_cooldown(client: Any, table: str) -> None:
    clock = TickingClock()
    policy = BackoffPolicy(
        base=timedelta(minutes=1),
        cap=timedelta(minutes=3),
        per_provider={"MAST": (timedelta(seconds=10), timedelta(hours=1))},
    )
    wrapper = create_reference_wrapper(client, table, clock=clock, backoff=policy)
    key = spectra_key(wrapper, uuid4())
    delays = []
    for attempt in range(4):
        product = wrapper.record_retryable_failure(
            key, error_fingerprint="e", execution=f"run-{attempt}"
        )
        assert product.last_attempt_at is not None and product.next_eligible_attempt_at
        delays.append(product.next_eligible_attempt_at - product.last_attempt_at)
    assert delays == [timedelta(minutes=m) for m in (1, 2, 3, 3)]
    mast = wrapper.register_spectra_product(registration(uuid4(), provider="MAST")).item
    mast_key = SpectraProductKey(mast.nova_id, "MAST", mast.data_product_id)
    product = wrapper.record_retryable_failure(mast_key, error_fingerprint="e", execution=RUN)
    assert product.next_eligible_attempt_at == product.last_attempt_at + timedelta(seconds=10)


def test_definitive_result_leaves_the_index_in_the_same_update(
    wrapper: ReferenceWrapper, client: Any
) -> None:
    nova_id = uuid4()
    key = spectra_key(wrapper, nova_id)
    assert len(gsi1_entries(client, nova_id)) == 1
    product = wrapper.record_validation_result(key, VALID, execution=RUN)
    assert (product.validation_status, product.eligibility) == (ValidationStatus.VALID, "NONE")
    assert product.last_successful_fingerprint == VALID.content_fingerprint
    assert gsi1_entries(client, nova_id) == []
    stored = raw_item(client, str(nova_id), build(key).sk)
    assert stored is not None and "GSI1PK" not in stored and "GSI1SK" not in stored
    with pytest.raises(InvalidTransitionError):
        wrapper.record_retryable_failure(key, error_fingerprint="late", execution=uuid4())


def test_a_results_retry_is_a_noop_and_any_other_call_a_conflict(
    wrapper: ReferenceWrapper,
) -> None:
    key = spectra_key(wrapper, uuid4())
    first = wrapper.record_validation_result(key, VALID, execution=RUN)
    assert first.last_applied_by == str(RUN)
    assert wrapper.record_validation_result(key, VALID, execution=RUN) == first
    for outcome, execution in ((QUARANTINED, RUN), (VALID, uuid4())):
        with pytest.raises(ConflictError) as caught:
            wrapper.record_validation_result(key, outcome, execution=execution)
        assert caught.value.existing == first
    assert wrapper.get_spectra_product(key) == first


def test_retry_approval_restores_eligibility_and_index(
    wrapper: ReferenceWrapper, client: Any
) -> None:
    nova_id = uuid4()
    key = spectra_key(wrapper, nova_id)
    with pytest.raises(InvalidTransitionError):
        wrapper.clear_quarantine(key, ManualReviewStatus.CLEARED_RETRY_APPROVED, execution="r1")
    wrapper.record_validation_result(key, QUARANTINED, execution=RUN)
    assert gsi1_entries(client, nova_id) == []
    with pytest.raises(InvalidTransitionError):
        wrapper.clear_quarantine(key, ManualReviewStatus.PENDING, execution="r2")
    cleared = wrapper.clear_quarantine(
        key, ManualReviewStatus.CLEARED_RETRY_APPROVED, execution="r3"
    )
    assert (cleared.validation_status, cleared.eligibility) == ("UNVALIDATED", "ACQUIRE")
    assert [p.data_product_id for p in wrapper.list_eligible_spectra(nova_id)] == [
        key.data_product_id
    ]
    assert len(gsi1_entries(client, nova_id)) == 1


def test_raw_pointer_is_checked_and_immutable_once_valid(wrapper: ReferenceWrapper) -> None:
    nova_id = uuid4()
    key = spectra_key(wrapper, nova_id)
    good = RawObject(BUCKET, raw_spectra_key(nova_id, key.data_product_id), 10, "etag", "a" * 64)
    with pytest.raises(PointerLayoutError):
        wrapper.record_raw_acquisition(
            key, RawObject(BUCKET, raw_spectra_key(uuid4(), key.data_product_id), 1, "e", "a" * 64)
        )
    acquired = wrapper.record_raw_acquisition(key, good)
    assert (acquired.raw_s3_key, acquired.acquisition_status) == (good.key, "ACQUIRED")
    wrapper.record_validation_result(key, VALID, execution=RUN)
    assert wrapper.record_raw_acquisition(key, good).raw_s3_key == good.key
    changed = RawObject(BUCKET, good.key, 11, "other", "b" * 64)
    with pytest.raises(PointerImmutableError):
        wrapper.record_raw_acquisition(key, changed)
    product = wrapper.get_spectra_product(key)
    assert product is not None and product.etag == "etag" and product.byte_length == 10
