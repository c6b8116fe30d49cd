"""Rule broken: a nova's counts are written without checking that the asking execution holds
its plan (a stale or foreign regeneration overwrites them)."""

from typing import Any
from uuid import UUID

from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.keys import NovaKey
from novacat_persistence.contracts.operations import NovaCounts
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_regeneration.py::test_counts_reach_a_nova_only_through_the_execution_holding_its_plan"
)


class Unchecked(ReferenceWrapper):
    def set_nova_counts(
        self, nova_id: UUID, counts: NovaCounts, *, plan_id: UUID, execution_arn: str
    ) -> Any:
        def count(_expr: Expr, update: Update) -> None:
            for name, value in counts.as_fields().items():
                update.set(name, value)

        return self._update(NovaKey(nova_id), Nova, self._now(), count, lambda s, _r: s)


factory = subclass_factory(Unchecked)
