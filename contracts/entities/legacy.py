"""Named legacy models: historical item shapes that their own fields cannot carry to the
current model (docs/domain.md, History).

The services wrote items for months before this surface existed, all stamped
``schema_version`` ``"1"`` or ``"1.0.0"`` while the shapes changed. Items of an era that can be
normalized from their own attributes are read as the current model (see
``contracts/eras.py``); the others are read into one of these models, so that every stored item
stays readable and a reader can tell, by type or by :attr:`LegacyEntity.LEGACY`, that it holds
an item the current contracts cannot express.

Legacy models are read, never written by the wrapper: the key grammar of the current contracts
has no key for them (their keys are built by ``eras.stored_key``), and the wrapper's writes
accept only current models. Their fields are the stored attribute names of their era; unlike
the current models they enforce no cross-field invariant that the old services did not keep.
"""

from typing import Annotated, ClassVar
from uuid import UUID

from pydantic import Field

from novacat_persistence.contracts.entities.base import DocumentValue, PersistedEntity
from novacat_persistence.contracts.entities.execution import WorkflowName
from novacat_persistence.contracts.entities.file_object import CreatedBy
from novacat_persistence.contracts.enums import (
    ErrorClass,
    FileRole,
    JobRunStatus,
    NovaReferenceRole,
    ReferenceType,
)
from novacat_persistence.contracts.types import (
    Bibcode,
    DiscoveryDate,
    Fingerprint,
    NonEmptyStr,
    NonNegativeInt,
    Sha256Hex,
    UtcDatetime,
)


class LegacyEntity(PersistedEntity):
    """An item of a historical era that cannot be carried to its current model.

    ``LEGACY`` is true for every legacy model (and absent from current ones), so
    ``getattr(type(entity), "LEGACY", False)`` tells a legacy reading without importing this
    module. All legacy shapes were stamped version 1.0.0 (or ``"1"``).
    """

    LEGACY: ClassVar[bool] = True
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"


class LegacyJobRun(LegacyEntity):
    """A JobRun of the early documented shape, without ``correlation_id`` (era
    ``no-correlation-id``): PK ``<nova_id>``,
    SK ``JOBRUN#<workflow_name>#<started_at>#<job_run_id>``.

    Every current JobRun carries the correlation id of its execution, and nothing in the item
    says what it was, so it cannot be upcast. Early runs were always filed under their nova.
    """

    ENTITY_TYPE: ClassVar[str] = "JobRun"

    job_run_id: UUID
    workflow_name: WorkflowName
    nova_id: UUID
    data_product_id: UUID | None = None
    job_type: NonEmptyStr | None = None
    execution_arn: NonEmptyStr | None = None
    status: JobRunStatus = JobRunStatus.RUNNING
    started_at: UtcDatetime
    ended_at: UtcDatetime | None = None
    initiated_by: NonEmptyStr | None = None
    error_classification: ErrorClass | None = None
    error_fingerprint: Fingerprint | None = None


class LegacyFileObject(LegacyEntity):
    """A FileObject under the product-scoped SK of era ``product-type-sk``: PK ``<nova_id>``,
    SK ``FILE#<product_type>#<data_product_id>#<role>#<name>`` (``name``: the last segment of
    the S3 key).

    Items of that era that record a ``file_id`` are read as the current
    :class:`~novacat_persistence.contracts.entities.FileObject`; the ones without it (the
    current key and identity of a file) are read as this model, whose ``file_id`` is therefore
    always None once read. The field is declared so that the era's snapshot describes both.
    """

    ENTITY_TYPE: ClassVar[str] = "FileObject"

    file_id: UUID | None = None
    role: FileRole
    nova_id: UUID
    data_product_id: UUID
    bucket: NonEmptyStr
    key: NonEmptyStr
    content_type: NonEmptyStr | None = None
    byte_length: NonNegativeInt | None = None
    etag: NonEmptyStr | None = None
    sha256: Sha256Hex | None = None
    created_by: CreatedBy


class LegacyNovaScopedReference(LegacyEntity):
    """A reference stored per nova (era ``per-nova-ref``): PK ``<nova_id>``,
    SK ``REF#<reference_id>``.

    References are now global items keyed by bibcode (``REFERENCE#<bibcode>``/``METADATA``)
    and linked to novae by NovaReference items: one old item would be two current ones, and
    many old items have no bibcode, so it is read as it was stored.
    """

    ENTITY_TYPE: ClassVar[str] = "Reference"

    nova_id: UUID
    reference_id: UUID
    bibcode: Bibcode | None = None
    reference_type: ReferenceType | None = None
    role: NovaReferenceRole | None = None
    title: str | None = None
    year: Annotated[int, Field(ge=1000, le=9999)] | None = None
    publication_date: DiscoveryDate | None = None
    authors: list[NonEmptyStr] = Field(default_factory=list)
    doi: NonEmptyStr | None = None
    arxiv_id: NonEmptyStr | None = None
    provenance: dict[str, DocumentValue] = Field(default_factory=dict)


class LegacyNovaReference(LegacyEntity):
    """A nova's link to a per-nova reference (era ``reference-id-sk``): PK ``<nova_id>``,
    SK ``NOVAREF#<reference_id>``.

    A current link is identified by its bibcode (SK ``NOVAREF#<bibcode>``); these links name
    the old per-nova reference item instead and mostly lack the bibcode, so they are read as
    stored. A ``bibcode`` some of them recorded is kept.
    """

    ENTITY_TYPE: ClassVar[str] = "NovaReference"

    nova_id: UUID
    reference_id: UUID
    bibcode: Bibcode | None = None
    role: NovaReferenceRole
    added_by_workflow: NonEmptyStr | None = None
    notes: str | None = None
    provenance: dict[str, DocumentValue] = Field(default_factory=dict)


def is_legacy(entity: PersistedEntity) -> bool:
    """Whether a decoded entity is a legacy reading (a :class:`LegacyEntity`)."""
    return isinstance(entity, LegacyEntity)


__all__ = [
    "LegacyEntity",
    "LegacyFileObject",
    "LegacyJobRun",
    "LegacyNovaReference",
    "LegacyNovaScopedReference",
    "is_legacy",
]
