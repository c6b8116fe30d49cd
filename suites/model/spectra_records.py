"""The model of spectra products recorded by Nova Cat's services besides discovery and
validation (IFC-030 1.1.0): products a ticket brings whole (born VALID), duplicates of a VALID
product, the execution launched for a product, and the scan of every nova's spectra.

Readings where the interface is silent: an ingested product stored again with the same content
(timestamps and ``last_attempt_at`` aside) is a replay; a duplicate's retry (the same canonical
product recorded) is answered with the stored product, counted once.
"""

from __future__ import annotations

from typing import Final
from uuid import UUID, uuid5

from hypothesis import strategies as st

from novacat_persistence.contracts.codec.items import validate_fields
from novacat_persistence.contracts.entities import CompositeSpectra, SpectraProduct
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
from novacat_persistence.contracts.keys import SPECTRA_PREFIX, SpectraProductKey, key_of
from novacat_persistence.contracts.operations import RawObject, Stored
from novacat_persistence.suites.harness.builders import ingested_spectra
from novacat_persistence.suites.model.calls import (
    Call,
    CallSpec,
    Vocabulary,
    call,
    calls_of,
    one_of,
)
from novacat_persistence.suites.model.core import ModelCore, changed, member
from novacat_persistence.suites.model.spectra import (
    SpectraModel,
    check_raw,
    raw_object,
    spectra_keys,
)

_BORN_VALID: Final = {
    "validation_status": ValidationStatus.VALID,
    "acquisition_status": AcquisitionStatus.ACQUIRED,
    "eligibility": Eligibility.NONE,
}
_NOT_CONTENT: Final = frozenset({"created_at", "updated_at", "last_attempt_at"})

AnySpectra = SpectraProduct | CompositeSpectra


class SpectraRecordsModel(SpectraModel):
    """Ingested products, duplicates, launched executions and the scan of spectra."""

    def put_ingested_spectra(self, product: SpectraProduct) -> Stored[SpectraProduct]:
        """A product that arrives VALID, ACQUIRED and not eligible, create-only."""
        if not isinstance(product, SpectraProduct):
            raise InputValidationError("put_ingested_spectra takes a SpectraProduct")
        if any(getattr(product, name) is not value for name, value in _BORN_VALID.items()):
            raise InputValidationError("an ingested product arrives VALID, ACQUIRED, not eligible")
        stamped = self.stamped_new(product, self.now())
        stored = self.store.get(key_of(stamped), SpectraProduct)
        if stored is None:
            self.store.put(stamped)
            return Stored(stamped, created=True)
        if stored.model_dump(exclude=set(_NOT_CONTENT)) == stamped.model_dump(
            exclude=set(_NOT_CONTENT)
        ):
            return Stored(stored, created=False)
        raise AlreadyExistsError("another product is stored under its key", existing=stored)

    def record_duplicate(
        self, key: SpectraProductKey, *, duplicate_of: UUID, raw: RawObject
    ) -> SpectraProduct:
        """SKIPPED_DUPLICATE of ``duplicate_of``, once, from UNVALIDATED."""
        canonical = validate_fields(SpectraProduct, {"duplicate_of_data_product_id": duplicate_of})[
            "duplicate_of_data_product_id"
        ]
        if canonical == key.data_product_id:
            raise InputValidationError("a product cannot duplicate itself")
        check_raw(key, raw)
        now = self.now()
        stored = self._product(key)
        unvalidated = stored.validation_status is ValidationStatus.UNVALIDATED
        if unvalidated and stored.duplicate_of_data_product_id is None:
            updated = changed(
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
            self.store.put(updated)
            return updated
        if stored.duplicate_of_data_product_id == canonical:
            return stored
        if not unvalidated:
            raise InvalidTransitionError("a definitive result is recorded", existing=stored)
        raise ConflictError("another canonical product is recorded", existing=stored)

    def record_spectra_execution(
        self, key: SpectraProductKey, execution_arn: str
    ) -> SpectraProduct:
        """The workflow execution launched for the product."""
        arn = validate_fields(SpectraProduct, {"last_execution_arn": execution_arn})
        now = self.now()
        updated = changed(self._product(key), now, **arn)
        self.store.put(updated)
        return updated

    def scan_spectra_products(
        self, *, validation_status: ValidationStatus | None = None
    ) -> list[AnySpectra]:
        """Every nova's spectra products and composites (of one validation status), by nova
        then SK."""
        wanted = None if validation_status is None else member(ValidationStatus, validation_status)
        found = [
            (key, entity)
            for key, entity in self.store.entities().items()
            if key.sk.startswith(SPECTRA_PREFIX)
            and isinstance(entity, (SpectraProduct, CompositeSpectra))
            and (wanted is None or getattr(entity, "validation_status", None) is wanted)
        ]
        return [entity for _key, entity in sorted(found, key=lambda pair: pair[0])]


# --- calls ---------------------------------------------------------------------------------

EXECUTION_ARNS: Final = tuple(
    f"arn:aws:states:us-east-1:123456789012:execution:acquire-and-validate:{n}" for n in "ab"
)


def _ingested(v: Vocabulary, _m: object) -> st.SearchStrategy[SpectraProduct]:
    return st.builds(
        lambda nova_id, note: ingested_spectra(nova_id, hints={"note": note}),
        v.nova_ids(),
        v.texts(),
    )


def _duplicates(v: Vocabulary, m: ModelCore) -> st.SearchStrategy[Call]:
    return st.builds(
        lambda key, of, size: call(
            "record_duplicate", key, duplicate_of=of, raw=raw_object(key, size)
        ),
        spectra_keys(v, m),
        st.sampled_from([uuid5(n, "canonical") for n in v.novae]),
        st.sampled_from([10, 11]),
    )


CALLS: Final = (
    calls_of("put_ingested_spectra", _ingested),
    CallSpec("record_duplicate", _duplicates, stateful=True),
    calls_of("record_spectra_execution", spectra_keys, one_of(*EXECUTION_ARNS), stateful=True),
    calls_of(
        "scan_spectra_products",
        validation_status=one_of(None, ValidationStatus.VALID, ValidationStatus.UNVALIDATED),
    ),
)
"""How the state machine calls this area's operations."""
