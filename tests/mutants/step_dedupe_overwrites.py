"""Rule broken: a step dedupe marker is overwritten by every execution."""

from typing import Any
from uuid import UUID

from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import StepDedupe
from novacat_persistence.contracts.enums import StepKind
from novacat_persistence.contracts.operations import Stored
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_idempotency_jobrun.py::test_a_step_runs_once_and_answers_with_its_first_result"


class Overwrites(ReferenceWrapper):
    def record_step(
        self, step_kind: StepKind, dedupe_key: str, *, job_run_id: UUID, result: Any = None
    ) -> Any:
        now = self._now()
        marker = StepDedupe(
            dedupe_key=dedupe_key,
            step_kind=step_kind,
            job_run_id=job_run_id,
            result=result or {},
            created_at=now,
            updated_at=now,
        )
        self._db.put(encode(marker))
        return Stored(marker, created=True)


factory = subclass_factory(Overwrites)
