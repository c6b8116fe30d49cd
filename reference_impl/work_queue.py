"""The regeneration work queue: WorkItems in the ``WORKQUEUE`` partition."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from novacat_persistence.contracts.entities import WorkItem
from novacat_persistence.contracts.keys import WORKQUEUE_PK, WorkItemKey, build, workqueue_prefix
from novacat_persistence.contracts.operations import Stored
from novacat_persistence.reference_impl.core import Core
from novacat_persistence.reference_impl.logs import operation


class WorkQueueOps(Core):
    """IFC-030 work queue operations."""

    @operation("WorkItem")
    def enqueue_work_item(self, item: WorkItem) -> Stored[WorkItem]:
        """See :meth:`PersistenceWrapper.enqueue_work_item` (create-only; ``created_at`` is
        part of the key and is kept as given)."""
        return self._create(self._stamped(item, self._now()))

    @operation("WorkItem")
    def list_work_items(self, nova_id: UUID | None = None) -> list[WorkItem]:
        """See :meth:`PersistenceWrapper.list_work_items` (all pages, SK order)."""
        return self._list(WorkItem, WORKQUEUE_PK, workqueue_prefix(nova_id))

    @operation("WorkItem")
    def delete_work_items(self, keys: Sequence[WorkItemKey]) -> int:
        """See :meth:`PersistenceWrapper.delete_work_items`: one delete per key, counting
        those that returned a stored item."""
        stored = [build(key) for key in dict.fromkeys(keys)]
        return sum(1 for key in stored if self._db.delete(key) is not None)
