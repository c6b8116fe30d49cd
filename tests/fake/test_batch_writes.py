"""The fake refuses a BatchWriteItem DynamoDB refuses, whole, with InputValidationError and
nothing stored: more than 25 items, or two items of one key (whatever their content; DynamoDB
Local's answers: ``tests/suites/test_moto_batch_writes.py``); 25 distinct items are stored."""

from __future__ import annotations

import pytest

from novacat_persistence.contracts.errors import InputValidationError
from novacat_persistence.fake.gateway import FakeGateway
from novacat_persistence.fake.table import FakeTable


def _item(n: int, content: str = "a") -> dict[str, dict[str, str]]:
    return {"PK": {"S": f"p{n}"}, "SK": {"S": "s"}, "a": {"S": content}}


@pytest.mark.parametrize(
    ("items", "refused"),
    [
        ([_item(n) for n in range(25)], None),
        ([_item(n) for n in range(26)], "at most 25 items"),
        ([_item(1), _item(2), _item(1)], "contains duplicates"),
        ([_item(1), _item(1, "other content")], "contains duplicates"),
    ],
    ids=["25", "26", "the_same_item_twice", "one_key_two_contents"],
)
def test_a_batch_dynamodb_refuses_is_refused_whole(
    items: list[dict[str, dict[str, str]]], refused: str | None
) -> None:
    table = FakeTable()
    gateway = FakeGateway(table, "t")
    if refused is None:
        assert gateway.batch_put(items) == []
        assert len(table.select(lambda _item: True)) == len(items)
        return
    with pytest.raises(InputValidationError, match=refused):
        gateway.batch_put(items)
    assert table.select(lambda _item: True) == []
