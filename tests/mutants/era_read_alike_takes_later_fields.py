"""Rule broken: the current model reads an era's item in one step even when the item holds an
attribute only a later version defines, so that attribute, which the era's model does not
know, becomes one of the entity's fields."""

from typing import Any

from novacat_persistence.contracts.codec import items
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_evolution.py::test_an_era_item_keeps_an_attribute_its_era_did_not_have_out_of_its_fields"
)
_ERA_VERSION = items._era_version


def _blind_to_later_fields(*arguments: Any) -> Any:
    version, reads = _ERA_VERSION(*arguments)
    if reads is None:
        return version, reads
    return version, {model: read._replace(added=frozenset()) for model, read in reads.items()}


factory = patched_factory(items, "_era_version", _blind_to_later_fields)
