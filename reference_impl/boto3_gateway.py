"""The one place requests reach DynamoDB: :class:`Boto3Gateway`, the gateway contract
(:mod:`.gateway`) served through a boto3 client, instrumented, with typed errors.

Every request asks for ``ReturnConsumedCapacity=TOTAL`` and, when conditional,
``ReturnValuesOnConditionCheckFailure=ALL_OLD``, so a refusal carries the stored item without
another read. Base-table reads are strongly consistent; GSI queries never ask for it (a GSI
cannot serve consistent reads). Queries follow ``LastEvaluatedKey`` to the last page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from novacat_persistence.contracts.keys import ItemKey
from novacat_persistence.contracts.wire_form import Item
from novacat_persistence.reference_impl import client_errors
from novacat_persistence.reference_impl.conditions import Expr, Update
from novacat_persistence.reference_impl.gateway import (
    Action,
    ConditionRefused,
    TableGateway,
    TransactionRefused,
    batch_log_keys,
    item_key_of,
    key_attributes,
)
from novacat_persistence.reference_impl.logs import current_record

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient


class Boto3Gateway(TableGateway):
    """The table's requests sent through a boto3 DynamoDB client (see the module)."""

    def __init__(self, client: DynamoDBClient, table_name: str) -> None:
        client_errors.check_client(client, "dynamodb", "the DynamoDB client")
        super().__init__(table_name)
        self._client = client

    # --- plumbing --------------------------------------------------------------------------

    def _call(
        self, request: Callable[..., Any], keys: Sequence[ItemKey], params: dict[str, Any]
    ) -> dict[str, Any]:
        record = current_record()
        if record is not None:
            for key in keys:
                record.note_key(key.pk, key.sk)
        conditional = "ConditionExpression" in params or "TransactItems" in params
        params["ReturnConsumedCapacity"] = "TOTAL"
        try:
            response: dict[str, Any] = request(**params)
        except ClientError as exc:
            if record is not None:
                record.note_response(exc.response)
            raise self._refusal_or_error(exc, record is not None and conditional) from None
        except BotoCoreError as exc:
            raise client_errors.from_botocore_error(exc) from None
        if record is not None:
            record.note_response(response)
            if conditional:
                record.note_condition(passed=True)
        return response

    @staticmethod
    def _refusal_or_error(exc: ClientError, noted: bool) -> Exception:
        response: Mapping[str, Any] = exc.response
        code = str((response.get("Error") or {}).get("Code") or "")
        retried = client_errors.retried(response)
        record = current_record()
        if code == "ConditionalCheckFailedException":
            if noted and record is not None:
                record.note_condition(passed=False)
            return ConditionRefused(response.get("Item"), retried)
        if code == "TransactionCanceledException":
            reasons: list[Mapping[str, Any]] = list(response.get("CancellationReasons") or [])
            codes = [str(r.get("Code") or "None") for r in reasons]
            refused = frozenset(i for i, c in enumerate(codes) if c == "ConditionalCheckFailed")
            if refused:
                if noted and record is not None:
                    record.note_condition(passed=False)
                old = [r.get("Item") if i in refused else None for i, r in enumerate(reasons)]
                return TransactionRefused(refused, old, retried)
            return client_errors.from_cancellation(codes)
        return client_errors.from_client_error(exc)

    @staticmethod
    def _conditional(params: dict[str, Any], expr: Expr | None, condition: str | None) -> None:
        if condition is not None:
            params["ConditionExpression"] = condition
            params["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
        if expr is not None:
            params.update(expr.params())

    # --- single-item requests -------------------------------------------------------------

    def get(self, key: ItemKey) -> Item | None:
        """Return the stored item (a strongly consistent read), or None."""
        params: dict[str, Any] = {
            "TableName": self.table_name,
            "Key": key_attributes(key),
            "ConsistentRead": True,
        }
        item: Item | None = self._call(self._client.get_item, [key], params).get("Item")
        return item

    def put(self, item: Item, *, expr: Expr | None = None, condition: str | None = None) -> None:
        """Put an item, on ``condition`` when given (raises ConditionRefused)."""
        params: dict[str, Any] = {"TableName": self.table_name, "Item": item}
        self._conditional(params, expr, condition)
        self._call(self._client.put_item, [item_key_of(item)], params)

    def update(self, key: ItemKey, update: Update, *, condition: str | None = None) -> Item:
        """Apply an update on ``condition`` (raises ConditionRefused); return the new item."""
        params: dict[str, Any] = {
            "TableName": self.table_name,
            "Key": key_attributes(key),
            "UpdateExpression": update.render(),
            "ReturnValues": "ALL_NEW",
        }
        self._conditional(params, update.expr, condition)
        attributes: Item = self._call(self._client.update_item, [key], params)["Attributes"]
        return attributes

    def delete(
        self, key: ItemKey, *, expr: Expr | None = None, condition: str | None = None
    ) -> Item | None:
        """Delete an item on ``condition`` (raises ConditionRefused); return what was stored."""
        params: dict[str, Any] = {
            "TableName": self.table_name,
            "Key": key_attributes(key),
            "ReturnValues": "ALL_OLD",
        }
        self._conditional(params, expr, condition)
        old: Item | None = self._call(self._client.delete_item, [key], params).get("Attributes")
        return old

    # --- transactions -----------------------------------------------------------------------

    def transact(self, actions: Sequence[Action], *, token: str) -> None:
        """Apply the actions all or none (raises TransactionRefused). ``token`` is the
        ``ClientRequestToken``: botocore's retries of this request are idempotent."""
        params: dict[str, Any] = {
            "TransactItems": [a.request for a in actions],
            "ClientRequestToken": token,
        }
        self._call(self._client.transact_write_items, [a.key for a in actions], params)

    # --- reads of many items ----------------------------------------------------------------

    def query(self, pk: str, prefix: str = "", *, index: str | None = None) -> list[Item]:
        """Return every item of a partition whose sort key begins with ``prefix``, in sort
        key order, all pages read. ``index`` queries GSI1 (eventually consistent)."""
        expr = Expr()
        pk_name, sk_name = ("GSI1PK", "GSI1SK") if index else ("PK", "SK")
        condition = f"{expr.n(pk_name)} = {expr.v(pk)}"
        if prefix:
            condition += f" AND begins_with({expr.n(sk_name)}, {expr.v(prefix)})"
        params: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": condition,
            **expr.params(),
        }
        if index:
            params["IndexName"] = index
        else:
            params["ConsistentRead"] = True
        log_key = ItemKey(pk, f"begins_with:{prefix}")
        return list(self._pages(self._client.query, log_key, params))

    def scan(self, expr: Expr, filter_expression: str) -> Iterator[Item]:
        """Yield every item of the table that passes ``filter_expression`` (all pages)."""
        params: dict[str, Any] = {
            "TableName": self.table_name,
            "FilterExpression": filter_expression,
            "ConsistentRead": True,
            **expr.params(),
        }
        return self._pages(self._client.scan, ItemKey("*", "*"), params)

    def count(self, pk: str, prefix: str = "") -> int:
        """How many items of a partition have a sort key beginning with ``prefix``
        (``Select=COUNT``, strongly consistent, every page)."""
        expr = Expr()
        condition = f"{expr.n('PK')} = {expr.v(pk)}"
        if prefix:
            condition += f" AND begins_with({expr.n('SK')}, {expr.v(prefix)})"
        params: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": condition,
            "Select": "COUNT",
            "ConsistentRead": True,
            **expr.params(),
        }
        log_key = ItemKey(pk, f"begins_with:{prefix}")
        total = 0
        while True:
            response = self._call(self._client.query, [log_key], dict(params))
            total += int(response.get("Count", 0))
            last = response.get("LastEvaluatedKey")
            if not last:
                return total
            params["ExclusiveStartKey"] = last

    # --- batches ------------------------------------------------------------------------------

    def batch_put(self, items: Sequence[Item]) -> list[Item]:
        """One BatchWriteItem of PutRequests; return the items DynamoDB left unprocessed."""
        requests = [{"PutRequest": {"Item": item}} for item in items]
        params: dict[str, Any] = {"RequestItems": {self.table_name: requests}}
        response = self._call(self._client.batch_write_item, batch_log_keys(items), params)
        left = (response.get("UnprocessedItems") or {}).get(self.table_name) or []
        return [request["PutRequest"]["Item"] for request in left]

    def batch_get(self, keys: Sequence[ItemKey]) -> tuple[list[Item], list[ItemKey]]:
        """One strongly consistent BatchGetItem; return the items found and the keys DynamoDB
        left unprocessed."""
        wanted = {"Keys": [key_attributes(key) for key in keys], "ConsistentRead": True}
        params: dict[str, Any] = {"RequestItems": {self.table_name: wanted}}
        response = self._call(self._client.batch_get_item, keys, params)
        found: list[Item] = (response.get("Responses") or {}).get(self.table_name) or []
        left = ((response.get("UnprocessedKeys") or {}).get(self.table_name) or {}).get("Keys")
        return found, [item_key_of(key) for key in left or []]

    def _pages(
        self, request: Callable[..., Any], log_key: ItemKey, params: dict[str, Any]
    ) -> Iterator[Item]:
        while True:
            response = self._call(request, [log_key], dict(params))
            yield from response.get("Items", [])
            last = response.get("LastEvaluatedKey")
            if not last:
                return
            params["ExclusiveStartKey"] = last
