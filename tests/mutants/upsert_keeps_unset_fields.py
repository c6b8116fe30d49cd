"""Rule broken: upsert_reference keeps the stored values of fields the new version leaves
unset."""

from typing import Any

from novacat_persistence.contracts.entities.reference import MUTABLE_REFERENCE_FIELDS
from novacat_persistence.reference_impl import conditions
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_operation_promises.py::test_upsert_reference_clears_fields_the_new_version_leaves_unset"
)

_remove = conditions.Update.remove


def _keeping(self: Any, *attributes: str) -> Any:
    return _remove(self, *(a for a in attributes if a not in MUTABLE_REFERENCE_FIELDS))


factory = patched_factory(conditions.Update, "remove", _keeping)
