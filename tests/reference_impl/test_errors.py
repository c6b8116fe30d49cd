"""Rule 11: every botocore failure becomes a typed error; ambiguous outcomes are safe to retry.

Failures are injected with botocore event hooks on the client (``before-send`` handlers that
answer instead of moto, registered first), never by mocking DynamoDB or the wrapper.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from uuid import uuid4

import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError, EndpointConnectionError, ReadTimeoutError

from novacat_persistence.contracts.errors import (
    BackendUnavailableError,
    InputValidationError,
    PersistenceError,
    ThrottledError,
    TransactionConflictError,
)
from novacat_persistence.reference_impl import BackendConfigurationError, ReferenceWrapper

from .conftest import TABLE, make_nova


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_kwargs: Any) -> Any:
        yield self._body


def error_response(status: int, code: str, **extra: Any) -> AWSResponse:
    body = json.dumps(
        {"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": code, **extra}
    )
    headers = {"x-amzn-ErrorType": code, "content-type": "application/x-amz-json-1.0"}
    return AWSResponse("https://dynamodb", status, headers, _Raw(body.encode()))


def inject(client: Any, operation: str, answer: Callable[[int], Any]) -> list[int]:
    """Answer the first requests of ``operation`` with ``answer(n)`` (None: let moto answer)."""
    calls: list[int] = []

    def handler(**_kwargs: Any) -> Any:
        calls.append(len(calls))
        result = answer(len(calls) - 1)
        if isinstance(result, Exception):
            raise result
        return result

    client.meta.events.register_first(f"before-send.dynamodb.{operation}", handler)
    return calls


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (400, "ProvisionedThroughputExceededException", ThrottledError),
        (400, "ThrottlingException", ThrottledError),
        (400, "RequestLimitExceeded", ThrottledError),
        (500, "InternalServerError", BackendUnavailableError),
        (503, "ServiceUnavailable", BackendUnavailableError),
        (400, "ValidationException", InputValidationError),
        (400, "ResourceNotFoundException", BackendConfigurationError),
    ],
)
def test_client_errors_map_to_typed_errors(
    wrapper: ReferenceWrapper, client: Any, status: int, code: str, expected: type[Exception]
) -> None:
    inject(client, "GetItem", lambda _n: error_response(status, code))
    with pytest.raises(expected) as caught:
        wrapper.get_nova(uuid4())
    assert not isinstance(caught.value, ClientError)
    assert caught.value.retryable is (expected in (ThrottledError, BackendUnavailableError))


@pytest.mark.parametrize(
    "failure",
    [
        ReadTimeoutError(endpoint_url="https://dynamodb"),
        EndpointConnectionError(endpoint_url="https://dynamodb"),
    ],
    ids=["read-timeout", "connection"],
)
def test_connection_failures_are_retryable(
    wrapper: ReferenceWrapper, client: Any, failure: Exception
) -> None:
    inject(client, "GetItem", lambda _n: failure)
    with pytest.raises(BackendUnavailableError) as caught:
        wrapper.get_nova(uuid4())
    assert caught.value.retryable


@pytest.mark.parametrize(
    ("reason", "expected", "sent"),
    [("TransactionConflict", TransactionConflictError, 3), ("ThrottlingError", ThrottledError, 1)],
)
def test_transaction_cancellation_is_mapped_reason_by_reason(
    wrapper: ReferenceWrapper,
    client: Any,
    reason: str,
    expected: type[Exception],
    sent: int,
) -> None:
    reasons = [{"Code": "None"}, {"Code": reason}, {"Code": "None"}]
    calls = inject(
        client,
        "TransactWriteItems",
        lambda _n: error_response(400, "TransactionCanceledException", CancellationReasons=reasons),
    )
    with pytest.raises(expected) as caught:
        wrapper.create_nova(make_nova())
    assert caught.value.retryable
    assert len(calls) == sent  # a conflict is re-sent after a pause, then raised


def test_botocore_retries_are_counted_and_recover(
    wrapper: ReferenceWrapper, client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    inject(
        client, "GetItem", lambda n: error_response(500, "InternalServerError") if n == 0 else None
    )
    caplog.set_level("INFO", logger="novacat_persistence.reference_impl")
    assert wrapper.get_nova(uuid4()) is None
    assert caplog.records[-1].persistence["retries"] == 1


def test_a_write_applied_before_a_lost_response_is_answered_as_a_replay(
    wrapper: ReferenceWrapper, client: Any, aws: None
) -> None:
    """The first PutItem reaches DynamoDB, then the response is lost (500): botocore re-sends
    it, the condition refuses it, and the wrapper recognizes its own write."""
    import boto3

    bystander = boto3.client("dynamodb", region_name="us-east-1")

    def handler(request: Any, **_kwargs: Any) -> Any:
        if not handler.__dict__.get("done"):
            handler.__dict__["done"] = True
            params = json.loads(request.body)
            bystander.put_item(TableName=TABLE, Item=params["Item"])
            return error_response(500, "InternalServerError")
        return None

    client.meta.events.register_first("before-send.dynamodb.PutItem", handler)
    nova_id = uuid4()
    stored = wrapper.ensure_photometry_table(nova_id)
    assert not stored.created and stored.item.nova_id == nova_id
    items = bystander.query(
        TableName=TABLE,
        KeyConditionExpression="PK = :p",
        ExpressionAttributeValues={":p": {"S": str(nova_id)}},
    )["Items"]
    assert len(items) == 1


def test_no_botocore_exception_escapes_a_missing_table(client: Any, aws: None) -> None:
    from novacat_persistence.reference_impl import create_reference_wrapper

    missing = create_reference_wrapper(client, "NoSuchTable")
    with pytest.raises(BackendConfigurationError) as caught:
        missing.get_nova(uuid4())
    assert isinstance(caught.value, PersistenceError) and not caught.value.retryable


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        ({"client": None}, "the DynamoDB client must be a boto3 dynamodb client, not NoneType"),
        ({"client": "s3"}, "the DynamoDB client must be a boto3 dynamodb client, not S3"),
        ({"s3_client": "dynamodb"}, "s3_client must be a boto3 s3 client, not DynamoDB"),
        ({"clock": 5}, "the wrapper's clock must be callable, not int"),
        ({"logger": "novacat"}, "the wrapper's logger must be a logging.Logger, not str"),
        ({"backoff": 300}, "backoff must be a BackoffPolicy, not int"),
    ],
    ids=[
        "no-client",
        "an-s3-client",
        "a-dynamodb-s3-client",
        "a-clock-that-is-no-function",
        "a-logger-name",
        "a-number-for-backoff",
    ],
)
def test_a_wrapper_built_on_what_cannot_serve_it_is_refused_as_it_is_built(
    client: Any, s3: Any, table: str, arguments: dict[str, Any], says: str
) -> None:
    """A client of another service, none, a clock that cannot be called, a logger or a
    backoff policy of another type: refused by the factory with BackendConfigurationError
    naming it (each failed at its first use with Python's AttributeError or TypeError)."""
    from novacat_persistence.reference_impl import create_reference_wrapper

    clients = {"dynamodb": client, "s3": s3}
    given = {name: clients.get(value, value) for name, value in arguments.items()}
    with pytest.raises(BackendConfigurationError, match=says):
        create_reference_wrapper(**{"client": client, "table_name": table, **given})


def test_a_clock_returning_no_datetime_is_refused_before_any_write(client: Any, table: str) -> None:
    """A clock that returns something else than a datetime: the write raises
    InputValidationError and nothing is stored (it raised AttributeError 'utcoffset')."""
    from novacat_persistence.reference_impl import create_reference_wrapper

    wrapper = create_reference_wrapper(client, table, clock=lambda: 1_700_000_000)
    with pytest.raises(InputValidationError, match="clock returned int, not a datetime"):
        wrapper.create_nova(make_nova())
    assert client.scan(TableName=table)["Items"] == []


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        ({"region": ""}, "region must name one, not ''"),
        ({"region": 5}, "region must name one, not 5"),
        ({"region": "us-east-1", "endpoint_url": " "}, "endpoint_url must name one, not ' '"),
        ({"region": "us-east-1", "endpoint_url": "notaurl"}, "Invalid endpoint: notaurl"),
    ],
)
def test_an_operator_wrapper_on_no_region_or_endpoint_is_refused(
    arguments: dict[str, Any], says: str
) -> None:
    """``connect_reference_wrapper`` given a blank region or endpoint, or one of another type:
    BackendConfigurationError naming it (a number raised TypeError; a blank region built the
    host ``dynamodb..amazonaws.com``)."""
    from novacat_persistence.reference_impl import connect_reference_wrapper

    with pytest.raises(BackendConfigurationError, match=says):
        connect_reference_wrapper("NovaCat", **arguments)
