"""Rule broken: a listing that meets one item of a legacy era fails as a whole (each item read
strictly as the listing's model)."""

from typing import Any

from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_evolution.py::"
    "test_a_listing_returns_the_rest_and_reports_the_legacy_items_it_meets[nova_references]"
)


class _Strict(ReferenceWrapper):
    def _list(self, model: Any, pk: str, prefix: str, *, index: str | None = None) -> Any:
        return [self._as(model, item) for item in self._db.query(pk, prefix, index=index)]


factory = subclass_factory(_Strict)
