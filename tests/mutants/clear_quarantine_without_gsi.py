"""Rule broken: a retry approved after quarantine does not put the product back in GSI1."""

from typing import Any

from novacat_persistence.reference_impl import conditions
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_eligibility_index.py::test_a_retry_approval_puts_the_product_back_in_the_index"

_set = conditions.Update.set


def _skip_gsi(self: Any, attribute: str, value: Any) -> Any:
    return self if attribute.startswith("GSI1") else _set(self, attribute, value)


factory = patched_factory(conditions.Update, "set", _skip_gsi)
