"""Rule broken: a definitive validation result leaves the GSI1 attributes in place."""

from typing import Any

from novacat_persistence.reference_impl import conditions
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_eligibility_index.py::test_validation_removes_gsi_attributes_from_the_raw_item"

_original = conditions.Update.remove


def _keep_gsi(self: Any, *attributes: str) -> Any:
    return _original(self, *(a for a in attributes if not a.startswith("GSI1")))


factory = patched_factory(conditions.Update, "remove", _keep_gsi)
