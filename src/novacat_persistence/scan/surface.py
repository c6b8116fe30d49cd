"""The DynamoDB surface: which library names reach the database, as plain tables.

Everything the resolver knows about boto3, botocore, aioboto3, aiobotocore and the DynamoDB
libraries lives here, so that adding a spelling is adding a table entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, Literal

Kind = Literal["client", "resource"]
"""What a factory creates."""

DYNAMODB_SERVICES: Final = frozenset({"dynamodb", "dynamodbstreams"})
"""Service names that reach DynamoDB."""

FACTORY_FUNCTIONS: Final[Mapping[str, Kind]] = MappingProxyType(
    {
        "boto3.client": "client",
        "boto3.resource": "resource",
        # aioboto3 before 9.0 had module-level factories.
        "aioboto3.client": "client",
        "aioboto3.resource": "resource",
    }
)
"""Module-level functions that create a client or resource from a service name."""

SESSION_CONSTRUCTORS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "boto3.Session": "boto3",
        "boto3.session.Session": "boto3",
        "boto3._get_default_session": "boto3",
        "aioboto3.Session": "aioboto3",
        "aioboto3.session.Session": "aioboto3",
        "botocore.session.Session": "botocore",
        "botocore.session.get_session": "botocore",
        "aiobotocore.session.AioSession": "aiobotocore",
        "aiobotocore.session.get_session": "aiobotocore",
    }
)
"""Callables that return a session, mapped to the session's library."""

SESSION_OBJECTS: Final[Mapping[str, str]] = MappingProxyType({"boto3.DEFAULT_SESSION": "boto3"})
"""Module attributes that are a session already."""

SESSION_FACTORIES: Final[Mapping[str, Mapping[str, Kind]]] = MappingProxyType(
    {
        "boto3": {"client": "client", "resource": "resource"},
        "aioboto3": {"client": "client", "resource": "resource"},
        "botocore": {"create_client": "client"},
        "aiobotocore": {"create_client": "client"},
    }
)
"""For each session library, its methods that create a client or resource."""

SESSION_INNER: Final[Mapping[str, Mapping[str, str]]] = MappingProxyType(
    {"boto3": {"_session": "botocore"}}
)
"""Session attributes that are another library's session (boto3's wraps a botocore one)."""

SERVICE_NAME_KEYWORD: Final = "service_name"
"""The keyword every factory accepts in place of its first positional argument."""

MODULE_RULES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "boto3.dynamodb.conditions": "db-conditions",
        "boto3.dynamodb.types": "db-types",
        "dynamodb_json": "db-types",
        # DynamoDB ORMs and client libraries (by import name). `flywheel` is left out on
        # purpose: the flywheel-sdk package of an unrelated product imports under that name.
        "aiodynamo": "db-orm",
        "boto.dynamodb": "db-orm",
        "boto.dynamodb2": "db-orm",
        "dynamo3": "db-orm",
        "dynamo_pandas": "db-orm",
        "dynamodb_encryption_sdk": "db-orm",
        "dynamodb_mapper": "db-orm",
        "dynamorm": "db-orm",
        "dyntastic": "db-orm",
        "pydamodb": "db-orm",
        "pydantic_dynamo": "db-orm",
        "pydynamodb": "db-orm",
        "pydynox": "db-orm",
        "pynamodb": "db-orm",
        "pynamodb_attributes": "db-orm",
    }
)
"""Modules whose import (of the module or anything below it) is a finding, with its rule."""

DYNAMIC_IMPORTERS: Final = frozenset({"importlib.import_module", "builtins.__import__"})
"""Callables that import a module named by a string."""

DYNAMODB_OPERATIONS: Final = frozenset(
    {
        "batch_execute_statement",
        "batch_get_item",
        "batch_write_item",
        "delete_item",
        "execute_statement",
        "execute_transaction",
        "get_item",
        "put_item",
        "query",
        "scan",
        "transact_get_items",
        "transact_write_items",
        "update_item",
    }
)
"""The item operations of a DynamoDB client or Table resource, as method names.

Control-plane operations (``create_table``, ``describe_table``, ...) are left out: other
services (Timestream's ``create_table(DatabaseName=, TableName=)``) share their names and
keywords.
"""

DYNAMODB_KEYWORDS: Final = frozenset(
    {
        "AttributeUpdates",
        "AttributesToGet",
        "ConditionExpression",
        "ConditionalOperator",
        "ConsistentRead",
        "ExclusiveStartKey",
        "Expected",
        "ExpressionAttributeNames",
        "ExpressionAttributeValues",
        "FilterExpression",
        "IndexName",
        "Item",
        "Key",
        "KeyConditionExpression",
        "KeyConditions",
        "ProjectionExpression",
        "QueryFilter",
        "RequestItems",
        "ReturnConsumedCapacity",
        "ReturnItemCollectionMetrics",
        "ReturnValuesOnConditionCheckFailure",
        "ScanFilter",
        "ScanIndexForward",
        "Segment",
        "Statement",
        "Statements",
        "TableName",
        "TotalSegments",
        "TransactItems",
        "TransactStatements",
        "UpdateExpression",
    }
)
"""Request keywords of DynamoDB's item operations that no other library's same-named method takes.

Keywords shared with other APIs' ``query``/``execute_statement`` (``Limit``, ``Select``,
``Parameters``, ``ReturnValues``, ``ClientRequestToken``) are left out: alone, they say nothing.
"""

BATCH_WRITER: Final = "batch_writer"
"""The method of a boto3 DynamoDB Table that opens a buffered batch writer (no other has it)."""

TABLE_METHOD: Final = "Table"
"""The method of a boto3 resource that opens a table (only DynamoDB's resource has tables)."""

META_CLIENT: Final = ("meta", "client")
"""``resource.meta.client``: the low-level client under any boto3 resource."""


def module_rule(dotted: str) -> str | None:
    """Return the rule an import of ``dotted`` breaks, or None when importing it is fine."""
    name = dotted
    while True:
        rule = MODULE_RULES.get(name)
        if rule is not None:
            return rule
        head, dot, _ = name.rpartition(".")
        if not dot:
            return None
        name = head


def _triggers() -> tuple[bytes, ...]:
    roots = {name.split(".")[0] for name in (*FACTORY_FUNCTIONS, *SESSION_CONSTRUCTORS)}
    roots |= {name.split(".")[0] for name in MODULE_RULES}
    roots |= {"importlib", "__import__", BATCH_WRITER, *DYNAMODB_OPERATIONS, META_CLIENT[0]}
    # A root that contains a shorter root adds nothing to a substring test.
    minimal = {root for root in roots if not any(o != root and o in root for o in roots)}
    return tuple(sorted(root.encode() for root in minimal))


TRIGGERS: Final = _triggers()
"""Byte strings at least one of which a file must contain to reach any rule of the surface.

Every finding of the resolver starts at an import of one of these modules, at a dynamic
import, or at an attribute named like a DynamoDB operation, ``batch_writer`` or ``meta``; a
plain ASCII file that contains none of them (nor a suppression comment) is not even parsed
(:func:`~.engine.check_source`).
"""
