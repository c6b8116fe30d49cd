"""botocore failures to the typed errors of IFC-030; nothing botocore leaves the wrapper.

Conditional refusals are not mapped here: the gateway turns them into
:class:`~.gateway.ConditionRefused` / :class:`~.gateway.TransactionRefused`, which the
operation that wrote the condition translates into its domain error. Everything else maps by kind:

- throttling (``ProvisionedThroughputExceededException``, ``ThrottlingException``,
  ``RequestLimitExceeded``) -> :class:`~.errors.ThrottledError` (RETRYABLE);
- ``TransactionConflictException`` / ``TransactionInProgressException`` ->
  :class:`~.errors.TransactionConflictError` (RETRYABLE);
- HTTP 5xx, connection failures, connect and read timeouts ->
  :class:`~.errors.BackendUnavailableError` (RETRYABLE: the write may have been applied; the
  wrapper's writes are conditional, so a retry converges);
- ``ValidationException`` and botocore's parameter validation ->
  :class:`~.errors.InputValidationError` (TERMINAL);
- a missing table, missing credentials or region, access denied and anything unknown ->
  :class:`BackendConfigurationError` (TERMINAL).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionError,
    ConnectTimeoutError,
    HTTPClientError,
    NoCredentialsError,
    NoRegionError,
    ParamValidationError,
    PartialCredentialsError,
    ReadTimeoutError,
)

from novacat_persistence.contracts.errors import (
    BackendConfigurationError,
    BackendUnavailableError,
    InputValidationError,
    PersistenceError,
    ThrottledError,
    TransactionConflictError,
)

THROTTLING_CODES: Final = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ProvisionedThroughputExceeded",
        "ThrottlingException",
        "ThrottlingError",
        "Throttling",
        "RequestLimitExceeded",
    }
)
"""Error codes (and transaction cancellation reasons) that mean: slow down and retry."""

CONFLICT_CODES: Final = frozenset(
    {"TransactionConflictException", "TransactionConflict", "TransactionInProgressException"}
)
"""Error codes (and cancellation reasons) of a concurrent transaction on the same items."""

VALIDATION_CODES: Final = frozenset({"ValidationException", "ValidationError"})
"""Error codes (and cancellation reasons) of a request DynamoDB refuses as malformed."""

CONFIGURATION_CODES: Final = frozenset(
    {
        "ResourceNotFoundException",
        "AccessDeniedException",
        "UnrecognizedClientException",
        "InvalidSignatureException",
        "MissingAuthenticationTokenException",
        "ExpiredTokenException",
    }
)
"""Error codes that retrying cannot fix: the table, the credentials or the permissions."""


def _code(response: Mapping[str, Any]) -> str:
    error = response.get("Error") or {}
    return str(error.get("Code") or "")


def _status(response: Mapping[str, Any]) -> int:
    metadata = response.get("ResponseMetadata") or {}
    return int(metadata.get("HTTPStatusCode") or 0)


def _by_code(code: str, status: int, message: str, service: str = "DynamoDB") -> PersistenceError:
    if code in THROTTLING_CODES:
        return ThrottledError(f"{service} throttled the request ({code})", hint="retry later")
    if code in CONFLICT_CODES:
        return TransactionConflictError(f"a concurrent transaction interfered ({code})")
    if status >= 500 or code in {"InternalServerError", "ServiceUnavailable"}:
        return BackendUnavailableError(f"{service} failed ({code or status}): {message}")
    if code in VALIDATION_CODES:
        return InputValidationError(f"{service} refused the request as invalid: {message}")
    if code in CONFIGURATION_CODES:
        return BackendConfigurationError(
            f"{service} refused the request ({code}): {message}",
            hint="check the table name, the region and the credentials",
        )
    return BackendConfigurationError(f"{service} refused the request ({code or status}): {message}")


def from_client_error(exc: ClientError, *, service: str = "DynamoDB") -> PersistenceError:
    """Return the typed error of a ClientError that is not a conditional refusal; its message
    names ``service``, the AWS service that answered."""
    response: Mapping[str, Any] = exc.response
    message = str((response.get("Error") or {}).get("Message") or "")
    return _by_code(_code(response), _status(response), message, service)


def from_cancellation(codes: Sequence[str]) -> PersistenceError:
    """Return the typed error of a transaction cancelled for reasons other than a condition:
    the first reason that is neither ``None`` nor ``ConditionalCheckFailed`` decides."""
    reason = next((c for c in codes if c not in ("None", "", "ConditionalCheckFailed")), "")
    return _by_code(reason, 0, f"transaction cancelled ({', '.join(codes)})")


def from_botocore_error(exc: BotoCoreError, *, service: str = "DynamoDB") -> PersistenceError:
    """Return the typed error of a failure botocore raised before or after the HTTP exchange;
    its message names ``service``, the AWS service the request was for."""
    if isinstance(exc, (NoCredentialsError, PartialCredentialsError)):
        return BackendConfigurationError(
            "no AWS credentials were found",
            hint="set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a role",
        )
    if isinstance(exc, NoRegionError):
        return BackendConfigurationError("no AWS region is configured", hint="set AWS_REGION")
    if isinstance(exc, ParamValidationError):
        return InputValidationError(f"the request is invalid: {exc}")
    if isinstance(exc, (ConnectTimeoutError, ReadTimeoutError)):
        return BackendUnavailableError(f"{service} timed out: {exc}", hint="retry the same call")
    if isinstance(exc, (ConnectionError, HTTPClientError)):
        return BackendUnavailableError(f"cannot reach {service}: {exc}", hint="retry later")
    return BackendConfigurationError(f"the AWS client failed: {exc}")


def retried(response: Mapping[str, Any]) -> bool:
    """True when botocore sent the request more than once before this response."""
    metadata = response.get("ResponseMetadata") or {}
    return int(metadata.get("RetryAttempts") or 0) > 0


def check_client(client: object, service: str, argument: str) -> None:
    """Raise BackendConfigurationError unless ``client`` is a boto3 low-level client of
    ``service`` (``"dynamodb"``, ``"s3"``), named ``argument`` in the message."""
    model = getattr(getattr(client, "meta", None), "service_model", None)
    if getattr(model, "service_name", None) != service:
        raise BackendConfigurationError(
            f"{argument} must be a boto3 {service} client, not {type(client).__name__}",
            hint=f"pass boto3.client({service!r})",
        )
