"""The closed vocabularies of the persisted entities (docs/domain.md, Item types)."""

from enum import StrEnum


class NovaStatus(StrEnum):
    """Lifecycle of a Nova record; readers show only ACTIVE novae.

    PENDING marks the stub a resolver writes before the nova's metadata (Nova Cat's
    resolver wrote it until March 2026); HIDDEN keeps a nova out of the published catalog
    until it is made ACTIVE again (Nova Cat's visibility tool).
    """

    ACTIVE = "ACTIVE"
    QUARANTINED = "QUARANTINED"
    MERGED = "MERGED"
    DEPRECATED = "DEPRECATED"
    PENDING = "PENDING"
    HIDDEN = "HIDDEN"


class NovaQuarantineReason(StrEnum):
    """Why a Nova was quarantined at identity resolution."""

    COORDINATE_AMBIGUITY = "COORDINATE_AMBIGUITY"
    OTHER = "OTHER"


class ManualReviewStatus(StrEnum):
    """Outcome of a human review of a quarantined record."""

    PENDING = "PENDING"
    CLEARED_RETRY_APPROVED = "CLEARED_RETRY_APPROVED"
    CLEARED_TERMINAL = "CLEARED_TERMINAL"


class NameKind(StrEnum):
    """Whether a name is the nova's primary name or an alias."""

    PRIMARY = "PRIMARY"
    ALIAS = "ALIAS"


class NameSource(StrEnum):
    """Where a name mapping came from."""

    USER_INPUT = "USER_INPUT"
    INGESTION = "INGESTION"
    SIMBAD = "SIMBAD"
    TNS = "TNS"
    OTHER = "OTHER"


class ProductType(StrEnum):
    """The kind of data product; the photometry table sorts before spectra."""

    PHOTOMETRY_TABLE = "PHOTOMETRY_TABLE"
    SPECTRA = "SPECTRA"


class LocatorKind(StrEnum):
    """How a locator addresses a product."""

    URL = "URL"
    S3 = "S3"
    OTHER = "OTHER"


class LocatorRole(StrEnum):
    """Whether a locator is the primary source or a mirror."""

    PRIMARY = "PRIMARY"
    MIRROR = "MIRROR"


class AcquisitionStatus(StrEnum):
    """Acquisition state of a spectra product."""

    STUB = "STUB"
    ACQUIRED = "ACQUIRED"
    FAILED_RETRYABLE = "FAILED_RETRYABLE"
    SKIPPED_DUPLICATE = "SKIPPED_DUPLICATE"
    SKIPPED_BACKOFF = "SKIPPED_BACKOFF"


class ValidationStatus(StrEnum):
    """Scientific validation state of a spectra product (never encodes retryability)."""

    UNVALIDATED = "UNVALIDATED"
    VALID = "VALID"
    QUARANTINED = "QUARANTINED"
    TERMINAL_INVALID = "TERMINAL_INVALID"


class Eligibility(StrEnum):
    """Whether a spectra product is waiting for acquisition (and so in GSI1)."""

    ACQUIRE = "ACQUIRE"
    NONE = "NONE"


class AttemptOutcome(StrEnum):
    """Outcome of the last acquisition/validation attempt of a product."""

    SUCCESS = "SUCCESS"
    RETRYABLE_FAILURE = "RETRYABLE_FAILURE"
    TERMINAL_FAILURE = "TERMINAL_FAILURE"
    QUARANTINE = "QUARANTINE"


class SpectraQuarantineReason(StrEnum):
    """Why a spectra product was quarantined."""

    UNKNOWN_PROFILE = "UNKNOWN_PROFILE"
    MISSING_CRITICAL_METADATA = "MISSING_CRITICAL_METADATA"
    CHECKSUM_MISMATCH = "CHECKSUM_MISMATCH"
    COORDINATE_PROXIMITY = "COORDINATE_PROXIMITY"
    OTHER = "OTHER"


class FileRole(StrEnum):
    """What an S3 object recorded by a FileObject is for; decides its SK shape."""

    WORKFLOW_QUARANTINE_CONTEXT = "WORKFLOW_QUARANTINE_CONTEXT"
    SPECTRA_RAW_FITS = "SPECTRA_RAW_FITS"
    PHOTOMETRY_TABLE = "PHOTOMETRY_TABLE"
    PHOTOMETRY_SNAPSHOT = "PHOTOMETRY_SNAPSHOT"
    BUNDLE_MANIFEST = "BUNDLE_MANIFEST"
    BUNDLE_ZIP = "BUNDLE_ZIP"
    OTHER = "OTHER"
    SPECTRA_QUARANTINE_CONTEXT = "SPECTRA_QUARANTINE_CONTEXT"
    SPECTRA_NORMALIZED = "SPECTRA_NORMALIZED"
    SPECTRA_PLOT = "SPECTRA_PLOT"


NOVA_SCOPED_FILE_ROLES = frozenset(
    {
        FileRole.SPECTRA_RAW_FITS,
        FileRole.PHOTOMETRY_TABLE,
        FileRole.PHOTOMETRY_SNAPSHOT,
        FileRole.BUNDLE_MANIFEST,
        FileRole.BUNDLE_ZIP,
        FileRole.OTHER,
    }
)
"""Roles whose SK is ``FILE#<ROLE>#NOVA#<nova_id>#ID#<file_id>``."""

PRODUCT_SCOPED_FILE_ROLES = frozenset(
    {
        FileRole.SPECTRA_QUARANTINE_CONTEXT,
        FileRole.SPECTRA_NORMALIZED,
        FileRole.SPECTRA_PLOT,
    }
)
"""Roles whose SK is ``FILE#<ROLE>#NOVA#<nova_id>#PRODUCT#<data_product_id>#ID#<file_id>``."""


class ReferenceType(StrEnum):
    """Kind of a bibliographic reference."""

    JOURNAL_ARTICLE = "journal_article"
    CONFERENCE_ABSTRACT = "conference_abstract"
    POSTER = "poster"
    CATALOG = "catalog"
    SOFTWARE = "software"
    ATEL = "atel"
    CBAT_CIRCULAR = "cbat_circular"
    ARXIV_PREPRINT = "arxiv_preprint"
    OTHER = "other"


class NovaReferenceRole(StrEnum):
    """What a reference is to a nova."""

    DISCOVERY = "DISCOVERY"
    SPECTRA_SOURCE = "SPECTRA_SOURCE"
    PHOTOMETRY_SOURCE = "PHOTOMETRY_SOURCE"
    OTHER = "OTHER"


class JobRunStatus(StrEnum):
    """Lifecycle of a workflow execution record."""

    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    QUARANTINED = "QUARANTINED"
    CANCELLED = "CANCELLED"


class ErrorClass(StrEnum):
    """Retry class recorded on a failed JobRun."""

    RETRYABLE = "RETRYABLE"
    TERMINAL = "TERMINAL"


class AttemptStatus(StrEnum):
    """State of one task invocation."""

    STARTED = "STARTED"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    TIMED_OUT = "TIMED_OUT"
    CANCELLED = "CANCELLED"


class LockState(StrEnum):
    """State of an idempotency lock: held by a live execution, or its work completed."""

    HELD = "HELD"
    COMPLETED = "COMPLETED"


class StepKind(StrEnum):
    """The side-effecting steps that carry a dedupe key (execution governance)."""

    DATA_PRODUCT_IDENTITY = "DATA_PRODUCT_IDENTITY"
    ACQUISITION = "ACQUISITION"
    VALIDATION_RESULT = "VALIDATION_RESULT"
    LINK = "LINK"
    PHOTOMETRY_INGESTION = "PHOTOMETRY_INGESTION"
    """An ingestion run's rows counted on the nova's photometry table (once per run)."""


class DirtyType(StrEnum):
    """What a regeneration work item asks to rebuild."""

    SPECTRA = "spectra"
    PHOTOMETRY = "photometry"
    REFERENCES = "references"


class RegenPlanStatus(StrEnum):
    """Lifecycle of an artifact regeneration batch plan."""

    PENDING = "PENDING"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    ABANDONED = "ABANDONED"


class TimeSystem(StrEnum):
    """The time system of a photometry row's originally reported time."""

    MJD_UTC = "MJD_UTC"
    MJD_TT = "MJD_TT"
    HJD_UTC = "HJD_UTC"
    HJD_TT = "HJD_TT"
    JD_UTC = "JD_UTC"
    JD_TT = "JD_TT"
    ISOT = "ISOT"
    OTHER = "OTHER"


class SpectralCoordType(StrEnum):
    """What a photometry row's spectral coordinate measures."""

    WAVELENGTH = "wavelength"
    FREQUENCY = "frequency"
    ENERGY = "energy"


class SpectralCoordUnit(StrEnum):
    """The unit of a photometry row's spectral coordinate."""

    ANGSTROM = "Angstrom"
    NM = "nm"
    GHZ = "GHz"
    MHZ = "MHz"
    KEV = "keV"
    MEV = "MeV"
    GEV = "GeV"


class FluxDensityUnit(StrEnum):
    """The unit of a photometry row's flux density."""

    JY = "Jy"
    MJY = "mJy"
    UJY = "uJy"
    ERG_CM2_S_HZ = "erg/cm2/s/Hz"
    ERG_CM2_S_KEV = "erg/cm2/s/keV"


class DataRights(StrEnum):
    """Under which terms a photometry row may be published."""

    PUBLIC = "public"
    CC_BY = "CC-BY"
    CC_BY_SA = "CC-BY-SA"
    PROPRIETARY = "proprietary"
    OTHER = "OTHER"


class BandResolutionType(StrEnum):
    """How a photometry row's band was resolved against the band registry."""

    CANONICAL = "canonical"
    SYNONYM = "synonym"
    GENERIC_FALLBACK = "generic_fallback"
    SIDECAR_ASSERTION = "sidecar_assertion"


class BandResolutionConfidence(StrEnum):
    """How far a photometry row's band resolution can be trusted."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class DataOrigin(StrEnum):
    """Where a photometry row came from."""

    LITERATURE = "literature"
    OPERATOR_UPLOAD = "operator_upload"
    DONOR_SUBMISSION = "donor_submission"
