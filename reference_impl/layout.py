"""S3 keys of FileObjects checked against the bucket layout for their role and ids.

Roles with a documented layout (:mod:`~novacat_persistence.contracts.s3_layout`) must match
it exactly: SPECTRA_RAW_FITS (the product's raw key when the file names its product, else
under ``raw/spectra/<nova_id>/``), SPECTRA_QUARANTINE_CONTEXT (under the product's quarantine
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
from novacat_persistence.contracts.s3_layout import (
    check_quarantine_key,
    check_raw_spectra_key,
    photometry_key,
    photometry_snapshot_key,
)

_UUID_SEGMENT: Final = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_SNAPSHOT: Final = re.compile(r"snapshots/schema=([^/]+)/photometry_table\.parquet")


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
