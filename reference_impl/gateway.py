"""The gateway contract: the requests the wrapper's operations make on one table (a wrapper
holds one gateway per table: the main table and the photometry table).

:class:`TableGateway` states those requests and builds the actions of a transaction; a
refused condition is signalled by :class:`ConditionRefused` / :class:`TransactionRefused`
(carrying the stored items), which the operation that wrote the condition turns into its
domain error. Two gateways implement it: :class:`~.boto3_gateway.Boto3Gateway` (DynamoDB
through boto3) and the in-memory fake's ``FakeGateway``: the same operations run over both.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from novacat_persistence.contracts.keys import ItemKey
from novacat_persistence.contracts.records import frozen_record
from novacat_persistence.contracts.wire_form import Item
from novacat_persistence.reference_impl.conditions import Expr, Update

BATCH_WRITE_MAX_ITEMS: Final = 25
"""DynamoDB's limit of items in one BatchWriteItem."""

BATCH_WRITE_MAX_BYTES: Final = 16 * 1024 * 1024
"""DynamoDB's limit of one BatchWriteItem request's size."""

BATCH_GET_MAX_KEYS: Final = 100
"""DynamoDB's limit of keys in one BatchGetItem."""


@frozen_record
class Action:
    """One action of a TransactWriteItems request, and the key it touches."""

    key: ItemKey
    request: Mapping[str, Any]
    carry: str | None = None
    """For an update: the entity type whose older stored versions are carried forward when
    the action is refused (see ``Core._carry_forward``)."""


@dataclass
class ConditionRefused(Exception):
    """A conditional request was refused; ``old`` is the stored item (None when absent) and
    ``retried`` tells whether botocore sent the request more than once (so the refusal may
    be this very call's own earlier, unacknowledged write). Internal to the wrapper."""

    old: Item | None
    retried: bool


@dataclass
class TransactionRefused(Exception):
    """A transaction was cancelled by the conditions of some of its actions: ``old[i]`` is
    the stored item of action ``i`` when its condition failed, ``refused`` the indexes that
    failed. Internal to the wrapper."""

    refused: frozenset[int]
    old: Sequence[Item | None]
    retried: bool


def key_attributes(key: ItemKey) -> dict[str, Any]:
    """The ``Key`` parameter of a request on the item at ``key``."""
    return {"PK": {"S": key.pk}, "SK": {"S": key.sk}}


def item_key_of(item: Mapping[str, Any]) -> ItemKey:
    """The primary key a wire-form item carries."""
    return ItemKey(item["PK"]["S"], item["SK"]["S"])


def batch_log_keys(items: Sequence[Item]) -> list[ItemKey]:
    """What a batch request is logged as: one key per partition it touches, its SK naming the
    batch's size, so that the record of an operation writing thousands of rows stays small."""
    partitions = dict.fromkeys(item["PK"]["S"] for item in items)
    return [ItemKey(pk, f"batch:{len(items)}") for pk in partitions]


class TableGateway(ABC):
    """The requests the wrapper makes on its one table, answered as DynamoDB answers them: item
    reads and writes (a refused condition raises ConditionRefused carrying the stored item), a
    transaction of actions (all or none; TransactionRefused), partition and index queries in
    sort key order, a filtered scan. :class:`Boto3Gateway` sends them through a boto3 client;
    the in-memory fake serves them from its table. Transaction actions are built alike for
    every gateway (the ``*_action`` builders)."""

    def __init__(self, table_name: str) -> None:
        self.table_name = table_name

    @abstractmethod
    def get(self, key: ItemKey) -> Item | None:
        """Return the stored item (a strongly consistent read), or None."""

    @abstractmethod
    def put(self, item: Item, *, expr: Expr | None = None, condition: str | None = None) -> None:
        """Put an item, on ``condition`` when given (raises ConditionRefused)."""

    @abstractmethod
    def update(self, key: ItemKey, update: Update, *, condition: str | None = None) -> Item:
        """Apply an update on ``condition`` (raises ConditionRefused); return the new item."""

    @abstractmethod
    def delete(
        self, key: ItemKey, *, expr: Expr | None = None, condition: str | None = None
    ) -> Item | None:
        """Delete an item on ``condition`` (raises ConditionRefused); return what was stored."""

    @abstractmethod
    def transact(self, actions: Sequence[Action], *, token: str) -> None:
        """Apply the actions all or none (raises TransactionRefused). ``token`` makes a
        re-sent request idempotent."""

    @abstractmethod
    def query(self, pk: str, prefix: str = "", *, index: str | None = None) -> list[Item]:
        """Return every item of a partition whose sort key begins with ``prefix``, in sort
        key order. ``index`` queries GSI1 (eventually consistent)."""

    @abstractmethod
    def scan(self, expr: Expr, filter_expression: str) -> Iterator[Item]:
        """Yield every item of the table that passes ``filter_expression``."""

    @abstractmethod
    def count(self, pk: str, prefix: str = "") -> int:
        """How many items of a partition have a sort key beginning with ``prefix`` (a
        strongly consistent count, every page)."""

    # --- batches (unconditional by DynamoDB's design; one request each) --------------------

    @abstractmethod
    def batch_put(self, items: Sequence[Item]) -> list[Item]:
        """Put up to :data:`BATCH_WRITE_MAX_ITEMS` items (distinct keys, at most
        :data:`BATCH_WRITE_MAX_BYTES` of request) in one BatchWriteItem; return the items
        the backend left unprocessed (not applied: send them again)."""

    @abstractmethod
    def batch_get(self, keys: Sequence[ItemKey]) -> tuple[list[Item], list[ItemKey]]:
        """Read up to :data:`BATCH_GET_MAX_KEYS` distinct keys in one strongly consistent
        BatchGetItem; return the items found (in no particular order) and the keys the backend
        left unprocessed (not read: ask again)."""

    # --- transaction actions ---------------------------------------------------------------

    def put_action(self, item: Item, expr: Expr, condition: str) -> Action:
        """A conditional Put for :meth:`transact`."""
        request = {
            "Put": {
                "TableName": self.table_name,
                "Item": item,
                "ConditionExpression": condition,
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                **expr.params(),
            }
        }
        return Action(item_key_of(item), request)

    def update_action(
        self, key: ItemKey, update: Update, condition: str, *, entity_type: str
    ) -> Action:
        """A conditional Update of an ``entity_type`` item for :meth:`transact`."""
        request = {
            "Update": {
                "TableName": self.table_name,
                "Key": key_attributes(key),
                "UpdateExpression": update.render(),
                "ConditionExpression": condition,
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                **update.expr.params(),
            }
        }
        return Action(key, request, carry=entity_type)

    def delete_action(self, key: ItemKey, expr: Expr, condition: str) -> Action:
        """A conditional Delete for :meth:`transact`."""
        return self._keyed_action("Delete", key, expr, condition)

    def check_action(self, key: ItemKey, expr: Expr, condition: str) -> Action:
        """A ConditionCheck for :meth:`transact` (writes nothing)."""
        return self._keyed_action("ConditionCheck", key, expr, condition)

    def _keyed_action(self, kind: str, key: ItemKey, expr: Expr, condition: str) -> Action:
        request = {
            kind: {
                "TableName": self.table_name,
                "Key": key_attributes(key),
                "ConditionExpression": condition,
                "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                **expr.params(),
            }
        }
        return Action(key, request)
