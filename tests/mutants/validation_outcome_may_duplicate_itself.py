"""Rule broken: record_validation_result records an outcome naming the product itself as the
one it duplicates (``record_duplicate`` still refuses that)."""

from typing import Any

from novacat_persistence.reference_impl import spectra
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_hostile_input.py::test_hostile_input_is_refused_before_any_request"
    "[validation_outcome_naming_its_own_product]"
)


def _anything(_key: Any, _duplicate_of: Any) -> None:
    return None


factory = patched_factory(spectra, "check_not_itself", _anything)
