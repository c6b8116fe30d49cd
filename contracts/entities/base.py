"""The base of every persisted entity model, and the provenance a decoded item carries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr
from typing_extensions import TypeAliasType

from novacat_persistence.contracts.types import UtcDatetime

DocumentValue = TypeAliasType(
    "DocumentValue",
    "str | bool | int | Decimal | float | None | list[DocumentValue] | dict[str, DocumentValue]",
)
"""A free-form value stored as a DynamoDB document (maps such as ``hints``, ``provenance``)."""

AttributeValue = dict[str, Any]
"""One DynamoDB AttributeValue in the low-level wire form, e.g. ``{"S": "abc"}``."""


def utc_now() -> datetime:
    """Return the current instant in UTC (default for ``created_at``/``updated_at``)."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Provenance:
    """Where a decoded entity came from.

    ``source_version`` is the schema version the stored item declared (normalized to
    MAJOR.MINOR.PATCH); ``unknown_attributes`` holds, in wire form, the attributes that a newer
    minor version added and this reader does not know, so that writing the entity back keeps
    them.
    """

    source_version: str
    unknown_attributes: Mapping[str, AttributeValue] = field(default_factory=dict)


class PersistedEntity(BaseModel):
    """An item of the Nova Cat table: immutable, validated, stamped with creation times.

    Subclasses declare ``ENTITY_TYPE`` (the stored ``entity_type``) and ``SCHEMA_VERSION``
    (the version the model describes). Keys are not fields: the key grammar derives them.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)

    ENTITY_TYPE: ClassVar[str]
    SCHEMA_VERSION: ClassVar[str]

    created_at: UtcDatetime = Field(default_factory=utc_now)
    updated_at: UtcDatetime = Field(default_factory=utc_now)

    _read_provenance: Provenance | None = PrivateAttr(default=None)

    @property
    def read_provenance(self) -> Provenance | None:
        """How this entity was read from storage, or None if it was built in memory."""
        return self._read_provenance

    def attach_read_provenance(self, provenance: Provenance) -> None:
        """Record how this entity was read (the codec does this once, right after decoding)."""
        self._read_provenance = provenance


class NestedModel(BaseModel):
    """A typed map stored inside an entity (a DynamoDB ``M`` attribute)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
