"""The private bucket layout (docs/domain.md, S3 pointers): S3 keys built from ids, and
recorded pointers checked against them.

A pointer stored on an item must be the key the layout gives for that item's ids; anything
else raises :class:`~novacat_persistence.contracts.errors.PointerLayoutError`. FileObject keys
are checked per role (:func:`check_file_layout`): roles with a documented layout must match it
exactly: SPECTRA_RAW_FITS (the product's raw key when the file names its product, else under
``raw/spectra/<nova_id>/``), SPECTRA_QUARANTINE_CONTEXT (under the product's quarantine
prefix), PHOTOMETRY_TABLE (the canonical key) and PHOTOMETRY_SNAPSHOT (a snapshot key of the
nova). For every role, no path segment of the key may be a UUID other than the file's own
ids: a key that names another nova or product is refused.
"""

from __future__ import annotations

import re
from typing import Final
from uuid import UUID

from novacat_persistence.contracts.entities import FileObject
from novacat_persistence.contracts.enums import FileRole
from novacat_persistence.contracts.errors import PointerLayoutError
from novacat_persistence.contracts.types import SEMVER_PATTERN, UUID_PATTERN

_UUID_SEGMENT: Final = re.compile(UUID_PATTERN, re.IGNORECASE)
_SNAPSHOT: Final = re.compile(r"snapshots/schema=([^/]+)/photometry_table\.parquet")


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
    if not re.fullmatch(SEMVER_PATTERN, old_schema_version):
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


def check_foreign_ids(key: str, *own: UUID | None) -> None:
    """Raise PointerLayoutError when a path segment of ``key`` is a UUID not in ``own``."""
    allowed = {str(i) for i in own if i is not None}
    for segment in key.split("/"):
        if _UUID_SEGMENT.fullmatch(segment) and segment.lower() not in allowed:
            raise PointerLayoutError(
                f"S3 key {key!r} names id {segment}, which is not one of this item's ids",
                hint="an object of another nova or product cannot be recorded here",
            )


def check_file_layout(file: FileObject) -> None:
    """Raise PointerLayoutError unless ``file.key`` fits the layout of its role and ids."""
    key, nova, product = file.key, file.nova_id, file.data_product_id
    check_foreign_ids(key, nova, product, file.file_id)
    if nova is None:
        return
    match file.role:
        case FileRole.SPECTRA_RAW_FITS if product is not None:
            check_raw_spectra_key(key, nova, product)
        case FileRole.SPECTRA_RAW_FITS:
            _require_prefix(key, f"raw/spectra/{nova}/")
        case FileRole.SPECTRA_QUARANTINE_CONTEXT if product is not None:
            check_quarantine_key(key, nova, product)
        case FileRole.PHOTOMETRY_TABLE:
            _require_equal(key, photometry_key(nova))
        case FileRole.PHOTOMETRY_SNAPSHOT:
            match = _SNAPSHOT.fullmatch(key.removeprefix(f"derived/photometry/{nova}/"))
            if match is None:
                raise PointerLayoutError(f"photometry snapshot key {key!r} breaks the layout")
            _require_equal(key, photometry_snapshot_key(nova, match.group(1)))
        case _:
            return


def _require_prefix(key: str, prefix: str) -> None:
    if not key.startswith(prefix) or key == prefix:
        raise PointerLayoutError(f"S3 key {key!r} is not under {prefix!r}")


def _require_equal(key: str, expected: str) -> None:
    if key != expected:
        raise PointerLayoutError(
            f"S3 key {key!r} breaks the layout", hint=f"the layout gives {expected!r}"
        )
