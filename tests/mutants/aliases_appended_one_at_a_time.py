"""Rule broken: add_nova_aliases appends each new name in its own request, so names the
nova's item cannot hold are refused only when the item is full, after the names before them
were stored."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.keys import NovaKey
from novacat_persistence.reference_impl.conditions import Expr, Update, not_contains
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_hostile_input.py::test_aliases_the_nova_cannot_hold_are_refused_whole"


class OneAtATime(ReferenceWrapper):
    @operation("Nova")
    def add_nova_aliases(self, nova_id: UUID, aliases: Sequence[str]) -> Any:
        stored: Any = None
        for alias in dict.fromkeys(aliases):

            def append(expr: Expr, update: Update, alias: str = alias) -> str:
                update.append_to_list("aliases", [alias])
                return not_contains(expr, "aliases", alias)

            stored = self._update(NovaKey(nova_id), Nova, self._now(), append, lambda s, _r: s)
        return stored


factory = subclass_factory(OneAtATime)
