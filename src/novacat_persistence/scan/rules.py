"""The rule catalogue: stable rule ids, their default severity and the fix each one names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

WRAPPER = "novacat_persistence.reference_impl"
"""The persistence wrapper every database access has to go through (INV-011)."""

_USE_WRAPPER = f"go through the persistence wrapper ({WRAPPER}) instead (INV-011)"


class Severity(StrEnum):
    """How much a finding weighs: errors fail the scan, warnings only with ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of the scan: its stable id, default severity, what it finds and the fix."""

    id: str
    """Stable identifier, used in output, severity overrides and SARIF ``ruleId``."""
    severity: Severity
    """Severity unless the configuration overrides it."""
    summary: str
    """One sentence: what the rule reports."""
    fix: str
    """What to do about a finding; every message of the rule ends with it."""


def _catalogue(*rules: Rule) -> Mapping[str, Rule]:
    return MappingProxyType({rule.id: rule for rule in rules})


RULES: Mapping[str, Rule] = _catalogue(
    Rule(
        "db-client",
        Severity.ERROR,
        "A DynamoDB or DynamoDB Streams client is created with boto3, botocore, aioboto3 "
        "or aiobotocore.",
        _USE_WRAPPER,
    ),
    Rule(
        "db-resource",
        Severity.ERROR,
        "A DynamoDB service resource is created with boto3 or aioboto3.",
        _USE_WRAPPER,
    ),
    Rule(
        "db-table",
        Severity.ERROR,
        "`.Table(...)` is called on a DynamoDB resource (or on a resource whose service is "
        "unknown: only DynamoDB resources have tables).",
        _USE_WRAPPER,
    ),
    Rule(
        "db-conditions",
        Severity.ERROR,
        "boto3's DynamoDB condition builders (boto3.dynamodb.conditions: Key, Attr) are "
        "imported or reached to build raw requests.",
        _USE_WRAPPER,
    ),
    Rule(
        "db-types",
        Severity.ERROR,
        "DynamoDB wire-format helpers (boto3.dynamodb.types: TypeSerializer, "
        "TypeDeserializer, Binary; dynamodb_json) are imported or reached.",
        _USE_WRAPPER,
    ),
    Rule(
        "db-orm",
        Severity.ERROR,
        "A DynamoDB ORM or client library (pynamodb, dynamorm, pydantic_dynamo, ...) is imported.",
        _USE_WRAPPER,
    ),
    Rule(
        "db-operation",
        Severity.ERROR,
        "A DynamoDB item operation (put_item, get_item, update_item, delete_item, query, scan, "
        "the batch, transaction and PartiQL operations) is called with a DynamoDB request "
        "keyword (Item=, Key=, KeyConditionExpression=, UpdateExpression=, RequestItems=, ...), "
        "by name or in a ** dict, on any receiver not known to be another service's.",
        _USE_WRAPPER,
    ),
    Rule(
        "db-batch-writer",
        Severity.ERROR,
        "`.batch_writer()` (only boto3's DynamoDB Table has it) is called on any receiver not "
        "known to be another service's.",
        _USE_WRAPPER,
    ),
    Rule(
        "db-meta-client",
        Severity.ERROR,
        "`.meta.client` takes the low-level client of a boto3 resource that is DynamoDB's or "
        "whose service the scan cannot see (a table received as a parameter).",
        "go through the persistence wrapper "
        f"({WRAPPER}) instead (INV-011); if the resource is another service's, create it where "
        "the scan sees it (boto3.resource('s3') in the module) or suppress the line with a reason",
    ),
    Rule(
        "unresolved-client",
        Severity.WARNING,
        "A boto3/botocore/aioboto3/aiobotocore client or resource is created with a service "
        "name the scan cannot resolve statically, so it may be DynamoDB.",
        "pass the service name as a string literal or a module constant; if it is DynamoDB, "
        f"go through the persistence wrapper ({WRAPPER}) instead (INV-011)",
    ),
    Rule(
        "suppression-without-reason",
        Severity.ERROR,
        "An inline `# novacat: allow-db-access` suppression has no reason; it suppresses nothing.",
        "say why the access is allowed: # novacat: allow-db-access(<reason>)",
    ),
    Rule(
        "parse-error",
        Severity.ERROR,
        "A file cannot be read or parsed as Python, so it cannot be checked.",
        "fix the file (syntax, encoding) so that it parses, or exclude it in "
        "[tool.novacat-persistence.scan]",
    ),
)
"""Every rule of the scan, by id. The ids are stable: configurations and suppressions use them."""
