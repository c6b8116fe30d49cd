"""Rule broken: the regeneration plans' partition is read one page at a time only (the first):
a plan past the first megabyte of ``REGEN_PLAN`` is not found, and the active plan is an older
one."""

from collections.abc import Callable, Iterator
from typing import Any

from novacat_persistence.contracts.keys import REGEN_PLAN_PK, ItemKey
from novacat_persistence.reference_impl.boto3_gateway import Boto3Gateway
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_pagination.py::test_listings_read_every_page[get_regen_plan]"

_pages = Boto3Gateway._pages


def _plans_first_page(
    self: Boto3Gateway, request: Callable[..., Any], log_key: ItemKey, params: dict[str, Any]
) -> Iterator[Any]:
    if log_key.pk != REGEN_PLAN_PK:
        return _pages(self, request, log_key, params)
    return iter(self._call(request, [log_key], dict(params)).get("Items", []))


factory = patched_factory(Boto3Gateway, "_pages", _plans_first_page)
