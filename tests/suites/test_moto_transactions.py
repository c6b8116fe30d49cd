"""The suites' moto transactions leave every table as moto's own transactions do (the oracle):
after transactions applied and cancelled, of every kind of action, on tables with and without a
sort key, the same outcome and the same items in the same scan order."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from hypothesis import given, settings
from hypothesis import strategies as st
from moto import mock_aws
from moto.dynamodb.models.dynamo_type import Item

from novacat_persistence.suites.harness import moto_transactions

_SORTED = "sorted"
_FLAT = "flat"
_PARTITIONS = ("a", "b", "c")
_SORTS = ("1", "2", "3")


def _client() -> Any:
    return boto3.client(
        "dynamodb", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )


def _create_tables(client: Any) -> None:
    for name, key_names in ((_SORTED, ("PK", "SK")), (_FLAT, ("PK",))):
        client.create_table(
            TableName=name,
            KeySchema=[
                {"AttributeName": key, "KeyType": kind}
                for key, kind in zip(key_names, ("HASH", "RANGE"), strict=False)
            ],
            AttributeDefinitions=[
                {"AttributeName": key, "AttributeType": "S"} for key in key_names
            ],
            BillingMode="PAY_PER_REQUEST",
        )


def _key(table: str, partition: str, sort: str) -> dict[str, Any]:
    key = {"PK": {"S": partition}}
    if table == _SORTED:
        key["SK"] = {"S": sort}
    return key


_keys = st.tuples(
    st.sampled_from((_SORTED, _FLAT)), st.sampled_from(_PARTITIONS), st.sampled_from(_SORTS)
)
_conditions = st.sampled_from(
    (None, "attribute_exists(PK)", "attribute_not_exists(PK)", "n = :one", "n <> :one")
)


@st.composite
def _actions(draw: st.DrawFn) -> dict[str, Any]:
    """One transaction action: a Put, Update, Delete or ConditionCheck, maybe conditional."""
    table, partition, sort = draw(_keys)
    kind = draw(st.sampled_from(("Put", "Update", "Delete", "ConditionCheck")))
    condition = draw(_conditions) if kind != "ConditionCheck" else draw(_conditions.filter(bool))
    action: dict[str, Any] = {"TableName": table}
    if kind == "Put":
        number = str(draw(st.integers(0, 3)))
        action["Item"] = {**_key(table, partition, sort), "n": {"N": number}}
    else:
        action["Key"] = _key(table, partition, sort)
    if kind == "Update":
        action["UpdateExpression"] = "SET n = if_not_exists(n, :one) + :one, m.x = :one"
        action["ExpressionAttributeValues"] = {":one": {"N": "1"}}
    if condition:
        action["ConditionExpression"] = condition
        if ":one" in condition:
            values = action.setdefault("ExpressionAttributeValues", {})
            values[":one"] = {"N": "1"}
    return {kind: action}


_transactions = st.lists(st.lists(_actions(), min_size=1, max_size=4), min_size=1, max_size=5)
_seeds = st.lists(st.tuples(_keys, st.integers(0, 3)), max_size=12)


def _seed(client: Any, seeds: list[tuple[tuple[str, str, str], int]]) -> None:
    for (table, partition, sort), number in seeds:
        item = {**_key(table, partition, sort), "n": {"N": str(number)}, "m": {"M": {}}}
        client.put_item(TableName=table, Item=item)


def _outcome(client: Any, transaction: list[dict[str, Any]]) -> Any:
    try:
        client.transact_write_items(TransactItems=transaction)
    except ClientError as exc:
        reasons = exc.response.get("CancellationReasons", [])
        return exc.response["Error"]["Code"], [reason.get("Code") for reason in reasons]
    return "applied"


def _tables(client: Any) -> dict[str, list[dict[str, Any]]]:
    return {table: client.scan(TableName=table)["Items"] for table in (_SORTED, _FLAT)}


def _run(
    patch: AbstractContextManager[None],
    seeds: list[tuple[tuple[str, str, str], int]],
    transactions: list[list[dict[str, Any]]],
) -> list[Any]:
    """Each transaction's outcome and the tables after it, on a fresh moto."""
    seen: list[Any] = []
    with mock_aws(), patch:
        client = _client()
        _create_tables(client)
        _seed(client, seeds)
        for transaction in transactions:
            seen.append((_outcome(client, transaction), _tables(client)))
    return seen


@settings(max_examples=40, deadline=None)
@given(seeds=_seeds, transactions=_transactions)
def test_transactions_leave_the_tables_as_motos_own(
    seeds: list[tuple[tuple[str, str, str], int]], transactions: list[list[dict[str, Any]]]
) -> None:
    """Outcomes, items and scan order agree with moto's own whole-table copies."""
    own = _run(nullcontext(), seeds, transactions)
    copied = _run(moto_transactions.installed(), seeds, transactions)
    assert copied == own


@pytest.fixture
def seeded() -> Iterator[Any]:
    """A moto client, with the items-copying transactions, over both tables holding every key
    (``n`` 0), and a count of the items deep-copied so far."""
    with mock_aws(), moto_transactions.installed():
        client = _client()
        _create_tables(client)
        _seed(
            client,
            [((table, p, s), 0) for table in (_SORTED, _FLAT) for p in _PARTITIONS for s in _SORTS],
        )
        yield client


def test_a_cancelled_transaction_puts_back_updated_deleted_and_new_items(seeded: Any) -> None:
    """An update (moto changes the item in place), a delete and a new item, cancelled by a
    failed check: every item is back as stored, in its place, none added."""
    before = _tables(seeded)
    transaction = [
        {
            "Update": {
                "TableName": _SORTED,
                "Key": _key(_SORTED, "a", "2"),
                "UpdateExpression": "SET n = :nine",
                "ExpressionAttributeValues": {":nine": {"N": "9"}},
            }
        },
        {"Delete": {"TableName": _FLAT, "Key": _key(_FLAT, "b", "")}},
        {"Put": {"TableName": _SORTED, "Item": {**_key(_SORTED, "z", "1"), "n": {"N": "1"}}}},
        {
            "ConditionCheck": {
                "TableName": _SORTED,
                "Key": _key(_SORTED, "c", "3"),
                "ConditionExpression": "attribute_not_exists(PK)",
            }
        },
    ]
    assert _outcome(seeded, transaction) == (
        "TransactionCanceledException",
        ["None", "None", "None", "ConditionalCheckFailed"],
    )
    assert _tables(seeded) == before


def test_a_transaction_copies_only_the_items_it_names(
    seeded: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two actions on a table of nine items deep-copy two items, not the table."""
    copies: list[Item] = []
    real = Item.__deepcopy__

    def counted(item: Item, memo: dict[int, Any]) -> Item:
        copies.append(item)
        return real(item, memo)

    monkeypatch.setattr(Item, "__deepcopy__", counted)
    transaction = [
        {"Delete": {"TableName": _SORTED, "Key": _key(_SORTED, "a", "1")}},
        {"Delete": {"TableName": _SORTED, "Key": _key(_SORTED, "b", "1")}},
    ]
    assert _outcome(seeded, transaction) == "applied"
    assert len(copies) == 2


def test_a_transaction_naming_an_unknown_table_is_refused_as_moto_refuses_it() -> None:
    """A table moto does not hold: moto's own code answers (same error, nothing applied)."""
    transaction = [
        {"Put": {"TableName": _SORTED, "Item": {**_key(_SORTED, "a", "1"), "n": {"N": "5"}}}},
        {"Delete": {"TableName": "missing", "Key": _key(_FLAT, "a", "")}},
    ]
    own = _run(nullcontext(), [], [transaction])
    copied = _run(moto_transactions.installed(), [], [transaction])
    assert copied == own
    assert own[0][0] != "applied"


def test_installed_restores_motos_transactions_and_table_copies() -> None:
    """After the block, moto's transaction code is its own and tables copy themselves as before."""
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.table import Table

    own = DynamoDBBackend.transact_write_items
    with moto_transactions.installed():
        assert DynamoDBBackend.transact_write_items is not own
    assert DynamoDBBackend.transact_write_items is own
    assert "__deepcopy__" not in vars(Table)
