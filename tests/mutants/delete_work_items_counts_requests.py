"""Rule broken: delete_work_items returns how many keys it was given, not how many existed."""

from collections.abc import Sequence
from typing import Any

from novacat_persistence.contracts.keys import WorkItemKey
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_operation_promises.py::test_delete_work_items_deletes_exactly_the_named_items"


class Counts(ReferenceWrapper):
    def delete_work_items(self, keys: Sequence[WorkItemKey]) -> Any:
        super().delete_work_items(keys)
        return len(set(keys))


factory = subclass_factory(Counts)
