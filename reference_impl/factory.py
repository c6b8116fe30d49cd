"""Building the reference wrapper (entry point ``reference`` of the group
``novacat_persistence.implementations``).

Retry configuration: pass a client built with
``botocore.config.Config(retries={"mode": "standard", "max_attempts": 3},
connect_timeout=2, read_timeout=5, parameter_validation=False)``
(:func:`recommended_client_config`). botocore then
retries throttling, 5xx, transaction conflicts and connection errors with jittered backoff
inside one wrapper call; what is still failing after that reaches the caller as a RETRYABLE
typed error. The wrapper is correct under any configuration: its writes are conditional, a
re-sent create that finds its own write answers with it, counters are guarded against a
re-sent ADD, and transactions carry a ``ClientRequestToken``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ConnectTimeoutError, ReadTimeoutError

from novacat_persistence.contracts.capabilities import Capabilities
from novacat_persistence.contracts.errors import BackendConfigurationError
from novacat_persistence.contracts.operations import BackoffPolicy
from novacat_persistence.contracts.tables import resolve_table_names
from novacat_persistence.reference_impl import client_errors
from novacat_persistence.reference_impl.boto3_gateway import Boto3Gateway
from novacat_persistence.reference_impl.logs import LOGGER_NAME
from novacat_persistence.reference_impl.wrapper import ReferenceWrapper

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient
    from mypy_boto3_s3.client import S3Client

    from novacat_persistence.reference_impl.migration import TableMigrator

IMPLEMENTATION_NAME = "reference"
"""The name of this implementation in the ``novacat_persistence.implementations`` group."""


def utc_clock() -> datetime:
    """The default clock: the current instant in UTC."""
    return datetime.now(UTC)


def recommended_client_config() -> Config:
    """The botocore configuration recommended for the clients given to the wrapper: standard
    retry mode, 3 attempts, 2 s connect and 5 s read timeouts, and no client-side parameter
    validation. The wrapper builds every request itself from the codec's items and keys, so
    botocore's walk over each request's shape (tens of microseconds for an item) checks
    nothing the wrapper has not; what the service would still refuse comes back as its
    ValidationException, a TERMINAL InputValidationError like botocore's own refusal."""
    return Config(
        retries={"mode": "standard", "max_attempts": 3},
        connect_timeout=2,
        read_timeout=5,
        parameter_validation=False,
    )


def create_reference_wrapper(
    client: DynamoDBClient,
    table_name: str | None = None,
    *,
    photometry_table_name: str | None = None,
    eligibility_index_name: str | None = None,
    s3_client: S3Client | None = None,
    clock: Callable[[], datetime] | None = None,
    logger: logging.Logger | None = None,
    backoff: BackoffPolicy | None = None,
) -> ReferenceWrapper:
    """Return the reference wrapper over Nova Cat's tables through ``client`` (a boto3
    low-level DynamoDB client: AWS, DynamoDB Local or moto alike).

    Names (:func:`~novacat_persistence.contracts.tables.resolve_table_names`): ``table_name``
    is the main table (default: ``$NOVA_CAT_TABLE_NAME``, else ``NovaCat``);
    ``photometry_table_name`` the photometry table (default: the one beside a given main
    table, ``<table_name>Photometry``; with no main table given,
    ``$NOVA_CAT_PHOTOMETRY_TABLE_NAME`` or ``$PHOTOMETRY_TABLE_NAME``, else the one beside
    the main table); ``eligibility_index_name`` the main table's index (default
    ``EligibilityIndex``, the deployed name). A Lambda deployed by Nova Cat's infrastructure
    therefore needs no argument but the client.

    ``s3_client`` is needed only by ``audit_pointers``; ``clock`` returns aware UTC instants
    (default :func:`utc_clock`); ``logger`` receives the structured records (default
    ``novacat_persistence.reference_impl``); ``backoff`` is the cooldown policy after a
    retryable acquisition failure (default :class:`BackoffPolicy`: 5 minutes doubling up to
    24 hours, overridable per provider). Raises BackendConfigurationError for names that
    cannot be right (empty, not a name DynamoDB takes, or both tables named alike), a client
    of another service (or none), or a clock that cannot be called.
    """
    names = resolve_table_names(
        table_name,
        photometry_table_name=photometry_table_name,
        eligibility_index_name=eligibility_index_name,
    )
    return ReferenceWrapper(
        Boto3Gateway(client, names.main),
        photometry=Boto3Gateway(client, names.photometry),
        eligibility_index=names.eligibility_index,
        clock=clock or utc_clock,
        logger=logger or logging.getLogger(LOGGER_NAME),
        backoff=backoff or BackoffPolicy(),
        s3_client=s3_client,
    )


create_reference_wrapper.capabilities = Capabilities(  # type: ignore[attr-defined]
    pointer_audit=True, consumed_capacity_logs=True, request_count_logs=True
)


def _give_up_on_silence(caught_exception: Exception | None = None, **_: object) -> None:
    """A ``needs-retry`` hook: a request that timed out is not sent again (botocore would
    otherwise wait out every attempt on an endpoint that accepts and never answers)."""
    if isinstance(caught_exception, (ConnectTimeoutError, ReadTimeoutError)):
        raise caught_exception


def connect_reference_wrapper(
    table_name: str,
    *,
    region: str,
    endpoint_url: str | None = None,
    logger: logging.Logger | None = None,
) -> ReferenceWrapper:
    """Build DynamoDB and S3 clients (one session, :func:`recommended_client_config`, the
    environment's credentials) and return the wrapper over ``table_name`` with both: what
    operator tools such as ``novacat-persistence audit`` use. Throttling and 5xx answers are
    retried as the configuration says, but a request that times out is not: an endpoint that
    never answers is given up on after one connect timeout (2 s) and one read timeout (5 s).
    Raises BackendConfigurationError when the clients cannot be built."""
    dynamodb, s3 = _operator_clients(region, endpoint_url, s3=True)
    return create_reference_wrapper(dynamodb, table_name, s3_client=s3, logger=logger)


def create_table_migrator(
    client: DynamoDBClient,
    table_name: str,
    *,
    clock: Callable[[], datetime] | None = None,
    logger: logging.Logger | None = None,
) -> TableMigrator:
    """Return the migrator of ``table_name`` through ``client``
    (:class:`~.migration.TableMigrator`: what ``novacat-persistence migrate`` runs); ``clock``
    and ``logger`` as for :func:`create_reference_wrapper`."""
    # Imported here: a Lambda calling the wrapper never migrates, and its cold start need not
    # build the migrator's classes.
    from novacat_persistence.reference_impl.migration import TableMigrator  # noqa: PLC0415

    names = resolve_table_names(table_name)
    return TableMigrator(
        Boto3Gateway(client, names.main),
        photometry=Boto3Gateway(client, names.photometry),
        eligibility_index=names.eligibility_index,
        clock=clock or utc_clock,
        logger=logger or logging.getLogger(LOGGER_NAME),
    )


def connect_table_migrator(
    table_name: str, *, region: str, endpoint_url: str | None = None
) -> TableMigrator:
    """Build a DynamoDB client as :func:`connect_reference_wrapper` does (timeouts are given
    up on, not retried) and return the migrator of ``table_name``. Raises
    BackendConfigurationError when the client cannot be built."""
    dynamodb, _ = _operator_clients(region, endpoint_url, s3=False)
    return create_table_migrator(dynamodb, table_name)


def _operator_clients(
    region: str, endpoint_url: str | None, *, s3: bool
) -> tuple[DynamoDBClient, S3Client | None]:
    for what, given in (("region", region), ("endpoint_url", endpoint_url)):
        if given is not None and (not isinstance(given, str) or not given.strip()):
            raise BackendConfigurationError(
                f"{what} must name one, not {given!r:.40}",
                hint="pass an AWS region name and, for a local service, its http(s) URL",
            )
    try:
        session = boto3.session.Session(region_name=region)
        config = recommended_client_config()
        dynamodb = session.client("dynamodb", endpoint_url=endpoint_url, config=config)
        s3_client = session.client("s3", endpoint_url=endpoint_url, config=config) if s3 else None
    except BotoCoreError as exc:
        raise client_errors.from_botocore_error(exc) from None
    except ValueError as exc:  # botocore refuses a malformed endpoint URL or region
        raise BackendConfigurationError(f"cannot build the AWS clients: {exc}") from None
    for client in (dynamodb, s3_client):
        if client is not None:
            client.meta.events.register_first("needs-retry", _give_up_on_silence)
    return dynamodb, s3_client
