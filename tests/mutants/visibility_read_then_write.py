"""Rule broken: the visibility's compare-and-set reads the nova, compares in Python, then
writes unconditionally (a check-then-act window): racing movers to ACTIVE and to HIDDEN all
succeed."""

from typing import Any
from uuid import UUID

from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.enums import NovaStatus
from novacat_persistence.contracts.errors import ConflictError, NotFoundError
from novacat_persistence.contracts.keys import NovaKey
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_races.py::test_one_visibility_move_applies_from_the_expected_status"


class ReadThenWrite(ReferenceWrapper):
    @operation("Nova")
    def set_nova_visibility(self, nova_id: UUID, status: Any, *, expected: NovaStatus) -> Any:
        stored = self._read(NovaKey(nova_id), Nova)
        if stored is None:
            raise NotFoundError("no nova")
        if stored.status is status:
            return stored
        if stored.status is not expected:
            raise ConflictError("another status", existing=stored)

        def show_or_hide(_expr: Expr, update: Update) -> None:
            update.set("status", status)

        return self._update(NovaKey(nova_id), Nova, self._now(), show_or_hide, lambda s, _r: s)


factory = subclass_factory(ReadThenWrite)
