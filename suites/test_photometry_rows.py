"""Suite 12, photometry rows: one item per measurement in the photometry table beside the main
table, PK ``<nova_id>``, SK ``PHOT#<row_id>``, stored exactly as the codec encodes the row
(nothing in the main table). Rows go out in BatchWriteItem requests of at most 25 rows and
16 MB (probed a few bytes over the limit); rows DynamoDB leaves unprocessed are sent again
until stored, and rows still unprocessed after the retries are a RETRYABLE error; a batch sent
again, also after a timeout that hid its success, rewrites the same items, and a row stored
before is replaced. An ingestion run is counted once on the nova's photometry table product,
with the rows the table holds; the stories through the twin compare every row and product
with the model's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest

from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import PhotometryRow
from novacat_persistence.contracts.errors import (
    InputValidationError,
    PersistenceError,
    ThrottledError,
)
from novacat_persistence.contracts.fault_hook import Fault
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.suites.harness.access import Access
from novacat_persistence.suites.harness.builders import (
    numbers_as_values,
    photometry_row,
    stored_item,
)
from novacat_persistence.suites.harness.interception import (
    RequestInterceptor,
    throttled_throughout,
)
from novacat_persistence.suites.harness.raw_table import RawTable
from novacat_persistence.suites.harness.twin import Twin

MAX_REQUEST_BYTES = 16 * 1024 * 1024
TELESCOPE = "\U0001f52d"
"""Four UTF-8 bytes, twelve once escaped for the wire (a surrogate pair)."""


def _rows(nova_id: UUID, count: int, **fields: Any) -> list[PhotometryRow]:
    return [photometry_row(nova_id, n, **fields) for n in range(count)]


def _stored_rows(raw: RawView, nova_id: UUID) -> list[dict[str, Any]]:
    return raw.photometry.partition(str(nova_id))


def _batches(interceptor: RequestInterceptor) -> int:
    return interceptor.counts()["BatchWriteItem"]


def test_rows_are_stored_exactly_as_encoded_in_the_photometry_table(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """Each row is the codec's item of it, at ``<nova_id>``/``PHOT#<row_id>`` of the photometry
    table; the main table holds none; the rows read back in SK order."""
    nova_id = uuid4()
    rows = _rows(nova_id, 3)
    assert wrapper.put_photometry_rows(rows) == 3
    for row in rows:
        item = stored_item(raw.photometry, str(nova_id), f"PHOT#{row.row_id}")
        assert numbers_as_values(item) == numbers_as_values(encode(row))
    assert raw.scan() == []
    listed = wrapper.list_photometry_rows(nova_id)
    assert [r.row_id for r in listed] == sorted((r.row_id for r in rows), key=str)
    assert listed == sorted(rows, key=lambda r: str(r.row_id))


@pytest.mark.parametrize(("count", "requests"), [(1, 1), (25, 1), (26, 2), (50, 2), (51, 3)])
def test_a_batch_request_holds_at_most_25_rows(
    wrapper: PersistenceWrapper,
    raw: RawView,
    interceptor: RequestInterceptor,
    count: int,
    requests: int,
) -> None:
    """The fewest requests the 25-row limit allows, every row stored."""
    nova_id = uuid4()
    before = _batches(interceptor)
    assert wrapper.put_photometry_rows(_rows(nova_id, count)) == count
    assert _batches(interceptor) - before == requests
    assert len(_stored_rows(raw, nova_id)) == count


def test_a_batch_sent_again_rewrites_the_same_items(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """The same rows again (a re-executed task) leave the stored items as they were."""
    nova_id = uuid4()
    rows = _rows(nova_id, 30)
    wrapper.put_photometry_rows(rows)
    first = _stored_rows(raw, nova_id)
    assert wrapper.put_photometry_rows(list(reversed(rows))) == 30
    assert _stored_rows(raw, nova_id) == first


@pytest.mark.parametrize("left", [1, 10, 24])
def test_rows_left_unprocessed_are_sent_again(
    wrapper: PersistenceWrapper, raw: RawView, interceptor: RequestInterceptor, left: int
) -> None:
    """A request that handles only part of its rows: the rest is sent again, every row ends
    stored as encoded."""
    nova_id = uuid4()
    rows = _rows(nova_id, 25)
    before = _batches(interceptor)
    interceptor.leave_unprocessed(left, 0)
    assert wrapper.put_photometry_rows(rows) == 25
    assert _batches(interceptor) - before == 2
    stored = {item["SK"]["S"]: numbers_as_values(item) for item in _stored_rows(raw, nova_id)}
    assert stored == {f"PHOT#{row.row_id}": numbers_as_values(encode(row)) for row in rows}


@pytest.mark.parametrize("position", [0, 1])
def test_a_timeout_after_a_batch_was_applied_converges(
    wrapper: PersistenceWrapper, raw: RawView, interceptor: RequestInterceptor, position: int
) -> None:
    """The answer of an applied request is lost: a RETRYABLE error (or success), and calling
    again stores exactly the rows, once each."""
    nova_id = uuid4()
    rows = _rows(nova_id, 40)
    interceptor.arm(Fault.TIMEOUT_AFTER, position)
    try:
        wrapper.put_photometry_rows(rows)
    except PersistenceError as exc:
        assert exc.retryable, f"{type(exc).__name__} is {exc.classification}"
    finally:
        interceptor.disarm()
    assert wrapper.put_photometry_rows(rows) == 40
    assert sorted(i["SK"]["S"] for i in _stored_rows(raw, nova_id)) == sorted(
        f"PHOT#{row.row_id}" for row in rows
    )


@contextmanager
def _request_sizes(access: Access) -> Iterator[list[int]]:
    """The bytes of each BatchWriteItem request the candidate sends within the block (none
    for a self-contained candidate: the suites see no requests' bytes)."""
    sizes: list[int] = []
    client = access.binding.get("client")

    def measure(request: Any, **_kwargs: Any) -> None:
        sizes.append(len(request.body))

    if client is not None:
        client.meta.events.register("before-send.dynamodb.BatchWriteItem", measure)
    try:
        yield sizes
    finally:
        if client is not None:
            client.meta.events.unregister("before-send.dynamodb.BatchWriteItem", measure)


def test_requests_stay_within_16_mb(
    wrapper: PersistenceWrapper,
    raw: RawView,
    interceptor: RequestInterceptor,
    access: Access,
) -> None:
    """25 rows of about 380 KB, each three times that once escaped for the wire: no request
    over 16 MB (where the suites see the requests' bytes), more than one request, every row
    stored."""
    nova_id = uuid4()
    rows = _rows(nova_id, 25, notes=TELESCOPE * 95_000)
    before = _batches(interceptor)
    with _request_sizes(access) as sizes:
        assert wrapper.put_photometry_rows(rows) == 25
    assert _batches(interceptor) - before >= 2
    assert all(size <= MAX_REQUEST_BYTES for size in sizes), max(sizes)
    stored = _stored_rows(raw, nova_id)
    assert [i["SK"]["S"] for i in stored] == sorted(f"PHOT#{r.row_id}" for r in rows)


BOUNDARY_ROWS = 24
"""Rows of the boundary probe: fewer than 25, so only the byte limit can split them."""
OVER_BY = 64
"""Bytes the probe's rows take over 16 MB in one request."""


def _single_request_bytes(table: str, rows: list[PhotometryRow]) -> int:
    """The bytes of one BatchWriteItem request putting every row, as botocore sends it (the
    JSON text of its parameters; anything else a candidate sends only adds to it)."""
    entries = [{"PutRequest": {"Item": encode(row)}} for row in rows]
    return len(json.dumps({"RequestItems": {table: entries}}).encode())


def test_requests_stay_within_16_mb_a_few_bytes_over_the_limit(
    wrapper: PersistenceWrapper,
    raw: RawView,
    interceptor: RequestInterceptor,
    access: Access,
) -> None:
    """24 rows that would make one request 64 bytes over 16 MB (the items alone under it: a
    writer that leaves out the request's own wrapping sends them in one): more than one
    request, none over 16 MB, every row stored as encoded."""
    nova_id = uuid4()
    table = raw.photometry.name if isinstance(raw, RawTable) else "NovaCatPhotometry"
    bare = _rows(nova_id, BOUNDARY_ROWS, notes="")
    missing = MAX_REQUEST_BYTES + OVER_BY - _single_request_bytes(table, bare)
    per_row = -(-missing // BOUNDARY_ROWS)  # escaped for the wire: twelve bytes a telescope
    notes = TELESCOPE * (per_row // 12) + "n" * (per_row % 12)
    rows = _rows(nova_id, BOUNDARY_ROWS, notes=notes)
    one_request = _single_request_bytes(table, rows)
    assert MAX_REQUEST_BYTES < one_request <= MAX_REQUEST_BYTES + OVER_BY + BOUNDARY_ROWS
    before = _batches(interceptor)
    with _request_sizes(access) as sizes:
        assert wrapper.put_photometry_rows(rows) == BOUNDARY_ROWS
    assert _batches(interceptor) - before >= 2
    assert all(size <= MAX_REQUEST_BYTES for size in sizes), max(sizes)
    stored = {item["SK"]["S"]: numbers_as_values(item) for item in _stored_rows(raw, nova_id)}
    assert stored == {f"PHOT#{row.row_id}": numbers_as_values(encode(row)) for row in rows}


def test_rows_still_unprocessed_after_the_retries_are_a_retryable_error(
    wrapper: PersistenceWrapper, raw: RawView, interceptor: RequestInterceptor
) -> None:
    """A batch whose last rows stay unprocessed however often they are sent: ThrottledError
    (RETRYABLE), the rows the table took stay stored as encoded, and the same call once the
    throttling is over stores every row."""
    nova_id = uuid4()
    rows = _rows(nova_id, 30)
    with throttled_throughout(interceptor, 5), pytest.raises(ThrottledError) as refused:
        wrapper.put_photometry_rows(rows)
    assert refused.value.retryable
    encoded = {f"PHOT#{row.row_id}": numbers_as_values(encode(row)) for row in rows}
    kept = {item["SK"]["S"]: numbers_as_values(item) for item in _stored_rows(raw, nova_id)}
    assert len(kept) >= 20 and all(encoded[sk] == item for sk, item in kept.items())
    assert wrapper.put_photometry_rows(rows) == 30
    assert len(_stored_rows(raw, nova_id)) == 30


def test_rows_and_runs_are_stored_as_the_model_has_them(twin: Twin) -> None:
    """Through the twin: rows stored, a row stored again with other content replaced (a batch
    is not conditional), a run counted on a product it creates, its repeat counted once but
    raising ``row_count`` to the rows added since, another run counted: every row, product
    and marker as the model has it."""
    nova_id, run = uuid4(), uuid4()
    twin.call("put_photometry_rows", _rows(nova_id, 3))
    replaced = photometry_row(nova_id, 1, magnitude=Decimal("9.99"))
    assert twin.call("put_photometry_rows", [replaced]) == 1
    listed = {row.row_id: row for row in twin.call("list_photometry_rows", nova_id)}
    assert listed[replaced.row_id] == replaced
    first = twin.call("record_photometry_rows_ingested", nova_id, job_run_id=run, source="t")
    assert (first.ingestion_count, first.row_count) == (1, 3)
    twin.advance(timedelta(seconds=1))
    twin.call("put_photometry_rows", _rows(nova_id, 5))
    repeat = twin.call("record_photometry_rows_ingested", nova_id, job_run_id=run, source="t")
    assert (repeat.ingestion_count, repeat.row_count) == (1, 5)
    twin.advance(timedelta(seconds=1))
    twin.call("record_photometry_rows_ingested", nova_id, job_run_id=run, source="t")
    other = twin.call("record_photometry_rows_ingested", nova_id, job_run_id=uuid4(), source="u")
    assert (other.ingestion_count, other.last_ingestion_source) == (2, "u")


def test_rows_that_share_a_key_but_differ_are_refused_before_any_request(
    wrapper: PersistenceWrapper, raw: RawView, interceptor: RequestInterceptor
) -> None:
    """Two rows of one key with different content: InputValidationError, nothing sent or
    stored. The same row twice is one row."""
    nova_id = uuid4()
    row = photometry_row(nova_id, 0)
    changed = photometry_row(nova_id, 0, magnitude=Decimal("9.99"))
    before = interceptor.count()
    with pytest.raises(InputValidationError):
        wrapper.put_photometry_rows([row, changed])
    assert interceptor.count() == before
    assert _stored_rows(raw, nova_id) == []
    assert wrapper.put_photometry_rows([row, row]) == 1


@pytest.mark.parametrize(
    "rows", ["PHOT#x", [{"nova_id": "x"}], [None]], ids=["text", "dict", "none"]
)
def test_what_is_no_row_is_refused_before_any_request(
    wrapper: PersistenceWrapper, raw: RawView, interceptor: RequestInterceptor, rows: Any
) -> None:
    """Anything but a sequence of PhotometryRow: InputValidationError, nothing sent."""
    before = interceptor.count()
    with pytest.raises(InputValidationError):
        wrapper.put_photometry_rows(rows)
    assert interceptor.count() == before
    assert raw.photometry.scan() == []


def test_an_ingestion_run_is_counted_once_with_the_rows_stored(
    wrapper: PersistenceWrapper, raw: RawView
) -> None:
    """``ingestion_count`` + 1 per run (a repeat of a run counts nothing), ``row_count`` the
    rows the photometry table holds, the product created when missing, the run's marker."""
    nova_id, run, other = uuid4(), uuid4(), uuid4()
    wrapper.put_photometry_rows(_rows(nova_id, 30))
    first = wrapper.record_photometry_rows_ingested(
        nova_id, job_run_id=run, source="ticket_ingestion"
    )
    assert (first.ingestion_count, first.row_count) == (1, 30)
    wrapper.record_photometry_rows_ingested(nova_id, job_run_id=run, source="ticket_ingestion")
    wrapper.put_photometry_rows(_rows(nova_id, 45))
    last = wrapper.record_photometry_rows_ingested(
        nova_id, job_run_id=other, source="ticket_ingestion"
    )
    assert (last.ingestion_count, last.row_count) == (2, 45)
    item = stored_item(raw, str(nova_id), "PRODUCT#PHOTOMETRY_TABLE")
    assert item["ingestion_count"] == {"N": "2"} and item["row_count"] == {"N": "45"}
    assert item["product_type"] == {"S": "PHOTOMETRY_TABLE"}
    assert item["last_ingestion_source"] == {"S": "ticket_ingestion"}
    assert item["photometry_schema_version"] == {"S": PhotometryRow.SCHEMA_VERSION}
    marker = stored_item(raw, f"IDEMPOTENCY#{nova_id}:{run}", "STEP#PHOTOMETRY_INGESTION")
    assert marker["job_run_id"] == {"S": str(run)}


def test_a_lower_count_never_lowers_row_count(wrapper: PersistenceWrapper, raw: RawView) -> None:
    """A count below the stored ``row_count`` (an older, concurrent count) leaves it."""
    nova_id = uuid4()
    wrapper.put_photometry_rows(_rows(nova_id, 5))
    wrapper.record_photometry_rows_ingested(nova_id, job_run_id=uuid4(), source="s")
    item = stored_item(raw, str(nova_id), "PRODUCT#PHOTOMETRY_TABLE")
    raw.put({**item, "row_count": {"N": "9"}})
    again = wrapper.record_photometry_rows_ingested(nova_id, job_run_id=uuid4(), source="s")
    assert (again.row_count, again.ingestion_count) == (9, 2)
