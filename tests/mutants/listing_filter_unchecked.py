"""Rule broken: a listing's filter that is no member of its enumeration is sent as it is
(the listing answers nothing), instead of being refused: list_novae runs without the
operation boundary's argument checks."""

from typing import Any

from novacat_persistence.reference_impl.wrapper import ReferenceWrapper
from tests.mutants._zoo import subclass_factory

CAUGHT_BY = (
    "test_hostile_input.py::test_hostile_input_is_refused_before_any_request"
    "[listing_filter_not_a_member]"
)


class UncheckedListing(ReferenceWrapper):
    def list_novae(self, *, status: Any = None) -> Any:
        unchecked = ReferenceWrapper.list_novae.__wrapped__  # type: ignore[attr-defined]
        return unchecked(self, status=status)


factory = subclass_factory(UncheckedListing)
