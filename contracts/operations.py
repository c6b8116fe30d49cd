"""The values IFC-030 operations take and return (besides the entities themselves)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field, fields
from datetime import datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Generic, Literal, TypeVar
from uuid import UUID

from novacat_persistence.contracts.entities import (
    DocumentValue,
    IdempotencyLock,
    Locator,
    PersistedEntity,
    SpectraProduct,
)
from novacat_persistence.contracts.enums import (
    ErrorClass,
    NovaStatus,
    RegenPlanStatus,
    SpectraQuarantineReason,
    ValidationStatus,
)
from novacat_persistence.contracts.errors import InputValidationError
from novacat_persistence.contracts.records import frozen_record
from novacat_persistence.contracts.types import EXECUTION_MAX_CHARS, uuid_text

T = TypeVar("T")


@frozen_record
class Stored(Generic[T]):
    """The result of a create-only write: the stored item, and whether this call created it
    (False: it already existed with the same content, and nothing was written)."""

    item: T
    created: bool


ExecutionId = UUID | str
"""The identity of the execution that asks for a write: its JobRun id, or an idempotency token
(text, 1..256 characters without control characters) where no JobRun exists, such as a human
review's request id. The operations that count, append or transition apply at most once per
identity: a retried task passes the identity of its first try and is answered with that try's
result. It names one logical call: an execution that makes the same call twice on purpose
(two ingestions of one table, two failures of one product) passes an identity per call, e.g.
``f"{job_run_id}:{attempt}"``."""


def execution_text(execution: object, *, operation: str) -> str:
    """Return the stored text of an :data:`ExecutionId` (a UUID as its canonical text), or
    raise InputValidationError naming what ``operation`` needs (before any request)."""
    if isinstance(execution, UUID):
        return uuid_text(execution)
    if execution is None:
        raise InputValidationError(
            f"{operation} needs execution=: the identity of the asking execution (IFC-030 2.0.0)",
            hint="pass the JobRun id of the workflow execution, or an idempotency token where "
            "no JobRun exists; a retried task passes the same one",
        )
    if (
        not isinstance(execution, str)
        or not 1 <= len(execution) <= EXECUTION_MAX_CHARS
        or not execution.isprintable()
    ):
        raise InputValidationError(
            f"{operation}: execution must be a UUID or 1..{EXECUTION_MAX_CHARS} printable "
            f"characters, not {execution!r:.80}"
        )
    return execution


MARKER_RETENTION: timedelta = timedelta(days=30)
"""How long an :class:`~novacat_persistence.contracts.entities.ExecutionMarker` is kept (its
``ttl``): longer than any retry of its call can arrive (task retries within minutes; a failed
Step Functions execution can be redriven for 14 days)."""


@frozen_record
class SkippedItem:
    """An item a listing met under its keys and left out of its typed list: an item of a
    historical era that reads into a legacy model (``contracts/entities/legacy.py``), not the
    listing's current model. ``reading`` is the item read as its era."""

    pk: str
    sk: str
    era: str
    """The shape it was read as, ``<version>+<era>`` (``1.0.0+reference-id-sk``)."""
    reading: PersistedEntity
    """The item read as its era: a legacy model (``LEGACY = True``)."""
    reason: str
    """Why it is not in the list, in one sentence."""


class Listing(list[T]):
    """What a listing operation returns: the list of its current-model entities (use it as any
    list), and ``skipped``: the items of a historical era it met and left out, each read as its
    era. An empty ``skipped`` means every item the listing met is in the list."""

    skipped: tuple[SkippedItem, ...]

    def __init__(self, items: Iterable[T] = (), skipped: Iterable[SkippedItem] = ()) -> None:
        super().__init__(items)
        self.skipped = tuple(skipped)


def skipped_of(listing: Sequence[object]) -> tuple[SkippedItem, ...]:
    """What a listing operation's result left out (its ``skipped``); nothing for a plain list.
    For callers typed against the Protocol, whose listings are annotated ``list[...]``."""
    return listing.skipped if isinstance(listing, Listing) else ()


@frozen_record
class SpectraRegistration:
    """A spectra product found by discovery. ``locator_identity`` follows
    :func:`~novacat_persistence.contracts.deterministic_ids.locator_identity`;
    ``identity_strategy`` and ``provider_product_key`` say how the discoverer identified it
    (``NATIVE_ID`` and the provider's own key, say), recorded on the stub when given."""

    nova_id: UUID
    provider: str
    locator_identity: str
    locators: tuple[Locator, ...] = ()
    hints: Mapping[str, DocumentValue] = field(default_factory=dict)
    identity_strategy: str | None = None
    provider_product_key: str | None = None


class AcquisitionDecision(StrEnum):
    """What acquire_and_validate_spectra should do with a product now."""

    PROCEED = "PROCEED"
    SKIPPED_DUPLICATE = "SKIPPED_DUPLICATE"
    """Already VALID: nothing to do."""
    SKIPPED_BACKOFF = "SKIPPED_BACKOFF"
    """A retryable failure's cooldown has not passed (now < next_eligible_attempt_at)."""
    QUARANTINE_GATED = "QUARANTINE_GATED"
    """QUARANTINED and not cleared by a human: never retried automatically."""
    TERMINAL = "TERMINAL"
    """TERMINAL_INVALID: never retried."""


@frozen_record
class AcquisitionVerdict:
    """A decision and the product it was taken on."""

    decision: AcquisitionDecision
    product: SpectraProduct


@frozen_record
class RawObject:
    """The raw FITS object acquired for a spectra product."""

    bucket: str
    key: str
    byte_length: int
    etag: str
    sha256: str


DefinitiveStatus = Literal[
    ValidationStatus.VALID, ValidationStatus.QUARANTINED, ValidationStatus.TERMINAL_INVALID
]


@frozen_record
class ValidationOutcome:
    """A definitive validation result of a spectra product."""

    status: DefinitiveStatus
    content_fingerprint: str
    header_signature_hash: str | None = None
    fits_profile_id: str | None = None
    quarantine_reason_code: SpectraQuarantineReason | None = None
    duplicate_of_data_product_id: UUID | None = None
    normalization_notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        quarantined = self.status == ValidationStatus.QUARANTINED  # a member, or its text
        if quarantined != (self.quarantine_reason_code is not None):
            raise InputValidationError(
                "quarantine_reason_code is required for QUARANTINED and only for it"
            )


@frozen_record
class PhotometryIngestion:
    """One routine ingestion of a nova's photometry table."""

    source: str
    bucket: str
    table_schema_version: str
    ingested_at: datetime | None = None
    """When the table was written; the wrapper's clock when None."""


class LockOutcome(StrEnum):
    """Result of asking for a workflow idempotency lock."""

    ACQUIRED = "ACQUIRED"
    ALREADY_COMPLETED = "ALREADY_COMPLETED"
    """The work of this key was completed by an earlier execution: end as a duplicate."""


@frozen_record
class LockToken:
    """Proof of holding an idempotency lock; release and completion present it."""

    idempotency_key: str
    holder_token: UUID
    job_run_id: UUID
    expires_at: datetime


@frozen_record
class LockAcquisition:
    """The outcome of acquire_lock: a token when ACQUIRED, and the stored lock either way."""

    outcome: LockOutcome
    lock: IdempotencyLock
    token: LockToken | None


LOCK_TTL: timedelta = timedelta(minutes=15)
"""How long an idempotency lock holds before another execution may take it over."""


@frozen_record
class BackoffPolicy:
    """Cooldown after a retryable acquisition failure.

    After the n-th failed attempt (n = ``attempt_count_total`` after the increment), the
    product is next eligible at ``now + min(cap, base * 2 ** (n - 1))``. Providers can have
    their own ``(base, cap)``.
    """

    base: timedelta = timedelta(minutes=5)
    cap: timedelta = timedelta(hours=24)
    per_provider: Mapping[str, tuple[timedelta, timedelta]] = field(default_factory=dict)

    def delay(self, provider: str, attempts: int) -> timedelta:
        """Return the cooldown after ``attempts`` failed attempts (attempts >= 1)."""
        base, cap = self.per_provider.get(provider, (self.base, self.cap))
        exponent = max(attempts - 1, 0)
        if base <= timedelta(0):
            return min(base, cap)
        # Compare before multiplying: base * 2**n overflows timedelta long before the cap is
        # reached for a large n.
        if exponent >= 1023 or 2.0**exponent >= cap / base:
            return cap
        return base * (1 << exponent)


class PointerProblem(StrEnum):
    """What is wrong with a recorded S3 pointer."""

    DANGLING = "DANGLING"
    """No object at the key."""
    SIZE_MISMATCH = "SIZE_MISMATCH"
    ETAG_MISMATCH = "ETAG_MISMATCH"
    SHA256_MISMATCH = "SHA256_MISMATCH"
    LAYOUT = "LAYOUT"
    """The key breaks the bucket layout for the item's ids."""
    UNREADABLE = "UNREADABLE"
    """The item recording the pointer cannot be read, so the pointer is unchecked (the
    finding's bucket and key are the item's texts where it holds them, else empty)."""


@frozen_record
class PointerFinding:
    """One recorded pointer that does not match S3."""

    pk: str
    sk: str
    bucket: str
    key: str
    problem: PointerProblem
    detail: str


@frozen_record
class PointerAuditReport:
    """The result of auditing the recorded pointers: how many were checked, which failed."""

    checked: int
    findings: tuple[PointerFinding, ...]

    @property
    def ok(self) -> bool:
        """True when every checked pointer matched its object."""
        return not self.findings


# --- values of the operations added in IFC-030 1.1.0 (what Nova Cat's services do) ----------


@frozen_record
class NovaPosition:
    """Where a nova is, as a name resolver found it: right ascension and declination in
    degrees, the epoch and frame they are given in, and the resolver that gave them."""

    ra_deg: float | Decimal
    dec_deg: float | Decimal
    coord_epoch: str = "J2000"
    coord_frame: Literal["ICRS"] = "ICRS"
    resolver_source: str | None = None

    def as_fields(self) -> dict[str, object]:
        """The Nova fields this position sets (``resolver_source`` only when known)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        if self.resolver_source is None:
            del values["resolver_source"]
        return values


VisibleStatus = Literal[NovaStatus.ACTIVE, NovaStatus.HIDDEN]
"""The statuses a nova's visibility moves between: shown in the catalog, or kept out of it."""


@frozen_record
class NovaCounts:
    """The summary of a nova's published artifacts that artifact regeneration keeps on it."""

    spectra_count: int
    photometry_count: int
    references_count: int
    has_sparkline: bool
    spectral_visits: int

    def as_fields(self) -> dict[str, object]:
        """The Nova fields these counts set."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@frozen_record
class JobRunAnnotation:
    """What a workflow records on its running JobRun besides its status: how it ended
    (``outcome``), the error that ended it (``error_type``, ``error_message``, and its
    classification and fingerprint), or why it was quarantined (``quarantine_reason_code``,
    ``classification_reason``, what the decision saw in ``extra_context``; ``quarantined_at``
    is the wrapper's clock). Fields left None are not touched."""

    outcome: str | None = None
    error_type: str | None = None
    error_message: str | None = None
    error_classification: ErrorClass | None = None
    error_fingerprint: str | None = None
    quarantine_reason_code: str | None = None
    classification_reason: str | None = None
    extra_context: Mapping[str, DocumentValue] | None = None

    def as_fields(self) -> dict[str, object]:
        """The JobRun fields this annotation sets (those given)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {name: value for name, value in values.items() if value is not None}


PlanEnding = Literal[RegenPlanStatus.COMPLETED, RegenPlanStatus.FAILED]
"""How the regeneration of a plan ends."""
