"""The model of JobRun annotations: how a run ended or why it was quarantined, each field
written once while the run is RUNNING (``quarantined_at`` = now with the first quarantine
reason), and a repeat of recorded values answered with the stored run, RUNNING or not.

Readings where the interface is silent: an annotation that gives nothing is an input error;
a repeat whose every value is recorded writes nothing (``updated_at`` kept), while one that
adds a field to a RUNNING run writes it with the given ones; a given field holding another
value is a ConflictError whatever the run's status.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final
from uuid import UUID

from novacat_persistence.contracts.clock import EPOCH
from novacat_persistence.contracts.entities import JobRun
from novacat_persistence.contracts.enums import ErrorClass, JobRunStatus
from novacat_persistence.contracts.errors import (
    ConflictError,
    InputValidationError,
    InvalidTransitionError,
    NotFoundError,
)
from novacat_persistence.contracts.keys import JobRunKey
from novacat_persistence.contracts.operations import JobRunAnnotation
from novacat_persistence.suites.model.calls import MARKER, calls_of, one_of
from novacat_persistence.suites.model.core import ModelCore, changed, checked
from novacat_persistence.suites.model.execution import _run_keys

_A_RUN: Final = {
    "job_run_id": UUID(int=0),
    "workflow_name": "w",
    "correlation_id": "c",
    "started_at": EPOCH,
}
"""The required fields of some run: what values a run is to hold are validated in."""


class RunAnnotationsModel(ModelCore):
    """What workflows record on their running JobRuns."""

    def annotate_job_run(self, key: JobRunKey, annotation: JobRunAnnotation) -> JobRun:
        """Each given field written once, while RUNNING."""
        values = checked(JobRun, _A_RUN, annotation.as_fields())
        if not values:
            raise InputValidationError("the annotation records nothing")
        now = self.now()
        stored = self.store.get(key, JobRun)
        if stored is None:
            raise NotFoundError("no such JobRun", existing=None)
        quarantine = "quarantine_reason_code" in values
        recorded = {name: getattr(stored, name) for name in values}
        if recorded == values and (not quarantine or stored.quarantined_at is not None):
            return stored
        if any(v is not None and v != values[name] for name, v in recorded.items()):
            raise ConflictError("a given field holds another value", existing=stored)
        if stored.status is not JobRunStatus.RUNNING:
            raise InvalidTransitionError("only a RUNNING run is annotated", existing=stored)
        if quarantine and stored.quarantined_at is None:
            values["quarantined_at"] = now
        annotated = changed(stored, now, **values)
        self.store.put(annotated)
        return annotated


# --- calls ---------------------------------------------------------------------------------

ANNOTATIONS: Final = (
    JobRunAnnotation(outcome=f"{MARKER} SUCCEEDED"),
    JobRunAnnotation(outcome=f"{MARKER} FAILED"),
    JobRunAnnotation(
        error_type="Boom",
        error_message=f"{MARKER} boom",
        error_classification=ErrorClass.TERMINAL,
        error_fingerprint="0a1b2c3d4e5f",
    ),
    JobRunAnnotation(
        quarantine_reason_code="COORDINATE_AMBIGUITY",
        classification_reason=f"{MARKER} two candidates",
        extra_context={"min_sep_arcsec": Decimal("1.25"), "seen": f"{MARKER} x"},
    ),
    JobRunAnnotation(quarantine_reason_code="COORDINATE_AMBIGUITY"),
    JobRunAnnotation(),
)
"""Annotations the calls record: two outcomes that conflict, an error, a quarantine with its
context and the same reason alone, and one that records nothing."""

CALLS: Final = (calls_of("annotate_job_run", _run_keys, one_of(*ANNOTATIONS), stateful=True),)
"""How the state machine calls this area's operations."""
