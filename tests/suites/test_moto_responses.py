"""The suites' moto backend encodes DynamoDB responses byte-for-byte as moto's own serializer
does (the oracle): every read and write that returns items, on items of every attribute type."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from moto.core import serialize

from novacat_persistence.suites.harness import moto_responses

from ..wire_values import attribute_values, names
from .moto_oracle import moto_client, pk_sk_table

_attributes = st.dictionaries(
    names.filter(lambda name: name not in {"PK", "SK"}),
    attribute_values(map_keys=names),
    min_size=1,
    max_size=5,
)
"""Items of every attribute type; map keys not empty: moto's own encoding of a map key ``""``
is broken (it writes the value into the enclosing map), so the oracle cannot speak for it."""

_TABLE = "responses"
_KEY = {"PK": {"S": "P"}, "SK": {"S": "S"}}

Call = Callable[[Any], Any]
_CALLS: tuple[tuple[str, Call], ...] = (
    ("GetItem", lambda c: c.get_item(TableName=_TABLE, Key=_KEY, ConsistentRead=True)),
    ("Scan", lambda c: c.scan(TableName=_TABLE)),
    (
        "Query",
        lambda c: c.query(
            TableName=_TABLE,
            KeyConditionExpression="PK = :p",
            ExpressionAttributeValues={":p": {"S": "P"}},
        ),
    ),
    ("BatchGetItem", lambda c: c.batch_get_item(RequestItems={_TABLE: {"Keys": [_KEY]}})),
    (
        "TransactGetItems",
        lambda c: c.transact_get_items(TransactItems=[{"Get": {"TableName": _TABLE, "Key": _KEY}}]),
    ),
    (
        "UpdateItem",
        lambda c: c.update_item(
            TableName=_TABLE,
            Key=_KEY,
            UpdateExpression="SET touched = :t",
            ExpressionAttributeValues={":t": {"BOOL": True}},
            ReturnValues="ALL_NEW",
        ),
    ),
)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A moto DynamoDB client with one table keyed PK/SK."""
    with moto_client() as made:
        pk_sk_table(made, _TABLE)
        yield made


def _bodies(client: Any, item: dict[str, Any]) -> dict[str, Any]:
    """The raw response body of every call, after storing ``item``."""
    bodies: dict[str, Any] = {}

    def keep(http_response: Any, model: Any, **_: Any) -> None:
        bodies[model.name] = json.loads(http_response.content)

    client.meta.events.register("after-call.dynamodb", keep)
    try:
        client.put_item(TableName=_TABLE, Item=item)
        for _name, call in _CALLS:
            call(client)
        client.delete_item(TableName=_TABLE, Key=_KEY, ReturnValues="ALL_OLD")
    finally:
        client.meta.events.unregister("after-call.dynamodb", keep)
    return bodies


@settings(max_examples=60)
@given(attributes=_attributes)
def test_item_responses_match_motos_own_encoding(client: Any, attributes: dict[str, Any]) -> None:
    """Every item-returning response is the same JSON with and without the direct encoding."""
    item = {**attributes, **_KEY}
    own = _bodies(client, item)
    with moto_responses.installed():
        direct = _bodies(client, item)
    assert set(own) == {name for name, _ in _CALLS} | {"PutItem", "DeleteItem"}
    assert direct == own
    assert own["GetItem"]["Item"] == direct["GetItem"]["Item"]


def test_installed_serves_dynamodb_only_while_open() -> None:
    """The direct encoding is registered for DynamoDB's JSON protocol while open, and the
    registry is as it was afterwards."""
    before = {name: dict(kinds) for name, kinds in serialize.SERVICE_SPECIFIC_SERIALIZERS.items()}
    with moto_responses.installed():
        chosen = serialize.get_serializer_class("dynamodb", "json")
        assert chosen is not serialize.SERIALIZERS["json"]
        assert issubclass(chosen, serialize.JSONSerializer)
        for service, kinds in before.items():
            if service != "dynamodb":
                for protocol, kept in kinds.items():
                    assert serialize.get_serializer_class(service, protocol) is kept
    assert before == serialize.SERVICE_SPECIFIC_SERIALIZERS


def test_binary_values_are_base64_text_at_every_depth() -> None:
    """Raw bytes become base64 text in B, BS and inside maps and lists; other kinds pass."""
    value = {"M": {"b": {"B": b"\x00\xff"}, "l": {"L": [{"BS": [b"a", b"bc"]}, {"N": "1.5"}]}}}
    assert moto_responses.encoded_attribute_value(value) == {
        "M": {"b": {"B": "AP8="}, "l": {"L": [{"BS": ["YQ==", "YmM="]}, {"N": "1.5"}]}}
    }


def test_an_override_that_disagrees_with_moto_is_not_installed() -> None:
    """The override is registered only when it encodes the sample item as moto does: one that
    gets a value wrong leaves moto's own encoder in place."""
    fitting = moto_responses.serializer_class()
    assert fitting is not None and moto_responses.agrees_with_moto(fitting)

    class Wrong(fitting):  # type: ignore[misc,valid-type]
        def _serialize_type_structure(
            self, serialized: Any, value: Any, shape: Any, key: str
        ) -> None:
            if key and shape.name == "AttributeValue" and "B" in value:
                serialized[key] = {"B": value["B"].hex()}
                return
            super()._serialize_type_structure(serialized, value, shape, key)

    assert not moto_responses.agrees_with_moto(Wrong)
    assert not moto_responses.agrees_with_moto(object)
