"""Rule broken: a photometry ingestion re-sent after an ambiguous timeout counts twice."""

from typing import Any

from novacat_persistence.reference_impl import photometry
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_faults.py::test_faults_converge_on_the_fault_free_state[record_photometry_ingestion]"
)


def _unguarded(expr: Any, _attribute: str, _value: Any) -> str:
    return f"attribute_exists({expr.n('PK')})"


factory = patched_factory(photometry, "absent_or_differs", _unguarded)
