"""Rule broken: annotate_job_run reads the run, tests in Python that each field is unset,
then writes the annotation unconditionally (a check-then-act window): racing annotations
with different values are all answered as written, and the last one's value stays."""

from typing import Any

from novacat_persistence.contracts.entities import JobRun
from novacat_persistence.contracts.errors import ConflictError, NotFoundError
from novacat_persistence.contracts.keys import JobRunKey
from novacat_persistence.contracts.operations import JobRunAnnotation
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_races.py::test_racing_annotations_write_one_value"


class ReadThenWrite(ReferenceWrapper):
    @operation("JobRun")
    def annotate_job_run(self, key: JobRunKey, annotation: JobRunAnnotation) -> Any:
        stored = self._read(key, JobRun)
        if stored is None:
            raise NotFoundError("no run")
        values = annotation.as_fields()
        held = {name: getattr(stored, name) for name in values}
        if any(value is not None and value != values[name] for name, value in held.items()):
            raise ConflictError("already annotated otherwise", existing=stored)

        def annotate(_expr: Expr, update: Update) -> None:
            for name, value in values.items():
                update.set(name, value)

        return self._update(key, JobRun, self._now(), annotate, lambda s, _r: s)


factory = subclass_factory(ReadThenWrite)
