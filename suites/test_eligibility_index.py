"""Suite 3, the eligibility index: a hypothesis state machine drives discover / attempt
failure / validate / quarantine / clear sequences against the candidate and an in-memory
model. After every step, GSI1 holds exactly the spectra whose eligibility is ACQUIRE (raw
index query and ``list_eligible_spectra``), and no stored item carries a NULL-typed or empty
GSI1 attribute."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID, uuid4

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from novacat_persistence.contracts.enums import (
    ManualReviewStatus,
    SpectraQuarantineReason,
    ValidationStatus,
)
from novacat_persistence.contracts.errors import (
    ConflictError,
    InvalidTransitionError,
)
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.contracts.operations import ValidationOutcome
from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.suites.harness.builders import PROPERTY_SETTINGS, key_of, registration

GSI_ATTRIBUTES = ("GSI1PK", "GSI1SK")
PRODUCTS = ("ADP.1", "ADP.2", "ADP.3")
PROVIDERS = ("ESO", "MAST")
FINGERPRINTS = ("a" * 16, "b" * 16)
EXECUTIONS = ("run-a", "run-b")
"""Validating executions: the same one again is its retry, the other one a new call."""
REVIEWS = ("review-1", "review-2")
"""Review tokens: a token applied once answers every later review with it as a replay."""


@dataclass
class ModelProduct:
    """What the model expects of one product."""

    key: SpectraProductKey
    status: ValidationStatus = ValidationStatus.UNVALIDATED
    fingerprint: str | None = None
    applied_by: str | None = None
    """The execution whose failure or definitive result was recorded last."""
    reviews: set[str] = field(default_factory=set)
    """The review tokens applied to the product."""

    @property
    def eligible(self) -> bool:
        """ACQUIRE exactly while no definitive result stands."""
        return self.status is ValidationStatus.UNVALIDATED


def assert_no_null_or_empty_gsi(items: list[dict[str, Any]]) -> None:
    """No stored item has a NULL-typed or empty GSI1 attribute, and both or neither exist."""
    for item in items:
        where = (item["PK"].get("S"), item["SK"].get("S"))
        for name in GSI_ATTRIBUTES:
            value = item.get(name)
            if value is None:
                continue
            assert "NULL" not in value, f"{where} stores {name} as NULL"
            assert value.get("S"), f"{where} stores an empty or non-string {name}: {value}"
        assert ("GSI1PK" in item) == ("GSI1SK" in item), f"{where} has half a GSI1 key"


class EligibilityMachine(RuleBasedStateMachine):
    """Candidate versus model; one fresh nova per run."""

    wrapper: PersistenceWrapper
    raw: RawView

    def __init__(self) -> None:
        super().__init__()
        self.nova_id: UUID = uuid4()
        self.model: dict[tuple[str, str], ModelProduct] = {}

    def _pick(self, data: st.DataObject) -> ModelProduct | None:
        if not self.model:
            return None
        return self.model[data.draw(st.sampled_from(sorted(self.model)))]

    @rule(provider=st.sampled_from(PROVIDERS), product=st.sampled_from(PRODUCTS))
    def discover(self, provider: str, product: str) -> None:
        """Register a product (again): created once, then returned untouched."""
        stored = self.wrapper.register_spectra_product(
            registration(self.nova_id, f"{product}-{self.nova_id}", provider)
        )
        known = self.model.get((provider, product))
        if known is None:
            assert stored.created
            self.model[(provider, product)] = ModelProduct(key_of(stored.item))
        else:
            assert not stored.created, "a second discovery creates nothing"
            assert stored.item.validation_status is known.status

    @rule(data=st.data())
    def fail_attempt(self, data: st.DataObject) -> None:
        """Record a retryable failure: accepted only while no definitive result stands."""
        product = self._pick(data)
        if product is None:
            return
        execution = str(uuid4())
        if product.eligible:
            self.wrapper.record_retryable_failure(
                product.key, error_fingerprint="e" * 16, execution=execution
            )
            product.applied_by = execution
            return
        try:
            self.wrapper.record_retryable_failure(
                product.key, error_fingerprint="e" * 16, execution=execution
            )
        except InvalidTransitionError:
            return
        raise AssertionError(f"a failure was recorded on a {product.status} product")

    @rule(
        data=st.data(),
        status=st.sampled_from(
            [
                ValidationStatus.VALID,
                ValidationStatus.QUARANTINED,
                ValidationStatus.TERMINAL_INVALID,
            ]
        ),
        fingerprint=st.sampled_from(FINGERPRINTS),
        execution=st.sampled_from(EXECUTIONS),
    )
    def validate(self, data: st.DataObject, status: Any, fingerprint: str, execution: str) -> None:
        """Record a definitive result: once; the same execution's same result again is its
        retry (a no-op), any other call a conflict."""
        product = self._pick(data)
        if product is None:
            return
        reason = (
            SpectraQuarantineReason.UNKNOWN_PROFILE
            if status is ValidationStatus.QUARANTINED
            else None
        )
        outcome = ValidationOutcome(status, fingerprint, quarantine_reason_code=reason)
        record = (product.applied_by, product.status, product.fingerprint)
        if product.eligible:
            self.wrapper.record_validation_result(product.key, outcome, execution=execution)
            product.status, product.fingerprint = status, fingerprint
            product.applied_by = execution
        elif record == (execution, status, fingerprint):
            self.wrapper.record_validation_result(product.key, outcome, execution=execution)
        else:
            try:
                self.wrapper.record_validation_result(product.key, outcome, execution=execution)
            except ConflictError:
                return
            raise AssertionError("a second definitive result (or another execution's) was accepted")

    @rule(
        data=st.data(),
        decision=st.sampled_from(
            [ManualReviewStatus.CLEARED_RETRY_APPROVED, ManualReviewStatus.CLEARED_TERMINAL]
        ),
    )
    def clear(self, data: st.DataObject, decision: ManualReviewStatus) -> None:
        """Apply a review decision: only to a QUARANTINED product; a review token applied
        before is its retry, answered without a change whatever the product's state."""
        product = self._pick(data)
        if product is None:
            return
        token = data.draw(st.sampled_from(REVIEWS))
        retry = decision is ManualReviewStatus.CLEARED_RETRY_APPROVED
        target = ValidationStatus.UNVALIDATED if retry else ValidationStatus.TERMINAL_INVALID
        if token in product.reviews:
            self.wrapper.clear_quarantine(product.key, decision, execution=token)
            return  # its retry: the invariant checks that nothing changed
        if product.status is not ValidationStatus.QUARANTINED:
            try:
                self.wrapper.clear_quarantine(product.key, decision, execution=token)
            except InvalidTransitionError:
                return
            raise AssertionError(f"clear_quarantine accepted a {product.status} product")
        self.wrapper.clear_quarantine(product.key, decision, execution=token)
        product.status = target  # the fingerprint stays
        product.reviews.add(token)

    @invariant()
    def index_is_exactly_the_eligible_set(self) -> None:
        """GSI1 (raw and listed) is exactly the eligible set; GSI1 attributes are sane."""
        expected = {p.key.data_product_id for p in self.model.values() if p.eligible}
        members = self.raw.gsi1_members(str(self.nova_id))
        indexed = {UUID(i["data_product_id"]["S"]) for i in members}
        assert indexed == expected, "GSI1 membership differs from the eligible set"
        listed = {p.data_product_id for p in self.wrapper.list_eligible_spectra(self.nova_id)}
        assert listed == expected
        items = self.raw.partition(str(self.nova_id))
        assert_no_null_or_empty_gsi(items)
        for item in items:
            if item["SK"]["S"].startswith("PRODUCT#SPECTRA#"):
                eligible = item.get("eligibility", {}).get("S") == "ACQUIRE"
                assert eligible == ("GSI1PK" in item), f"{item['SK']['S']}: eligibility vs GSI1"


def test_gsi1_membership_follows_eligibility(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """The state machine: after every step GSI1 holds exactly the eligible spectra and no NULL or
    empty GSI1 attribute is stored."""
    machine = type("Machine", (EligibilityMachine,), {"wrapper": wrapper, "raw": raw})
    run_state_machine_as_test(
        machine,
        settings=settings(PROPERTY_SETTINGS, max_examples=12, stateful_step_count=15),
    )


def test_validation_removes_gsi_attributes_from_the_raw_item(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """A VALID result REMOVEs GSI1PK/GSI1SK from the raw item and sets eligibility NONE."""
    nova_id = uuid4()
    product = wrapper.register_spectra_product(registration(nova_id)).item
    wrapper.record_validation_result(
        key_of(product), ValidationOutcome(ValidationStatus.VALID, "c" * 16), execution=uuid4()
    )
    item = raw.get(str(nova_id), f"PRODUCT#SPECTRA#ESO#{product.data_product_id}")
    assert item is not None
    assert "GSI1PK" not in item and "GSI1SK" not in item
    assert item["eligibility"] == {"S": "NONE"}
    assert raw.gsi1_members(str(nova_id)) == []


def test_a_retry_approval_puts_the_product_back_in_the_index(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """A retry approved after quarantine puts the product back in GSI1 with proper string keys."""
    nova_id = uuid4()
    product = wrapper.register_spectra_product(registration(nova_id)).item
    key = key_of(product)
    quarantined = ValidationOutcome(
        ValidationStatus.QUARANTINED,
        "d" * 16,
        quarantine_reason_code=SpectraQuarantineReason.CHECKSUM_MISMATCH,
    )
    wrapper.record_validation_result(key, quarantined, execution=uuid4())
    assert raw.gsi1_members(str(nova_id)) == []
    wrapper.clear_quarantine(key, ManualReviewStatus.CLEARED_RETRY_APPROVED, execution="review")
    members = raw.gsi1_members(str(nova_id))
    assert [m["data_product_id"]["S"] for m in members] == [str(product.data_product_id)]
    assert_no_null_or_empty_gsi(raw.partition(str(nova_id)))
    assert [p.data_product_id for p in wrapper.list_eligible_spectra(nova_id)] == [
        product.data_product_id
    ]
