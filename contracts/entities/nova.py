"""Identity: the Nova record and the name mappings that resolve names to it."""

from typing import ClassVar, Literal
from uuid import UUID

from pydantic import Field

from novacat_persistence.contracts.entities.base import PersistedEntity
from novacat_persistence.contracts.enums import (
    ManualReviewStatus,
    NameKind,
    NameSource,
    NovaQuarantineReason,
    NovaStatus,
)
from novacat_persistence.contracts.types import (
    DeclinationDeg,
    DiscoveryDate,
    NonEmptyStr,
    RightAscensionDeg,
)


class Nova(PersistedEntity):
    """A classical nova: PK ``<nova_id>``, SK ``NOVA``."""

    ENTITY_TYPE: ClassVar[str] = "Nova"
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"

    nova_id: UUID
    primary_name: NonEmptyStr
    primary_name_normalized: NonEmptyStr
    status: NovaStatus = NovaStatus.ACTIVE
    ra_deg: RightAscensionDeg | None = None
    dec_deg: DeclinationDeg | None = None
    coord_frame: Literal["ICRS"] = "ICRS"
    coord_epoch: Literal["J2000"] = "J2000"
    discovery_date: DiscoveryDate | None = None
    aliases: list[NonEmptyStr] = Field(default_factory=list)
    quarantine_reason_code: NovaQuarantineReason | None = None
    manual_review_status: ManualReviewStatus | None = None


class NameMapping(PersistedEntity):
    """A normalized name pointing at a nova: PK ``NAME#<normalized>``, SK ``NOVA#<nova_id>``."""

    ENTITY_TYPE: ClassVar[str] = "NameMapping"
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"

    name_raw: NonEmptyStr
    name_normalized: NonEmptyStr
    name_kind: NameKind
    nova_id: UUID
    source: NameSource
