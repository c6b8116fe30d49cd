"""Rule broken: an item whose schema_version is the current version written as a number
(``{"N": "1.1"}``) is taken for one the version guard accepts, so it is never carried forward
and every write over it is refused until the rounds run out."""

from novacat_persistence.contracts.versions import ENTITIES, parse_version
from novacat_persistence.contracts.wire_form import Item
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_evolution.py::"
    "test_a_version_stored_as_a_number_reads_and_is_carried_forward_by_a_write[current]"
)


class NumberIsCurrent(ReferenceWrapper):
    def _carry_forward(self, old: Item, entity_type: str) -> bool:
        number = old.get("schema_version", {}).get("N")
        current = parse_version(ENTITIES[entity_type].current.version)
        if isinstance(number, str) and parse_version(number) == current:
            return False
        return super()._carry_forward(old, entity_type)


factory = subclass_factory(NumberIsCurrent)
