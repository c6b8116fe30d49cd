"""WorkItem: a regeneration request queued in the global ``WORKQUEUE`` partition."""

from typing import ClassVar
from uuid import UUID

from novacat_persistence.contracts.entities.base import PersistedEntity
from novacat_persistence.contracts.entities.execution import WorkflowName
from novacat_persistence.contracts.enums import DirtyType
from novacat_persistence.contracts.types import EpochSeconds, NonEmptyStr


class WorkItem(PersistedEntity):
    """PK ``WORKQUEUE``, SK ``<nova_id>#<dirty_type>#<created_at>``; expires after 30 days."""

    ENTITY_TYPE: ClassVar[str] = "WorkItem"
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"

    nova_id: UUID
    dirty_type: DirtyType
    source_workflow: WorkflowName
    job_run_id: UUID
    correlation_id: NonEmptyStr
    ttl: EpochSeconds
