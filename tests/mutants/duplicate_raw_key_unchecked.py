"""Rule broken: a duplicate's raw object is recorded wherever its key points (the product's
canonical raw key is not checked): a pointer outside the bucket layout is stored."""

from novacat_persistence.reference_impl import spectra_ingested
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_service_records.py::"
    "test_a_duplicate_needs_its_product_and_its_raw_key_and_is_counted_once"
)

factory = patched_factory(spectra_ingested, "check_raw_spectra_key", lambda *_args: None)
