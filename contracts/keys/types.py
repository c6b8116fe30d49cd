"""The typed keys of the Nova Cat table: one frozen record (:mod:`..records`) per item type,
each field a key component named as the entity attribute it comes from, and :class:`ItemKey`,
the stored pair.

Legacy key types name the key shapes of historical eras, which items still carry and nothing
writes any more (:mod:`.legacy`).
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple
from uuid import UUID

from novacat_persistence.contracts.enums import DirtyType, FileRole, ProductType, StepKind
from novacat_persistence.contracts.records import frozen_record


class ItemKey(NamedTuple):
    """A stored primary key (a tuple: built for every item read or written)."""

    pk: str
    sk: str


@frozen_record(slots=True)
class NovaKey:
    """Key of a Nova."""

    nova_id: UUID


@frozen_record(slots=True)
class NameMappingKey:
    """Key of a NameMapping."""

    name_normalized: str
    nova_id: UUID


@frozen_record(slots=True)
class NameClaimKey:
    """Key of a NameClaim: the owner of a normalized name, in the name's partition."""

    name_normalized: str


@frozen_record(slots=True)
class PhotometryTableKey:
    """Key of the photometry table DataProduct (one per nova)."""

    nova_id: UUID


@frozen_record(slots=True)
class SpectraProductKey:
    """Key of a spectra DataProduct."""

    nova_id: UUID
    provider: str
    data_product_id: UUID


@frozen_record(slots=True)
class CompositeSpectraKey:
    """Key of a composite spectra DataProduct."""

    nova_id: UUID
    provider: str
    composite_id: UUID


@frozen_record(slots=True)
class LocatorAliasKey:
    """Key of a LocatorAlias."""

    provider: str
    locator_identity: str
    data_product_id: UUID


@frozen_record(slots=True)
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


@frozen_record(slots=True)
class ReferenceKey:
    """Key of a Reference."""

    bibcode: str


@frozen_record(slots=True)
class NovaReferenceKey:
    """Key of a NovaReference link."""

    nova_id: UUID
    bibcode: str


@frozen_record(slots=True)
class JobRunKey:
    """Key of a JobRun, filed under its nova or, before one exists, its correlation id
    (exactly one of ``nova_id`` and ``correlation_id`` is set)."""

    workflow_name: str
    started_at: datetime
    job_run_id: UUID
    nova_id: UUID | None = None
    correlation_id: str | None = None


@frozen_record(slots=True)
class JobRunClaimKey:
    """Key of a JobRunClaim: the guard that keeps one JobRun item per ``job_run_id``."""

    job_run_id: UUID


@frozen_record(slots=True)
class AttemptKey:
    """Key of an Attempt (``created_at`` is the attempt's start)."""

    nova_id: UUID
    job_run_id: UUID
    task_name: str
    attempt_number: int
    created_at: datetime


@frozen_record(slots=True)
class IdempotencyLockKey:
    """Key of an IdempotencyLock."""

    idempotency_key: str


@frozen_record(slots=True)
class StepDedupeKey:
    """Key of a StepDedupe marker."""

    dedupe_key: str
    step_kind: StepKind


@frozen_record(slots=True)
class ExecutionMarkerKey:
    """Key of an ExecutionMarker: the execution, then the operation and its target's key."""

    execution: str
    operation: str
    target: str


@frozen_record(slots=True)
class RegenBatchPlanKey:
    """Key of a RegenBatchPlan: its creation instant, then its id (newest last)."""

    created_at: datetime
    plan_id: UUID


@frozen_record(slots=True)
class OffsetCacheKey:
    """Key of a nova's photometry offset cache for one output regime."""

    nova_id: UUID
    regime: str


@frozen_record(slots=True)
class PhotometryRowKey:
    """Key of a PhotometryRow, in the photometry table."""

    nova_id: UUID
    row_id: UUID


@frozen_record(slots=True)
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
    | ExecutionMarkerKey
    | WorkItemKey
    | RegenBatchPlanKey
    | OffsetCacheKey
    | PhotometryRowKey
)
"""The typed key of any item type (of either table)."""


@frozen_record(slots=True)
class LegacyFileObjectKey:
    """Key of a FileObject of era ``product-type-sk``: PK ``<nova_id>``,
    SK ``FILE#<product_type>#<data_product_id>#<role>#<name>`` (``name`` stands last)."""

    nova_id: UUID
    product_type: ProductType
    data_product_id: UUID
    role: FileRole
    name: str


@frozen_record(slots=True)
class LegacyReferenceKey:
    """Key of a per-nova reference of era ``per-nova-ref``: PK ``<nova_id>``,
    SK ``REF#<reference_id>``."""

    nova_id: UUID
    reference_id: UUID


@frozen_record(slots=True)
class LegacyNovaReferenceKey:
    """Key of a NovaReference of era ``reference-id-sk``: PK ``<nova_id>``,
    SK ``NOVAREF#<reference_id>``."""

    nova_id: UUID
    reference_id: UUID


LegacyKey = LegacyFileObjectKey | LegacyReferenceKey | LegacyNovaReferenceKey
"""The typed key of an item stored under a historical key shape."""
