"""Rule broken: a BatchWriteItem carries more than DynamoDB's 25 items."""

from novacat_persistence.reference_impl import batches
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_photometry_rows.py::test_a_batch_request_holds_at_most_25_rows[26-2]"

factory = patched_factory(batches, "BATCH_WRITE_MAX_ITEMS", 30)
