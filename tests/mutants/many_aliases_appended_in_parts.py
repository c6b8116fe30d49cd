"""Rule broken: add_nova_aliases of more names than one append's conditions hold checks, when
it reads the nova, that its item holds them, then appends them in parts: a racer's names
filling the item in between get a part of them stored and the rest refused."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.keys import NovaKey
from novacat_persistence.reference_impl import novae_and_names
from novacat_persistence.reference_impl.conditions import Expr, Update, all_of, not_contains
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_races.py::test_many_aliases_racing_are_each_added_whole_or_refused_whole"
PART = novae_and_names.ALIASES_PER_APPEND


class InParts(ReferenceWrapper):
    @operation("Nova")
    def add_nova_aliases(self, nova_id: UUID, aliases: Sequence[str]) -> Any:
        key = NovaKey(nova_id)
        stored = self._existing_nova(key)
        missing = [name for name in dict.fromkeys(aliases) if name not in stored.aliases]
        novae_and_names._check_fits(stored, missing)
        for start in range(0, len(missing), PART):

            def append(
                expr: Expr, update: Update, names: list[str] = missing[start : start + PART]
            ) -> str:
                update.append_to_list("aliases", names)
                return all_of(*(not_contains(expr, "aliases", name) for name in names))

            stored = self._update(key, Nova, self._now(), append, lambda s, _r: s)
        return stored


factory = subclass_factory(InParts)
