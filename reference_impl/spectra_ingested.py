"""Spectra products that arrive whole instead of being discovered and validated: products a
ticket brings (born VALID), and products whose bytes duplicate a VALID one."""

from __future__ import annotations

from typing import Final
from uuid import UUID

from novacat_persistence.contracts.bucket_layout import check_raw_spectra_key
from novacat_persistence.contracts.entities import PersistedEntity, SpectraProduct
from novacat_persistence.contracts.enums import (
    AcquisitionStatus,
    AttemptOutcome,
    Eligibility,
    ValidationStatus,
)
from novacat_persistence.contracts.errors import (
    ConflictError,
    InputValidationError,
    InvalidTransitionError,
)
from novacat_persistence.contracts.keys import SpectraProductKey
from novacat_persistence.contracts.operations import RawObject, Stored
from novacat_persistence.reference_impl.conditions import (
    Expr,
    Update,
    all_of,
    attribute_absent,
    equals,
)
from novacat_persistence.reference_impl.core import Core, checked_fields
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.spectra import check_not_itself, check_raw_object

_BORN_VALID: Final = {
    "validation_status": ValidationStatus.VALID,
    "acquisition_status": AcquisitionStatus.ACQUIRED,
    "eligibility": Eligibility.NONE,
}
"""What a product that arrives whole is (checked, never set)."""

_NOT_CONTENT: Final = frozenset({"created_at", "updated_at", "last_attempt_at"})
"""Fields a re-run of the same ingestion may change without changing the product."""


def same_ingested_product(stored: PersistedEntity, intended: PersistedEntity, _r: bool) -> bool:
    """Replay rule: the stored product is the intended one but for when it was written."""
    return type(stored) is type(intended) and stored.model_dump(
        exclude=set(_NOT_CONTENT)
    ) == intended.model_dump(exclude=set(_NOT_CONTENT))


class IngestedSpectraOps(Core):
    """IFC-030 operations on spectra products that arrive whole."""

    @operation("DataProduct")
    def put_ingested_spectra(self, product: SpectraProduct) -> Stored[SpectraProduct]:
        """See :meth:`PersistenceWrapper.put_ingested_spectra` (create-only)."""
        wrong = [
            f"{name} is {getattr(product, name).value}, not {value.value}"
            for name, value in _BORN_VALID.items()
            if getattr(product, name) is not value
        ]
        if wrong:
            raise InputValidationError(
                "an ingested spectra product arrives VALID, ACQUIRED and not eligible: "
                + "; ".join(wrong),
                hint="discovered products go through register_spectra_product",
            )
        return self._create(self._stamped(product, self._now()), replay=same_ingested_product)

    @operation("DataProduct")
    def record_duplicate(
        self, key: SpectraProductKey, *, duplicate_of: UUID, raw: RawObject
    ) -> SpectraProduct:
        """See :meth:`PersistenceWrapper.record_duplicate`: one update, only from UNVALIDATED
        with no duplicate recorded (so the attempt is counted once)."""
        canonical = checked_fields(SpectraProduct, {"duplicate_of_data_product_id": duplicate_of})
        duplicate_of = canonical["duplicate_of_data_product_id"]
        check_not_itself(key, duplicate_of)
        check_raw_spectra_key(raw.key, key.nova_id, key.data_product_id)
        check_raw_object(raw)
        now = self._now()

        def link(expr: Expr, update: Update) -> str:
            update.set("acquisition_status", AcquisitionStatus.SKIPPED_DUPLICATE)
            update.set("duplicate_of_data_product_id", duplicate_of)
            update.set("raw_s3_bucket", raw.bucket).set("raw_s3_key", raw.key)
            update.set("byte_length", raw.byte_length).set("etag", raw.etag)
            update.set("content_fingerprint", raw.sha256)
            update.set("last_attempt_at", now)
            update.set("last_attempt_outcome", AttemptOutcome.SUCCESS)
            update.set("eligibility", Eligibility.NONE)
            update.add("attempt_count_total", 1)
            update.remove("GSI1PK", "GSI1SK")
            return all_of(
                equals(expr, "validation_status", ValidationStatus.UNVALIDATED),
                attribute_absent(expr, "duplicate_of_data_product_id"),
            )

        def decide(stored: SpectraProduct, _retried: bool) -> SpectraProduct:
            if stored.duplicate_of_data_product_id == duplicate_of:
                return stored  # recorded before: counted once
            if stored.validation_status is not ValidationStatus.UNVALIDATED:
                raise InvalidTransitionError(
                    f"the product already has a definitive result "
                    f"({stored.validation_status.value})",
                    existing=stored,
                )
            raise ConflictError(
                f"the product duplicates {stored.duplicate_of_data_product_id}",
                existing=stored,
            )

        return self._update(key, SpectraProduct, now, link, decide)
