"""Rule broken: list_work_items returns every queued item when asked for one nova's."""

from typing import Any

from novacat_persistence.reference_impl import work_queue
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_operation_promises.py::test_work_items_keep_their_key_time_and_ttl"


def _everything(_nova_id: Any = None) -> str:
    return ""


factory = patched_factory(work_queue, "workqueue_prefix", _everything)
