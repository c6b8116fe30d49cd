"""DataProduct and its published versions.

Version 1.0.0 is the historical shape the services wrote (``attempt_count``, ``sha256``).
Version 2.0.0 carries the seed's operational fields, which rename two of the old ones
(``attempt_count`` to ``attempt_count_total``, ``sha256`` to ``content_fingerprint``). A rename
is breaking for every reader of the old name, hence a MAJOR version; the codec reads 1.0.0 items
through an upcaster. Version 2.1.0 adds, as optional fields, what Nova Cat's services record on
products (see ``contracts/CHANGELOG.md``). Version 2.2.0 (current) adds the last applier of a
spectra product's lifecycle writes, so that a retried execution's call is recognized.

Each version is a union of three variants told apart by their fields: the photometry table
(``product_type`` PHOTOMETRY_TABLE), a composite spectrum (it has ``composite_id``) and a
single spectra product.
"""

from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

from pydantic import ConfigDict, Discriminator, Field, Tag, model_validator

from novacat_persistence.contracts.entities.base import (
    DocumentValue,
    NestedModel,
    PersistedEntity,
)
from novacat_persistence.contracts.enums import (
    AcquisitionStatus,
    AttemptOutcome,
    Eligibility,
    LocatorKind,
    LocatorRole,
    ManualReviewStatus,
    SpectraQuarantineReason,
    ValidationStatus,
)
from novacat_persistence.contracts.types import (
    ExactFloat,
    ExecutionText,
    Fingerprint,
    NonEmptyStr,
    NonNegativeExactFloat,
    NonNegativeInt,
    SemVer,
    Sha256Hex,
    UtcDatetime,
)


class Locator(NestedModel):
    """Where a spectra product can be fetched from."""

    kind: LocatorKind
    role: LocatorRole
    value: NonEmptyStr


class _DataProductBase(PersistedEntity):
    ENTITY_TYPE: ClassVar[str] = "DataProduct"
    data_product_id: UUID
    nova_id: UUID


class _SpectraCommon(_DataProductBase):
    product_type: Literal["SPECTRA"] = "SPECTRA"
    provider: NonEmptyStr
    locator_identity: NonEmptyStr
    locators: list[Locator] = Field(default_factory=list)
    hints: dict[str, DocumentValue] = Field(default_factory=dict)
    acquisition_status: AcquisitionStatus = AcquisitionStatus.STUB
    validation_status: ValidationStatus = ValidationStatus.UNVALIDATED
    eligibility: Eligibility = Eligibility.ACQUIRE
    last_attempt_at: UtcDatetime | None = None
    last_attempt_outcome: AttemptOutcome | None = None
    last_error_fingerprint: Fingerprint | None = None
    next_eligible_attempt_at: UtcDatetime | None = None
    duplicate_of_data_product_id: UUID | None = None
    byte_length: NonNegativeInt | None = None
    etag: NonEmptyStr | None = None
    header_signature_hash: Fingerprint | None = None
    fits_profile_id: NonEmptyStr | None = None
    profile_selection_inputs: dict[str, DocumentValue] = Field(default_factory=dict)
    normalization_notes: list[str] = Field(default_factory=list)
    quarantine_reason_code: SpectraQuarantineReason | None = None
    manual_review_status: ManualReviewStatus | None = None
    raw_s3_bucket: NonEmptyStr | None = None
    raw_s3_key: NonEmptyStr | None = None
    derived_s3_prefix: NonEmptyStr | None = None
    instrument: NonEmptyStr | None = None
    telescope: NonEmptyStr | None = None
    observation_date_mjd: ExactFloat | None = None

    @model_validator(mode="after")
    def _eligibility_follows_validation(self) -> Any:
        if (
            self.validation_status is ValidationStatus.VALID
            and self.eligibility is Eligibility.ACQUIRE
        ):
            raise ValueError("a VALID product cannot be eligible for acquisition")
        return self


class _CompositeCommon(_DataProductBase):
    product_type: Literal["SPECTRA"] = "SPECTRA"
    provider: NonEmptyStr
    composite_id: UUID
    constituent_data_product_ids: list[UUID] = Field(min_length=1)
    rejected_data_product_ids: list[UUID] = Field(default_factory=list)
    composite_fingerprint: Fingerprint
    composite_s3_key: NonEmptyStr | None = None
    web_ready_s3_key: NonEmptyStr | None = None
    validation_status: Literal[ValidationStatus.VALID] = ValidationStatus.VALID
    eligibility: Literal[Eligibility.NONE] = Eligibility.NONE

    @model_validator(mode="after")
    def _identity_and_order(self) -> Any:
        if self.data_product_id != self.composite_id:
            raise ValueError("a composite's data_product_id must equal its composite_id")
        for name in ("constituent_data_product_ids", "rejected_data_product_ids"):
            # Sorted by their texts: every UUID text has the same form, of lowercase hex
            # digits, so the texts sort as the numbers do (and a number is not formatted).
            numbers = [i.int for i in getattr(self, name)]
            if numbers != sorted(numbers):
                raise ValueError(f"{name} must be sorted")
        return self


class _PhotometryCommon(_DataProductBase):
    product_type: Literal["PHOTOMETRY_TABLE"] = "PHOTOMETRY_TABLE"
    s3_bucket: NonEmptyStr | None = None
    s3_key: NonEmptyStr | None = None
    last_ingestion_at: UtcDatetime | None = None
    last_ingestion_source: NonEmptyStr | None = None
    ingestion_count: NonNegativeInt = 0


# --- what Nova Cat's services record on products (versions from 2.1.0 on) ------------------


class _SpectraRecords(_SpectraCommon):
    """How the product's id was derived, the last execution that worked on it, and the
    spectrum's measured summary."""

    identity_strategy: NonEmptyStr | None = None
    provider_product_key: NonEmptyStr | None = None
    last_execution_arn: NonEmptyStr | None = None
    flux_unit: NonEmptyStr | None = None
    wavelength_min_nm: ExactFloat | None = None
    wavelength_max_nm: ExactFloat | None = None
    snr: NonNegativeExactFloat | None = None
    snr_provenance: Literal["source", "estimated_der_snr"] | None = None


class _CompositeRecords(_CompositeCommon):
    """The instrument, telescope and observation date a composite's constituents share."""

    instrument: NonEmptyStr | None = None
    telescope: NonEmptyStr | None = None
    observation_date_mjd: ExactFloat | None = None


class _PhotometryRecords(_PhotometryCommon):
    """The photometry rows ticket ingestion keeps in the photometry table, counted."""

    photometry_schema_version: NonEmptyStr | None = None
    row_count: NonNegativeInt | None = None


# --- version 1.0.0 (historical) --------------------------------------------------------------


class SpectraProductV1(_SpectraCommon):
    """A spectra product as written before the operational fields (DataProduct 1.0.0)."""

    SCHEMA_VERSION: ClassVar[str] = "1.0.0"
    attempt_count: NonNegativeInt = 0
    sha256: Sha256Hex | None = None


class CompositeSpectraV1(_CompositeCommon):
    """A composite spectrum, DataProduct 1.0.0."""

    SCHEMA_VERSION: ClassVar[str] = "1.0.0"


class PhotometryTableV1(_PhotometryCommon):
    """The per-nova photometry table, DataProduct 1.0.0."""

    SCHEMA_VERSION: ClassVar[str] = "1.0.0"


class SpectraProductV1Services(SpectraProductV1, _SpectraRecords):
    """A spectra product Nova Cat's services stored stamped 1.0.0 with what 2.1.0 added."""


class CompositeSpectraV1Services(CompositeSpectraV1, _CompositeRecords):
    """A composite Nova Cat's generator stored (with no version) with what 2.1.0 added."""


class PhotometryTableV1Services(PhotometryTableV1, _PhotometryRecords):
    """The photometry table Nova Cat's ticket ingestion stored stamped 1.0.0, with its row
    counts."""


# --- version 2.0.0 ----------------------------------------------------------------------------


class _SpectraOperations(_SpectraCommon):
    """The seed's operational fields, every version from 2.0.0 on."""

    attempt_count_total: NonNegativeInt = 0
    last_successful_fingerprint: Fingerprint | None = None
    content_fingerprint: Fingerprint | None = None


class _PhotometrySnapshots(_PhotometryCommon):
    """The table schema bookkeeping, every version from 2.0.0 on."""

    table_schema_version: SemVer | None = None
    snapshot_s3_keys: dict[SemVer, NonEmptyStr] = Field(default_factory=dict)


class SpectraProductV2(_SpectraOperations):
    """A spectra product: PK ``<nova_id>``, SK ``PRODUCT#SPECTRA#<provider>#<data_product_id>``;
    in GSI1 exactly while ``eligibility`` is ACQUIRE (DataProduct 2.0.0)."""

    model_config = ConfigDict(title="SpectraProduct")
    SCHEMA_VERSION: ClassVar[str] = "2.0.0"


class CompositeSpectraV2(_CompositeCommon):
    """A composite spectrum: SK ``PRODUCT#SPECTRA#<provider>#COMPOSITE#<composite_id>``;
    always VALID and never eligible (DataProduct 2.0.0)."""

    model_config = ConfigDict(title="CompositeSpectra")
    SCHEMA_VERSION: ClassVar[str] = "2.0.0"


class PhotometryTableV2(_PhotometrySnapshots):
    """The photometry table, one per nova: SK ``PRODUCT#PHOTOMETRY_TABLE`` (DataProduct 2.0.0).

    ``table_schema_version`` is the schema version of the parquet table the canonical pointer
    holds; ``snapshot_s3_keys`` maps each earlier table schema version to its snapshot key,
    recorded once when that version was superseded.
    """

    model_config = ConfigDict(title="PhotometryTable")
    SCHEMA_VERSION: ClassVar[str] = "2.0.0"


# --- version 2.1.0 ----------------------------------------------------------------------------


class SpectraProductV21(_SpectraOperations, _SpectraRecords):
    """A spectra product: PK ``<nova_id>``, SK ``PRODUCT#SPECTRA#<provider>#<data_product_id>``;
    in GSI1 exactly while ``eligibility`` is ACQUIRE (DataProduct 2.1.0).

    2.1.0 adds what Nova Cat's services record on a product: how its id was derived
    (``identity_strategy``, ``provider_product_key``), the last workflow execution that worked
    on it (``last_execution_arn``), and the spectrum's measured summary (``flux_unit``,
    ``wavelength_min_nm``, ``wavelength_max_nm``, ``snr`` and where the SNR came from,
    ``snr_provenance``).
    """

    model_config = ConfigDict(title="SpectraProduct")
    SCHEMA_VERSION: ClassVar[str] = "2.1.0"


class CompositeSpectraV21(_CompositeRecords):
    """A composite spectrum: SK ``PRODUCT#SPECTRA#<provider>#COMPOSITE#<composite_id>``;
    always VALID and never eligible (DataProduct 2.1.0: with the instrument, telescope and
    observation date its constituents share)."""

    model_config = ConfigDict(title="CompositeSpectra")
    SCHEMA_VERSION: ClassVar[str] = "2.1.0"


class PhotometryTableV21(_PhotometrySnapshots, _PhotometryRecords):
    """The photometry table, one per nova: SK ``PRODUCT#PHOTOMETRY_TABLE`` (DataProduct 2.1.0).

    ``table_schema_version`` is the schema version of the parquet table the canonical pointer
    holds; ``snapshot_s3_keys`` maps each earlier table schema version to its snapshot key,
    recorded once when that version was superseded. ``photometry_schema_version`` and
    ``row_count`` describe the rows Nova Cat keeps in its photometry table
    (``PhotometryRow`` items), which ticket ingestion counts as it writes them.
    """

    model_config = ConfigDict(title="PhotometryTable")
    SCHEMA_VERSION: ClassVar[str] = "2.1.0"


# --- version 2.2.0 (current) -----------------------------------------------------------------


class SpectraProduct(_SpectraOperations, _SpectraRecords):
    """A spectra product: PK ``<nova_id>``, SK ``PRODUCT#SPECTRA#<provider>#<data_product_id>``;
    in GSI1 exactly while ``eligibility`` is ACQUIRE (DataProduct 2.2.0).

    It records how its id was derived (``identity_strategy``, ``provider_product_key``), the
    last workflow execution that worked on it (``last_execution_arn``), the spectrum's measured
    summary (``flux_unit``, ``wavelength_min_nm``, ``wavelength_max_nm``, ``snr`` and where the
    SNR came from, ``snr_provenance``) and, from 2.2.0 on, ``last_applied_by``: the identity of
    the execution (JobRun id or idempotency token) whose retryable failure or definitive result
    was recorded last, by which a retried execution's call is recognized as a replay.
    """

    SCHEMA_VERSION: ClassVar[str] = "2.2.0"

    last_applied_by: ExecutionText | None = None


class CompositeSpectra(_CompositeRecords):
    """A composite spectrum: SK ``PRODUCT#SPECTRA#<provider>#COMPOSITE#<composite_id>``;
    always VALID and never eligible (DataProduct 2.2.0, as 2.1.0: with the instrument,
    telescope and observation date its constituents share)."""

    SCHEMA_VERSION: ClassVar[str] = "2.2.0"


class PhotometryTable(_PhotometrySnapshots, _PhotometryRecords):
    """The photometry table, one per nova: SK ``PRODUCT#PHOTOMETRY_TABLE`` (DataProduct 2.2.0,
    as 2.1.0).

    ``table_schema_version`` is the schema version of the parquet table the canonical pointer
    holds; ``snapshot_s3_keys`` maps each earlier table schema version to its snapshot key,
    recorded once when that version was superseded. ``photometry_schema_version`` and
    ``row_count`` describe the rows Nova Cat keeps in its photometry table
    (``PhotometryRow`` items), which ticket ingestion counts as it writes them.
    """

    SCHEMA_VERSION: ClassVar[str] = "2.2.0"


def _variant(value: Any) -> str:
    if isinstance(value, dict):
        product_type = value.get("product_type")
        if isinstance(product_type, dict):  # a stored item: {"S": "PHOTOMETRY_TABLE"}
            product_type = product_type.get("S")
        if product_type == "PHOTOMETRY_TABLE":
            return "photometry"
        return "composite" if "composite_id" in value else "spectra"
    if isinstance(value, _PhotometryCommon):
        return "photometry"
    return "composite" if isinstance(value, _CompositeCommon) else "spectra"


DataProductV1 = Annotated[
    Annotated[PhotometryTableV1, Tag("photometry")]
    | Annotated[SpectraProductV1, Tag("spectra")]
    | Annotated[CompositeSpectraV1, Tag("composite")],
    Discriminator(_variant),
]
"""Any DataProduct item of version 1.0.0."""

DataProductV1Services = Annotated[
    Annotated[PhotometryTableV1Services, Tag("photometry")]
    | Annotated[SpectraProductV1Services, Tag("spectra")]
    | Annotated[CompositeSpectraV1Services, Tag("composite")],
    Discriminator(_variant),
]
"""Any DataProduct item Nova Cat's services stored under the 1.0.0 stamp (or none)."""

DataProductV2 = Annotated[
    Annotated[PhotometryTableV2, Tag("photometry")]
    | Annotated[SpectraProductV2, Tag("spectra")]
    | Annotated[CompositeSpectraV2, Tag("composite")],
    Discriminator(_variant),
]
"""Any DataProduct item of version 2.0.0."""

DataProductV21 = Annotated[
    Annotated[PhotometryTableV21, Tag("photometry")]
    | Annotated[SpectraProductV21, Tag("spectra")]
    | Annotated[CompositeSpectraV21, Tag("composite")],
    Discriminator(_variant),
]
"""Any DataProduct item of version 2.1.0."""

DataProduct = Annotated[
    Annotated[PhotometryTable, Tag("photometry")]
    | Annotated[SpectraProduct, Tag("spectra")]
    | Annotated[CompositeSpectra, Tag("composite")],
    Discriminator(_variant),
]
"""Any DataProduct item of the current version (2.2.0)."""

AnySpectra = SpectraProduct | CompositeSpectra
"""A current spectra-type product, single or composite."""

__all__ = [
    "AnySpectra",
    "CompositeSpectra",
    "CompositeSpectraV1",
    "CompositeSpectraV2",
    "CompositeSpectraV21",
    "DataProduct",
    "DataProductV1",
    "DataProductV1Services",
    "DataProductV2",
    "DataProductV21",
    "Locator",
    "PhotometryTable",
    "PhotometryTableV1",
    "PhotometryTableV2",
    "PhotometryTableV21",
    "SpectraProduct",
    "SpectraProductV1",
    "SpectraProductV2",
    "SpectraProductV21",
]
