"""Rule broken: leaving the index writes the GSI1 attributes as NULL instead of removing them."""

from typing import Any

from novacat_persistence.reference_impl import conditions
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_eligibility_index.py::test_validation_removes_gsi_attributes_from_the_raw_item"

_original = conditions.Update.remove


def _null_gsi(self: Any, *attributes: str) -> Any:
    for name in attributes:
        if name.startswith("GSI1"):
            self.set_raw(name, {"NULL": True})
    return _original(self, *(a for a in attributes if not a.startswith("GSI1")))


factory = patched_factory(conditions.Update, "remove", _null_gsi)
