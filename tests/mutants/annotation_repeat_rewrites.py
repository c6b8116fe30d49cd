"""Rule broken: an annotation whose values are all recorded is written again while the run is
RUNNING (no condition that something is still unwritten): a repeat moves ``updated_at``."""

from novacat_persistence.reference_impl import execution
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_service_records.py::test_an_annotation_repeated_changes_nothing"


def _always(*conditions: str) -> str:
    return f"({conditions[0]}) OR NOT ({conditions[0]})"


factory = patched_factory(execution, "any_of", _always)
