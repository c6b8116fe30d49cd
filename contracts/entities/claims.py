"""Uniqueness claims: guard items that make a value unique across items whose keys cannot see
each other.

A NameMapping's SK holds its nova id and a JobRun's SK holds its start time, so a conditional
put of either cannot see a mapping of the same name to another nova, or a run of the same id
started at another time. Writing the claim in the same transaction, conditionally, can.
"""

from typing import Any, ClassVar
from uuid import UUID

from pydantic import model_validator

from novacat_persistence.contracts.entities.base import PersistedEntity
from novacat_persistence.contracts.entities.execution import WorkflowName
from novacat_persistence.contracts.types import NonEmptyStr, UtcDatetime


class NameClaim(PersistedEntity):
    """Which nova a normalized name belongs to: PK ``NAME#<name_normalized>``, SK ``CLAIM``.

    Written with every NameMapping (primary or alias) in one transaction, on condition that it
    is absent or already names the same nova: a name never maps to a second nova through the
    wrapper. It sits in the name's partition, beside the mappings (``NOVA#...`` SKs).
    """

    ENTITY_TYPE: ClassVar[str] = "NameClaim"
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"

    name_normalized: NonEmptyStr
    nova_id: UUID


class JobRunClaim(PersistedEntity):
    """The one JobRun item of a ``job_run_id``: PK ``JOBRUN#<job_run_id>``, SK ``CLAIM``.

    Created with the JobRun in one transaction, create-only, so the same id can never start a
    second run item (whose SK would differ by ``started_at``). It records the run's key:
    ``nova_id``, or ``correlation_id`` when the run is filed before a nova exists.
    """

    ENTITY_TYPE: ClassVar[str] = "JobRunClaim"
    SCHEMA_VERSION: ClassVar[str] = "1.0.0"

    job_run_id: UUID
    workflow_name: WorkflowName
    started_at: UtcDatetime
    nova_id: UUID | None = None
    correlation_id: NonEmptyStr | None = None

    @model_validator(mode="after")
    def _one_owner(self) -> Any:
        if (self.nova_id is None) == (self.correlation_id is None):
            raise ValueError("exactly one of nova_id and correlation_id names the run's owner")
        return self


__all__ = ["JobRunClaim", "NameClaim"]
