"""Rule broken: a listing leaves out the items of a legacy era it meets without saying so."""

from typing import Any

from novacat_persistence.contracts.codec.items import decode
from novacat_persistence.contracts.entities import is_legacy
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_evolution.py::"
    "test_a_listing_returns_the_rest_and_reports_the_legacy_items_it_meets[file_objects]"
)


class _Silent(ReferenceWrapper):
    def _list(self, model: Any, pk: str, prefix: str, *, index: str | None = None) -> Any:
        items = self._db.query(pk, prefix, index=index)
        return [self._as(model, item) for item in items if not is_legacy(decode(item))]


factory = subclass_factory(_Silent)
