"""Rule broken: a nova's photometry rows are read one page only (the first): measurements past
the first megabyte of the partition are missing from the light curve."""

from collections.abc import Callable, Iterator
from typing import Any

from novacat_persistence.contracts.keys import PHOTOMETRY_ROW_PREFIX, ItemKey
from novacat_persistence.reference_impl.boto3_gateway import Boto3Gateway
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_pagination.py::test_listings_read_every_page[list_photometry_rows]"

_pages = Boto3Gateway._pages


def _rows_first_page(
    self: Boto3Gateway, request: Callable[..., Any], log_key: ItemKey, params: dict[str, Any]
) -> Iterator[Any]:
    if log_key.sk != f"begins_with:{PHOTOMETRY_ROW_PREFIX}":
        return _pages(self, request, log_key, params)
    return iter(self._call(request, [log_key], dict(params)).get("Items", []))


factory = patched_factory(Boto3Gateway, "_pages", _rows_first_page)
