"""Rule broken: listings read the first page only (LastEvaluatedKey ignored)."""

from collections.abc import Callable, Iterator
from typing import Any

from novacat_persistence.contracts.keys import ItemKey
from novacat_persistence.reference_impl.boto3_gateway import Boto3Gateway
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_pagination.py::test_listings_read_every_page[list_data_products]"


def _first_page(
    self: Boto3Gateway, request: Callable[..., Any], log_key: ItemKey, params: dict[str, Any]
) -> Iterator[Any]:
    yield from self._call(request, [log_key], dict(params)).get("Items", [])


factory = patched_factory(Boto3Gateway, "_pages", _first_page)
