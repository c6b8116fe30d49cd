"""The model of spectra products: discovery (alias and stub), the acquisition lifecycle with
its cooldown schedule, the eligibility index, listings and composites.

Readings where the interface is silent: the raw object's sha256 is recorded as
``content_fingerprint`` (the DataProduct 2.0.0 name of ``sha256``); a QUARANTINED result sets
``manual_review_status`` PENDING; a validation result's optional fields (header signature,
FITS profile, quarantine reason, duplicate of) are set when given and removed when not.

Once per execution (IFC-030 2.0.0): a failure or a definitive result records its execution as
``last_applied_by``; a failure finding the last applied call to be its execution's failure
(``last_applied_by`` and ``last_attempt_outcome`` RETRYABLE_FAILURE) is its retry (answered with
the stored product, not counted), a definitive result already recorded is the answer to the same
execution asking for the same result (ConflictError to any other call). A review stores its
ExecutionMarker with the transition; a review finding its marker writes nothing and answers
with the stored product, whatever happened to the product since. Recording the object an
ACQUIRED product already records writes nothing.
"""

from __future__ import annotations

import re
from typing import Final
from uuid import UUID

from hypothesis import strategies as st

from novacat_persistence.contracts.bucket_layout import check_raw_spectra_key, raw_spectra_key
from novacat_persistence.contracts.deterministic_ids import composite_id, spectra_product_id
from novacat_persistence.contracts.entities import (
    CompositeSpectra,
    LocatorAlias,
    PersistedEntity,
    PhotometryTable,
    SpectraProduct,
)
from novacat_persistence.contracts.enums import (
    AcquisitionStatus,
    AttemptOutcome,
    Eligibility,
    ManualReviewStatus,
    SpectraQuarantineReason,
    ValidationStatus,
)
from novacat_persistence.contracts.errors import (
    ConflictError,
    EntityValidationError,
    InputValidationError,
    InvalidTransitionError,
    NotFoundError,
    PointerImmutableError,
)
from novacat_persistence.contracts.keys import (
    ELIGIBLE_SPECTRA_PREFIX,
    PRODUCT_PREFIX,
    LocatorAliasKey,
    NovaKey,
    SpectraProductKey,
    build,
)
from novacat_persistence.contracts.operations import (
    AcquisitionDecision,
    AcquisitionVerdict,
    ExecutionId,
    RawObject,
    SpectraRegistration,
    Stored,
    ValidationOutcome,
    execution_text,
)
from novacat_persistence.suites.model.calls import (
    MARKER,
    Call,
    CallSpec,
    Vocabulary,
    any_execution,
    any_nova,
    call,
    calls_of,
    fixed_id,
    one_of,
    one_of_stored,
)
from novacat_persistence.suites.model.core import ModelCore, built, changed, member
from novacat_persistence.suites.model.time_rules import cooldown, in_backoff

_SHA256: Final = re.compile(r"[0-9a-f]{64}")

_OUTCOME: Final = {
    ValidationStatus.VALID: AttemptOutcome.SUCCESS,
    ValidationStatus.QUARANTINED: AttemptOutcome.QUARANTINE,
    ValidationStatus.TERMINAL_INVALID: AttemptOutcome.TERMINAL_FAILURE,
}

AnyProduct = PhotometryTable | SpectraProduct | CompositeSpectra


def _fingerprint(value: str) -> None:
    if not isinstance(value, str) or not 1 <= len(value) <= 256:
        raise EntityValidationError("DataProduct", "a fingerprint has 1..256 characters")


def check_raw(key: SpectraProductKey, raw: RawObject) -> None:
    """A raw object of the product: at its canonical key (PointerLayoutError), with a bucket,
    an ETag, a byte length and a sha256 a product can hold (EntityValidationError)."""
    check_raw_spectra_key(raw.key, key.nova_id, key.data_product_id)
    if (
        not raw.bucket
        or not raw.etag
        or isinstance(raw.byte_length, bool)
        or not isinstance(raw.byte_length, int)
        or raw.byte_length < 0
        or not _SHA256.fullmatch(str(raw.sha256))
    ):
        raise EntityValidationError("DataProduct", "invalid raw object")


class SpectraModel(ModelCore):
    """Spectra products."""

    def _product(self, key: SpectraProductKey) -> SpectraProduct:
        stored = self.store.get(key, SpectraProduct)
        if stored is None:
            raise NotFoundError(f"spectra product {key.data_product_id} does not exist")
        return stored

    def register_spectra_product(self, registration: SpectraRegistration) -> Stored[SpectraProduct]:
        """The LocatorAlias and the eligible stub; an existing product is the answer."""
        reg = registration
        product_id = spectra_product_id(reg.provider, reg.locator_identity)
        now = self.now()
        common = {
            "provider": reg.provider,
            "locator_identity": reg.locator_identity,
            "data_product_id": product_id,
            "nova_id": reg.nova_id,
            "created_at": now,
            "updated_at": now,
        }
        alias = built(LocatorAlias, common)
        stub = built(
            SpectraProduct, {**common, "locators": list(reg.locators), "hints": dict(reg.hints)}
        )
        alias_key = LocatorAliasKey(reg.provider, reg.locator_identity, product_id)
        stored_alias = self.store.get(alias_key, LocatorAlias)
        if stored_alias is not None and stored_alias.nova_id != reg.nova_id:
            raise ConflictError("the locator is another nova's", existing=stored_alias)
        stored = self.store.get(
            SpectraProductKey(reg.nova_id, reg.provider, product_id), SpectraProduct
        )
        if stored_alias is None:
            self.store.put(alias)
        if stored is not None:
            return Stored(stored, created=False)
        self.store.put(stub)
        return Stored(stub, created=True)

    def get_spectra_product(self, key: SpectraProductKey) -> SpectraProduct | None:
        """The product, or None."""
        return self.store.get(key, SpectraProduct)

    def resolve_locator(self, provider: str, locator_identity: str) -> LocatorAlias | None:
        """The alias of a locator, or None."""
        minted = spectra_product_id(provider, locator_identity)
        pk = build(LocatorAliasKey(provider, locator_identity, minted)).pk
        found = [
            a for a in self.store.partition(pk, "DATA_PRODUCT#") if isinstance(a, LocatorAlias)
        ]
        return found[0] if found else None

    def decide_acquisition(self, key: SpectraProductKey) -> AcquisitionVerdict:
        """VALID, TERMINAL_INVALID and QUARANTINED decide first; then the cooldown."""
        product = self._product(key)
        status = product.validation_status
        if status is ValidationStatus.VALID:
            decision = AcquisitionDecision.SKIPPED_DUPLICATE
        elif status is ValidationStatus.TERMINAL_INVALID:
            decision = AcquisitionDecision.TERMINAL
        elif status is ValidationStatus.QUARANTINED:
            decision = AcquisitionDecision.QUARANTINE_GATED
        elif in_backoff(product.next_eligible_attempt_at, self.now()):
            decision = AcquisitionDecision.SKIPPED_BACKOFF
        else:
            decision = AcquisitionDecision.PROCEED
        return AcquisitionVerdict(decision, product)

    def record_raw_acquisition(self, key: SpectraProductKey, raw: RawObject) -> SpectraProduct:
        """The raw pointer, size, ETag and sha256; immutable once VALID."""
        check_raw(key, raw)
        now = self.now()
        stored = self._product(key)
        pointer = (raw.bucket, raw.key, raw.byte_length, raw.etag)
        recorded = (stored.raw_s3_bucket, stored.raw_s3_key, stored.byte_length, stored.etag)
        if stored.validation_status is ValidationStatus.VALID:
            if recorded == pointer:
                return stored
            raise PointerImmutableError("the product is VALID", existing=stored)
        acquired = stored.acquisition_status is AcquisitionStatus.ACQUIRED
        if acquired and (*recorded, stored.content_fingerprint) == (*pointer, raw.sha256):
            return stored
        updated = changed(
            stored,
            now,
            acquisition_status=AcquisitionStatus.ACQUIRED,
            raw_s3_bucket=raw.bucket,
            raw_s3_key=raw.key,
            byte_length=raw.byte_length,
            etag=raw.etag,
            content_fingerprint=raw.sha256,
        )
        self.store.put(updated)
        return updated

    def record_retryable_failure(
        self,
        key: SpectraProductKey,
        *,
        error_fingerprint: str,
        execution: ExecutionId,
    ) -> SpectraProduct:
        """One more attempt, and the cooldown of its count; once per execution."""
        me = execution_text(execution, operation="record_retryable_failure")
        _fingerprint(error_fingerprint)
        now = self.now()
        stored = self._product(key)
        if stored.validation_status is not ValidationStatus.UNVALIDATED:
            raise InvalidTransitionError("a definitive result is recorded", existing=stored)
        if (stored.last_applied_by, stored.last_attempt_outcome) == (
            me,
            AttemptOutcome.RETRYABLE_FAILURE,
        ):
            return stored
        attempts = stored.attempt_count_total + 1
        updated = changed(
            stored,
            now,
            attempt_count_total=attempts,
            last_attempt_at=now,
            last_attempt_outcome=AttemptOutcome.RETRYABLE_FAILURE,
            last_error_fingerprint=error_fingerprint,
            acquisition_status=AcquisitionStatus.FAILED_RETRYABLE,
            next_eligible_attempt_at=now + cooldown(attempts),
            last_applied_by=me,
        )
        self.store.put(updated)
        return updated

    def record_validation_result(
        self,
        key: SpectraProductKey,
        outcome: ValidationOutcome,
        *,
        execution: ExecutionId,
    ) -> SpectraProduct:
        """A definitive result, once; it leaves the index."""
        me = execution_text(execution, operation="record_validation_result")
        status = member(ValidationStatus, outcome.status)
        _fingerprint(outcome.content_fingerprint)
        if outcome.duplicate_of_data_product_id == key.data_product_id:
            raise InputValidationError("a product cannot duplicate itself")
        now = self.now()
        stored = self._product(key)
        if stored.validation_status is not ValidationStatus.UNVALIDATED:
            recorded = (stored.last_applied_by, stored.validation_status)
            if (*recorded, stored.content_fingerprint) == (
                me,
                status,
                outcome.content_fingerprint,
            ):
                return stored
            raise ConflictError("a definitive result is recorded", existing=stored)
        valid = status is ValidationStatus.VALID
        quarantined = status is ValidationStatus.QUARANTINED
        updated = changed(
            stored,
            now,
            validation_status=status,
            content_fingerprint=outcome.content_fingerprint,
            last_successful_fingerprint=(
                outcome.content_fingerprint if valid else stored.last_successful_fingerprint
            ),
            manual_review_status=(
                ManualReviewStatus.PENDING if quarantined else stored.manual_review_status
            ),
            normalization_notes=list(outcome.normalization_notes),
            header_signature_hash=outcome.header_signature_hash,
            fits_profile_id=outcome.fits_profile_id,
            quarantine_reason_code=outcome.quarantine_reason_code,
            duplicate_of_data_product_id=outcome.duplicate_of_data_product_id,
            last_attempt_at=now,
            last_attempt_outcome=_OUTCOME[status],
            eligibility=Eligibility.NONE,
            attempt_count_total=stored.attempt_count_total + 1,
            last_applied_by=me,
        )
        self.store.put(updated)
        return updated

    def clear_quarantine(
        self,
        key: SpectraProductKey,
        decision: ManualReviewStatus,
        *,
        execution: ExecutionId,
    ) -> SpectraProduct:
        """A human review of a QUARANTINED product, once per review."""
        me = execution_text(execution, operation="clear_quarantine")
        decision = member(ManualReviewStatus, decision)
        if decision is ManualReviewStatus.PENDING:
            raise InvalidTransitionError("PENDING is not a decision", existing=None)
        retry = decision is ManualReviewStatus.CLEARED_RETRY_APPROVED
        target = ValidationStatus.UNVALIDATED if retry else ValidationStatus.TERMINAL_INVALID
        now = self.now()
        marker = self.marker(me, "clear_quarantine", key, now)
        if self.applied(marker):
            return self._product(key)
        stored = self._product(key)
        if stored.validation_status is not ValidationStatus.QUARANTINED:
            raise InvalidTransitionError("the product is not QUARANTINED", existing=stored)
        self.store.put(marker)
        if retry:
            updated = changed(
                stored,
                now,
                validation_status=target,
                manual_review_status=decision,
                eligibility=Eligibility.ACQUIRE,
                next_eligible_attempt_at=None,
                quarantine_reason_code=None,
            )
        else:
            updated = changed(stored, now, validation_status=target, manual_review_status=decision)
        self.store.put(updated)
        return updated

    def list_eligible_spectra(self, nova_id: UUID) -> list[SpectraProduct]:
        """The eligible spectra, by provider then id."""
        found = self.store.index(build(NovaKey(nova_id)).pk, ELIGIBLE_SPECTRA_PREFIX)
        return [p for p in found if isinstance(p, SpectraProduct)]

    def list_data_products(self, nova_id: UUID) -> list[AnyProduct]:
        """Every product of a nova in SK order."""
        return [
            _product(e) for e in self.store.partition(build(NovaKey(nova_id)).pk, PRODUCT_PREFIX)
        ]

    def put_composite_spectra(self, composite: CompositeSpectra) -> Stored[CompositeSpectra]:
        """A composite, create-only; its id must be its constituents'."""
        if composite.composite_id != composite_id(composite.constituent_data_product_ids):
            raise InputValidationError("composite_id is not the id of its constituents")
        return self.create_only(self.stamped_new(composite, self.now()))


def _product(entity: PersistedEntity) -> AnyProduct:
    assert isinstance(entity, (PhotometryTable, SpectraProduct, CompositeSpectra))
    return entity


# --- calls ---------------------------------------------------------------------------------


def product_key(nova_id: UUID, provider: str, locator: str) -> SpectraProductKey:
    """The key registration gives a product."""
    return SpectraProductKey(nova_id, provider, spectra_product_id(provider, locator))


def _keys(v: Vocabulary, m: SpectraModel) -> st.SearchStrategy[SpectraProductKey]:
    stored = [
        SpectraProductKey(e.nova_id, e.provider, e.data_product_id)
        for e in m.store.entities().values()
        if isinstance(e, SpectraProduct)
    ]
    fresh = st.builds(
        product_key, v.nova_ids(), st.sampled_from(v.providers), st.sampled_from(v.locators)
    )
    return one_of_stored(stored, fresh)


def _registrations(v: Vocabulary, _m: object) -> st.SearchStrategy[SpectraRegistration]:
    return st.builds(
        lambda nova_id, provider, locator, hint: SpectraRegistration(
            nova_id=nova_id,
            provider=provider,
            locator_identity=locator,
            hints={} if hint is None else {"note": hint, "n": 3},
        ),
        v.nova_ids(),
        st.sampled_from(v.providers),
        st.sampled_from(v.locators),
        st.none() | v.texts(),
    )


def _raw(key: SpectraProductKey, size: int) -> RawObject:
    return RawObject(
        "novacat-private",
        raw_spectra_key(key.nova_id, key.data_product_id),
        size,
        f"etag-{size}",
        "0f" * 32,
    )


def _outcomes(_v: Vocabulary, _m: object) -> st.SearchStrategy[ValidationOutcome]:
    def make(status: ValidationStatus, fingerprint: str, profile: str | None) -> ValidationOutcome:
        reason = (
            SpectraQuarantineReason.UNKNOWN_PROFILE
            if status is ValidationStatus.QUARANTINED
            else None
        )
        return ValidationOutcome(
            status,  # type: ignore[arg-type]
            fingerprint,
            fits_profile_id=profile,
            quarantine_reason_code=reason,
            normalization_notes=(f"{MARKER} note",) if profile else (),
        )

    return st.builds(
        make,
        st.sampled_from(
            [
                ValidationStatus.VALID,
                ValidationStatus.QUARANTINED,
                ValidationStatus.TERMINAL_INVALID,
            ]
        ),
        st.sampled_from(["a" * 16, "b" * 16]),
        st.none() | st.just("ESO_UVES"),
    )


def _composites(v: Vocabulary, _m: object) -> st.SearchStrategy[CompositeSpectra]:
    def make(nova_id: UUID, members: int, fingerprint: str) -> CompositeSpectra:
        constituents = sorted((fixed_id(f"member-{n}") for n in range(members)), key=str)
        cid = composite_id(constituents)
        return CompositeSpectra(
            nova_id=nova_id,
            data_product_id=cid,
            composite_id=cid,
            provider="ESO",
            constituent_data_product_ids=constituents,
            composite_fingerprint=fingerprint,
        )

    return st.builds(make, v.nova_ids(), st.integers(1, 2), st.sampled_from(["c" * 16, "d" * 16]))


def _provider(v: Vocabulary, _m: object) -> st.SearchStrategy[str]:
    return st.sampled_from(v.providers)


def _locator(v: Vocabulary, _m: object) -> st.SearchStrategy[str]:
    return st.sampled_from(v.locators)


def _acquisitions(v: Vocabulary, m: SpectraModel) -> st.SearchStrategy[Call]:
    return st.builds(
        lambda key, size: call("record_raw_acquisition", key, _raw(key, size)),
        _keys(v, m),
        st.sampled_from([10, 11]),
    )


CALLS: Final = (
    calls_of("register_spectra_product", _registrations),
    calls_of("get_spectra_product", _keys, stateful=True),
    calls_of("resolve_locator", _provider, _locator),
    calls_of("decide_acquisition", _keys, stateful=True),
    CallSpec("record_raw_acquisition", _acquisitions, stateful=True),
    calls_of(
        "record_retryable_failure",
        _keys,
        error_fingerprint=one_of("e" * 16, "f" * 16),
        execution=any_execution,
        stateful=True,
    ),
    calls_of("record_validation_result", _keys, _outcomes, execution=any_execution, stateful=True),
    calls_of(
        "clear_quarantine",
        _keys,
        one_of(*ManualReviewStatus),
        execution=any_execution,
        stateful=True,
    ),
    calls_of("list_eligible_spectra", any_nova),
    calls_of("list_data_products", any_nova),
    calls_of("put_composite_spectra", _composites),
)
"""How the state machine calls this area's operations."""
