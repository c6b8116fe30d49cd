"""WorkItem: a regeneration request queued in the global ``WORKQUEUE`` partition.

WorkItem 1.1.0 records the asking run's id as the caller knew it: Nova Cat's services pass
their correlation id, or ``unknown``, when the event carries no JobRun id (1.0.0 required a
UUID).
"""

from typing import Annotated, ClassVar
from uuid import UUID

from pydantic import BeforeValidator, ConfigDict

from novacat_persistence.contracts.entities.base import PersistedEntity
from novacat_persistence.contracts.entities.execution import WorkflowName
from novacat_persistence.contracts.enums import DirtyType
from novacat_persistence.contracts.types import EpochSeconds, NonEmptyStr, uuid_as_text

RunIdText = Annotated[NonEmptyStr, BeforeValidator(uuid_as_text)]
"""A run id as text: a UUID is taken as its canonical text."""


class _WorkItemCore(PersistedEntity):
    """The fields every version of WorkItem has alike."""

    ENTITY_TYPE: ClassVar[str] = "WorkItem"

    nova_id: UUID
    dirty_type: DirtyType
    source_workflow: WorkflowName
    correlation_id: NonEmptyStr
    ttl: EpochSeconds


class WorkItemV1(_WorkItemCore):
    """PK ``WORKQUEUE``, SK ``<nova_id>#<dirty_type>#<created_at>``; expires after 30 days."""

    model_config = ConfigDict(title="WorkItem")
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"

    job_run_id: UUID


class WorkItem(_WorkItemCore):
    """PK ``WORKQUEUE``, SK ``<nova_id>#<dirty_type>#<created_at>``; expires after 30 days
    (WorkItem 1.1.0: ``job_run_id`` is the asking run's id as text, a UUID or not)."""

    SCHEMA_VERSION: ClassVar[str] = "1.1.0"

    job_run_id: RunIdText
