"""Rule broken: a listing's filter that is no member of its enumeration is sent as it is
(the listing answers nothing), instead of being refused."""

from typing import Any

from novacat_persistence.reference_impl import catalog
from tests.mutants._zoo import patched_factory

CAUGHT_BY = (
    "test_hostile_input.py::test_hostile_input_is_refused_before_any_request"
    "[listing_filter_not_a_member]"
)


def _as_given(_kind: type, value: Any) -> Any:
    return value


factory = patched_factory(catalog, "_member", _as_given)
