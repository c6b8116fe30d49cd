"""The model of the regeneration work queue: items in the ``WORKQUEUE`` partition,
create-only with their ``created_at`` (part of the key) and ``ttl`` kept as given, listed in
SK order, and deleted exactly as named: the count is of named items that existed, each counted
once; items enqueued since, even of the same nova and type, stay."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Final
from uuid import UUID

from hypothesis import strategies as st

from novacat_persistence.contracts.clock import EPOCH
from novacat_persistence.contracts.entities import WorkItem
from novacat_persistence.contracts.enums import DirtyType
from novacat_persistence.contracts.keys import WORKQUEUE_PK, WorkItemKey, key_of, workqueue_prefix
from novacat_persistence.contracts.operations import Stored
from novacat_persistence.suites.model.calls import MARKER, Vocabulary, calls_of, fixed_id
from novacat_persistence.suites.model.core import ModelCore
from novacat_persistence.suites.model.time_rules import epoch_seconds


class WorkQueueModel(ModelCore):
    """The work queue."""

    def enqueue_work_item(self, item: WorkItem) -> Stored[WorkItem]:
        """The item, create-only."""
        return self.create_only(self.stamped_new(item, self.now()))

    def list_work_items(self, nova_id: UUID | None = None) -> list[WorkItem]:
        """Queued items, all or of one nova, in SK order."""
        found = self.store.partition(WORKQUEUE_PK, workqueue_prefix(nova_id))
        return [w for w in found if isinstance(w, WorkItem)]

    def delete_work_items(self, keys: Sequence[WorkItemKey]) -> int:
        """Delete exactly these items; how many existed."""
        return sum(1 for key in dict.fromkeys(keys) if self.store.delete(key) is not None)


# --- calls ---------------------------------------------------------------------------------


def _items(v: Vocabulary, _m: object) -> st.SearchStrategy[WorkItem]:
    def make(nova_id: UUID, dirty: DirtyType, later: int) -> WorkItem:
        created = EPOCH + timedelta(milliseconds=later)
        return WorkItem(
            nova_id=nova_id,
            dirty_type=dirty,
            source_workflow="ingest_photometry",
            job_run_id=fixed_id("run-queue"),
            correlation_id=f"{MARKER} corr",
            ttl=epoch_seconds(created + timedelta(days=30)),
            created_at=created,
            updated_at=created,
        )

    return st.builds(
        make,
        v.nova_ids(),
        st.sampled_from([DirtyType.SPECTRA, DirtyType.PHOTOMETRY]),
        st.integers(0, 1),
    )


CALLS: Final = (
    calls_of("enqueue_work_item", _items),
    calls_of("list_work_items", lambda v, _m: st.none() | v.nova_ids()),
    calls_of("delete_work_items", lambda v, m: st.lists(_items(v, m).map(key_of), max_size=3)),
)
"""How the state machine calls this area's operations."""
