"""Rule broken: finalize_job_run reads the run, tests RUNNING in Python, then writes its
ending unconditionally (a check-then-act window): racing finalizes with different endings
are all answered as applied, and the last one's ending stays."""

from typing import Any

from novacat_persistence.contracts.entities import JobRun
from novacat_persistence.contracts.enums import JobRunStatus
from novacat_persistence.contracts.errors import InvalidTransitionError, NotFoundError
from novacat_persistence.contracts.keys import JobRunKey
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_races.py::test_racing_finalizes_record_one_ending"


class ReadThenWrite(ReferenceWrapper):
    @operation("JobRun")
    def finalize_job_run(self, key: JobRunKey, status: JobRunStatus, **errors: Any) -> Any:
        stored = self._read(key, JobRun)
        if stored is None:
            raise NotFoundError("no run")
        classification = errors.get("error_classification")
        if stored.status is not JobRunStatus.RUNNING:
            if (stored.status, stored.error_classification) == (status, classification):
                return stored
            raise InvalidTransitionError("not RUNNING", existing=stored)
        now = self._now()

        def finalize(_expr: Expr, update: Update) -> None:
            update.set("status", status).set("ended_at", now)
            if classification is not None:
                update.set("error_classification", classification)

        return self._update(key, JobRun, now, finalize, lambda s, _r: s)


factory = subclass_factory(ReadThenWrite)
