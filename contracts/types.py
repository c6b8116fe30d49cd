"""Field types shared by the entity models.

Each type states a storage rule once: timestamps are timezone-aware and stored in UTC with a
``Z``; floats are stored exactly or refused; names of key components are non-empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Annotated, Any, Final
from uuid import UUID

from pydantic import BeforeValidator, Field, GetPydanticSchema, PlainSerializer
from pydantic_core import core_schema


def format_utc(value: datetime) -> str:
    """Return the canonical stored form of a UTC timestamp.

    ``YYYY-MM-DDTHH:MM:SS[.fff|.ffffff]Z``: no fraction when zero, milliseconds when the
    microseconds are whole milliseconds, else microseconds. The form is stable, so a key that
    embeds a timestamp is rebuilt byte for byte from the parsed value; :data:`UTC_TEXT`
    matches exactly the texts it returns. Raises ValueError for a naive datetime: which
    instant it means is unknown.
    """
    if value.tzinfo is not UTC:
        offset = value.utcoffset()
        if offset is None:
            raise ValueError(f"{value.isoformat()} has no timezone: pass an aware datetime (UTC)")
        if offset:
            value = value.astimezone(UTC)
    text = "%sT%02d:%02d:%02d" % (  # noqa: UP031  (%-formatting is the fastest here)
        _day_text(value.toordinal()),
        value.hour,
        value.minute,
        value.second,
    )
    micro = value.microsecond
    if not micro:
        return text + "Z"
    if micro % 1000:
        return "%s.%06dZ" % (text, micro)  # noqa: UP031
    return "%s.%03dZ" % (text, micro // 1000)  # noqa: UP031


@lru_cache(maxsize=4096)
def _day_text(ordinal: int) -> str:
    # Timestamps written together share their day: its text is formatted once.
    return date.fromordinal(ordinal).isoformat()


UTC_TEXT_PATTERN: Final = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(?:\.(?!000Z)[0-9]{3}|\.[0-9]{3}(?!000)[0-9]{3})?Z"
)
"""The texts :func:`format_utc` returns and no other (for a valid date): a stored timestamp
text that matches it is canonical, so it can stand for its value in a key."""
UTC_TEXT: Final = re.compile(UTC_TEXT_PATTERN)
""":data:`UTC_TEXT_PATTERN`, compiled (use ``fullmatch``)."""


UUID_PATTERN: Final = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
"""The canonical text of a UUID: lowercase, hyphenated (unanchored: use ``fullmatch``)."""


def uuid_text(value: UUID) -> str:
    """Return the canonical lowercase text of a UUID (``8-4-4-4-12`` hex digits)."""
    return str(value)


UtcDatetime = Annotated[
    datetime,
    GetPydanticSchema(lambda _type, _handler: core_schema.datetime_schema(tz_constraint=0)),
    PlainSerializer(format_utc, return_type=str, when_used="json-unless-none"),
]
"""An instant in UTC: naive datetimes and other offsets are refused (convert with
``astimezone(UTC)`` first); stored as :func:`format_utc` text."""


def _exact_float(value: Any) -> Any:
    if type(value) is str:
        converted = float(value)
        if repr(converted) == value:  # the common case: text written by this codec
            return converted
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(value, int):
        if float(value) != value:
            raise ValueError(f"{value} has no exact float value")
        return float(value)
    if isinstance(value, (str, Decimal)):
        try:
            exact = Decimal(value)
        except InvalidOperation as exc:
            raise ValueError(f"{value!r} is not a number") from exc
        if not exact.is_finite():
            raise ValueError("NaN and infinities cannot be stored")
        converted = float(exact)
        if Decimal(repr(converted)) != exact:
            raise ValueError(f"{value} has no exact float value; store it as a Decimal field")
        return converted
    return value


ExactFloat = Annotated[float, Field(allow_inf_nan=False), BeforeValidator(_exact_float)]
"""A finite float that converts from stored decimal text exactly, or is refused."""

NonNegativeExactFloat = Annotated[
    float, Field(ge=0, allow_inf_nan=False), BeforeValidator(_exact_float)
]
"""A non-negative float, exact as :data:`ExactFloat` (a signal-to-noise ratio, say)."""

RightAscensionDeg = Annotated[
    float, Field(ge=0, lt=360, allow_inf_nan=False), BeforeValidator(_exact_float)
]
"""Right ascension in degrees, [0, 360), exact as :data:`ExactFloat`."""

DeclinationDeg = Annotated[
    float, Field(ge=-90, le=90, allow_inf_nan=False), BeforeValidator(_exact_float)
]
"""Declination in degrees, [-90, 90], exact as :data:`ExactFloat`."""

NonEmptyStr = Annotated[str, Field(min_length=1)]
"""A string that must not be empty (DynamoDB refuses empty key attributes)."""

Fingerprint = Annotated[str, Field(min_length=1, max_length=256)]
"""An opaque content or error fingerprint (a hash in hex, usually)."""

Sha256Hex = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
"""A lowercase hexadecimal SHA-256 digest."""

BIBCODE_PATTERN = r"^[0-9]{4}[\x21-\x22\x24-\x7e]{15}$"
"""A 19-character ADS bibcode: a four-digit year, then printable ASCII without ``#``."""

Bibcode = Annotated[str, Field(pattern=BIBCODE_PATTERN)]
"""A 19-character ADS bibcode: a four-digit year, then printable ASCII without ``#``."""

SEMVER_PATTERN: Final = r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
"""A ``MAJOR.MINOR.PATCH`` version without leading zeros (unanchored: use ``fullmatch``)."""

SemVer = Annotated[str, Field(pattern=f"^{SEMVER_PATTERN}$")]
"""A MAJOR.MINOR.PATCH version string."""

EpochSeconds = Annotated[int, Field(ge=0)]
"""Seconds since the Unix epoch, as DynamoDB TTL wants them."""

NonNegativeInt = Annotated[int, Field(ge=0)]
"""A counter or size that cannot be negative."""

EXECUTION_MAX_CHARS: Final = 256
"""The longest text an execution identity may have."""


def uuid_as_text(value: Any) -> Any:
    """A UUID as its canonical text; any other value as it is (a before-validator for text
    fields that take UUIDs too)."""
    return uuid_text(value) if isinstance(value, UUID) else value


ExecutionText = Annotated[
    str,
    Field(min_length=1, max_length=EXECUTION_MAX_CHARS, pattern=r"^[^\x00-\x1f\x7f]+$"),
    BeforeValidator(uuid_as_text),
]
"""The identity of the execution that asked for a write, as text: a JobRun id (a UUID is taken
as its canonical text) or an idempotency token, 1..256 characters without control
characters."""


def _partial_date(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


DiscoveryDate = Annotated[
    str,
    Field(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[0-9]|[12][0-9]|3[01])$"),
    BeforeValidator(_partial_date),
]
"""A discovery date ``YYYY-MM-DD``; the day may be ``00`` when only the month is known."""

PartialDate = Annotated[
    str,
    Field(pattern=r"^[0-9]{4}-(0[0-9]|1[0-2])-(0[0-9]|[12][0-9]|3[01])$"),
    BeforeValidator(_partial_date),
]
"""A date ``YYYY-MM-DD`` known to the month or the year: the day, or the month and the day,
may be ``00``."""

SETTLED_VALIDATORS: Final[frozenset[Callable[[Any], Any]]] = frozenset(
    {_exact_float, _partial_date}
)
"""The field validators above that give back their own output unchanged (a float stays that
float, a date text that text): validating a value they produced again changes nothing. The
codec relies on it to read an item of an older version with the current model alone
(:mod:`~novacat_persistence.contracts.codec.direct_reads`); a validator not listed here keeps
such items on the two-step reading."""
