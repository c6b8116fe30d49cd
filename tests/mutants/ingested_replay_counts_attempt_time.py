"""Rule broken: an ingested product sent again with another ``last_attempt_at`` is taken for
other content (AlreadyExistsError) instead of a replay: a re-run ticket ingestion fails."""

from novacat_persistence.reference_impl import spectra_ingested
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_service_records.py::test_an_ingested_product_replays_whatever_its_write_times"

factory = patched_factory(spectra_ingested, "_NOT_CONTENT", frozenset({"created_at", "updated_at"}))
