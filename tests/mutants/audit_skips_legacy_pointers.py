"""Rule broken: audit_pointers checks only current FileObjects; the pointer of an item read as
LegacyFileObject (a FileObject of the product-scoped era without a file_id) goes unchecked."""

from typing import Any

from novacat_persistence.contracts.entities import LegacyFileObject
from novacat_persistence.reference_impl import files
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_pointer_rules.py::test_every_stored_pointer_is_audited_under_the_key_it_is_stored_under"
)

_checked = files._pointer


def _current_only(item: Any, entity: Any) -> Any:
    return None if isinstance(entity, LegacyFileObject) else _checked(item, entity)


factory = patched_factory(files, "_pointer", _current_only)
