"""The private bucket layout (DOMAIN.md section 6): S3 keys built from ids, and checked.

A pointer stored on an item must be the key the layout gives for that item's ids; anything
else raises :class:`~novacat_persistence.contracts.errors.PointerLayoutError`.
"""

from __future__ import annotations

import re
from uuid import UUID

from novacat_persistence.contracts.errors import PointerLayoutError

_VERSION = r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"


def raw_spectra_key(nova_id: UUID, data_product_id: UUID) -> str:
    """``raw/spectra/<nova_id>/<data_product_id>/primary.fits``: immutable once validated."""
    return f"raw/spectra/{nova_id}/{data_product_id}/primary.fits"


def quarantine_prefix(nova_id: UUID, data_product_id: UUID) -> str:
    """``quarantine/spectra/<nova_id>/<data_product_id>/``: quarantined context objects."""
    return f"quarantine/spectra/{nova_id}/{data_product_id}/"


def photometry_key(nova_id: UUID) -> str:
    """``derived/photometry/<nova_id>/photometry_table.parquet``: the canonical table,
    overwritten on each routine ingestion."""
    return f"derived/photometry/{nova_id}/photometry_table.parquet"


def photometry_snapshot_key(nova_id: UUID, old_schema_version: str) -> str:
    """``derived/photometry/<nova_id>/snapshots/schema=<old>/photometry_table.parquet``:
    written once, when the table's schema version changes."""
    if not re.fullmatch(_VERSION, old_schema_version):
        raise PointerLayoutError(
            f"photometry schema version {old_schema_version!r} is not MAJOR.MINOR.PATCH"
        )
    snapshot = f"snapshots/schema={old_schema_version}/photometry_table.parquet"
    return f"derived/photometry/{nova_id}/{snapshot}"


def check_raw_spectra_key(key: str, nova_id: UUID, data_product_id: UUID) -> None:
    """Raise PointerLayoutError unless ``key`` is the raw key of this nova and product."""
    expected = raw_spectra_key(nova_id, data_product_id)
    if key != expected:
        raise PointerLayoutError(
            f"raw spectra key {key!r} does not belong to this product",
            hint=f"the layout gives {expected!r}",
        )


def check_quarantine_key(key: str, nova_id: UUID, data_product_id: UUID) -> None:
    """Raise PointerLayoutError unless ``key`` lies under this product's quarantine prefix
    (``<prefix><timestamp>/<name>``)."""
    prefix = quarantine_prefix(nova_id, data_product_id)
    if not key.startswith(prefix) or "/" not in key[len(prefix) :].strip("/"):
        raise PointerLayoutError(
            f"quarantine key {key!r} is not under {prefix}<timestamp>/",
            hint="quarantine objects of a product live under its own prefix",
        )
