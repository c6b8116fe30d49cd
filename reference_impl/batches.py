"""Batch requests to the end: items split into requests within DynamoDB's limits, and what a
request leaves unprocessed sent again with jittered exponential backoff.

BatchWriteItem takes at most 25 items and 16 MB; BatchGetItem at most 100 keys. DynamoDB may
handle only part of a request (``UnprocessedItems`` / ``UnprocessedKeys``, typically under
throttling) and expects the rest to be sent again after a pause. Neither request can carry a
condition, so a batch is idempotent only when each item is a function of its key: sending it
again rewrites the same item.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Final, TypeVar

from novacat_persistence.contracts.errors import ThrottledError
from novacat_persistence.contracts.keys import ItemKey
from novacat_persistence.contracts.wire_form import Item
from novacat_persistence.reference_impl.gateway import (
    BATCH_GET_MAX_KEYS,
    BATCH_WRITE_MAX_BYTES,
    BATCH_WRITE_MAX_ITEMS,
    TableGateway,
)

T = TypeVar("T")

ROUNDS: Final = 8
"""How often a batch's unprocessed rest is sent again before the call gives up."""

BASE_PAUSE: Final = 0.025
"""Seconds before the first re-send; doubled each round (jittered), at most :data:`MAX_PAUSE`."""

MAX_PAUSE: Final = 1.0

_ENVELOPE: Final = 1024
"""Bytes a BatchWriteItem request holds besides its items (table name, request wrapping)."""

_ENTRY: Final = 32
"""Bytes each PutRequest wrapping adds around an item."""

_EXPANSION: Final = 6
"""The most a character of an item's JSON text grows when botocore escapes it for the wire
(``\\u0001``: six bytes for one)."""


def pause(round_: int) -> float:
    """The jittered pause before re-send ``round_`` (1-based): full jitter over
    ``min(MAX_PAUSE, BASE_PAUSE * 2 ** (round_ - 1))``."""
    return random.uniform(0, min(MAX_PAUSE, BASE_PAUSE * 2 ** (round_ - 1)))


def write_chunks(items: Sequence[Item], sizes: Sequence[int]) -> Iterator[list[Item]]:
    """Split ``items`` into BatchWriteItem requests: at most 25 items and 16 MB each.
    ``sizes`` are the items' JSON lengths; only a chunk that could reach the byte limit once
    escaped (six times its JSON) has its items measured as botocore sends them."""
    chunk: list[Item] = []
    budget = BATCH_WRITE_MAX_BYTES - _ENVELOPE
    used = 0
    for item, size in zip(items, sizes, strict=True):
        bound = size * _EXPANSION + _ENTRY
        if used + bound > budget:
            bound = len(json.dumps(item)) + _ENTRY  # the exact size on the wire
        if chunk and (len(chunk) == BATCH_WRITE_MAX_ITEMS or used + bound > budget):
            yield chunk
            chunk, used = [], 0
        chunk.append(item)
        used += bound
    if chunk:
        yield chunk


def put_all(db: TableGateway, chunks: Iterator[list[Item]]) -> None:
    """Send every chunk with BatchWriteItem, re-sending what each leaves unprocessed. Raises
    ThrottledError (RETRYABLE) when items are still unprocessed after :data:`ROUNDS`
    re-sends: the items sent stay stored; sending all again converges."""
    for chunk in chunks:
        _to_the_end(chunk, db.batch_put, lambda left: _still_throttled(len(left), "rows"))


def get_all(db: TableGateway, keys: Sequence[ItemKey]) -> list[Item]:
    """Read every key with BatchGetItem (100 a request), asking again for what each request
    leaves unprocessed; return the items found. Raises ThrottledError (RETRYABLE) when keys
    are still unread after :data:`ROUNDS` re-sends."""
    found: list[Item] = []

    def read(batch: Sequence[ItemKey]) -> list[ItemKey]:
        items, left = db.batch_get(batch)
        found.extend(items)
        return left

    for start in range(0, len(keys), BATCH_GET_MAX_KEYS):
        batch = keys[start : start + BATCH_GET_MAX_KEYS]
        _to_the_end(batch, read, lambda left: _still_throttled(len(left), "keys"))
    return found


def _to_the_end(
    batch: Sequence[T],
    send: Callable[[Sequence[T]], list[T]],
    give_up: Callable[[list[T]], ThrottledError],
) -> None:
    left = send(batch)
    for round_ in range(1, ROUNDS + 1):
        if not left:
            return
        time.sleep(pause(round_))
        left = send(left)
    if left:
        raise give_up(left)


def _still_throttled(count: int, what: str) -> ThrottledError:
    return ThrottledError(
        f"{count} {what} of a batch were still unprocessed after {ROUNDS} re-sends",
        hint="the table is throttled; retry the same call later (it converges)",
    )
