"""Rule broken: upsert_reference overwrites created_at with the time of the upsert."""

from typing import Any

from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import Reference
from novacat_persistence.contracts.entities.reference import MUTABLE_REFERENCE_FIELDS
from novacat_persistence.contracts.keys import ReferenceKey
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_operation_promises.py::test_upsert_reference_keeps_created_at"


class Resetting(ReferenceWrapper):
    @operation("Reference")
    def upsert_reference(self, reference: Reference) -> Any:
        now = self._now()
        item = encode(self._stamped(reference, now))

        def upsert(_expr: Expr, update: Update) -> None:
            update.set_item(item)
            update.remove(*(f for f in MUTABLE_REFERENCE_FIELDS if f not in item))

        key = ReferenceKey(reference.bibcode)
        return self._update(key, Reference, now, upsert, lambda s, _r: s, upsert=True)


factory = subclass_factory(Resetting)
