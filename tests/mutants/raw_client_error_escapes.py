"""Rule broken: a botocore ClientError leaves the wrapper untranslated."""

from typing import Any

from novacat_persistence.reference_impl import client_errors
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_faults.py::test_faults_converge_on_the_fault_free_state[acquire_lock]"


def _raw(exc: Any) -> Any:
    return exc


factory = patched_factory(client_errors, "from_client_error", _raw)
