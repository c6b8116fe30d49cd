"""The key grammar's one source: the shape of every key side of every item type.

Each item type's key is declared once here, as a :class:`Template` of literal words and
:mod:`~.components` joined by ``#``. Building (:mod:`.build`), parsing (:mod:`.parse`), the
query prefixes (:mod:`.prefixes`) and the checks over attribute texts (:mod:`.layouts`) are
all derived from these declarations, so a change of the grammar is made here and only here.

An item type whose key shape depends on its fields (a FileObject by its role, a JobRun by its
owner) has one template per shape and a rule choosing among them (:class:`KeySpec`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from novacat_persistence.contracts.enums import (
    NOVA_SCOPED_FILE_ROLES,
    PRODUCT_SCOPED_FILE_ROLES,
    DirtyType,
    FileRole,
    ProductType,
    StepKind,
)
from novacat_persistence.contracts.errors import KeyShapeError
from novacat_persistence.contracts.keys.components import (
    DELIMITER,
    Bibcode,
    Component,
    Count,
    Inner,
    Last,
    Member,
    Part,
    Timestamp,
    Uuid,
)
from novacat_persistence.contracts.keys.types import (
    AttemptKey,
    CompositeSpectraKey,
    ExecutionMarkerKey,
    FileObjectKey,
    IdempotencyLockKey,
    JobRunClaimKey,
    JobRunKey,
    LegacyFileObjectKey,
    LegacyNovaReferenceKey,
    LegacyReferenceKey,
    LocatorAliasKey,
    NameClaimKey,
    NameMappingKey,
    NovaKey,
    NovaReferenceKey,
    OffsetCacheKey,
    PhotometryRowKey,
    PhotometryTableKey,
    ReferenceKey,
    RegenBatchPlanKey,
    SpectraProductKey,
    StepDedupeKey,
    WorkItemKey,
)

Side = tuple[Part, ...]
"""One key attribute: literal words and components, joined with ``#``."""


@dataclass(frozen=True)
class Template:
    """The ``(PK, SK)`` shape of one kind of key (or ``(GSI1PK, GSI1SK)``, by its names)."""

    key_type: type
    """The typed key it builds and parses into."""
    pk: Side
    sk: Side
    label: str = ""
    """What the shape is, in errors (``a SPECTRA_PLOT FileObject``...)."""
    pk_name: str = "PK"
    sk_name: str = "SK"
    names: tuple[str, ...] = field(init=False)
    """The key fields it holds, in order of first appearance."""
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for side in (self.pk, self.sk):
            for index, part in enumerate(side):
                if isinstance(part, str) and (not part or DELIMITER in part):
                    raise ValueError(f"literal {part!r} of a key template must be one word")
                last = index == len(side) - 1
                if isinstance(part, Component) and part.holds_delimiter and not last:
                    raise ValueError(f"{part.name} may hold '#' and must stand last in its side")
        names = dict.fromkeys(p.name for p in (*self.pk, *self.sk) if isinstance(p, Component))
        object.__setattr__(self, "names", tuple(names))
        # Templates are looked up per item read (the layout of each): hashed once, not per use.
        compared = (self.key_type, self.pk, self.sk, self.label, self.pk_name, self.sk_name)
        object.__setattr__(self, "_hash", hash(compared))

    def __hash__(self) -> int:
        return self._hash

    def sk_prefix(self, count: int, **values: Any) -> str:
        """The text of the SK's first ``count`` parts and a trailing ``#`` (components from
        ``values``): the ``begins_with`` prefix of the keys that share them."""
        return format_side(self.sk[:count], values) + DELIMITER if count else ""


def format_side(side: Side, values: Mapping[str, Any]) -> str:
    """The text of a key side: literals as they are, each component's text of its value."""
    return DELIMITER.join(
        [part if isinstance(part, str) else part.format(values[part.name]) for part in side]
    )


Chooser = Callable[[Any], Template]
"""The template of a key (or an entity) whose shape depends on its fields."""


@dataclass(frozen=True)
class KeySpec:
    """Every shape of one key type, and how a key or an entity picks its shape."""

    templates: tuple[Template, ...]
    for_key: Chooser
    """The shape of a typed key (raises KeyShapeError when none fits)."""
    for_entity: Chooser
    """The shape an entity is written under (from its fields)."""
    also_for_entity: Callable[[Any], tuple[Template, ...]] = lambda _entity: ()
    """Other shapes an entity may be found stored under (written so by earlier rules): read,
    never written."""


def _single(template: Template) -> KeySpec:
    return KeySpec((template,), lambda _key: template, lambda _entity: template)


# --- literal keys and prefixes of the documented access patterns -----------------------------

NOVA_PK: Final = (Uuid("nova_id"),)
WORKFLOW_PK: Final = ("WORKFLOW", Last("correlation_id"))

NOVA: Final = Template(NovaKey, NOVA_PK, ("NOVA",), "a Nova")
NAME_MAPPING: Final = Template(
    NameMappingKey, ("NAME", Last("name_normalized")), ("NOVA", Uuid("nova_id")), "a NameMapping"
)
NAME_CLAIM: Final = Template(
    NameClaimKey, ("NAME", Last("name_normalized")), ("CLAIM",), "a NameClaim"
)
PHOTOMETRY_TABLE: Final = Template(
    PhotometryTableKey, NOVA_PK, ("PRODUCT", "PHOTOMETRY_TABLE"), "the photometry table"
)
SPECTRA_PRODUCT: Final = Template(
    SpectraProductKey,
    NOVA_PK,
    ("PRODUCT", "SPECTRA", Inner("provider"), Uuid("data_product_id")),
    "a spectra DataProduct",
)
COMPOSITE_SPECTRA: Final = Template(
    CompositeSpectraKey,
    NOVA_PK,
    ("PRODUCT", "SPECTRA", Inner("provider"), "COMPOSITE", Uuid("composite_id")),
    "a composite spectra DataProduct",
)
LOCATOR_ALIAS: Final = Template(
    LocatorAliasKey,
    ("LOCATOR", Inner("provider"), Last("locator_identity")),
    ("DATA_PRODUCT", Uuid("data_product_id")),
    "a LocatorAlias",
)
FILE_OF_WORKFLOW: Final = Template(
    FileObjectKey,
    WORKFLOW_PK,
    (
        "FILE",
        Member("role", FileRole, frozenset({FileRole.WORKFLOW_QUARANTINE_CONTEXT})),
        "ID",
        Uuid("file_id"),
    ),
    "a workflow-scoped FileObject",
)
FILE_OF_NOVA: Final = Template(
    FileObjectKey,
    NOVA_PK,
    (
        "FILE",
        Member("role", FileRole, NOVA_SCOPED_FILE_ROLES),
        "NOVA",
        Uuid("nova_id"),
        "ID",
        Uuid("file_id"),
    ),
    "a nova-scoped FileObject",
)
FILE_OF_PRODUCT: Final = Template(
    FileObjectKey,
    NOVA_PK,
    (
        "FILE",
        Member("role", FileRole, PRODUCT_SCOPED_FILE_ROLES),
        "NOVA",
        Uuid("nova_id"),
        "PRODUCT",
        Uuid("data_product_id"),
        "ID",
        Uuid("file_id"),
    ),
    "a product-scoped FileObject",
)
REFERENCE: Final = Template(
    ReferenceKey, ("REFERENCE", Bibcode("bibcode")), ("METADATA",), "a Reference"
)
NOVA_REFERENCE: Final = Template(
    NovaReferenceKey, NOVA_PK, ("NOVAREF", Bibcode("bibcode")), "a NovaReference"
)
_JOB_RUN_SK: Final = (
    "JOBRUN",
    Inner("workflow_name"),
    Timestamp("started_at"),
    Uuid("job_run_id"),
)
JOB_RUN_OF_NOVA: Final = Template(JobRunKey, NOVA_PK, _JOB_RUN_SK, "a nova's JobRun")
JOB_RUN_OF_WORKFLOW: Final = Template(JobRunKey, WORKFLOW_PK, _JOB_RUN_SK, "a workflow's JobRun")
JOB_RUN_CLAIM: Final = Template(
    JobRunClaimKey, ("JOBRUN", Uuid("job_run_id")), ("CLAIM",), "a JobRunClaim"
)
ATTEMPT: Final = Template(
    AttemptKey,
    NOVA_PK,
    (
        "ATTEMPT",
        Uuid("job_run_id"),
        Inner("task_name"),
        Count("attempt_number"),
        Timestamp("created_at"),
    ),
    "an Attempt",
)
IDEMPOTENCY_LOCK: Final = Template(
    IdempotencyLockKey,
    ("IDEMPOTENCY", Last("idempotency_key")),
    ("LOCK",),
    "an IdempotencyLock",
)
STEP_DEDUPE: Final = Template(
    StepDedupeKey,
    ("IDEMPOTENCY", Last("dedupe_key")),
    ("STEP", Member("step_kind", StepKind)),
    "a StepDedupe marker",
)
EXECUTION_MARKER: Final = Template(
    ExecutionMarkerKey,
    ("APPLIED", Last("execution")),
    (Inner("operation"), Last("target")),
    "an ExecutionMarker",
)
WORK_ITEM: Final = Template(
    WorkItemKey,
    ("WORKQUEUE",),
    (Uuid("nova_id"), Member("dirty_type", DirtyType), Timestamp("created_at")),
    "a WorkItem",
)

REGEN_BATCH_PLAN: Final = Template(
    RegenBatchPlanKey,
    ("REGEN_PLAN",),
    (Timestamp("created_at"), Uuid("plan_id")),
    "a RegenBatchPlan",
)
OFFSET_CACHE: Final = Template(
    OffsetCacheKey, NOVA_PK, ("OFFSET_CACHE", Last("regime")), "a photometry offset cache"
)
PHOTOMETRY_ROW: Final = Template(
    PhotometryRowKey, NOVA_PK, ("PHOT", Uuid("row_id")), "a PhotometryRow (photometry table)"
)
"""The one key shape of the photometry table."""

ELIGIBILITY: Final = Template(
    SpectraProductKey,
    NOVA_PK,
    ("ELIG", "ACQUIRE", "SPECTRA", Inner("provider"), Uuid("data_product_id")),
    "an eligible spectra product's GSI1 entry",
    pk_name="GSI1PK",
    sk_name="GSI1SK",
)
"""The GSI1 (EligibilityIndex) keys of a spectra product waiting for acquisition."""


def _file_shape(key: Any) -> Template:
    role = key.role
    if not isinstance(role, FileRole):
        raise KeyShapeError("role", role, "must be a FileRole")
    if role is FileRole.WORKFLOW_QUARANTINE_CONTEXT:
        return FILE_OF_WORKFLOW
    return FILE_OF_NOVA if role in NOVA_SCOPED_FILE_ROLES else FILE_OF_PRODUCT


def _job_run_key_shape(key: Any) -> Template:
    if (key.nova_id is None) == (key.correlation_id is None):
        raise KeyShapeError("nova_id", key.nova_id, "exactly one of nova_id and correlation_id")
    return JOB_RUN_OF_NOVA if key.nova_id is not None else JOB_RUN_OF_WORKFLOW


def _job_run_entity_shape(_entity: Any) -> Template:
    return JOB_RUN_OF_WORKFLOW  # filed by correlation id, as Nova Cat's services file runs


def _job_run_earlier_shapes(entity: Any) -> tuple[Template, ...]:
    return (JOB_RUN_OF_NOVA,) if entity.nova_id is not None else ()  # JobRun 1.0.0's rule


KEY_SPECS: Final[Mapping[type, KeySpec]] = {
    NovaKey: _single(NOVA),
    NameMappingKey: _single(NAME_MAPPING),
    NameClaimKey: _single(NAME_CLAIM),
    PhotometryTableKey: _single(PHOTOMETRY_TABLE),
    SpectraProductKey: _single(SPECTRA_PRODUCT),
    CompositeSpectraKey: _single(COMPOSITE_SPECTRA),
    LocatorAliasKey: _single(LOCATOR_ALIAS),
    FileObjectKey: KeySpec(
        (FILE_OF_WORKFLOW, FILE_OF_NOVA, FILE_OF_PRODUCT), _file_shape, _file_shape
    ),
    ReferenceKey: _single(REFERENCE),
    NovaReferenceKey: _single(NOVA_REFERENCE),
    JobRunKey: KeySpec(
        (JOB_RUN_OF_NOVA, JOB_RUN_OF_WORKFLOW),
        _job_run_key_shape,
        _job_run_entity_shape,
        _job_run_earlier_shapes,
    ),
    JobRunClaimKey: _single(JOB_RUN_CLAIM),
    AttemptKey: _single(ATTEMPT),
    IdempotencyLockKey: _single(IDEMPOTENCY_LOCK),
    StepDedupeKey: _single(STEP_DEDUPE),
    ExecutionMarkerKey: _single(EXECUTION_MARKER),
    WorkItemKey: _single(WORK_ITEM),
    RegenBatchPlanKey: _single(REGEN_BATCH_PLAN),
    OffsetCacheKey: _single(OFFSET_CACHE),
}
"""Every current key type of the main table and its shapes."""

PHOTOMETRY_TABLE_KEY_SPECS: Final[Mapping[type, KeySpec]] = {
    PhotometryRowKey: _single(PHOTOMETRY_ROW),
}
"""Every key type of the photometry table (a grammar of its own)."""

NOVA_SK: Final = format_side(NOVA.sk, {})
PHOTOMETRY_SK: Final = format_side(PHOTOMETRY_TABLE.sk, {})
REFERENCE_SK: Final = format_side(REFERENCE.sk, {})
LOCK_SK: Final = format_side(IDEMPOTENCY_LOCK.sk, {})
CLAIM_SK: Final = format_side(NAME_CLAIM.sk, {})
"""SK of the uniqueness claims (NameClaim, JobRunClaim)."""
WORKQUEUE_PK: Final = format_side(WORK_ITEM.pk, {})
REGEN_PLAN_PK: Final = format_side(REGEN_BATCH_PLAN.pk, {})
OFFSET_CACHE_PREFIX: Final = OFFSET_CACHE.sk_prefix(1)
PHOTOMETRY_ROW_PREFIX: Final = PHOTOMETRY_ROW.sk_prefix(1)

PRODUCT_PREFIX: Final = SPECTRA_PRODUCT.sk_prefix(1)
"""``begins_with(SK, PRODUCT_PREFIX)`` lists a nova's products, photometry table first."""
SPECTRA_PREFIX: Final = SPECTRA_PRODUCT.sk_prefix(2)
NOVAREF_PREFIX: Final = NOVA_REFERENCE.sk_prefix(1)
JOBRUN_PREFIX: Final = JOB_RUN_OF_NOVA.sk_prefix(1)
ATTEMPT_PREFIX: Final = ATTEMPT.sk_prefix(1)
FILE_PREFIX: Final = FILE_OF_NOVA.sk_prefix(1)
ELIGIBLE_SPECTRA_PREFIX: Final = ELIGIBILITY.sk_prefix(3)
"""``begins_with(GSI1SK, ELIGIBLE_SPECTRA_PREFIX)`` with ``GSI1PK = <nova_id>`` lists the
spectra waiting for acquisition."""


# --- legacy key shapes: stored by earlier eras, read through their own entry point ----------

LEGACY_FILE_OBJECT: Final = Template(
    LegacyFileObjectKey,
    NOVA_PK,
    (
        "FILE",
        Member("product_type", ProductType),
        Uuid("data_product_id"),
        Member("role", FileRole),
        Last("name"),
    ),
    "a FileObject of era product-type-sk",
)
LEGACY_REFERENCE: Final = Template(
    LegacyReferenceKey, NOVA_PK, ("REF", Uuid("reference_id")), "a reference of era per-nova-ref"
)
LEGACY_NOVA_REFERENCE: Final = Template(
    LegacyNovaReferenceKey,
    NOVA_PK,
    ("NOVAREF", Uuid("reference_id")),
    "a NovaReference of era reference-id-sk",
)

LEGACY_KEY_SPECS: Final[Mapping[type, KeySpec]] = {
    LegacyFileObjectKey: _single(LEGACY_FILE_OBJECT),
    LegacyReferenceKey: _single(LEGACY_REFERENCE),
    LegacyNovaReferenceKey: _single(LEGACY_NOVA_REFERENCE),
}
"""The key types of historical eras, which items still carry and nothing writes."""
