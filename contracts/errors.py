"""The typed error hierarchy of IFC-030, mapped onto the Nova Cat error taxonomy.

Every error the persistence layer raises is a :class:`PersistenceError`. Its
:attr:`~PersistenceError.classification` is one of RETRYABLE, TERMINAL or QUARANTINE, the
three classes the workflows' retry policies understand, and :attr:`~PersistenceError.retryable`
is true exactly for RETRYABLE errors. Each error says what was wrong and what to do about it.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, ClassVar


class ErrorClassification(StrEnum):
    """The error taxonomy of the Nova Cat execution governance."""

    RETRYABLE = "RETRYABLE"
    TERMINAL = "TERMINAL"
    QUARANTINE = "QUARANTINE"


class PersistenceError(Exception):
    """Base of every error raised by the contracts, the codec and any IFC-030 implementation."""

    classification: ClassVar[ErrorClassification] = ErrorClassification.TERMINAL

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if hint is None else f"{message} ({hint})")

    @property
    def retryable(self) -> bool:
        """True exactly when the taxonomy allows the caller to retry the same call."""
        return self.classification is ErrorClassification.RETRYABLE


# --- RETRYABLE -------------------------------------------------------------------------------


class RetryableError(PersistenceError):
    """A transient condition: the same call may succeed later."""

    classification = ErrorClassification.RETRYABLE


class ThrottledError(RetryableError):
    """The backend refused the request for capacity (throttling); retry with backoff."""


class BackendUnavailableError(RetryableError):
    """The backend failed (HTTP 5xx, connection loss or timeout); the write may or may not
    have been applied, and retrying the same call converges on the intended end state."""


class TransactionConflictError(RetryableError):
    """A concurrent transaction touched the same items; retry the same call."""


class LockHeldError(RetryableError):
    """The idempotency lock is held by another live execution; retry after its expiry."""

    def __init__(self, message: str, *, holder: Mapping[str, Any] | None = None) -> None:
        super().__init__(message, hint="another execution holds the lock; retry later")
        self.holder = dict(holder) if holder is not None else None


# --- TERMINAL: bad input (raised before any request is sent) ---------------------------------


class InputValidationError(PersistenceError):
    """The caller's input is invalid; nothing was written. Fix the input, do not retry."""


class KeyShapeError(InputValidationError):
    """A key component breaks the key grammar (delimiter, emptiness, case or byte limit)."""

    def __init__(self, component: str, value: object, problem: str) -> None:
        self.component = component
        self.value = value
        self.problem = problem
        super().__init__(
            f"key component {component!r} is invalid: {problem} (value {value!r:.80})",
            hint="correct the field that feeds this key component",
        )


class EntityValidationError(InputValidationError):
    """An entity's fields break its model (type, range, enum, required field)."""

    def __init__(self, entity: str, details: str) -> None:
        self.entity = entity
        self.details = details
        super().__init__(f"invalid {entity}: {details}", hint="correct the listed fields")


class EncodingError(InputValidationError):
    """A value cannot be stored in DynamoDB exactly (NaN, infinity, >38 digits, >400 KB...)."""


class PointerLayoutError(InputValidationError):
    """An S3 key does not follow the bucket layout for the item's ids."""


# --- TERMINAL: the deployment ------------------------------------------------------------


class BackendConfigurationError(PersistenceError):
    """The backend cannot serve the wrapper as configured (missing table, no credentials or
    region, access denied, an error this wrapper does not know). TERMINAL: fix the
    deployment, do not retry the call."""


class UnsupportedSchemaVersionError(PersistenceError):
    """A stored item carries a schema_version this code cannot read (an unknown major, or a
    text that is no version)."""

    def __init__(self, entity_type: str, version: str, supported: list[str]) -> None:
        self.entity_type = entity_type
        self.version = version
        self.supported = supported
        super().__init__(
            f"{entity_type} item has unsupported schema_version {version!r}",
            hint=f"this reader knows {', '.join(supported)}; deploy a newer reader",
        )


class UnreadableItemError(PersistenceError):
    """A stored item cannot be read: no or unknown entity_type, a field of the wrong type, a
    value its version's model refuses. The item is left as it is; fix or quarantine it."""


# --- TERMINAL: conditional-write outcomes ----------------------------------------------------


class ConditionalWriteError(PersistenceError):
    """A condition protecting an invariant refused the write; ``existing`` is the stored item
    (decoded when it could be), so the caller can act without another read."""

    def __init__(self, message: str, *, existing: object | None = None, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.existing = existing


class AlreadyExistsError(ConditionalWriteError):
    """A create-only write found the item already present with different content."""


class NotFoundError(ConditionalWriteError):
    """The item the operation needs does not exist."""


class ConflictError(ConditionalWriteError):
    """The write contradicts what is stored (another nova owns the alias, another definitive
    validation result was recorded, ...)."""


class InvalidTransitionError(ConditionalWriteError):
    """The stored state does not allow this transition (finalizing a JobRun not RUNNING, ...)."""


class LockLostError(ConditionalWriteError):
    """The caller's lock token no longer holds the lock (taken over after expiry); nothing
    was changed. The caller must stop its side effects."""


class StaleWriterError(ConditionalWriteError):
    """The stored item has a newer schema_version than this writer; nothing was changed."""


class PointerImmutableError(ConditionalWriteError):
    """The raw bytes of a VALID spectra product are immutable; its raw pointer cannot change."""


# --- QUARANTINE ------------------------------------------------------------------------------


class QuarantineError(PersistenceError):
    """The data is ambiguous or fails an integrity check; route to quarantine, do not retry."""

    classification = ErrorClassification.QUARANTINE


class AmbiguousIdentityError(QuarantineError):
    """A name resolves to more than one nova."""
