"""The photometry offset cache: per nova and output regime, the magnitude offsets the light
curve generator computed for a set of bands, reused while the band set is unchanged."""

from decimal import Decimal
from typing import ClassVar
from uuid import UUID

from pydantic import Field

from novacat_persistence.contracts.entities.base import PersistedEntity
from novacat_persistence.contracts.types import (
    Fingerprint,
    NonEmptyStr,
    NonNegativeInt,
    UtcDatetime,
)


class OffsetCache(PersistedEntity):
    """PK ``<nova_id>``, SK ``OFFSET_CACHE#<regime>``.

    ``band_offsets`` maps each band's display label to its offset (magnitudes);
    ``band_observation_counts`` to the observations it was computed from; ``band_set_hash``
    identifies the band set, and ``computed_at`` when the offsets were computed. Nova Cat's
    generator stores these items with no ``entity_type`` and no ``schema_version``: readers
    recognize them by their key.
    """

    ENTITY_TYPE: ClassVar[str] = "OffsetCache"
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"

    nova_id: UUID
    regime: NonEmptyStr
    band_offsets: dict[str, Decimal] = Field(default_factory=dict)
    band_observation_counts: dict[str, NonNegativeInt] = Field(default_factory=dict)
    band_set_hash: Fingerprint
    computed_at: UtcDatetime
