"""Rule broken: create_nova writes the nova and its primary mapping without the name's claim
(aliases still claim theirs): a second nova can take the same primary name."""

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.enums import NameSource
from novacat_persistence.contracts.keys import ItemKey
from novacat_persistence.reference_impl.conditions import Expr, item_absent
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_operation_promises.py::test_create_nova_claims_its_primary_name"


class Unclaimed(ReferenceWrapper):
    creating = False

    def create_nova(self, nova: Nova, *, name_source: NameSource = NameSource.USER_INPUT) -> Any:
        self.creating = True
        try:
            return super().create_nova(nova, name_source=name_source)
        finally:
            self.creating = False

    def _claim(self, name_normalized: str, nova_id: UUID, now: datetime) -> Any:
        if not self.creating:
            return super()._claim(name_normalized, nova_id, now)
        expr = Expr()
        nowhere = ItemKey(f"MUTANT#{uuid4()}", "NO_CLAIM")
        return self._db.check_action(nowhere, expr, item_absent(expr))


factory = subclass_factory(Unclaimed)
