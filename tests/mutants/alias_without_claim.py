"""Rule broken: name mappings are written without the name's claim (a name on two novae)."""

from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from novacat_persistence.contracts.keys import ItemKey
from novacat_persistence.reference_impl.conditions import Expr, item_absent
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_races.py::test_alias_attaches_to_one_nova"


class NoClaim(ReferenceWrapper):
    def _claim(self, name_normalized: str, nova_id: UUID, now: datetime) -> Any:
        expr = Expr()
        nowhere = ItemKey(f"MUTANT#{uuid4()}", "NO_CLAIM")
        return self._db.check_action(nowhere, expr, item_absent(expr))


factory = subclass_factory(NoClaim)
