"""Rule broken: upsert_reference keeps the stored values of fields the new version leaves
unset."""

from typing import Any

from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import Reference
from novacat_persistence.contracts.keys import ReferenceKey
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_operation_promises.py::test_upsert_reference_clears_fields_the_new_version_leaves_unset"
)


class Merging(ReferenceWrapper):
    @operation("Reference")
    def upsert_reference(self, reference: Reference) -> Any:
        now = self._now()
        item = encode(self._stamped(reference, now))

        def upsert(_expr: Expr, update: Update) -> None:
            update.set_item(item, keep=("created_at",))

        key = ReferenceKey(reference.bibcode)
        return self._update(key, Reference, now, upsert, lambda s, _r: s, upsert=True)


factory = subclass_factory(Merging)
