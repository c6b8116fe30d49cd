"""Rule broken: a duplicate is recorded again at every call (no condition that none is
recorded): a retried task counts its attempt twice."""

from typing import Any

from novacat_persistence.reference_impl import spectra_ingested
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_service_records.py::test_a_duplicate_is_recorded_once_and_leaves_the_index"


def _no_duplicate_guard(expr: Any, attribute: str) -> str:
    name = expr.n(attribute)
    return f"attribute_not_exists({name}) OR attribute_exists({name})"


factory = patched_factory(spectra_ingested, "attribute_absent", _no_duplicate_guard)
