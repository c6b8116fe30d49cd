"""Rule broken: BatchWriteItem requests are filled while their items' own bytes stay within
16 MB (each item measured exactly as it is sent, but the request's wrapping, its table name and
each item's PutRequest envelope left out): rows that fit 16 MB as items go out in one request a
few hundred bytes over it."""

import json
from collections.abc import Iterator, Sequence

from novacat_persistence.contracts.wire_form import Item
from novacat_persistence.reference_impl import batches
from tests.mutants._zoo import patched_factory

CAUGHT_BY = "test_photometry_rows.py::test_requests_stay_within_16_mb_a_few_bytes_over_the_limit"


def _items_only(items: Sequence[Item], _sizes: Sequence[int]) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    used = 0
    for item in items:
        size = len(json.dumps(item))
        full = len(chunk) == batches.BATCH_WRITE_MAX_ITEMS
        if chunk and (full or used + size > batches.BATCH_WRITE_MAX_BYTES):
            yield chunk
            chunk, used = [], 0
        chunk.append(item)
        used += size
    if chunk:
        yield chunk


factory = patched_factory(batches, "write_chunks", _items_only)
