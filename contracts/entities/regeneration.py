"""Artifact regeneration: the batch plans a coordinator makes from the work queue.

A plan is filed in the global ``REGEN_PLAN`` partition under SK ``<created_at>#<plan_id>``, so
the newest plans come last. It names, per nova, the dirty types it regenerates and the
artifacts that follows from them, the work items it consumes, its status and, once the
regeneration ran, one result per nova. Plans expire (``ttl``) after seven days.
"""

from typing import Annotated, ClassVar
from uuid import UUID

from pydantic import Field

from novacat_persistence.contracts.entities.base import NestedModel, PersistedEntity
from novacat_persistence.contracts.enums import DirtyType, RegenPlanStatus
from novacat_persistence.contracts.types import (
    UUID_PATTERN,
    EpochSeconds,
    NonEmptyStr,
    NonNegativeInt,
    UtcDatetime,
)

NovaIdText = Annotated[str, Field(pattern=f"^{UUID_PATTERN}$")]
"""A nova id as the canonical text of its UUID (a map key)."""


class NovaManifest(NestedModel):
    """What a plan regenerates for one nova: the dirty types and the artifacts they need."""

    dirty_types: list[DirtyType]
    artifacts: list[NonEmptyStr]


class NovaResult(NestedModel):
    """How the regeneration of one nova ended, and the counts it published."""

    nova_id: NovaIdText
    success: bool
    error: str | None = None
    spectra_count: NonNegativeInt | None = None
    photometry_count: NonNegativeInt | None = None
    references_count: NonNegativeInt | None = None
    spectral_visits: NonNegativeInt | None = None
    has_sparkline: bool | None = None


class RegenBatchPlan(PersistedEntity):
    """A regeneration batch plan: PK ``REGEN_PLAN``, SK ``<created_at>#<plan_id>``.

    ``nova_manifests`` maps nova ids to what is regenerated for them; ``workitem_sks`` are the
    WORKQUEUE sort keys the plan consumes; ``execution_arn`` is the regeneration workflow's
    execution once started (empty when the starter knew none); ``completed_at`` is set with
    COMPLETED, FAILED or ABANDONED; ``nova_results`` once the regeneration ran.
    """

    ENTITY_TYPE: ClassVar[str] = "RegenBatchPlan"
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"

    plan_id: UUID
    status: RegenPlanStatus = RegenPlanStatus.PENDING
    nova_manifests: dict[NovaIdText, NovaManifest] = Field(default_factory=dict)
    nova_count: NonNegativeInt = 0
    workitem_sks: list[NonEmptyStr] = Field(default_factory=list)
    execution_arn: str | None = None
    completed_at: UtcDatetime | None = None
    nova_results: list[NovaResult] | None = None
    ttl: EpochSeconds
