"""Spectra products: discovery, the acquisition lifecycle, the eligibility index, listings.

A spectra product is in GSI1 exactly while its eligibility is ACQUIRE: the codec writes the
GSI1 keys on creation, a definitive validation result REMOVEs them in the same update that
sets eligibility NONE, and a retry approved by a human SETs them back.

A retried execution's lifecycle write applies once: a retryable failure or a definitive
result records its execution as ``last_applied_by`` (the failure's ADD is conditioned on it);
a human review goes in one transaction with its marker.
"""

from __future__ import annotations

import re
from typing import Final
from uuid import UUID

from novacat_persistence.contracts.bucket_layout import check_raw_spectra_key
from novacat_persistence.contracts.codec.items import decode
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
    ValidationStatus,
)
from novacat_persistence.contracts.errors import (
    ConflictError,
    EntityValidationError,
    InputValidationError,
    InvalidTransitionError,
    NotFoundError,
    PointerImmutableError,
    UnreadableItemError,
)
from novacat_persistence.contracts.keys import (
    ELIGIBLE_SPECTRA_PREFIX,
    PRODUCT_PREFIX,
    LocatorAliasKey,
    NovaKey,
    SpectraProductKey,
    build,
    eligibility_keys,
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
from novacat_persistence.reference_impl.conditions import (
    Expr,
    Update,
    absent_or_differs,
    all_of,
    any_of,
    equals,
)
from novacat_persistence.reference_impl.core import Core, any_existing, checked_fields, validated
from novacat_persistence.reference_impl.logs import operation

_SHA256: Final = re.compile(r"[0-9a-f]{64}")
_FINGERPRINT_MAX: Final = 256

_OUTCOME_OF: Final = {
    ValidationStatus.VALID: AttemptOutcome.SUCCESS,
    ValidationStatus.QUARANTINED: AttemptOutcome.QUARANTINE,
    ValidationStatus.TERMINAL_INVALID: AttemptOutcome.TERMINAL_FAILURE,
}
"""The attempt outcome a definitive validation result records."""

_DEFINITIVE_OPTIONAL: Final = (
    "header_signature_hash",
    "fits_profile_id",
    "quarantine_reason_code",
    "duplicate_of_data_product_id",
)
"""Optional fields of a validation result: set when given, removed when not."""

AnyProduct = PhotometryTable | SpectraProduct | CompositeSpectra


class SpectraOps(Core):
    """IFC-030 spectra operations."""

    @operation("DataProduct")
    def register_spectra_product(self, registration: SpectraRegistration) -> Stored[SpectraProduct]:
        """See :meth:`PersistenceWrapper.register_spectra_product`: LocatorAlias and stub in
        one transaction; an existing product is returned untouched."""
        reg = registration
        product_id = spectra_product_id(reg.provider, reg.locator_identity)
        now = self._now()
        fields = {
            "provider": reg.provider,
            "locator_identity": reg.locator_identity,
            "data_product_id": product_id,
            "nova_id": reg.nova_id,
            "created_at": now,
            "updated_at": now,
        }
        alias = validated(LocatorAlias, fields)
        stub = validated(
            SpectraProduct,
            {
                **fields,
                "locators": list(reg.locators),
                "hints": dict(reg.hints),
                "identity_strategy": reg.identity_strategy,
                "provider_product_key": reg.provider_product_key,
            },
        )
        refusal = self._transact(lambda: [self._new(alias), self._new(stub)])
        if refusal is None:
            return Stored(stub, created=True)
        stored_alias = self._refused(refusal, 0, LocatorAlias)
        if stored_alias is not None and stored_alias.nova_id != reg.nova_id:
            raise ConflictError(
                f"locator {reg.provider}/{reg.locator_identity} is aliased to a product of "
                f"nova {stored_alias.nova_id}",
                existing=stored_alias,
            )
        stored = self._refused(refusal, 1, SpectraProduct)
        if stored is None:  # alias without its stub (written before the transaction)
            return self._create(stub, replay=any_existing)
        if 0 not in refusal.refused:  # stub without its alias: add the alias only
            self._create(alias, replay=_same_nova)
        return Stored(stored, created=False)

    @operation("DataProduct")
    def get_spectra_product(self, key: SpectraProductKey) -> SpectraProduct | None:
        """See :meth:`PersistenceWrapper.get_spectra_product`."""
        return self._read(key, SpectraProduct)

    @operation("LocatorAlias")
    def resolve_locator(self, provider: str, locator_identity: str) -> LocatorAlias | None:
        """See :meth:`PersistenceWrapper.resolve_locator` (the whole locator partition is
        read, so an alias minted under another id is found too)."""
        minted = spectra_product_id(provider, locator_identity)
        pk = build(LocatorAliasKey(provider, locator_identity, minted)).pk
        aliases = self._list(LocatorAlias, pk, "DATA_PRODUCT#")
        return aliases[0] if aliases else None

    @operation("DataProduct")
    def decide_acquisition(self, key: SpectraProductKey) -> AcquisitionVerdict:
        """See :meth:`PersistenceWrapper.decide_acquisition` (one consistent read)."""
        product = self._read(key, SpectraProduct)
        if product is None:
            raise NotFoundError(f"spectra product {key.data_product_id} does not exist")
        status = product.validation_status
        if status is ValidationStatus.VALID:
            decision = AcquisitionDecision.SKIPPED_DUPLICATE
        elif status is ValidationStatus.TERMINAL_INVALID:
            decision = AcquisitionDecision.TERMINAL
        elif status is ValidationStatus.QUARANTINED:
            decision = AcquisitionDecision.QUARANTINE_GATED
        elif (
            product.next_eligible_attempt_at is not None
            and self._now() < product.next_eligible_attempt_at
        ):
            decision = AcquisitionDecision.SKIPPED_BACKOFF
        else:
            decision = AcquisitionDecision.PROCEED
        return AcquisitionVerdict(decision, product)

    @operation("DataProduct")
    def record_raw_acquisition(self, key: SpectraProductKey, raw: RawObject) -> SpectraProduct:
        """See :meth:`PersistenceWrapper.record_raw_acquisition`: refused once VALID
        (PointerImmutableError), unless it records exactly the stored pointer again (same
        bucket, key, size and ETag), which answers with the stored product. The sha256 is
        recorded as ``content_fingerprint``. An ACQUIRED product that already records this
        object is not written again (a retried task changes nothing)."""
        check_raw_spectra_key(raw.key, key.nova_id, key.data_product_id)
        check_raw_object(raw)
        recorded = {
            "acquisition_status": AcquisitionStatus.ACQUIRED,
            "raw_s3_bucket": raw.bucket,
            "raw_s3_key": raw.key,
            "byte_length": raw.byte_length,
            "etag": raw.etag,
            "content_fingerprint": raw.sha256,
        }

        def record(expr: Expr, update: Update) -> str:
            for name, value in recorded.items():
                update.set(name, value)
            already = all_of(*(equals(expr, name, value) for name, value in recorded.items()))
            valid = f"{expr.n('validation_status')} <> {expr.v(ValidationStatus.VALID)}"
            return all_of(valid, f"NOT ({already})")

        def decide(stored: SpectraProduct, _retried: bool) -> SpectraProduct:
            recorded = (stored.raw_s3_bucket, stored.raw_s3_key, stored.byte_length, stored.etag)
            if recorded == (raw.bucket, raw.key, raw.byte_length, raw.etag):
                return stored  # the same object recorded again: nothing changes
            raise PointerImmutableError(
                "the product is VALID: its raw pointer cannot change", existing=stored
            )

        return self._update(key, SpectraProduct, self._now(), record, decide)

    @operation("DataProduct")
    def record_retryable_failure(
        self,
        key: SpectraProductKey,
        *,
        error_fingerprint: str,
        execution: ExecutionId | None = None,
    ) -> SpectraProduct:
        """See :meth:`PersistenceWrapper.record_retryable_failure`.

        One update ADDs 1 to ``attempt_count_total``, records ``execution`` as
        ``last_applied_by`` and sets the cooldown to the policy's shortest delay (the product
        is never eligible early), on condition that the last call applied to the product is
        not this execution's failure (``last_applied_by`` this execution with
        ``last_attempt_outcome`` RETRYABLE_FAILURE): a retried call (or a re-sent request) is
        refused and answered with the stored product. A second update, on condition that no
        other failure was counted since, lengthens the cooldown to the delay of the count the
        first one returned; a retry whose first try was counted completes that step if it was
        lost.
        """
        me = execution_text(execution, operation="record_retryable_failure")
        _check_fingerprint("last_error_fingerprint", error_fingerprint)
        now = self._now()
        shortest = now + self._backoff.delay(key.provider, 1)

        def count(expr: Expr, update: Update) -> str:
            update.add("attempt_count_total", 1)
            update.set("last_attempt_at", now)
            update.set("last_attempt_outcome", AttemptOutcome.RETRYABLE_FAILURE)
            update.set("last_error_fingerprint", error_fingerprint)
            update.set("acquisition_status", AcquisitionStatus.FAILED_RETRYABLE)
            update.set("next_eligible_attempt_at", shortest)
            update.set("last_applied_by", me)
            return all_of(
                equals(expr, "validation_status", ValidationStatus.UNVALIDATED),
                any_of(
                    absent_or_differs(expr, "last_applied_by", me),
                    absent_or_differs(
                        expr, "last_attempt_outcome", AttemptOutcome.RETRYABLE_FAILURE
                    ),
                ),
            )

        def decide(stored: SpectraProduct, _retried: bool) -> SpectraProduct:
            if stored.validation_status is not ValidationStatus.UNVALIDATED:
                raise InvalidTransitionError(
                    f"the product already has a definitive result "
                    f"({stored.validation_status.value})",
                    existing=stored,
                )
            return stored  # refused as the last applied call: this execution's failure

        product = self._update(key, SpectraProduct, now, count, decide)
        return self._lengthen_cooldown(key, product, me)

    def _lengthen_cooldown(
        self, key: SpectraProductKey, product: SpectraProduct, me: str
    ) -> SpectraProduct:
        """Set the cooldown of the failure ``me`` counted (at ``last_attempt_at``) to the
        policy's delay for the stored count, on condition that no other failure was counted
        since; stamped with the failure's instant, as its first try would have stamped it."""
        counted_at = product.last_attempt_at
        counted = (product.last_applied_by, product.last_attempt_outcome)
        if counted != (me, AttemptOutcome.RETRYABLE_FAILURE) or counted_at is None:
            return product
        attempts = product.attempt_count_total
        eligible = counted_at + self._backoff.delay(key.provider, attempts)
        if eligible == product.next_eligible_attempt_at:
            return product

        def lengthen(expr: Expr, update: Update) -> str:
            update.set("next_eligible_attempt_at", eligible)
            return all_of(
                equals(expr, "attempt_count_total", attempts),
                equals(expr, "last_applied_by", me),
            )

        return self._update(key, SpectraProduct, counted_at, lengthen, lambda stored, _r: stored)

    @operation("DataProduct")
    def record_validation_result(
        self,
        key: SpectraProductKey,
        outcome: ValidationOutcome,
        *,
        execution: ExecutionId | None = None,
    ) -> SpectraProduct:
        """See :meth:`PersistenceWrapper.record_validation_result`: one update that records
        the result and ``execution`` as ``last_applied_by``, sets eligibility NONE and REMOVEs
        the GSI1 keys, only from UNVALIDATED. A refusal whose stored result is this one,
        recorded by this execution, is its retry: the stored product answers."""
        me = execution_text(execution, operation="record_validation_result")
        _check_fingerprint("content_fingerprint", outcome.content_fingerprint)
        given = {name: getattr(outcome, name) for name in _DEFINITIVE_OPTIONAL}
        recorded = checked_fields(  # what the product's model refuses, refused before writing
            SpectraProduct,
            {
                "normalization_notes": list(outcome.normalization_notes),
                **{name: value for name, value in given.items() if value is not None},
            },
        )
        check_not_itself(key, recorded.get("duplicate_of_data_product_id"))
        now = self._now()

        def record(expr: Expr, update: Update) -> str:
            update.set("validation_status", outcome.status)
            update.set("content_fingerprint", outcome.content_fingerprint)
            if outcome.status is ValidationStatus.VALID:
                update.set("last_successful_fingerprint", outcome.content_fingerprint)
            if outcome.status is ValidationStatus.QUARANTINED:
                update.set("manual_review_status", ManualReviewStatus.PENDING)
            update.set("normalization_notes", recorded["normalization_notes"])
            for name in _DEFINITIVE_OPTIONAL:
                if name in recorded:
                    update.set(name, recorded[name])
                else:
                    update.remove(name)
            update.set("last_attempt_at", now)
            update.set("last_attempt_outcome", _OUTCOME_OF[outcome.status])
            update.set("eligibility", Eligibility.NONE)
            update.add("attempt_count_total", 1)
            update.set("last_applied_by", me)
            update.remove("GSI1PK", "GSI1SK")
            return equals(expr, "validation_status", ValidationStatus.UNVALIDATED)

        def decide(stored: SpectraProduct, _retried: bool) -> SpectraProduct:
            asked = (me, outcome.status, outcome.content_fingerprint)
            recorded = (stored.last_applied_by, stored.validation_status)
            if (*recorded, stored.content_fingerprint) == asked:
                return stored  # this execution's result, recorded by its first try
            raise ConflictError(
                f"a definitive result is already recorded ({stored.validation_status.value}, "
                f"by {'this' if stored.last_applied_by == me else 'another'} execution)",
                existing=stored,
            )

        return self._update(key, SpectraProduct, now, record, decide)

    @operation("DataProduct")
    def clear_quarantine(
        self,
        key: SpectraProductKey,
        decision: ManualReviewStatus,
        *,
        execution: ExecutionId | None = None,
    ) -> SpectraProduct:
        """See :meth:`PersistenceWrapper.clear_quarantine`: only from QUARANTINED, in one
        transaction with the marker of ``execution``'s review; a retry approval SETs the GSI1
        keys back and removes the cooldown."""
        me = execution_text(execution, operation="clear_quarantine")
        if decision is ManualReviewStatus.PENDING:
            raise InvalidTransitionError("PENDING is not a review decision")
        retry = decision is ManualReviewStatus.CLEARED_RETRY_APPROVED
        target = ValidationStatus.UNVALIDATED if retry else ValidationStatus.TERMINAL_INVALID

        def clear(expr: Expr, update: Update) -> str:
            update.set("validation_status", target).set("manual_review_status", decision)
            if retry:
                gsi = eligibility_keys(key)
                update.set("eligibility", Eligibility.ACQUIRE)
                update.set("GSI1PK", gsi.pk).set("GSI1SK", gsi.sk)
                update.remove("next_eligible_attempt_at", "quarantine_reason_code")
            return equals(expr, "validation_status", ValidationStatus.QUARANTINED)

        def decide(stored: SpectraProduct, _retried: bool) -> SpectraProduct:
            raise InvalidTransitionError(
                f"the product is {stored.validation_status.value}, not QUARANTINED",
                existing=stored,
            )

        now = self._now()
        marker = self._marker(me, "clear_quarantine", build(key), now)
        return self._update_once(key, SpectraProduct, now, clear, decide, marker=marker)

    @operation("DataProduct")
    def record_spectra_execution(
        self, key: SpectraProductKey, execution_arn: str
    ) -> SpectraProduct:
        """See :meth:`PersistenceWrapper.record_spectra_execution` (the product must exist; the
        ARN already recorded is answered with the stored product, nothing written)."""
        arn = checked_fields(SpectraProduct, {"last_execution_arn": execution_arn})

        def record(expr: Expr, update: Update) -> str:
            update.set("last_execution_arn", arn["last_execution_arn"])
            return absent_or_differs(expr, "last_execution_arn", arn["last_execution_arn"])

        return self._update(key, SpectraProduct, self._now(), record, lambda stored, _r: stored)

    @operation("DataProduct")
    def list_eligible_spectra(self, nova_id: UUID) -> list[SpectraProduct]:
        """See :meth:`PersistenceWrapper.list_eligible_spectra` (GSI1, never consistent)."""
        pk = build(NovaKey(nova_id)).pk
        index = self._eligibility_index
        return self._list(SpectraProduct, pk, ELIGIBLE_SPECTRA_PREFIX, index=index)

    @operation("DataProduct")
    def list_data_products(self, nova_id: UUID) -> list[AnyProduct]:
        """See :meth:`PersistenceWrapper.list_data_products` (SK order: product type first)."""
        pk = build(NovaKey(nova_id)).pk
        return [_product(decode(item)) for item in self._db.query(pk, PRODUCT_PREFIX)]

    @operation("DataProduct")
    def put_composite_spectra(self, composite: CompositeSpectra) -> Stored[CompositeSpectra]:
        """See :meth:`PersistenceWrapper.put_composite_spectra` (create-only)."""
        if composite.composite_id != composite_id(composite.constituent_data_product_ids):
            raise InputValidationError(
                "composite_id is not the id of its constituents",
                hint="mint it with contracts.identity.composite_id",
            )
        return self._create(self._stamped(composite, self._now()))


def _product(entity: PersistedEntity) -> AnyProduct:
    if isinstance(entity, (PhotometryTable, SpectraProduct, CompositeSpectra)):
        return entity
    raise UnreadableItemError(f"a {type(entity).__name__} is stored under a PRODUCT# key")


def _same_nova(stored: PersistedEntity, intended: PersistedEntity, _retried: bool) -> bool:
    return (
        isinstance(stored, LocatorAlias)
        and isinstance(intended, LocatorAlias)
        and (stored.nova_id == intended.nova_id)
    )


def check_not_itself(key: SpectraProductKey, duplicate_of: UUID | None) -> None:
    """Raise InputValidationError when a product is named as the product it duplicates."""
    if duplicate_of == key.data_product_id:
        raise InputValidationError(
            "a product cannot duplicate itself: the duplicate_of id is the product's own "
            f"data_product_id {key.data_product_id}; name the canonical product"
        )


def check_raw_object(raw: RawObject) -> None:
    """Raise EntityValidationError listing what makes ``raw`` no storable raw object."""
    problems = []
    if not raw.bucket:
        problems.append("bucket is empty")
    if isinstance(raw.byte_length, bool) or not isinstance(raw.byte_length, int):
        problems.append("byte_length is not an integer")
    elif raw.byte_length < 0:
        problems.append("byte_length is negative")
    if not raw.etag:
        problems.append("etag is empty")
    if not isinstance(raw.sha256, str) or not _SHA256.fullmatch(raw.sha256):
        problems.append("sha256 is not 64 lowercase hex digits")
    if problems:
        raise EntityValidationError("DataProduct", "; ".join(problems))


def _check_fingerprint(name: str, value: str) -> None:
    if not 1 <= len(value) <= _FINGERPRINT_MAX:
        raise EntityValidationError(
            "DataProduct", f"{name} must be 1..{_FINGERPRINT_MAX} characters"
        )
