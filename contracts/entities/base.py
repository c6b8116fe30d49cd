"""The base of every persisted entity model, and the provenance a decoded item carries."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypeAliasType

from novacat_persistence.contracts.types import UtcDatetime
from novacat_persistence.contracts.wire_form import AttributeValue

DocumentValue = TypeAliasType(
    "DocumentValue",
    "str | bool | int | Decimal | list[DocumentValue] | dict[str, DocumentValue] | None",
)
"""A free-form value stored as a DynamoDB document (maps such as ``hints``, ``provenance``).

Numbers are ``int`` or ``Decimal`` so that they read back exactly as written; a float is
accepted only when its exact binary value fits DynamoDB's 38 digits."""


def utc_now() -> datetime:
    """Return the current instant in UTC (default for ``created_at``/``updated_at``)."""
    return datetime.now(UTC)


# A stdlib dataclass, not a frozen record: one is made for every item decoded, and the
# dataclass's compiled initializer takes half the time of a record's with keywords.
@dataclass(frozen=True)
class Provenance:
    """Where a decoded entity came from.

    ``source_version`` is the schema version the stored item declared (normalized to
    MAJOR.MINOR.PATCH); ``unknown_attributes`` holds, in wire form, the attributes that a newer
    minor version added and this reader does not know, so that writing the entity back keeps
    them. ``era`` names the historical shape the item was stored in (docs/domain.md, History, see
    ``contracts/eras.py``; several eras joined by ``.``), None for an item of its version's own
    shape. ``key_fields_as_read`` says whether the fields that make the entity's keys hold the
    values read from the item's attributes (an era's item: its attributes renamed, and what
    it lacks filled) by the entity's own model, or by an older one that reads each of them as
    the entity's model does, no upcaster having changed them: the texts of those attributes
    then stand for them (not compared: how, not what, was read).
    """

    source_version: str
    unknown_attributes: Mapping[str, AttributeValue] = field(default_factory=dict)
    era: str | None = None
    key_fields_as_read: bool = field(default=False, compare=False)


class PersistedEntity(BaseModel):
    """An item of the Nova Cat table: immutable, validated, stamped with creation times.

    Subclasses declare ``ENTITY_TYPE`` (the stored ``entity_type``) and ``SCHEMA_VERSION``
    (the version the model describes). Keys are not fields: the key grammar derives them.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False, defer_build=True)

    ENTITY_TYPE: ClassVar[str]
    SCHEMA_VERSION: ClassVar[str]

    created_at: UtcDatetime = Field(default_factory=utc_now)
    updated_at: UtcDatetime = Field(default_factory=utc_now)

    @property
    def read_provenance(self) -> Provenance | None:
        """How this entity was read from storage, or None if it was built in memory.

        Copies made with ``model_copy`` keep it, so a changed copy written back still carries
        the unknown attributes of the item it came from.
        """
        private = self.__pydantic_private__
        return private.get("read_provenance") if private else None

    def __eq__(self, other: object) -> bool:
        """Entities are equal when they are of the same model and their fields are equal;
        how they were read (their provenance) does not count."""
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # entities hold lists: not hashable

    def attach_read_provenance(self, provenance: Provenance) -> None:
        """Record how this entity was read (the codec does this once, right after decoding)."""
        # Kept outside pydantic's private attributes, whose set-up would run on every
        # validation; read_provenance is the only reader.
        object.__setattr__(self, "__pydantic_private__", {"read_provenance": provenance})


class NestedModel(BaseModel):
    """A typed map stored inside an entity (a DynamoDB ``M`` attribute). An instance given to
    an entity is validated again (one built with ``model_construct`` holds what it holds)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, defer_build=True, revalidate_instances="always"
    )
