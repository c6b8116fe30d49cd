"""Rule broken: add_nova_aliases reads the aliases and writes back their union (concurrent
additions are lost)."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.errors import NotFoundError
from novacat_persistence.contracts.keys import NovaKey
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_races.py::test_concurrent_alias_additions_are_all_kept"


class ReadModifyWrite(ReferenceWrapper):
    @operation("Nova")
    def add_nova_aliases(self, nova_id: UUID, aliases: Sequence[str]) -> Any:
        stored = self._read(NovaKey(nova_id), Nova)
        if stored is None:
            raise NotFoundError(f"nova {nova_id} does not exist")
        union = list(dict.fromkeys([*stored.aliases, *aliases]))

        def replace(_expr: Expr, update: Update) -> None:
            update.set("aliases", union)

        return self._update(NovaKey(nova_id), Nova, self._now(), replace, lambda s, _r: s)


factory = subclass_factory(ReadModifyWrite)
