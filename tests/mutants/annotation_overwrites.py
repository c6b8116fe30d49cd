"""Rule broken: a JobRun annotation overwrites what an earlier one recorded (no write-once
condition): a later handler erases the quarantine fingerprint."""

from typing import Any

from novacat_persistence.contracts.entities import JobRun
from novacat_persistence.contracts.keys import JobRunKey
from novacat_persistence.contracts.operations import JobRunAnnotation
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_service_records.py::test_a_job_run_annotation_is_written_once_while_it_runs"


class Overwrites(ReferenceWrapper):
    def annotate_job_run(self, key: JobRunKey, annotation: JobRunAnnotation) -> Any:
        now = self._now()

        def annotate(_expr: Expr, update: Update) -> None:
            for name, value in annotation.as_fields().items():
                update.set(name, value)
            update.set("quarantined_at", now)

        return self._update(key, JobRun, now, annotate, lambda s, _r: s)


factory = subclass_factory(Overwrites)
