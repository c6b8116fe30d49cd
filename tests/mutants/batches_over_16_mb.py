"""Rule broken: BatchWriteItem requests are split by item count only, never by their size
(25 large rows make a request over DynamoDB's 16 MB)."""

from novacat_persistence.reference_impl import batches
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_photometry_rows.py::test_requests_stay_within_16_mb"

factory = patched_factory(batches, "BATCH_WRITE_MAX_BYTES", 10**12)
