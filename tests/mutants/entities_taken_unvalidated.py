"""Rule broken: an entity or model given to an operation is taken as it is, though it was built
without validation (``model_construct``): it is stored as given, or fails as Python's own
AttributeError deep inside the operation."""

from typing import Any

from novacat_persistence.contracts import argument_checks
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_hostile_input.py::test_hostile_input_is_refused_before_any_request"
    "[entity_built_unvalidated]"
)


def _taken(_value: Any) -> None:
    return None


factory = patched_factory(argument_checks, "_model_refusal", _taken)
