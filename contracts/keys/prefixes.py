"""The ``begins_with`` prefixes and partition keys of the documented access patterns, built
from the same templates as the keys they select."""

from __future__ import annotations

from uuid import UUID

from novacat_persistence.contracts.enums import FileRole
from novacat_persistence.contracts.keys.build import checked
from novacat_persistence.contracts.keys.templates import (
    ATTEMPT,
    FILE_OF_NOVA,
    JOB_RUN_OF_NOVA,
    WORK_ITEM,
    WORKFLOW_PK,
    format_side,
)


def jobrun_prefix(workflow_name: str | None = None) -> str:
    """SK prefix of JobRuns, all or of one workflow (KeyShapeError for a name no stored key
    can begin with: over the byte limit, or a lone surrogate)."""
    if workflow_name is None:
        return JOB_RUN_OF_NOVA.sk_prefix(1)
    return checked("", JOB_RUN_OF_NOVA.sk_prefix(2, workflow_name=workflow_name)).sk


def attempt_prefix(job_run_id: UUID) -> str:
    """SK prefix of the Attempts of one JobRun."""
    return ATTEMPT.sk_prefix(2, job_run_id=job_run_id)


def file_prefix(role: FileRole | None = None) -> str:
    """SK prefix of FileObjects, all or of one role."""
    if role is None:
        return FILE_OF_NOVA.sk_prefix(1)
    return f"{FILE_OF_NOVA.sk_prefix(1)}{role.value}#"


def workflow_pk(correlation_id: str) -> str:
    """PK of the pre-nova partition of a workflow execution (KeyShapeError for an id no key
    can hold: over the byte limit, or a lone surrogate)."""
    return checked(format_side(WORKFLOW_PK, {"correlation_id": correlation_id}), "").pk


def workqueue_prefix(nova_id: UUID | None = None) -> str:
    """SK prefix of WorkItems, all or of one nova."""
    return "" if nova_id is None else WORK_ITEM.sk_prefix(1, nova_id=nova_id)
