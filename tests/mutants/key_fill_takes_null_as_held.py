"""Rule broken: an era filling what an item lacks from its key takes a key component stored as
NULL for one the item holds, so it is never filled (Nova Cat's photometry DataProduct holds
its nova in its PK alone)."""

from collections.abc import Callable, Mapping
from typing import Any

from novacat_persistence.contracts.codec import items
from novacat_persistence.contracts.keys.build import TEMPLATES_BY_ENTITY_TYPE
from novacat_persistence.contracts.keys.parse import attribute_texts
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_evolution.py::test_a_key_component_stored_as_null_is_read_from_the_key"


def _null_as_held(entity_type: str) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    shapes = [(t, frozenset(t.names)) for t in TEMPLATES_BY_ENTITY_TYPE.get(entity_type, ())]

    def texts(item: Mapping[str, Any]) -> dict[str, Any]:
        pk, sk = items.stored_text(item, "PK"), items.stored_text(item, "SK")
        lacking = [template for template, names in shapes if not item.keys() >= names]
        return attribute_texts(lacking, pk, sk) if lacking and pk and sk else {}

    return texts


factory = patched_factory(items, "_key_texts", _null_as_held)
