"""Rule broken: set_discovery_date overwrites the date whatever the caller expected."""

from typing import Any
from uuid import UUID

from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.keys import NovaKey
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_operation_promises.py::test_set_discovery_date_is_compare_and_set"


class Blind(ReferenceWrapper):
    @operation("Nova")
    def set_discovery_date(self, nova_id: UUID, discovery_date: str, *, expected: Any) -> Any:
        def change(_expr: Expr, update: Update) -> None:
            update.set("discovery_date", discovery_date)

        return self._update(NovaKey(nova_id), Nova, self._now(), change, lambda s, _r: s)


factory = subclass_factory(Blind)
