"""Page pressure: make every listing of the candidate span several pages.

DynamoDB returns at most 1 MB per Query or Scan page, and fewer items when the request sets
``Limit``; a reader that stops at the first page (ignoring ``LastEvaluatedKey``) loses the
rest. The suites force pages two ways: partitions larger than a page (items near the 400 KB
item limit), and, for a candidate on a boto3 client, :func:`small_pages`, which caps every
Query and Scan the candidate sends at a few items, whatever ``Limit`` it asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

from novacat_persistence.suites.harness.access import Access
from novacat_persistence.suites.harness.raw_table import RawTable

PAGE_ITEMS: Final = 2
"""Items per page under :func:`small_pages`."""

_EVENTS: Final = ("before-parameter-build.dynamodb.Query", "before-parameter-build.dynamodb.Scan")


@contextmanager
def small_pages(access: Access, items: int = PAGE_ITEMS) -> Iterator[bool]:
    """Within the block, every Query and Scan of the candidate's client returns at most
    ``items`` items per page. Yields False (nothing capped) for a self-contained candidate,
    which has no client: its pages are its own."""
    client = access.binding.get("client")
    if client is None:
        yield False
        return

    def cap(params: dict[str, Any], **_kwargs: Any) -> None:
        params["Limit"] = min(int(params.get("Limit", items)), items)

    for event in _EVENTS:
        client.meta.events.register(event, cap)
    try:
        yield True
    finally:
        for event in _EVENTS:
            client.meta.events.unregister(event, cap)


def first_page_is_partial(
    access: Access, pk: str | None, *, index: str | None = None, photometry: bool = False
) -> bool | None:
    """Whether one Query page (no ``Limit``) of partition ``pk`` (of the main table, of its
    ``index``, or of the photometry table), or with ``pk`` None one Scan page of the table,
    stops short of its end: True when the partition (or table) really spans pages. None for a
    self-contained candidate (its raw view has no pages)."""
    raw = access.raw
    if not isinstance(raw, RawTable):
        return None
    table = raw.photometry if photometry else raw
    if pk is None:
        return "LastEvaluatedKey" in table.client.scan(TableName=table.name)
    key = "GSI1PK" if index else "PK"
    params: dict[str, Any] = {
        "TableName": table.name,
        "KeyConditionExpression": f"{key} = :pk",
        "ExpressionAttributeValues": {":pk": {"S": pk}},
    }
    if index:
        params["IndexName"] = index
    return "LastEvaluatedKey" in table.client.query(**params)
