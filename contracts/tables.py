"""The Nova Cat tables as every implementation must create and use them: the way Nova Cat's
infrastructure deploys them (``infra/nova_constructs/storage.py`` at commit bf28f13).

- **The main table** (``NovaCat``): string keys ``PK``/``SK``; one global secondary index, the
  eligibility index ``EligibilityIndex`` on ``GSI1PK``/``GSI1SK`` projecting ALL attributes
  (sparse: only items carrying both keys are in it); TTL on ``ttl`` (epoch seconds, deleted
  lazily by DynamoDB); on-demand billing (PAY_PER_REQUEST).
- **The photometry table** (``<main>Photometry``, ``NovaCatPhotometry``): one PhotometryRow
  per measurement, string keys ``PK``/``SK``, no index, TTL on ``ttl``, on-demand billing.

:func:`table_definition` and :func:`photometry_table_definition` give the ``CreateTable``
parameters; TTL is set separately with ``UpdateTimeToLive`` once a table exists.

**Names.** :class:`TableNames` holds the three names a wrapper needs; :func:`resolve_table_names`
picks them as a Lambda does: a name given wins; a main table given without its photometry
table has it beside it (``<main>Photometry``, as the infrastructure names it); names not given
come from the environment Nova Cat's Lambdas receive (:data:`TABLE_NAME_ENV`,
:data:`PHOTOMETRY_TABLE_NAME_ENVS`); the defaults are the deployed names. No environment
variable carries the index name (Nova Cat's code never names the index).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any, Final

from novacat_persistence.contracts.errors import BackendConfigurationError
from novacat_persistence.contracts.records import frozen_record

DEFAULT_TABLE_NAME: Final = "NovaCat"
"""The deployed main table's name."""

PHOTOMETRY_TABLE_SUFFIX: Final = "Photometry"
"""The photometry table is named after its main table with this suffix."""

DEFAULT_PHOTOMETRY_TABLE_NAME: Final = DEFAULT_TABLE_NAME + PHOTOMETRY_TABLE_SUFFIX
"""The deployed photometry table's name."""

ELIGIBILITY_INDEX_NAME: Final = "EligibilityIndex"
"""The deployed name of the eligibility index (keys ``GSI1PK``/``GSI1SK``)."""

TTL_ATTRIBUTE: Final = "ttl"
"""The attribute DynamoDB's TTL reads (epoch seconds; expired items are deleted lazily)."""

TABLE_NAME_PATTERN: Final = re.compile(r"[A-Za-z0-9_.-]{3,255}")
"""The names DynamoDB takes for a table or an index."""

TABLE_NAME_ENV: Final = "NOVA_CAT_TABLE_NAME"
"""The environment variable every Nova Cat Lambda reads the main table's name from."""

PHOTOMETRY_TABLE_NAME_ENVS: Final = ("NOVA_CAT_PHOTOMETRY_TABLE_NAME", "PHOTOMETRY_TABLE_NAME")
"""Where Nova Cat's code reads the photometry table's name from: the artifact generator's
variable, then ticket ingestion's."""


def photometry_table_beside(table_name: str) -> str:
    """The photometry table that belongs to the main table ``table_name``."""
    return table_name + PHOTOMETRY_TABLE_SUFFIX


@frozen_record
class TableNames:
    """The names a wrapper works with: its main table, its photometry table and the
    eligibility index of the main table (defaults: the deployed names)."""

    main: str = DEFAULT_TABLE_NAME
    photometry: str = DEFAULT_PHOTOMETRY_TABLE_NAME
    eligibility_index: str = ELIGIBILITY_INDEX_NAME

    @classmethod
    def beside(cls, table_name: str) -> TableNames:
        """The main table ``table_name`` with its photometry table beside it."""
        return cls(table_name, photometry_table_beside(table_name))


def resolve_table_names(
    table_name: str | None = None,
    *,
    photometry_table_name: str | None = None,
    eligibility_index_name: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> TableNames:
    """The names to use, as described in the module: given names win; the photometry table of a
    given main table is the one beside it; names not given come from ``environ`` (default: the
    process environment), else the deployed defaults. Raises BackendConfigurationError for an
    empty name, a name DynamoDB does not take (:data:`TABLE_NAME_PATTERN`) or two photometry
    variables that disagree."""
    for what, given in (
        ("main table", table_name),
        ("photometry table", photometry_table_name),
        ("eligibility index", eligibility_index_name),
    ):
        if given is not None and not isinstance(given, str):
            raise BackendConfigurationError(f"the {what} name is {type(given).__name__}, not text")
    env = os.environ if environ is None else environ
    main = table_name if table_name is not None else env.get(TABLE_NAME_ENV) or DEFAULT_TABLE_NAME
    photometry = photometry_table_name
    if photometry is None and table_name is not None:
        photometry = photometry_table_beside(table_name)
    if photometry is None:
        photometry = _photometry_from(env) or photometry_table_beside(main)
    names = TableNames(main, photometry, eligibility_index_name or ELIGIBILITY_INDEX_NAME)
    for what, name in (
        ("main table", names.main),
        ("photometry table", names.photometry),
        ("eligibility index", names.eligibility_index),
    ):
        if not name.strip():
            raise BackendConfigurationError(f"the {what} name is empty")
        if not TABLE_NAME_PATTERN.fullmatch(name):
            raise BackendConfigurationError(
                f"the {what} name {name!r:.80} is not one DynamoDB takes "
                "(3 to 255 of A-Z a-z 0-9 _ . -)"
            )
    if names.main == names.photometry:
        raise BackendConfigurationError(
            f"the main and the photometry table are both named {names.main!r}"
        )
    return names


def _photometry_from(env: Mapping[str, str]) -> str | None:
    found = {name: env[name] for name in PHOTOMETRY_TABLE_NAME_ENVS if env.get(name)}
    if len(set(found.values())) > 1:
        listed = ", ".join(f"{k}={v!r}" for k, v in found.items())
        raise BackendConfigurationError(f"the photometry table is named twice: {listed}")
    return next(iter(found.values()), None)


def _string_keys(*names: str) -> list[dict[str, str]]:
    return [{"AttributeName": n, "AttributeType": "S"} for n in names]


def _key_schema(partition: str, sort: str) -> list[dict[str, str]]:
    return [
        {"AttributeName": partition, "KeyType": "HASH"},
        {"AttributeName": sort, "KeyType": "RANGE"},
    ]


def table_definition(
    table_name: str = DEFAULT_TABLE_NAME, *, index_name: str = ELIGIBILITY_INDEX_NAME
) -> dict[str, Any]:
    """Return the ``CreateTable`` parameters of the main table (its eligibility index named
    ``index_name``)."""
    return {
        "TableName": table_name,
        "AttributeDefinitions": _string_keys("PK", "SK", "GSI1PK", "GSI1SK"),
        "KeySchema": _key_schema("PK", "SK"),
        "GlobalSecondaryIndexes": [
            {
                "IndexName": index_name,
                "KeySchema": _key_schema("GSI1PK", "GSI1SK"),
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        "BillingMode": "PAY_PER_REQUEST",
    }


def photometry_table_definition(
    table_name: str = DEFAULT_PHOTOMETRY_TABLE_NAME,
) -> dict[str, Any]:
    """Return the ``CreateTable`` parameters of the photometry table (no index)."""
    return {
        "TableName": table_name,
        "AttributeDefinitions": _string_keys("PK", "SK"),
        "KeySchema": _key_schema("PK", "SK"),
        "BillingMode": "PAY_PER_REQUEST",
    }


def table_definitions(names: TableNames) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ``CreateTable`` parameters of both tables of ``names``: main, then photometry."""
    return (
        table_definition(names.main, index_name=names.eligibility_index),
        photometry_table_definition(names.photometry),
    )
