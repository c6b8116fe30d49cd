"""Identity: the Nova record and the name mappings that resolve names to it.

Nova has two published versions. 1.0.0 is the kit's first shape; 1.1.0 adds what Nova Cat's
services write on a Nova (the resolver's source and creating run, the visibility statuses
PENDING and HIDDEN, epochs other than J2000, dates known to the year, and the per-nova counts
the artifact finalizer keeps). Every 1.1.0 field is optional: 1.0.0 items read as 1.1.0
unchanged (``contracts/CHANGELOG.md``).
"""

from typing import ClassVar, Literal
from uuid import UUID

from pydantic import ConfigDict, Field

from novacat_persistence.contracts.entities import frozen_enums
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
    NonNegativeInt,
    PartialDate,
    RightAscensionDeg,
)


class _NovaCore(PersistedEntity):
    """The fields every version of Nova has alike."""

    ENTITY_TYPE: ClassVar[str] = "Nova"

    nova_id: UUID
    primary_name: NonEmptyStr
    primary_name_normalized: NonEmptyStr
    ra_deg: RightAscensionDeg | None = None
    dec_deg: DeclinationDeg | None = None
    coord_frame: Literal["ICRS"] = "ICRS"
    aliases: list[NonEmptyStr] = Field(default_factory=list)
    quarantine_reason_code: NovaQuarantineReason | None = None
    manual_review_status: ManualReviewStatus | None = None


class NovaV1(_NovaCore):
    """A classical nova: PK ``<nova_id>``, SK ``NOVA``."""

    model_config = ConfigDict(title="Nova")
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"

    status: frozen_enums.NovaStatus = frozen_enums.NovaStatus.ACTIVE
    coord_epoch: Literal["J2000"] = "J2000"
    discovery_date: DiscoveryDate | None = None


class Nova(_NovaCore):
    """A classical nova: PK ``<nova_id>``, SK ``NOVA`` (Nova 1.1.0).

    ``nova_type``, ``resolver_source`` and ``created_by_job_run_id`` are set at resolution;
    ``spectra_count``, ``photometry_count``, ``references_count``, ``has_sparkline`` and
    ``spectral_visits`` are the published artifacts' summary, kept by artifact regeneration.
    """

    SCHEMA_VERSION: ClassVar[str] = "1.1.0"

    status: NovaStatus = NovaStatus.ACTIVE
    coord_epoch: NonEmptyStr = "J2000"
    discovery_date: PartialDate | None = None
    outburst_date: PartialDate | None = None
    nova_type: NonEmptyStr | None = None
    resolver_source: NonEmptyStr | None = None
    created_by_job_run_id: NonEmptyStr | None = None
    spectra_count: NonNegativeInt | None = None
    photometry_count: NonNegativeInt | None = None
    references_count: NonNegativeInt | None = None
    has_sparkline: bool | None = None
    spectral_visits: NonNegativeInt | None = None


class NameMapping(PersistedEntity):
    """A normalized name pointing at a nova: PK ``NAME#<normalized>``, SK ``NOVA#<nova_id>``."""

    ENTITY_TYPE: ClassVar[str] = "NameMapping"
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"

    name_raw: NonEmptyStr
    name_normalized: NonEmptyStr
    name_kind: NameKind
    nova_id: UUID
    source: NameSource
