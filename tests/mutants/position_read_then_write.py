"""Rule broken: the position's compare-and-set reads the nova, compares in Python, then writes
unconditionally (a check-then-act window): racing resolvers all win, the last one's position
stays."""

from typing import Any
from uuid import UUID

from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.errors import ConflictError, NotFoundError
from novacat_persistence.contracts.keys import NovaKey
from novacat_persistence.contracts.operations import NovaPosition
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_races.py::test_one_position_is_set_where_none_was"


class ReadThenWrite(ReferenceWrapper):
    @operation("Nova")
    def set_nova_position(
        self, nova_id: UUID, position: NovaPosition, *, expected: NovaPosition | None
    ) -> Any:
        stored = self._read(NovaKey(nova_id), Nova)
        if stored is None:
            raise NotFoundError("no nova")
        was = None if expected is None else (float(expected.ra_deg), float(expected.dec_deg))
        if (None if stored.ra_deg is None else (stored.ra_deg, stored.dec_deg)) != was:
            raise ConflictError("another position", existing=stored)

        def place(_expr: Expr, update: Update) -> None:
            for name, value in position.as_fields().items():
                update.set(name, value)

        return self._update(NovaKey(nova_id), Nova, self._now(), place, lambda s, _r: s)


factory = subclass_factory(ReadThenWrite)
