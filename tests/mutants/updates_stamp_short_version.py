"""Rule broken: updates stamp the short form of the schema version ("1", "2"), not the
current version (creates still stamp it right)."""

from typing import Any

from novacat_persistence.reference_impl import conditions
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_operation_promises.py::test_every_write_stamps_its_entity_s_current_version"

_set = conditions.Update.set


def _short(self: Any, attribute: str, value: Any) -> Any:
    if attribute == "schema_version":
        value = str(value).split(".", 1)[0]
    return _set(self, attribute, value)


factory = patched_factory(conditions.Update, "set", _short)
