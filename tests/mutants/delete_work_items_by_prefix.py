"""Rule broken: deleting a work item deletes every item of its nova and dirty type (items
enqueued since are lost)."""

from collections.abc import Sequence
from typing import Any

from novacat_persistence.contracts.keys import WORKQUEUE_PK, ItemKey, WorkItemKey
from novacat_persistence.reference_impl.logs import operation
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = "test_operation_promises.py::test_delete_work_items_deletes_exactly_the_named_items"


class ByPrefix(ReferenceWrapper):
    @operation("WorkItem")
    def delete_work_items(self, keys: Sequence[WorkItemKey]) -> Any:
        deleted = 0
        for key in dict.fromkeys(keys):
            prefix = f"{key.nova_id}#{key.dirty_type.value}#"
            for item in self._db.query(WORKQUEUE_PK, prefix):
                self._db.delete(ItemKey(item["PK"]["S"], item["SK"]["S"]))
                deleted += 1
        return deleted


factory = subclass_factory(ByPrefix)
