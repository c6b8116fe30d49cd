"""Oracle broken: the model deletes every work item of a named item's nova and type."""

from collections.abc import Sequence
from typing import Any

from novacat_persistence.contracts.keys import WorkItemKey, key_of
from novacat_persistence.suites.model.model import Model

CAUGHT_BY = "test_operation_promises.py::test_delete_work_items_deletes_exactly_the_named_items"


class Oracle(Model):
    def delete_work_items(self, keys: Sequence[WorkItemKey]) -> Any:
        named = {(k.nova_id, k.dirty_type) for k in keys}
        doomed = [key_of(w) for w in self.list_work_items() if (w.nova_id, w.dirty_type) in named]
        return super().delete_work_items([k for k in doomed if isinstance(k, WorkItemKey)])
