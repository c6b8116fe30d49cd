"""Rule broken: record_attempt stamps created_at (part of an attempt's key) with the clock,
moving the attempt away from the key its caller built."""

from novacat_persistence.contracts.entities import WorkItem
from novacat_persistence.reference_impl import core
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_operation_promises.py::test_attempts_keep_their_start_time_and_list_in_sk_order"

factory = patched_factory(core, "_CREATED_AT_IN_KEY", (WorkItem,))
