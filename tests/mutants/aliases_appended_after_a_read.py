"""Rule broken: add_nova_aliases reads the nova, then appends the names it found missing
without conditioning the append on their absence (a check-then-act window): racers adding
the same name each append it."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.errors import NotFoundError
from novacat_persistence.contracts.keys import NovaKey
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.novae_and_names import _names
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_races.py::test_concurrent_alias_additions_are_all_kept"


class AppendAfterARead(ReferenceWrapper):
    @operation("Nova")
    def add_nova_aliases(self, nova_id: UUID, aliases: Sequence[str]) -> Any:
        wanted = _names(aliases)
        stored = self._read(NovaKey(nova_id), Nova)
        if stored is None:
            raise NotFoundError(f"nova {nova_id} does not exist")
        missing = [name for name in dict.fromkeys(wanted) if name not in stored.aliases]
        if not missing:
            return stored

        def append(_expr: Expr, update: Update) -> None:
            update.append_to_list("aliases", missing)

        return self._update(NovaKey(nova_id), Nova, self._now(), append, lambda s, _r: s)


factory = subclass_factory(AppendAfterARead)
