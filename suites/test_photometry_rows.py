"""Suite 12, photometry rows: one item per measurement in the photometry table beside the main
table, PK ``<nova_id>``, SK ``PHOT#<row_id>``, stored exactly as the codec encodes the row
(nothing in the main table). Rows go out in BatchWriteItem requests of at most 25 rows and
16 MB; rows DynamoDB leaves unprocessed are sent again until stored; a batch sent again, also
after a timeout that hid its success, rewrites the same items. An ingestion run is counted once
on the nova's photometry table product, with the rows the table holds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest

from novacat_persistence.contracts.codec.items import encode
from novacat_persistence.contracts.entities import PhotometryRow
from novacat_persistence.contracts.errors import InputValidationError, PersistenceError
from novacat_persistence.contracts.fault_hook import Fault
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.suites.harness.access import Access
from novacat_persistence.suites.harness.builders import (
    numbers_as_values,
    photometry_row,
    stored_item,
)
from novacat_persistence.suites.harness.interception import RequestInterceptor

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


def test_requests_stay_within_16_mb(
    wrapper: PersistenceWrapper,
    raw: RawView,
    interceptor: RequestInterceptor,
    access: Access,
) -> None:
    """25 rows of about 380 KB, each three times that once escaped for the wire: no request
    over 16 MB (where the suites see the requests' bytes), more than one request, every row
    stored."""
    sizes: list[int] = []
    client = access.binding.get("client")
    if client is not None:

        def measure(request: Any, **_kwargs: Any) -> None:
            sizes.append(len(request.body))

        client.meta.events.register("before-send.dynamodb.BatchWriteItem", measure)
    nova_id = uuid4()
    rows = _rows(nova_id, 25, notes=TELESCOPE * 95_000)
    before = _batches(interceptor)
    assert wrapper.put_photometry_rows(rows) == 25
    assert _batches(interceptor) - before >= 2
    assert all(size <= MAX_REQUEST_BYTES for size in sizes), max(sizes)
    stored = _stored_rows(raw, nova_id)
    assert [i["SK"]["S"] for i in stored] == sorted(f"PHOT#{r.row_id}" for r in rows)


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
