"""The suites' moto backend lists a table's items in the order moto's own listing gives (the
oracle): random keys of every key type, on tables with and without a sort key."""

from __future__ import annotations

from typing import Any

import boto3
from hypothesis import given, settings
from hypothesis import strategies as st
from moto import mock_aws
from moto.dynamodb.models import dynamodb_backends
from moto.dynamodb.models.table import Table

from novacat_persistence.suites.harness import moto_ordering

from ..wire_values import numbers, text

_VALUES = {
    "S": text.filter(bool),
    "N": numbers,
    "B": st.binary(min_size=1, max_size=6),
}
_key_types = st.tuples(st.sampled_from("SNB"), st.none() | st.sampled_from("SNB"))


@st.composite
def _tables(draw: st.DrawFn) -> tuple[tuple[str, str | None], list[dict[str, Any]]]:
    """Key types, and items with random keys of those types (repeats included)."""
    hash_type, range_type = draw(_key_types)
    items = []
    for _ in range(draw(st.integers(0, 25))):
        item = {"h": {hash_type: draw(_VALUES[hash_type])}}
        if range_type:
            item["r"] = {range_type: draw(_VALUES[range_type])}
        items.append(item)
    return (hash_type, range_type), items


def _moto_table(types: tuple[str, str | None], items: list[dict[str, Any]]) -> Table:
    client = boto3.client(
        "dynamodb", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    schema = [("h", "HASH", types[0])] + ([("r", "RANGE", types[1])] if types[1] else [])
    client.create_table(
        TableName="ordered",
        KeySchema=[{"AttributeName": n, "KeyType": k} for n, k, _ in schema],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": t} for n, _, t in schema],
        BillingMode="PAY_PER_REQUEST",
    )
    for item in items:
        client.put_item(TableName="ordered", Item=item)
    table: Table = dynamodb_backends["123456789012"]["us-east-1"].get_table("ordered")
    return table


@settings(max_examples=60, deadline=None)
@given(table=_tables())
def test_items_are_listed_in_motos_own_order(
    table: tuple[tuple[str, str | None], list[dict[str, Any]]],
) -> None:
    """The same items, the same objects, in the same order as moto's own sorted listing."""
    with mock_aws():
        held = _moto_table(*table)
        own = Table.all_items(held)
        with moto_ordering.installed():
            listed = held.all_items()
        assert [id(item) for item in listed] == [id(item) for item in own]
        assert len(own) == sum(len(p) if isinstance(p, dict) else 1 for p in held.items.values())


def test_installed_lists_through_the_kit_only_while_open() -> None:
    """Within the block a table lists through :func:`moto_ordering.all_items`; after, moto's."""
    own = vars(Table)["all_items"]
    with moto_ordering.installed():
        assert vars(Table)["all_items"] is moto_ordering.all_items
    assert vars(Table)["all_items"] is own
