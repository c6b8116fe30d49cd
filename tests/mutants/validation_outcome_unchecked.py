"""Rule broken: record_validation_result writes the outcome's fields as given, without checking
them against the product's model first (an empty header hash is stored, and the product can
no longer be read)."""

from typing import Any

from novacat_persistence.reference_impl import spectra
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_hostile_input.py::test_hostile_input_is_refused_before_any_request"
    "[validation_outcome_the_product_cannot_hold]"
)


def _as_given(_model: Any, fields: dict[str, Any]) -> dict[str, Any]:
    return dict(fields)


factory = patched_factory(spectra, "checked_fields", _as_given)
