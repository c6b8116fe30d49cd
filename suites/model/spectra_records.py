"""The model of what Nova Cat's services record on spectra products besides the acquisition
lifecycle: the execution launched for a product, a product whose bytes duplicate a VALID one
(counted once), products that arrive VALID with their ticket (create-only, never eligible),
and the scan of every nova's spectra.

Readings where the interface is silent: the same execution ARN again is answered with the
stored product and writes nothing (``updated_at`` kept); a duplicate records the raw object's
sha256 as ``content_fingerprint`` (as an acquisition does) and leaves the cooldown as it is; a
product cannot duplicate itself (InputValidationError); a duplicate already recorded (the same
canonical id) answers before the product's state is looked at; an ingested product keeps the
``last_attempt_at`` it was given.
"""

from __future__ import annotations

from typing import Any, Final
from uuid import UUID

from hypothesis import strategies as st

from novacat_persistence.contracts.entities import (
    CompositeSpectra,
    PersistedEntity,
    SpectraProduct,
)
from novacat_persistence.contracts.enums import (
    AcquisitionStatus,
    AttemptOutcome,
    Eligibility,
    ValidationStatus,
)
from novacat_persistence.contracts.errors import (
    AlreadyExistsError,
    ConflictError,
    InputValidationError,
    InvalidTransitionError,
)
from novacat_persistence.contracts.keys import SpectraProductKey, item_key, key_of
from novacat_persistence.contracts.operations import RawObject, Stored
from novacat_persistence.suites.harness.builders import ingested_spectra
from novacat_persistence.suites.model.calls import (
    MARKER,
    Call,
    CallSpec,
    Vocabulary,
    call,
    calls_of,
    fixed_id,
    one_of,
)
from novacat_persistence.suites.model.core import changed, checked
from novacat_persistence.suites.model.spectra import SpectraModel, _keys, _raw, check_raw

_BORN_VALID: Final = {
    "validation_status": ValidationStatus.VALID,
    "acquisition_status": AcquisitionStatus.ACQUIRED,
    "eligibility": Eligibility.NONE,
}
_NOT_CONTENT: Final = frozenset({"created_at", "updated_at", "last_attempt_at"})
"""What a replayed ingestion may differ in."""

_A_PRODUCT: Final = {
    "nova_id": UUID(int=0),
    "data_product_id": UUID(int=0),
    "provider": "p",
    "locator_identity": "l",
}
"""The required fields of some spectra product: what values a product is to hold are
validated in."""

AnySpectra = SpectraProduct | CompositeSpectra


def _same_product(stored: PersistedEntity, intended: PersistedEntity) -> bool:
    return type(stored) is type(intended) and stored.model_dump(
        exclude=set(_NOT_CONTENT)
    ) == intended.model_dump(exclude=set(_NOT_CONTENT))


class SpectraRecordsModel(SpectraModel):
    """Launched executions, duplicates, ingested products, the cross-nova scan."""

    def record_spectra_execution(
        self, key: SpectraProductKey, execution_arn: str
    ) -> SpectraProduct:
        """``last_execution_arn``, set once per value."""
        arn = checked(SpectraProduct, _A_PRODUCT, {"last_execution_arn": execution_arn})
        now = self.now()
        stored = self._product(key)
        if stored.last_execution_arn == arn["last_execution_arn"]:
            return stored
        recorded = changed(stored, now, **arn)
        self.store.put(recorded)
        return recorded

    def record_duplicate(
        self, key: SpectraProductKey, *, duplicate_of: UUID, raw: RawObject
    ) -> SpectraProduct:
        """Skipped as a duplicate of a VALID product, out of the index, counted once."""
        canonical = checked(
            SpectraProduct, _A_PRODUCT, {"duplicate_of_data_product_id": duplicate_of}
        )["duplicate_of_data_product_id"]
        if canonical == key.data_product_id:
            raise InputValidationError("a product cannot duplicate itself")
        check_raw(key, raw)
        now = self.now()
        stored = self._product(key)
        if stored.duplicate_of_data_product_id == canonical:
            return stored
        if stored.validation_status is not ValidationStatus.UNVALIDATED:
            raise InvalidTransitionError("the product has a definitive result", existing=stored)
        if stored.duplicate_of_data_product_id is not None:
            raise ConflictError("another canonical product is recorded", existing=stored)
        duplicate = changed(
            stored,
            now,
            acquisition_status=AcquisitionStatus.SKIPPED_DUPLICATE,
            duplicate_of_data_product_id=canonical,
            raw_s3_bucket=raw.bucket,
            raw_s3_key=raw.key,
            byte_length=raw.byte_length,
            etag=raw.etag,
            content_fingerprint=raw.sha256,
            last_attempt_at=now,
            last_attempt_outcome=AttemptOutcome.SUCCESS,
            eligibility=Eligibility.NONE,
            attempt_count_total=stored.attempt_count_total + 1,
        )
        self.store.put(duplicate)
        return duplicate

    def put_ingested_spectra(self, product: SpectraProduct) -> Stored[SpectraProduct]:
        """A product born VALID, create-only."""
        if not isinstance(product, SpectraProduct):
            raise InputValidationError("an ingested product is a SpectraProduct")
        if any(getattr(product, name) is not value for name, value in _BORN_VALID.items()):
            raise InputValidationError("an ingested product is VALID, ACQUIRED, not eligible")
        stamped = self.stamped_new(product, self.now())
        stored = self.store.get(key_of(stamped), SpectraProduct)
        if stored is None:
            self.store.put(stamped)
            return Stored(stamped, created=True)
        if _same_product(stored, stamped):
            return Stored(stored, created=False)
        raise AlreadyExistsError("another product is stored under its key", existing=stored)

    def scan_spectra_products(
        self, *, validation_status: ValidationStatus | None = None
    ) -> list[AnySpectra]:
        """Every nova's spectra (of one validation status), by nova then SK."""
        wanted = None
        if validation_status is not None:
            try:
                wanted = ValidationStatus(validation_status)
            except ValueError:
                raise InputValidationError("not a validation status") from None
        found = [
            e
            for e in self.store.entities().values()
            if isinstance(e, AnySpectra) and wanted in (None, e.validation_status)
        ]
        return sorted(found, key=lambda e: tuple(t.encode("utf-8") for t in item_key(e)))


# --- calls ---------------------------------------------------------------------------------

_EXECUTIONS: Final = tuple(
    f"arn:aws:states:us-east-1:123456789012:execution:acquire-and-validate-spectra:{MARKER}-{n}"
    for n in range(2)
)


def _duplicates(v: Vocabulary, m: Any) -> st.SearchStrategy[Call]:
    canonical = st.sampled_from([fixed_id("canonical-0"), fixed_id("canonical-1")])

    def duplicate(key: SpectraProductKey, of: UUID, itself: bool) -> Call:
        return call(
            "record_duplicate",
            key,
            duplicate_of=key.data_product_id if itself else of,
            raw=_raw(key, 12),
        )

    return st.builds(duplicate, _keys(v, m), canonical, st.sampled_from([False] * 7 + [True]))


def _ingested_product(nova_id: UUID, size: int, eligible: bool) -> SpectraProduct:
    fields = {"validation_status": "UNVALIDATED", "eligibility": "ACQUIRE"} if eligible else {}
    locator = f"ticket_ingestion:2013ApJ...779..118S:{MARKER}.fits"
    return ingested_spectra(nova_id, byte_length=size, locator_identity=locator, **fields)


def _ingested(v: Vocabulary, _m: object) -> st.SearchStrategy[SpectraProduct]:
    sizes, eligible = st.sampled_from([2880, 2880, 5760]), st.sampled_from([False] * 7 + [True])
    return st.builds(_ingested_product, v.nova_ids(), sizes, eligible)


CALLS: Final = (
    calls_of("record_spectra_execution", _keys, one_of(*_EXECUTIONS), stateful=True),
    CallSpec("record_duplicate", _duplicates, stateful=True),
    calls_of("put_ingested_spectra", _ingested),
    calls_of(
        "scan_spectra_products",
        validation_status=one_of(None, ValidationStatus.VALID, ValidationStatus.UNVALIDATED),
    ),
)
"""How the state machine calls this area's operations."""
