"""Deterministic identities: data product ids, composite ids and idempotency keys.

Every id here is a pure function of its inputs, so concurrent or replayed executions that see
the same product mint the same id, and a conditional create then keeps exactly one item.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Final
from urllib.parse import urlsplit, urlunsplit
from uuid import UUID, uuid5

from novacat_persistence.contracts.errors import InputValidationError
from novacat_persistence.contracts.types import format_utc

DATA_PRODUCT_NAMESPACE: Final = UUID("6f1c0c1e-5a4b-5d2e-9a57-4e6f76616361")
"""The UUIDv5 namespace of every data product id Nova Cat mints. Never change it: ids minted
under it are stored in LocatorAlias items and S3 keys."""

PROVIDER_PRODUCT_PREFIX: Final = "provider_product_id:"
URL_PREFIX: Final = "url:"


def normalize_url(url: str) -> str:
    """Return the canonical form of a locator URL: lowercase scheme and host, default port
    dropped, empty path as ``/``; path, query and fragment kept as given."""
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        raise InputValidationError(
            f"locator URL {url!r} is not absolute", hint="pass scheme://host/..."
        )
    host = parts.hostname or ""
    default_port = {"http": 80, "https": 443}.get(parts.scheme.lower())
    netloc = host if parts.port in (None, default_port) else f"{host}:{parts.port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    return urlunsplit(
        (parts.scheme.lower(), netloc, parts.path or "/", parts.query, parts.fragment)
    )


def locator_identity(*, provider_product_id: str | None = None, url: str | None = None) -> str:
    """Return the locator identity of a product: ``provider_product_id:<id>`` when the provider
    gives a product id (preferred), else ``url:<normalized url>``."""
    if provider_product_id:
        return PROVIDER_PRODUCT_PREFIX + provider_product_id
    if url:
        return URL_PREFIX + normalize_url(url)
    raise InputValidationError(
        "a spectra product needs a provider product id or a locator URL",
        hint="pass provider_product_id= or url=",
    )


def spectra_product_id(provider: str, identity: str) -> UUID:
    """Return the data_product_id of a spectra product: UUIDv5 of ``<provider>|<identity>``
    under :data:`DATA_PRODUCT_NAMESPACE` (identity as :func:`locator_identity` builds it).
    Raises InputValidationError when the text is not well-formed Unicode."""
    name = f"{provider}|{identity}"
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise InputValidationError(
            f"provider or locator identity {name!r:.80} is not valid UTF-8 (lone surrogate)",
            hint="pass well-formed Unicode text",
        ) from None
    return uuid5(DATA_PRODUCT_NAMESPACE, name)


def photometry_product_id(nova_id: UUID) -> UUID:
    """Return the data_product_id of a nova's photometry table (one per nova)."""
    return uuid5(DATA_PRODUCT_NAMESPACE, f"PHOTOMETRY_TABLE|{nova_id}")


def composite_id(constituent_ids: Iterable[UUID]) -> UUID:
    """Return the id of the composite of these spectra: UUIDv5 of their sorted ids."""
    ordered = sorted(str(i) for i in constituent_ids)
    if not ordered:
        raise InputValidationError("a composite needs at least one constituent")
    return uuid5(DATA_PRODUCT_NAMESPACE, "COMPOSITE|" + ",".join(ordered))


def hour_bucket(instant: datetime) -> str:
    """Return the hour time bucket ``YYYY-MM-DDTHH`` (UTC) of an instant."""
    return format_utc(instant)[:13]


def workflow_idempotency_key(
    workflow_name: str, primary_id: str, schema_version: str, time_bucket: str
) -> str:
    """Return ``<workflow_name>:<primary_id>:<schema_version>:<time_bucket>``, the key of a
    workflow's idempotency lock. Internal: never put it in an event payload."""
    for name, value in (
        ("workflow_name", workflow_name),
        ("primary_id", primary_id),
        ("schema_version", schema_version),
        ("time_bucket", time_bucket),
    ):
        if not value or ":" in value:
            raise InputValidationError(
                f"idempotency key component {name} {value!r} must be non-empty and without ':'"
            )
    return f"{workflow_name}:{primary_id}:{schema_version}:{time_bucket}"
