"""The fake refuses a request holding a placeholder none of its expressions uses, as DynamoDB
Local does (``tests/suites/test_moto_unused_placeholders.py`` holds that oracle), with
InputValidationError and nothing applied; a request using each one is served."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from novacat_persistence.contracts.errors import InputValidationError
from novacat_persistence.contracts.keys import ItemKey
from novacat_persistence.fake.gateway import FakeGateway
from novacat_persistence.fake.table import FakeTable
from novacat_persistence.reference_impl.conditions import Expr, Update, equals, item_absent
from novacat_persistence.reference_impl.gateway import Action

KEY = ItemKey("p", "s")
ITEM = {"PK": {"S": "p"}, "SK": {"S": "s"}, "a": {"S": "a"}}


def _spare(expr: Expr) -> Expr:
    """``expr`` with a value no expression will use."""
    expr.v("spare")
    return expr


def _put(gateway: FakeGateway, spare: bool) -> None:
    expr = Expr()
    condition = item_absent(expr)
    gateway.put(
        {**ITEM, "PK": {"S": "q"}}, expr=_spare(expr) if spare else expr, condition=condition
    )


def _update(gateway: FakeGateway, spare: bool) -> None:
    expr = Expr()
    update = Update(expr).set("b", "new")
    condition = equals(expr, "a", "a")
    if spare:
        _spare(expr)
    gateway.update(KEY, update, condition=condition)


def _delete(gateway: FakeGateway, spare: bool) -> None:
    expr = Expr()
    condition = equals(expr, "a", "a")
    gateway.delete(KEY, expr=_spare(expr) if spare else expr, condition=condition)


def _scan(gateway: FakeGateway, spare: bool) -> None:
    expr = Expr()
    condition = equals(expr, "a", "a")
    list(gateway.scan(_spare(expr) if spare else expr, condition))


def _transact(gateway: FakeGateway, spare: bool) -> None:
    expr = Expr()
    condition = equals(expr, "a", "a")
    if spare:
        _spare(expr)
    request = {"TableName": "t", "Key": {"PK": {"S": "p"}, "SK": {"S": "s"}}}
    check = {"ConditionCheck": {**request, "ConditionExpression": condition, **expr.params()}}
    gateway.transact([Action(KEY, check)], token="t")


REQUESTS: dict[str, Callable[[FakeGateway, bool], Any]] = {
    "put": _put,
    "update": _update,
    "delete": _delete,
    "scan": _scan,
    "transaction": _transact,
}


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_a_placeholder_no_expression_uses_is_refused(name: str) -> None:
    """With a spare value: InputValidationError naming it, the table unchanged; without:
    served."""
    table = FakeTable()
    gateway = FakeGateway(table, "t")
    gateway.put(ITEM)
    with pytest.raises(InputValidationError, match=r"unused in expressions: keys: \{:v\d\}"):
        REQUESTS[name](gateway, True)
    assert gateway.get(KEY) == ITEM
    assert gateway.get(ItemKey("q", "s")) is None
    REQUESTS[name](gateway, False)
