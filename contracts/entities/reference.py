"""Bibliographic references (global, by bibcode) and their links to novae."""

from typing import Annotated, ClassVar
from uuid import UUID

from pydantic import Field

from novacat_persistence.contracts.entities.base import DocumentValue, PersistedEntity
from novacat_persistence.contracts.enums import NovaReferenceRole, ReferenceType
from novacat_persistence.contracts.types import Bibcode, DiscoveryDate, NonEmptyStr


class Reference(PersistedEntity):
    """A reference: PK ``REFERENCE#<bibcode>``, SK ``METADATA``."""

    ENTITY_TYPE: ClassVar[str] = "Reference"
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"

    bibcode: Bibcode
    reference_type: ReferenceType
    title: str | None = None
    year: Annotated[int, Field(ge=1000, le=9999)] | None = None
    publication_date: DiscoveryDate | None = None
    authors: list[NonEmptyStr] = Field(default_factory=list)
    doi: NonEmptyStr | None = None
    arxiv_id: NonEmptyStr | None = None
    provenance: dict[str, DocumentValue] = Field(default_factory=dict)


MUTABLE_REFERENCE_FIELDS = (
    "reference_type",
    "title",
    "year",
    "publication_date",
    "authors",
    "doi",
    "arxiv_id",
    "provenance",
)
"""The Reference fields an upsert may change; ``bibcode`` and ``created_at`` never change."""


class NovaReference(PersistedEntity):
    """A link from a nova to a reference: PK ``<nova_id>``, SK ``NOVAREF#<bibcode>``."""

    ENTITY_TYPE: ClassVar[str] = "NovaReference"
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"

    nova_id: UUID
    bibcode: Bibcode
    role: NovaReferenceRole
    added_by_workflow: NonEmptyStr | None = None
    notes: str | None = None
    provenance: dict[str, DocumentValue] = Field(default_factory=dict)
