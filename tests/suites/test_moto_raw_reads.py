"""The suites' raw view on moto reads moto's tables in process and returns what the same read
through a client returns (the oracle): random items of every attribute type, in both tables of
a pair, every read of the view, present and missing keys."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from novacat_persistence.suites.harness.backends import MotoBackend
from novacat_persistence.suites.harness.moto_raw_reads import MotoRawTable
from novacat_persistence.suites.harness.raw_table import RawTable

from ..wire_values import attribute_values, names


def _storable_numbers(value: Any) -> bool:
    """Whether every number in a value is written with at most 38 digits after its leading
    zeros, trailing zeros included: DynamoDB keeps 38 significant digits, and moto, which
    stores more, reads a stored number back (its key listing, a projected scan) with boto3's
    38-digit context, which refuses to drop even a trailing zero (``decimal.Rounded``)."""
    for tag, payload in value.items():
        texts = [payload] if tag == "N" else payload if tag == "NS" else []
        if any(len(t.lstrip("-").replace(".", "").lstrip("0")) > 38 for t in texts):
            return False
        inner = payload.values() if tag == "M" else payload if tag == "L" else []
        if not all(_storable_numbers(one) for one in inner):
            return False
    return True


_PARTITIONS = ("NOVA#a", "NOVA#b", "ZZ")
_items = st.lists(
    st.fixed_dictionaries(
        {
            "PK": st.sampled_from(_PARTITIONS).map(lambda v: {"S": v}),
            "SK": names.map(lambda v: {"S": v}),
        },
        optional={"GSI1PK": st.just({"S": "ELIGIBLE"}), "GSI1SK": names.map(lambda v: {"S": v})},
    ).flatmap(
        lambda keys: st.dictionaries(
            names.filter(lambda n: n not in {"PK", "SK", "GSI1PK", "GSI1SK"}),
            # moto's own response cannot encode a map key ""; numbers DynamoDB stores (38 digits)
            attribute_values(map_keys=names).filter(_storable_numbers),
            max_size=4,
        ).map(lambda rest: {**rest, **keys})
    ),
    max_size=12,
)


@pytest.fixture(scope="module")
def moto() -> Iterator[tuple[MotoBackend, Any]]:
    backend = MotoBackend()
    backend.start()
    try:
        yield backend, backend.client()
    finally:
        backend.stop()


def _emptied(value: Any) -> None:
    """Empty every map and list of a read item, all the way down."""
    inner = value.values() if isinstance(value, dict) else value
    for one in list(inner):
        if isinstance(one, dict | list):
            _emptied(one)
    value.clear()


def _filled(backend: MotoBackend, client: Any, main: list[Any], beside: list[Any]) -> str:
    name = backend.create_table(client)
    through_client = RawTable(client, name)
    for table, items in ((through_client, main), (through_client.photometry, beside)):
        for item in items:
            table.put(item)
    return name


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(main=_items, beside=_items)
def test_every_read_is_the_clients_read(
    moto: tuple[MotoBackend, Any], main: list[Any], beside: list[Any]
) -> None:
    """scan, keys, every partition and every get (stored or not): equal to the client's, in the
    same order, in both tables; the items are the caller's own, all the way down (emptying
    one changes nothing stored)."""
    backend, client = moto
    name = _filled(backend, client, main, beside)
    try:
        direct = backend.raw_table(client, name)
        assert isinstance(direct, MotoRawTable)
        assert isinstance(direct.photometry, MotoRawTable)
        oracle = RawTable(client, name)
        for mine, theirs in ((direct, oracle), (direct.photometry, oracle.photometry)):
            scanned = theirs.scan()
            assert mine.scan() == scanned
            assert mine.keys() == theirs.keys()
            for pk in (*_PARTITIONS, "NOVA#none"):
                assert mine.partition(pk) == theirs.partition(pk)
            for item in [*scanned, {"PK": {"S": "ZZ"}, "SK": {"S": "missing"}}]:
                pk, sk = item["PK"]["S"], item["SK"]["S"]
                assert mine.get(pk, sk) == theirs.get(pk, sk)
            for item in mine.scan():
                _emptied(item)
            assert mine.scan() == scanned
    finally:
        backend.delete_table(client, name)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=_items, data=st.data())
def test_a_delete_leaves_what_the_clients_delete_leaves(
    moto: tuple[MotoBackend, Any], items: list[Any], data: st.DataObject
) -> None:
    """Two tables filled alike, the same keys deleted (some stored, some not): one through the
    raw view, the other through the client; the client then scans the same items in each."""
    backend, client = moto
    stored = sorted({(item["PK"]["S"], item["SK"]["S"]) for item in items})
    doomed = set(data.draw(st.lists(st.sampled_from(stored)) if stored else st.just([])))
    doomed |= set(data.draw(st.lists(st.tuples(st.sampled_from(_PARTITIONS), names))))
    mine, theirs = (_filled(backend, client, items, items) for _ in range(2))
    try:
        backend.raw_table(client, mine).delete(doomed)
        backend.raw_table(client, mine).photometry.delete(doomed)
        RawTable(client, theirs).delete(doomed)
        RawTable(client, theirs).photometry.delete(doomed)
        for table in (RawTable(client, mine), RawTable(client, mine).photometry):
            left = table.scan()
            assert {(i["PK"]["S"], i["SK"]["S"]) for i in left} == set(stored) - doomed
        assert RawTable(client, mine).scan() == RawTable(client, theirs).scan()
    finally:
        for name in (mine, theirs):
            backend.delete_table(client, name)


def test_a_partition_read_leaves_no_trace(moto: tuple[MotoBackend, Any]) -> None:
    """Reading a partition that holds nothing adds none to moto's table (it keeps partitions in
    a defaultdict): a later scan through the client sees the same table."""
    backend, client = moto
    name = _filled(backend, client, [{"PK": {"S": "A"}, "SK": {"S": "1"}}], [])
    try:
        direct = backend.raw_table(client, name)
        assert direct.partition("B") == []
        assert direct.get("B", "1") is None
        held = backend.moto_table(name)
        assert len(held.items) == 1
    finally:
        backend.delete_table(client, name)


def test_a_table_moto_does_not_hold_answers_as_the_client_does(
    moto: tuple[MotoBackend, Any],
) -> None:
    """A read or delete on a missing table raises the client's ResourceNotFoundException."""
    backend, client = moto
    direct = backend.raw_table(client, "no-such-table")
    with pytest.raises(ClientError, match="ResourceNotFound"):
        direct.delete({("A", "1")})
    for read in (
        direct.scan,
        direct.keys,
        lambda: direct.partition("A"),
        lambda: direct.get("A", "1"),
    ):
        with pytest.raises(ClientError, match="ResourceNotFound"):
            read()
