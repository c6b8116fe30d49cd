"""Rule broken: a plan is put unconditionally (a coordinator run again replaces its plan, or
another plan under the same key)."""

from typing import Any

from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import RegenBatchPlan
from novacat_persistence.contracts.operations import Stored
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_regeneration.py::test_a_plan_is_stored_as_given_and_created_once"


class Unconditional(ReferenceWrapper):
    def create_regen_plan(self, plan: RegenBatchPlan) -> Any:
        stamped = self._stamped(plan, self._now())
        self._db.put(encode(stamped))
        return Stored(stamped, created=True)


factory = subclass_factory(Unconditional)
