"""The reference implementation's table requests, served by an in-memory table.

The reference wrapper reaches its table only through a
:class:`~novacat_persistence.reference_impl.gateway.TableGateway`; :class:`FakeGateway` answers
the same calls (the same condition and update expressions, the same wire-form items) from a
:class:`~novacat_persistence.fake.table.FakeTable`, so every operation's semantics, error
mapping and log record are the reference's own. Each call is one "request": it is noted on the
operation's log record (keys, request count, condition outcome; no consumed capacity, no
retries) and passed to the fault hook before and after the table handles it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Literal, TypeVar, TypeVarTuple

import orjson

from novacat_persistence.contracts.fault_hook import FaultHook, FaultPoint, UnprocessedItems
from novacat_persistence.contracts.keys import ItemKey
from novacat_persistence.contracts.placeholders import request_problem, unused_placeholders
from novacat_persistence.contracts.wire_form import Item
from novacat_persistence.fake.expressions import (
    Placeholders,
    compile_condition,
    compile_update,
    invalid,
)
from novacat_persistence.fake.table import Condition, FakeTable, Mutation, TransactAction
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.gateway import (
    BATCH_GET_MAX_KEYS,
    BATCH_WRITE_MAX_BYTES,
    BATCH_WRITE_MAX_ITEMS,
    Action,
    ConditionRefused,
    TableGateway,
    TransactionRefused,
    batch_log_keys,
)
from novacat_persistence.reference_impl.logs import current_record

_R = TypeVar("_R")
_Args = TypeVarTuple("_Args")

_EMPTY = Placeholders({}, {})


def _placeholders(expr: Expr | None) -> Placeholders:
    return _EMPTY if expr is None else Placeholders(expr.names, expr.values)


def _all_used(expr: Expr | None, *expressions: str | None) -> None:
    """Refuse a request holding a placeholder none of its expressions uses, as DynamoDB does
    (InputValidationError: DynamoDB answers ValidationException)."""
    if expr is not None:
        reason = unused_placeholders(expr.names, expr.values, expressions)
        if reason is not None:
            raise invalid(reason)


def _condition(text: str | None, env: Placeholders) -> Condition | None:
    if text is None:
        return None
    predicate = compile_condition(text)
    return lambda item: predicate(item, env)


def _mutation(text: str, key: ItemKey, env: Placeholders) -> Mutation:
    update = compile_update(text)
    key_item: Item = {"PK": {"S": key.pk}, "SK": {"S": key.sk}}
    return lambda stored: update.apply(stored, key_item, env)


def _request_env(request: Mapping[str, Any]) -> Placeholders:
    return Placeholders(
        request.get("ExpressionAttributeNames") or {},
        request.get("ExpressionAttributeValues") or {},
    )


def _transact_action(action: Action) -> TransactAction:
    """The table action of one TransactWriteItems entry built by the reference's gateway."""
    ((kind, request),) = action.request.items()
    reason = request_problem(request)
    if reason is not None:
        raise invalid(reason)
    env = _request_env(request)
    condition = _condition(request.get("ConditionExpression"), env)
    pk, sk = action.key.pk, action.key.sk
    if kind == "Put":
        return TransactAction("put", pk, sk, condition, item=request["Item"])
    if kind == "Update":
        mutation = _mutation(request["UpdateExpression"], action.key, env)
        return TransactAction("update", pk, sk, condition, mutation=mutation)
    if kind == "Delete":
        return TransactAction("delete", pk, sk, condition)
    return TransactAction("check", pk, sk, condition)


class FakeGateway(TableGateway):
    """The gateway over a :class:`FakeTable` (``table_name`` only names it in logs). No boto3
    client: the inherited action builders produce the requests, this class serves them."""

    def __init__(
        self, table: FakeTable, table_name: str, fault_hook: FaultHook | None = None
    ) -> None:
        super().__init__(table_name)
        self.table = table
        self._hook = fault_hook

    def _serve(
        self,
        request: str,
        keys: Sequence[ItemKey],
        conditional: bool,
        run: Callable[[*_Args], _R],
        *args: *_Args,
    ) -> _R:
        """Run ``run(*args)`` on the table as one request: noted on the operation's record
        (its keys, the request, the outcome of its condition when ``conditional``) and passed
        to the fault hook before and after."""
        operation = self._note(keys)
        record = current_record()
        self._fire(request, "before", keys, operation)
        try:
            result = run(*args)
        except (ConditionRefused, TransactionRefused):
            if record is not None:
                record.note_condition(passed=False)
            self._fire(request, "after", keys, operation)
            raise
        if record is not None and conditional:
            record.note_condition(passed=True)
        self._fire(request, "after", keys, operation)
        return result

    @staticmethod
    def _note(keys: Sequence[ItemKey]) -> str | None:
        """Note one request and its keys on the operation's record; return the operation."""
        record = current_record()
        if record is None:
            return None
        for key in keys:
            record.note_key(key.pk, key.sk)
        record.note_request()
        return record.operation

    def _batch(self, request: str, keys: Sequence[ItemKey], size: int) -> tuple[str | None, int]:
        """Note a batch request and pass it to the fault hook before the table handles it;
        return the operation and how many of its ``size`` entries the table handles (the
        hook may leave the last ones unprocessed: :class:`UnprocessedItems`)."""
        operation = self._note(keys)
        try:
            self._fire(request, "before", keys, operation)
        except UnprocessedItems as partial:
            return operation, max(size - partial.count, 0)
        return operation, size

    def _fire(
        self,
        request: str,
        phase: Literal["before", "after"],
        keys: Sequence[ItemKey],
        operation: str | None,
    ) -> None:
        if self._hook is not None:
            self._hook(FaultPoint(request, phase, tuple(keys), operation))

    # --- single-item requests -------------------------------------------------------------

    def get(self, key: ItemKey) -> Item | None:
        """Return the stored item, or None."""
        return self._serve("GetItem", (key,), False, self.table.read, key.pk, key.sk)

    def put(self, item: Item, *, expr: Expr | None = None, condition: str | None = None) -> None:
        """Put an item, on ``condition`` when given (raises ConditionRefused)."""
        _all_used(expr, condition)
        check = _condition(condition, _placeholders(expr))
        key = ItemKey(item["PK"]["S"], item["SK"]["S"])
        self._serve("PutItem", (key,), check is not None, self.table.write, item, check)

    def update(self, key: ItemKey, update: Update, *, condition: str | None = None) -> Item:
        """Apply an update on ``condition`` (raises ConditionRefused); return the new item."""
        env = _placeholders(update.expr)
        text = update.render()
        _all_used(update.expr, text, condition)
        mutation = _mutation(text, key, env)
        check = _condition(condition, env)
        return self._serve(
            "UpdateItem",
            (key,),
            check is not None,
            self.table.update,
            key.pk,
            key.sk,
            mutation,
            check,
        )

    def delete(
        self, key: ItemKey, *, expr: Expr | None = None, condition: str | None = None
    ) -> Item | None:
        """Delete an item on ``condition`` (raises ConditionRefused); return what was stored."""
        _all_used(expr, condition)
        check = _condition(condition, _placeholders(expr))
        return self._serve(
            "DeleteItem", (key,), check is not None, self.table.delete, key.pk, key.sk, check
        )

    # --- transactions -----------------------------------------------------------------------

    def transact(self, actions: Sequence[Action], *, token: str) -> None:
        """Apply the actions all or none (raises TransactionRefused). ``token`` is accepted
        for the reference's signature: the fake never re-sends a request by itself."""
        planned = [_transact_action(a) for a in actions]
        keys = [a.key for a in actions]
        self._serve("TransactWriteItems", keys, True, self.table.transact, planned)

    # --- reads of many items ----------------------------------------------------------------

    def query(self, pk: str, prefix: str = "", *, index: str | None = None) -> list[Item]:
        """Return every item of a partition (or of a GSI1 partition with ``index``) whose sort
        key begins with ``prefix``, in sort key order."""
        read = self.table.query_index if index else self.table.query
        log_key = ItemKey(pk, f"begins_with:{prefix}")
        return self._serve("Query", (log_key,), False, read, pk, prefix)

    def count(self, pk: str, prefix: str = "") -> int:
        """How many items of a partition have a sort key beginning with ``prefix``."""
        log_key = ItemKey(pk, f"begins_with:{prefix}")
        return self._serve("Query", (log_key,), False, self.table.count, pk, prefix)

    # --- batches ------------------------------------------------------------------------------

    def batch_put(self, items: Sequence[Item]) -> list[Item]:
        """Put the items (unconditionally, each atomically); return those the fault hook left
        unprocessed (not applied). A request DynamoDB refuses (over 25 items or 16 MB, two
        items of one key, an item it cannot store) is refused whole: InputValidationError."""
        _within_limits(items)
        keys = batch_log_keys(items)
        operation, handled = self._batch("BatchWriteItem", keys, len(items))
        self.table.write_all(items[:handled])
        self._fire("BatchWriteItem", "after", keys, operation)
        return list(items[handled:])

    def batch_get(self, keys: Sequence[ItemKey]) -> tuple[list[Item], list[ItemKey]]:
        """Read the items of ``keys``; return those found and the keys the fault hook left
        unprocessed (not read). Over 100 keys, or a key twice, is refused as DynamoDB refuses
        it (InputValidationError)."""
        if len(keys) > BATCH_GET_MAX_KEYS or len(set(keys)) != len(keys):
            raise invalid("BatchGetItem takes at most 100 distinct keys")
        operation, handled = self._batch("BatchGetItem", keys, len(keys))
        found = [
            item for key in keys[:handled] if (item := self.table.read(key.pk, key.sk)) is not None
        ]
        self._fire("BatchGetItem", "after", keys, operation)
        return found, list(keys[handled:])

    def scan(self, expr: Expr, filter_expression: str) -> Iterator[Item]:
        """Yield every item of the table that passes ``filter_expression``."""
        _all_used(expr, filter_expression)
        predicate = compile_condition(filter_expression)
        env = _placeholders(expr)
        items = self._serve(
            "Scan", (ItemKey("*", "*"),), False, self.table.select, lambda i: predicate(i, env)
        )
        return iter(items)


def _within_limits(items: Sequence[Item]) -> None:
    """Refuse a BatchWriteItem DynamoDB would refuse for its size: over 25 items, or over
    16 MB of request (measured as botocore sends it only when its items could reach that)."""
    if len(items) > BATCH_WRITE_MAX_ITEMS:
        raise invalid(f"BatchWriteItem takes at most {BATCH_WRITE_MAX_ITEMS} items")
    compact = sum(len(orjson.dumps(item)) for item in items)
    if compact * 6 > BATCH_WRITE_MAX_BYTES and len(json.dumps(items)) > BATCH_WRITE_MAX_BYTES:
        raise invalid("the BatchWriteItem request is over 16 MB")


__all__ = ["FakeGateway"]
