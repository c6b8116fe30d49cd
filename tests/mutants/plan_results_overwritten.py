"""Rule broken: a plan's results are overwritten by every call (the first results recorded do
not stay: a re-executed generator replaces them)."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from novacat_persistence.contracts.entities.regeneration import NovaResult
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.regeneration import _holder
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_regeneration.py::test_a_plan_moves_only_along_its_lifecycle"


class Overwrites(ReferenceWrapper):
    def record_regen_results(
        self, plan_id: UUID, results: Sequence[NovaResult], *, execution_arn: str
    ) -> Any:
        def record(expr: Expr, update: Update) -> str:
            update.set("nova_results", list(results))
            return _holder(expr, execution_arn)

        return self._move(plan_id, record, lambda _s: False, "not held")


factory = subclass_factory(Overwrites)
