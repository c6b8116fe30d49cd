"""The key grammar of the Nova Cat table: every PK, SK and GSI1 key, built and parsed here.

Each item type has a typed key (a frozen dataclass of its key components). :func:`build` turns
a typed key into the stored ``(PK, SK)``; :func:`parse` turns a stored pair back into the typed
key, refusing anything :func:`build` would not have produced. ``parse(build(k)) == k`` for every
valid key, so two different keys never share a ``(PK, SK)``.

Rules, each raising :class:`~novacat_persistence.contracts.errors.KeyShapeError` that names the
component:

- components that sit between delimiters (provider, workflow name, task name, role, ...) must
  not contain ``#``; they are never escaped;
- a component that stands last in its key (a normalized name, a locator identity, a bibcode,
  a correlation id, an idempotency key) may contain ``#``;
- no component is empty or holds a control character; UUIDs are canonical lowercase;
  timestamps use the canonical UTC form of :func:`~novacat_persistence.contracts.types.format_utc`;
- PK and GSI1PK are at most 2048 UTF-8 bytes, SK and GSI1SK at most 1024, checked before any
  request is made.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, NamedTuple, TypeVar, assert_never
from uuid import UUID

from novacat_persistence.contracts.entities import (
    Attempt,
    CompositeSpectra,
    CompositeSpectraV1,
    FileObject,
    IdempotencyLock,
    JobRun,
    JobRunClaim,
    LocatorAlias,
    NameClaim,
    NameMapping,
    Nova,
    NovaReference,
    PersistedEntity,
    PhotometryTable,
    PhotometryTableV1,
    Reference,
    SpectraProduct,
    SpectraProductV1,
    StepDedupe,
    WorkItem,
)
from novacat_persistence.contracts.enums import (
    NOVA_SCOPED_FILE_ROLES,
    PRODUCT_SCOPED_FILE_ROLES,
    DirtyType,
    Eligibility,
    FileRole,
    ProductType,
    StepKind,
)
from novacat_persistence.contracts.errors import KeyShapeError
from novacat_persistence.contracts.types import BIBCODE_PATTERN, format_utc, uuid_text

DELIMITER: Final = "#"
PK_MAX_BYTES: Final = 2048
SK_MAX_BYTES: Final = 1024

WORKQUEUE_PK: Final = "WORKQUEUE"
NOVA_SK: Final = "NOVA"
PHOTOMETRY_SK: Final = "PRODUCT#PHOTOMETRY_TABLE"
REFERENCE_SK: Final = "METADATA"
LOCK_SK: Final = "LOCK"
CLAIM_SK: Final = "CLAIM"
"""SK of the uniqueness claims (:class:`NameClaimKey`, :class:`JobRunClaimKey`)."""

PRODUCT_PREFIX: Final = "PRODUCT#"
"""``begins_with(SK, PRODUCT_PREFIX)`` lists a nova's products, photometry table first."""
SPECTRA_PREFIX: Final = "PRODUCT#SPECTRA#"
NOVAREF_PREFIX: Final = "NOVAREF#"
JOBRUN_PREFIX: Final = "JOBRUN#"
ATTEMPT_PREFIX: Final = "ATTEMPT#"
FILE_PREFIX: Final = "FILE#"
ELIGIBLE_SPECTRA_PREFIX: Final = "ELIG#ACQUIRE#SPECTRA#"
"""``begins_with(GSI1SK, ELIGIBLE_SPECTRA_PREFIX)`` with ``GSI1PK = <nova_id>`` lists the
spectra waiting for acquisition."""

_E = TypeVar("_E", FileRole, StepKind, DirtyType, ProductType)
_K = TypeVar("_K")

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_BIBCODE = re.compile(BIBCODE_PATTERN)
_INT = re.compile(r"^(0|[1-9][0-9]*)$")


class ItemKey(NamedTuple):
    """A stored primary key (a tuple: built for every item read or written)."""

    pk: str
    sk: str


@dataclass(frozen=True, slots=True)
class NovaKey:
    """Key of a Nova."""

    nova_id: UUID


@dataclass(frozen=True, slots=True)
class NameMappingKey:
    """Key of a NameMapping."""

    name_normalized: str
    nova_id: UUID


@dataclass(frozen=True, slots=True)
class NameClaimKey:
    """Key of a NameClaim: the owner of a normalized name, in the name's partition."""

    name_normalized: str


@dataclass(frozen=True, slots=True)
class PhotometryTableKey:
    """Key of the photometry table DataProduct (one per nova)."""

    nova_id: UUID


@dataclass(frozen=True, slots=True)
class SpectraProductKey:
    """Key of a spectra DataProduct."""

    nova_id: UUID
    provider: str
    data_product_id: UUID


@dataclass(frozen=True, slots=True)
class CompositeSpectraKey:
    """Key of a composite spectra DataProduct."""

    nova_id: UUID
    provider: str
    composite_id: UUID


@dataclass(frozen=True, slots=True)
class LocatorAliasKey:
    """Key of a LocatorAlias."""

    provider: str
    locator_identity: str
    data_product_id: UUID


@dataclass(frozen=True, slots=True)
class FileObjectKey:
    """Key of a FileObject: which ids appear depends on the role.

    WORKFLOW_QUARANTINE_CONTEXT uses ``correlation_id``; nova-scoped roles use ``nova_id``;
    product-scoped roles use ``nova_id`` and ``data_product_id``. The others must be None.
    """

    role: FileRole
    file_id: UUID
    nova_id: UUID | None = None
    data_product_id: UUID | None = None
    correlation_id: str | None = None


@dataclass(frozen=True, slots=True)
class ReferenceKey:
    """Key of a Reference."""

    bibcode: str


@dataclass(frozen=True, slots=True)
class NovaReferenceKey:
    """Key of a NovaReference link."""

    nova_id: UUID
    bibcode: str


@dataclass(frozen=True, slots=True)
class JobRunKey:
    """Key of a JobRun, filed under its nova or, before one exists, its correlation id
    (exactly one of ``nova_id`` and ``correlation_id`` is set)."""

    workflow_name: str
    started_at: datetime
    job_run_id: UUID
    nova_id: UUID | None = None
    correlation_id: str | None = None


@dataclass(frozen=True, slots=True)
class JobRunClaimKey:
    """Key of a JobRunClaim: the guard that keeps one JobRun item per ``job_run_id``."""

    job_run_id: UUID


@dataclass(frozen=True, slots=True)
class AttemptKey:
    """Key of an Attempt (``created_at`` is the attempt's start)."""

    nova_id: UUID
    job_run_id: UUID
    task_name: str
    attempt_number: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class IdempotencyLockKey:
    """Key of an IdempotencyLock."""

    idempotency_key: str


@dataclass(frozen=True, slots=True)
class StepDedupeKey:
    """Key of a StepDedupe marker."""

    dedupe_key: str
    step_kind: StepKind


@dataclass(frozen=True, slots=True)
class WorkItemKey:
    """Key of a WorkItem."""

    nova_id: UUID
    dirty_type: DirtyType
    created_at: datetime


EntityKey = (
    NovaKey
    | NameMappingKey
    | NameClaimKey
    | PhotometryTableKey
    | SpectraProductKey
    | CompositeSpectraKey
    | LocatorAliasKey
    | FileObjectKey
    | ReferenceKey
    | NovaReferenceKey
    | JobRunKey
    | JobRunClaimKey
    | AttemptKey
    | IdempotencyLockKey
    | StepDedupeKey
    | WorkItemKey
)
"""The typed key of any item type."""


# --- component rules -------------------------------------------------------------------------


def _last(component: str, value: str) -> str:
    """A component that stands last in its key: non-empty, no control characters."""
    if not isinstance(value, str):
        raise KeyShapeError(component, value, "must be a string")
    if not value:
        raise KeyShapeError(component, value, "must not be empty")
    if not (value.isascii() and value.isprintable()) and _CONTROL.search(value):
        raise KeyShapeError(component, value, "must not contain control characters")
    return value


def _inner(component: str, value: str) -> str:
    """A component between delimiters: as :func:`_last`, and no ``#``."""
    _last(component, value)
    if DELIMITER in value:
        raise KeyShapeError(component, value, "must not contain the key delimiter '#'")
    return value


def _bibcode(value: str) -> str:
    """A bibcode stands last in its key; it must also look like one (19 characters, a year
    first), so that a legacy ``NOVAREF#<reference_id>`` key is never read as a current one."""
    _last("bibcode", value)
    if not _BIBCODE.match(value):
        raise KeyShapeError("bibcode", value, "must be a 19-character ADS bibcode (YYYY...)")
    return value


def _uuid(component: str, value: UUID) -> str:
    if not isinstance(value, UUID):
        raise KeyShapeError(component, value, "must be a UUID")
    return uuid_text(value)


def _timestamp(component: str, value: datetime) -> str:
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise KeyShapeError(component, value, "must be a timezone-aware datetime")
    return format_utc(value)


def _int(component: str, value: int) -> str:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise KeyShapeError(component, value, "must be a positive integer")
    return str(value)


def _join(*parts: str) -> str:
    return DELIMITER.join(parts)


def _checked(pk: str, sk: str, pk_name: str = "PK", sk_name: str = "SK") -> ItemKey:
    if pk.isascii() and sk.isascii() and len(pk) <= PK_MAX_BYTES and len(sk) <= SK_MAX_BYTES:
        return ItemKey(pk, sk)  # ASCII: one byte per character, no surrogates
    for name, value, limit in ((pk_name, pk, PK_MAX_BYTES), (sk_name, sk, SK_MAX_BYTES)):
        try:
            size = len(value.encode("utf-8"))
        except UnicodeEncodeError as exc:
            raise KeyShapeError(name, value, "is not valid UTF-8 (lone surrogate)") from exc
        if size > limit:
            raise KeyShapeError(name, value, f"is {size} UTF-8 bytes; the limit is {limit}")
    return ItemKey(pk, sk)


# --- build -----------------------------------------------------------------------------------


def _file_sk(key: FileObjectKey) -> tuple[str, str]:
    role, file_id = key.role, _uuid("file_id", key.file_id)
    if not isinstance(role, FileRole):
        raise KeyShapeError("role", role, "must be a FileRole")
    if role is FileRole.WORKFLOW_QUARANTINE_CONTEXT:
        if key.nova_id is not None or key.data_product_id is not None:
            raise KeyShapeError("nova_id", key.nova_id, f"is not part of a {role} key")
        if key.correlation_id is None:
            raise KeyShapeError("correlation_id", None, f"is required for a {role} key")
        owner = _join("WORKFLOW", _last("correlation_id", key.correlation_id))
        return owner, _join("FILE", role.value, "ID", file_id)
    if key.correlation_id is not None:
        raise KeyShapeError("correlation_id", key.correlation_id, f"is not part of a {role} key")
    if key.nova_id is None:
        raise KeyShapeError("nova_id", None, f"is required for a {role} key")
    nova = _uuid("nova_id", key.nova_id)
    if role in PRODUCT_SCOPED_FILE_ROLES:
        if key.data_product_id is None:
            raise KeyShapeError("data_product_id", None, f"is required for a {role} key")
        product = _uuid("data_product_id", key.data_product_id)
        return nova, _join("FILE", role.value, "NOVA", nova, "PRODUCT", product, "ID", file_id)
    if key.data_product_id is not None:
        raise KeyShapeError("data_product_id", key.data_product_id, f"is not part of a {role} key")
    return nova, _join("FILE", role.value, "NOVA", nova, "ID", file_id)


def _jobrun_owner(nova_id: UUID | None, correlation_id: str | None) -> str:
    if (nova_id is None) == (correlation_id is None):
        raise KeyShapeError("nova_id", nova_id, "exactly one of nova_id and correlation_id")
    if nova_id is not None:
        return _uuid("nova_id", nova_id)
    assert correlation_id is not None
    return _join("WORKFLOW", _last("correlation_id", correlation_id))


def _nova(key: NovaKey) -> ItemKey:
    return _checked(_uuid("nova_id", key.nova_id), NOVA_SK)


def _name_mapping(key: NameMappingKey) -> ItemKey:
    return _checked(
        _join("NAME", _last("name_normalized", key.name_normalized)),
        _join("NOVA", _uuid("nova_id", key.nova_id)),
    )


def _name_claim(key: NameClaimKey) -> ItemKey:
    return _checked(_join("NAME", _last("name_normalized", key.name_normalized)), CLAIM_SK)


def _photometry_table(key: PhotometryTableKey) -> ItemKey:
    return _checked(_uuid("nova_id", key.nova_id), PHOTOMETRY_SK)


def _spectra_product(key: SpectraProductKey) -> ItemKey:
    sk = _join(
        "PRODUCT",
        "SPECTRA",
        _inner("provider", key.provider),
        _uuid("data_product_id", key.data_product_id),
    )
    return _checked(_uuid("nova_id", key.nova_id), sk)


def _composite_spectra(key: CompositeSpectraKey) -> ItemKey:
    sk = _join(
        "PRODUCT",
        "SPECTRA",
        _inner("provider", key.provider),
        "COMPOSITE",
        _uuid("composite_id", key.composite_id),
    )
    return _checked(_uuid("nova_id", key.nova_id), sk)


def _locator_alias(key: LocatorAliasKey) -> ItemKey:
    return _checked(
        _join(
            "LOCATOR",
            _inner("provider", key.provider),
            _last("locator_identity", key.locator_identity),
        ),
        _join("DATA_PRODUCT", _uuid("data_product_id", key.data_product_id)),
    )


def _file_object(key: FileObjectKey) -> ItemKey:
    return _checked(*_file_sk(key))


def _reference(key: ReferenceKey) -> ItemKey:
    return _checked(_join("REFERENCE", _bibcode(key.bibcode)), REFERENCE_SK)


def _nova_reference(key: NovaReferenceKey) -> ItemKey:
    return _checked(_uuid("nova_id", key.nova_id), _join("NOVAREF", _bibcode(key.bibcode)))


def _job_run(key: JobRunKey) -> ItemKey:
    sk = _join(
        "JOBRUN",
        _inner("workflow_name", key.workflow_name),
        _timestamp("started_at", key.started_at),
        _uuid("job_run_id", key.job_run_id),
    )
    return _checked(_jobrun_owner(key.nova_id, key.correlation_id), sk)


def _job_run_claim(key: JobRunClaimKey) -> ItemKey:
    return _checked(_join("JOBRUN", _uuid("job_run_id", key.job_run_id)), CLAIM_SK)


def _attempt(key: AttemptKey) -> ItemKey:
    sk = _join(
        "ATTEMPT",
        _uuid("job_run_id", key.job_run_id),
        _inner("task_name", key.task_name),
        _int("attempt_number", key.attempt_number),
        _timestamp("created_at", key.created_at),
    )
    return _checked(_uuid("nova_id", key.nova_id), sk)


def _idempotency_lock(key: IdempotencyLockKey) -> ItemKey:
    return _checked(_join("IDEMPOTENCY", _last("idempotency_key", key.idempotency_key)), LOCK_SK)


def _step_dedupe(key: StepDedupeKey) -> ItemKey:
    if not isinstance(key.step_kind, StepKind):
        raise KeyShapeError("step_kind", key.step_kind, "must be a StepKind")
    return _checked(
        _join("IDEMPOTENCY", _last("dedupe_key", key.dedupe_key)),
        _join("STEP", key.step_kind.value),
    )


def _work_item(key: WorkItemKey) -> ItemKey:
    if not isinstance(key.dirty_type, DirtyType):
        raise KeyShapeError("dirty_type", key.dirty_type, "must be a DirtyType")
    sk = _join(
        _uuid("nova_id", key.nova_id),
        key.dirty_type.value,
        _timestamp("created_at", key.created_at),
    )
    return _checked(WORKQUEUE_PK, sk)


_BUILDERS: Final[dict[type[EntityKey], Callable[[Any], ItemKey]]] = {
    NovaKey: _nova,
    NameMappingKey: _name_mapping,
    NameClaimKey: _name_claim,
    PhotometryTableKey: _photometry_table,
    SpectraProductKey: _spectra_product,
    CompositeSpectraKey: _composite_spectra,
    LocatorAliasKey: _locator_alias,
    FileObjectKey: _file_object,
    ReferenceKey: _reference,
    NovaReferenceKey: _nova_reference,
    JobRunKey: _job_run,
    JobRunClaimKey: _job_run_claim,
    AttemptKey: _attempt,
    IdempotencyLockKey: _idempotency_lock,
    StepDedupeKey: _step_dedupe,
    WorkItemKey: _work_item,
}
"""The builder of each key type."""


def build(key: EntityKey) -> ItemKey:
    """Return the stored ``(PK, SK)`` of a typed key, or raise KeyShapeError."""
    builder = _BUILDERS.get(type(key))
    if builder is None:
        raise TypeError(f"{type(key).__name__} is not a key type of the table")
    return builder(key)


def _file_key(entity: FileObject) -> FileObjectKey:
    role = entity.role
    if not isinstance(role, FileRole):  # an entity built without validation
        raise KeyShapeError("role", role, "must be a FileRole")
    if role is FileRole.WORKFLOW_QUARANTINE_CONTEXT:
        return FileObjectKey(role, entity.file_id, correlation_id=entity.correlation_id)
    if role in NOVA_SCOPED_FILE_ROLES:
        return FileObjectKey(role, entity.file_id, nova_id=entity.nova_id)
    return FileObjectKey(role, entity.file_id, entity.nova_id, entity.data_product_id)


def _job_run_key(entity: JobRun) -> JobRunKey:
    owner_is_nova = entity.nova_id is not None
    return JobRunKey(
        entity.workflow_name,
        entity.started_at,
        entity.job_run_id,
        entity.nova_id,
        None if owner_is_nova else entity.correlation_id,
    )


def _spectra_key(entity: SpectraProduct | SpectraProductV1) -> SpectraProductKey:
    return SpectraProductKey(entity.nova_id, entity.provider, entity.data_product_id)


def _composite_key(entity: CompositeSpectra | CompositeSpectraV1) -> CompositeSpectraKey:
    return CompositeSpectraKey(entity.nova_id, entity.provider, entity.composite_id)


def _photometry_key(entity: PhotometryTable | PhotometryTableV1) -> PhotometryTableKey:
    return PhotometryTableKey(entity.nova_id)


_KEYS_OF: Final[dict[type[PersistedEntity], Callable[[Any], EntityKey]]] = {
    Nova: lambda entity: NovaKey(entity.nova_id),
    NameMapping: lambda entity: NameMappingKey(entity.name_normalized, entity.nova_id),
    NameClaim: lambda entity: NameClaimKey(entity.name_normalized),
    JobRunClaim: lambda entity: JobRunClaimKey(entity.job_run_id),
    PhotometryTable: _photometry_key,
    PhotometryTableV1: _photometry_key,
    SpectraProduct: _spectra_key,
    SpectraProductV1: _spectra_key,
    CompositeSpectra: _composite_key,
    CompositeSpectraV1: _composite_key,
    LocatorAlias: lambda entity: LocatorAliasKey(
        entity.provider, entity.locator_identity, entity.data_product_id
    ),
    FileObject: _file_key,
    Reference: lambda entity: ReferenceKey(entity.bibcode),
    NovaReference: lambda entity: NovaReferenceKey(entity.nova_id, entity.bibcode),
    JobRun: _job_run_key,
    Attempt: lambda entity: AttemptKey(
        entity.nova_id,
        entity.job_run_id,
        entity.task_name,
        entity.attempt_number,
        entity.created_at,
    ),
    IdempotencyLock: lambda entity: IdempotencyLockKey(entity.idempotency_key),
    StepDedupe: lambda entity: StepDedupeKey(entity.dedupe_key, entity.step_kind),
    WorkItem: lambda entity: WorkItemKey(entity.nova_id, entity.dirty_type, entity.created_at),
}
"""How the key of each stored model is derived from its fields."""


def key_of(entity: PersistedEntity) -> EntityKey:
    """Return the typed key an entity is stored under (derived from its fields)."""
    derive = _KEYS_OF.get(type(entity))
    if derive is None:  # a subclass of a stored model keys as its model does
        derive = next((f for model, f in _KEYS_OF.items() if isinstance(entity, model)), None)
        if derive is None:
            raise TypeError(f"{type(entity).__name__} is not a stored entity type")
    return derive(entity)


def item_key(entity: PersistedEntity) -> ItemKey:
    """Return the stored ``(PK, SK)`` of an entity."""
    return build(key_of(entity))


# --- GSI1 (EligibilityIndex) -----------------------------------------------------------------


def eligibility_keys(key: SpectraProductKey) -> ItemKey:
    """Return ``(GSI1PK, GSI1SK)`` of an eligible spectra product."""
    nova = _uuid("nova_id", key.nova_id)
    sk = ELIGIBLE_SPECTRA_PREFIX + _join(
        _inner("provider", key.provider), _uuid("data_product_id", key.data_product_id)
    )
    return _checked(nova, sk, "GSI1PK", "GSI1SK")


def gsi1_of(entity: PersistedEntity) -> ItemKey | None:
    """Return the GSI1 keys an entity must carry, or None when it must not be in the index.

    Only spectra products whose eligibility is ACQUIRE are in the index.
    """
    if isinstance(entity, (SpectraProduct, SpectraProductV1)) and (
        entity.eligibility is Eligibility.ACQUIRE
    ):
        return eligibility_keys(
            SpectraProductKey(entity.nova_id, entity.provider, entity.data_product_id)
        )
    return None


def parse_eligibility_keys(gsi1pk: str, gsi1sk: str) -> SpectraProductKey:
    """Parse ``(GSI1PK, GSI1SK)`` back into the spectra product's key."""
    nova_id = _parse_uuid("GSI1PK", gsi1pk)
    if not gsi1sk.startswith(ELIGIBLE_SPECTRA_PREFIX):
        raise KeyShapeError("GSI1SK", gsi1sk, f"must start with {ELIGIBLE_SPECTRA_PREFIX!r}")
    provider, product = _split_exact("GSI1SK", gsi1sk[len(ELIGIBLE_SPECTRA_PREFIX) :], 2)
    key = SpectraProductKey(nova_id, provider, _parse_uuid("data_product_id", product))
    return _round_trip(key, eligibility_keys(key), ItemKey(gsi1pk, gsi1sk))


# --- query prefixes --------------------------------------------------------------------------


def jobrun_prefix(workflow_name: str | None = None) -> str:
    """SK prefix of JobRuns, all or of one workflow."""
    if workflow_name is None:
        return JOBRUN_PREFIX
    return _join("JOBRUN", _inner("workflow_name", workflow_name), "")


def attempt_prefix(job_run_id: UUID) -> str:
    """SK prefix of the Attempts of one JobRun."""
    return _join("ATTEMPT", _uuid("job_run_id", job_run_id), "")


def file_prefix(role: FileRole | None = None) -> str:
    """SK prefix of FileObjects, all or of one role."""
    return FILE_PREFIX if role is None else _join("FILE", role.value, "")


def workflow_pk(correlation_id: str) -> str:
    """PK of the pre-nova partition of a workflow execution."""
    return _join("WORKFLOW", _last("correlation_id", correlation_id))


def workqueue_prefix(nova_id: UUID | None = None) -> str:
    """SK prefix of WorkItems, all or of one nova."""
    return "" if nova_id is None else _join(_uuid("nova_id", nova_id), "")


# --- parse -----------------------------------------------------------------------------------


def _parse_uuid(component: str, text: str) -> UUID:
    if not _UUID.match(text):
        raise KeyShapeError(component, text, "must be a canonical lowercase UUID")
    return UUID(text)


def _parse_timestamp(component: str, text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise KeyShapeError(component, text, "must be an ISO-8601 UTC timestamp") from exc
    if value.utcoffset() is None or format_utc(value) != text:
        raise KeyShapeError(component, text, "must be in the canonical form YYYY-MM-DDTHH:MM:SSZ")
    return value


def _parse_int(component: str, text: str) -> int:
    if not _INT.match(text) or text == "0":
        raise KeyShapeError(component, text, "must be a positive integer without leading zeros")
    return int(text)


def _split_exact(component: str, text: str, count: int) -> list[str]:
    parts = text.split(DELIMITER)
    if len(parts) != count:
        raise KeyShapeError(component, text, f"must have {count} '#'-separated parts")
    return parts


def _enum(component: str, text: str, enum: type[_E]) -> _E:
    try:
        return enum(text)
    except ValueError as exc:
        raise KeyShapeError(component, text, f"is not a known {enum.__name__}") from exc


def _round_trip(key: _K, built: ItemKey, stored: ItemKey) -> _K:
    if built != stored:
        raise KeyShapeError("SK", stored.sk, "is not in canonical form")
    return key


def parse(pk: str, sk: str) -> EntityKey:
    """Parse a stored ``(PK, SK)`` into its typed key, or raise KeyShapeError.

    Only keys that :func:`build` produces are accepted (canonical UUIDs, timestamps and
    numbers), so ``build(parse(pk, sk)) == (pk, sk)``.
    """
    key = _parse_any(pk, sk)
    return _round_trip(key, build(key), ItemKey(pk, sk))


def _parse_any(pk: str, sk: str) -> EntityKey:
    head, _, rest = pk.partition(DELIMITER)
    if pk == WORKQUEUE_PK:
        nova, dirty, created = _split_exact("SK", sk, 3)
        return WorkItemKey(
            _parse_uuid("nova_id", nova),
            _enum("dirty_type", dirty, DirtyType),
            _parse_timestamp("created_at", created),
        )
    match head:
        case "NAME":
            if sk == CLAIM_SK:
                return NameClaimKey(rest)
            return NameMappingKey(rest, _parse_uuid("nova_id", _after(sk, "NOVA#")))
        case "JOBRUN":
            _expect(sk, CLAIM_SK)
            return JobRunClaimKey(_parse_uuid("job_run_id", rest))
        case "LOCATOR":
            provider, _, identity = rest.partition(DELIMITER)
            product = _parse_uuid("data_product_id", _after(sk, "DATA_PRODUCT#"))
            return LocatorAliasKey(provider, identity, product)
        case "REFERENCE":
            _expect(sk, REFERENCE_SK)
            return ReferenceKey(rest)
        case "IDEMPOTENCY":
            if sk == LOCK_SK:
                return IdempotencyLockKey(rest)
            return StepDedupeKey(rest, _enum("step_kind", _after(sk, "STEP#"), StepKind))
        case "WORKFLOW":
            return _parse_workflow_partition(rest, sk)
    return _parse_nova_partition(_parse_uuid("PK", pk), sk)


def _after(sk: str, prefix: str) -> str:
    if not sk.startswith(prefix):
        raise KeyShapeError("SK", sk, f"must start with {prefix!r} in this partition")
    return sk[len(prefix) :]


def _expect(sk: str, expected: str) -> None:
    if sk != expected:
        raise KeyShapeError("SK", sk, f"must be {expected!r} in this partition")


def _parse_workflow_partition(correlation_id: str, sk: str) -> EntityKey:
    if sk.startswith(JOBRUN_PREFIX):
        return _parse_jobrun(sk, None, correlation_id)
    file_id = _after(sk, "FILE#WORKFLOW_QUARANTINE_CONTEXT#ID#")
    return FileObjectKey(
        FileRole.WORKFLOW_QUARANTINE_CONTEXT,
        _parse_uuid("file_id", file_id),
        correlation_id=correlation_id,
    )


def _parse_jobrun(sk: str, nova_id: UUID | None, correlation_id: str | None) -> JobRunKey:
    workflow, started, run = _split_exact("SK", sk[len(JOBRUN_PREFIX) :], 3)
    return JobRunKey(
        workflow,
        _parse_timestamp("started_at", started),
        _parse_uuid("job_run_id", run),
        nova_id,
        correlation_id,
    )


def _parse_nova_partition(nova_id: UUID, sk: str) -> EntityKey:
    if sk == NOVA_SK:
        return NovaKey(nova_id)
    if sk == PHOTOMETRY_SK:
        return PhotometryTableKey(nova_id)
    head, _, rest = sk.partition(DELIMITER)
    match head:
        case "PRODUCT":
            return _parse_spectra(nova_id, sk, _after(sk, SPECTRA_PREFIX))
        case "NOVAREF":
            return NovaReferenceKey(nova_id, rest)
        case "JOBRUN":
            return _parse_jobrun(sk, nova_id, None)
        case "ATTEMPT":
            run, task, number, created = _split_exact("SK", rest, 4)
            return AttemptKey(
                nova_id,
                _parse_uuid("job_run_id", run),
                task,
                _parse_int("attempt_number", number),
                _parse_timestamp("created_at", created),
            )
        case "FILE":
            return _parse_nova_file(nova_id, sk, rest)
    raise KeyShapeError("SK", sk, "matches no item type of a nova partition")


def _parse_spectra(nova_id: UUID, sk: str, rest: str) -> EntityKey:
    parts = rest.split(DELIMITER)
    if len(parts) == 2:
        return SpectraProductKey(nova_id, parts[0], _parse_uuid("data_product_id", parts[1]))
    if len(parts) == 3 and parts[1] == "COMPOSITE":
        return CompositeSpectraKey(nova_id, parts[0], _parse_uuid("composite_id", parts[2]))
    raise KeyShapeError("SK", sk, "matches no DataProduct key shape")


def _parse_nova_file(nova_id: UUID, sk: str, rest: str) -> FileObjectKey:
    parts = rest.split(DELIMITER)
    role = _enum("role", parts[0], FileRole)
    if role in NOVA_SCOPED_FILE_ROLES and len(parts) == 5 and parts[1::2] == ["NOVA", "ID"]:
        _same_nova(nova_id, parts[2], sk)
        return FileObjectKey(role, _parse_uuid("file_id", parts[4]), nova_id=nova_id)
    if (
        role in PRODUCT_SCOPED_FILE_ROLES
        and len(parts) == 7
        and parts[1::2] == ["NOVA", "PRODUCT", "ID"]
    ):
        _same_nova(nova_id, parts[2], sk)
        product = _parse_uuid("data_product_id", parts[4])
        return FileObjectKey(role, _parse_uuid("file_id", parts[6]), nova_id, product)
    raise KeyShapeError("SK", sk, f"matches no FileObject key shape for role {role.value}")


def _same_nova(nova_id: UUID, text: str, sk: str) -> None:
    if _parse_uuid("nova_id", text) != nova_id:
        raise KeyShapeError("SK", sk, "names another nova than its PK")


# --- legacy key shapes (DOMAIN.md section 7): read through their own entry point -------------
#
# Items of historical eras are still stored under keys the current grammar no longer builds.
# :func:`parse` refuses them; :func:`parse_legacy` reads exactly these shapes (and refuses
# current keys), and :func:`build_legacy` rebuilds them byte for byte. Nothing writes them.


@dataclass(frozen=True, slots=True)
class LegacyFileObjectKey:
    """Key of a FileObject of era ``product-type-sk``: PK ``<nova_id>``,
    SK ``FILE#<product_type>#<data_product_id>#<role>#<name>`` (``name`` stands last)."""

    nova_id: UUID
    product_type: ProductType
    data_product_id: UUID
    role: FileRole
    name: str


@dataclass(frozen=True, slots=True)
class LegacyReferenceKey:
    """Key of a per-nova reference of era ``per-nova-ref``: PK ``<nova_id>``,
    SK ``REF#<reference_id>``."""

    nova_id: UUID
    reference_id: UUID


@dataclass(frozen=True, slots=True)
class LegacyNovaReferenceKey:
    """Key of a NovaReference of era ``reference-id-sk``: PK ``<nova_id>``,
    SK ``NOVAREF#<reference_id>``."""

    nova_id: UUID
    reference_id: UUID


LegacyKey = LegacyFileObjectKey | LegacyReferenceKey | LegacyNovaReferenceKey
"""The typed key of an item stored under a historical key shape."""


def build_legacy(key: LegacyKey) -> ItemKey:
    """Return the stored ``(PK, SK)`` of a legacy key, or raise KeyShapeError."""
    match key:
        case LegacyFileObjectKey(nova_id, product_type, product_id, role, name):
            if not isinstance(product_type, ProductType):
                raise KeyShapeError("product_type", product_type, "must be a ProductType")
            if not isinstance(role, FileRole):
                raise KeyShapeError("role", role, "must be a FileRole")
            sk = _join(
                "FILE",
                product_type.value,
                _uuid("data_product_id", product_id),
                role.value,
                _last("name", name),
            )
            return _checked(_uuid("nova_id", nova_id), sk)
        case LegacyReferenceKey(nova_id, reference_id):
            sk = _join("REF", _uuid("reference_id", reference_id))
            return _checked(_uuid("nova_id", nova_id), sk)
        case LegacyNovaReferenceKey(nova_id, reference_id):
            sk = _join("NOVAREF", _uuid("reference_id", reference_id))
            return _checked(_uuid("nova_id", nova_id), sk)
        case _:
            assert_never(key)


def parse_legacy(pk: str, sk: str) -> LegacyKey:
    """Parse a stored ``(PK, SK)`` of a historical key shape, or raise KeyShapeError.

    Only the legacy shapes are accepted, canonically (``build_legacy(parse_legacy(pk, sk)) ==
    (pk, sk)``); a current key is refused here as a legacy key is refused by :func:`parse`.
    """
    nova_id = _parse_uuid("PK", pk)
    head, _, rest = sk.partition(DELIMITER)
    key: LegacyKey
    match head:
        case "FILE":
            parts = rest.split(DELIMITER, 3)
            if len(parts) != 4:
                raise KeyShapeError("SK", sk, "must be FILE#<product_type>#<id>#<role>#<name>")
            product_type, product_id, role, name = parts
            key = LegacyFileObjectKey(
                nova_id,
                _enum("product_type", product_type, ProductType),
                _parse_uuid("data_product_id", product_id),
                _enum("role", role, FileRole),
                name,
            )
        case "REF":
            key = LegacyReferenceKey(nova_id, _parse_uuid("reference_id", rest))
        case "NOVAREF":
            key = LegacyNovaReferenceKey(nova_id, _parse_uuid("reference_id", rest))
        case _:
            raise KeyShapeError("SK", sk, "matches no legacy key shape")
    return _round_trip(key, build_legacy(key), ItemKey(pk, sk))
