"""What a successful DynamoDB request did to the items of its tables.

:func:`effects_of` turns a write request (PutItem, UpdateItem, DeleteItem, BatchWriteItem,
TransactWriteItems), with the answer DynamoDB gave it, into the item changes it made, in wire
form as the request carried them. :func:`table_event_of` reads what a table request (CreateTable,
DeleteTable, DescribeTable) says about a table's existence and key. Both take the JSON documents
of the request and answer bodies, never a client: nothing here sends a request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

from novacat_persistence.contracts.wire_form import AttributeValue, Item

ITEM_WRITES: Final = frozenset(
    {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}
)
"""The requests that write items of a table."""
TABLE_REQUESTS: Final = frozenset({"CreateTable", "DeleteTable", "DescribeTable"})
"""The requests that create, delete or describe a table (its key names)."""
PARTIQL_REQUESTS: Final = frozenset(
    {"ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction"}
)
"""PartiQL requests, whose writes are not captured (they are reported instead)."""
WATCHED: Final = ITEM_WRITES | TABLE_REQUESTS | PARTIQL_REQUESTS
"""Every request the capture looks at; all others pass untouched."""

_PARTIQL_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Put:
    """An item stored whole (PutItem, a batch put, a transaction put)."""

    table: str
    item: Item


@dataclass(frozen=True)
class Delete:
    """The item of ``key`` deleted."""

    table: str
    key: Item


@dataclass(frozen=True)
class Update:
    """An update expression applied to the item of ``key`` (created when missing)."""

    table: str
    key: Item
    expression: str | None
    """None for an update that names no attribute: the item holds its key at least."""
    names: dict[str, str]
    values: dict[str, AttributeValue]


@dataclass(frozen=True)
class Image:
    """The whole item of ``key`` after an update, as DynamoDB answered it (``ALL_NEW``)."""

    table: str
    key: Item
    item: Item


Effect = Put | Delete | Update | Image
"""One change to one item."""


@dataclass(frozen=True)
class TableEvent:
    """What a table request showed: the table was created, deleted, or has these keys."""

    table: str
    kind: str
    """``created``, ``deleted`` or ``described``."""
    key_names: frozenset[str] | None


def table_name(text: str) -> str:
    """The table name of a ``TableName`` (a name, or a table ARN ``...:table/<name>``)."""
    return text.rpartition(":table/")[2] if text.startswith("arn:") else text


def effects_of(operation: str, request: dict[str, Any], answer: dict[str, Any]) -> list[Effect]:
    """The item changes a successful write request made (none for another request).

    A batch's ``UnprocessedItems`` were not written; an update answered with ``ALL_NEW``
    attributes is taken as DynamoDB stored it.
    """
    if operation == "PutItem":
        return [Put(table_name(request["TableName"]), request["Item"])]
    if operation == "DeleteItem":
        return [Delete(table_name(request["TableName"]), request["Key"])]
    if operation == "UpdateItem":
        table = table_name(request["TableName"])
        if request.get("ReturnValues") == "ALL_NEW" and "Attributes" in answer:
            return [Image(table, request["Key"], answer["Attributes"])]
        return [_update(table, request)]
    if operation == "BatchWriteItem":
        return _batch(request, answer)
    if operation == "TransactWriteItems":
        return _transaction(request)
    return []


def _update(table: str, request: dict[str, Any]) -> Update:
    if "AttributeUpdates" in request:
        expression, names, values = _expression_of(request["AttributeUpdates"])
    else:
        expression = request.get("UpdateExpression")
        names = request.get("ExpressionAttributeNames", {})
        values = request.get("ExpressionAttributeValues", {})
    return Update(table, request["Key"], expression, names, values)


def _expression_of(
    updates: dict[str, dict[str, Any]],
) -> tuple[str | None, dict[str, str], dict[str, AttributeValue]]:
    """The update expression that does what legacy ``AttributeUpdates`` ask."""
    clauses: dict[str, list[str]] = {"SET": [], "REMOVE": [], "ADD": [], "DELETE": []}
    names: dict[str, str] = {}
    values: dict[str, AttributeValue] = {}
    for index, (name, update) in enumerate(updates.items()):
        alias, placeholder = f"#u{index}", f":u{index}"
        names[alias] = name
        action = update.get("Action", "PUT")
        value: AttributeValue | None = update.get("Value")
        if action == "PUT":
            clauses["SET"].append(f"{alias} = {placeholder}")
        elif action == "ADD":
            clauses["ADD"].append(f"{alias} {placeholder}")
        elif value is None:
            clauses["REMOVE"].append(alias)
            continue
        else:
            clauses["DELETE"].append(f"{alias} {placeholder}")
        if value is not None:
            values[placeholder] = value
    text = " ".join(f"{word} {', '.join(parts)}" for word, parts in clauses.items() if parts)
    return text or None, names, values


def _batch(request: dict[str, Any], answer: dict[str, Any]) -> list[Effect]:
    unprocessed = answer.get("UnprocessedItems") or {}
    effects: list[Effect] = []
    for name, entries in request["RequestItems"].items():
        skipped = unprocessed.get(name, [])
        table = table_name(name)
        for entry in entries:
            if entry in skipped:
                continue
            if "PutRequest" in entry:
                effects.append(Put(table, entry["PutRequest"]["Item"]))
            else:
                effects.append(Delete(table, entry["DeleteRequest"]["Key"]))
    return effects


def _transaction(request: dict[str, Any]) -> list[Effect]:
    effects: list[Effect] = []
    for entry in request["TransactItems"]:
        if "Put" in entry:
            put = entry["Put"]
            effects.append(Put(table_name(put["TableName"]), put["Item"]))
        elif "Delete" in entry:
            delete = entry["Delete"]
            effects.append(Delete(table_name(delete["TableName"]), delete["Key"]))
        elif "Update" in entry:
            update = entry["Update"]
            effects.append(_update(table_name(update["TableName"]), update))
    return effects


def table_event_of(
    operation: str, request: dict[str, Any], answer: dict[str, Any]
) -> TableEvent | None:
    """What a successful table request showed about its table (None for other requests)."""
    if operation == "CreateTable":
        return TableEvent(table_name(request["TableName"]), "created", _keys(request))
    if operation == "DeleteTable":
        return TableEvent(table_name(request["TableName"]), "deleted", None)
    if operation == "DescribeTable" and isinstance(answer.get("Table"), dict):
        return TableEvent(table_name(request["TableName"]), "described", _keys(answer["Table"]))
    return None


def _keys(description: dict[str, Any]) -> frozenset[str] | None:
    schema = description.get("KeySchema")
    if not isinstance(schema, list):
        return None
    return frozenset(element["AttributeName"] for element in schema)


def partiql_writes(operation: str, request: dict[str, Any]) -> int:
    """How many statements of a PartiQL request write items (INSERT, UPDATE, DELETE)."""
    if operation == "ExecuteStatement":
        statements = [request.get("Statement", "")]
    else:
        entries = request.get("Statements") or request.get("TransactStatements") or []
        statements = [entry.get("Statement", "") for entry in entries]
    return sum(1 for text in statements if _PARTIQL_WRITE.match(text))


__all__ = [
    "ITEM_WRITES",
    "PARTIQL_REQUESTS",
    "TABLE_REQUESTS",
    "WATCHED",
    "Delete",
    "Effect",
    "Image",
    "Put",
    "TableEvent",
    "Update",
    "effects_of",
    "partiql_writes",
    "table_event_of",
    "table_name",
]
