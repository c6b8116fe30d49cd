"""Rule broken: throttling is classified TERMINAL instead of RETRYABLE."""

from novacat_persistence.reference_impl import client_errors
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_faults.py::test_faults_converge_on_the_fault_free_state[acquire_lock]"

factory = patched_factory(client_errors, "THROTTLING_CODES", frozenset())
