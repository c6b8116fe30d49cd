"""Rule broken: upsert_reference overwrites created_at with the time of the upsert."""

from typing import Any

from novacat_persistence.reference_impl import conditions
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_operation_promises.py::test_upsert_reference_keeps_created_at"

_set_item = conditions.Update.set_item


def _resetting(self: Any, item: dict[str, Any], *, keep: tuple[str, ...] = ()) -> Any:
    if item.get("entity_type") == {"S": "Reference"}:
        keep = ()
    return _set_item(self, item, keep=keep)


factory = patched_factory(conditions.Update, "set_item", _resetting)
