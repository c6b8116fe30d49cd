"""Rule broken: audit_pointers names each finding by the key the item's fields give today, not
the key it is stored under (an era's item is then reported under a key that holds nothing)."""

from typing import Any

from novacat_persistence.contracts.keys import item_key
from novacat_persistence.reference_impl import files
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_pointer_rules.py::test_every_stored_pointer_is_audited_under_the_key_it_is_stored_under"
)

_checked = files._pointer


def _rebuilt(item: Any, entity: Any) -> Any:
    key = item_key(entity)
    return _checked({**item, "PK": {"S": key.pk}, "SK": {"S": key.sk}}, entity)


factory = patched_factory(files, "_pointer", _rebuilt)
