"""Rule broken: resolve_name returns the mappings of an ambiguous name in reverse nova id
order."""

from typing import Any

from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_operation_promises.py::test_resolve_name_lists_every_nova_of_an_ambiguous_name"


class Reversed(ReferenceWrapper):
    @operation("NameMapping")
    def resolve_name(self, name_normalized: str) -> Any:
        return list(reversed(super().resolve_name(name_normalized)))


factory = subclass_factory(Reversed)
