"""The capture folder: checked before the session runs, filled when it ends.

Each table gets ``<table>.jsonl``: one line per captured item,
``{"Item": {...}, "Capture": {"table": ..., "writes": [...]}}``. ``Item`` is the item in
DynamoDB JSON, exactly as an export to S3 writes it; every reader of export lines
(``corpus replay``, ``corpus add``) reads ``Item`` and ignores the ``Capture`` record beside it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

import orjson

from novacat_persistence.capture.tables import CapturedItem

SUFFIX: Final = ".jsonl"
"""The suffix of a table's file (one ``corpus replay`` picks up in a folder)."""


class CaptureDirError(Exception):
    """The capture folder cannot be used; the message says why, in one line."""


def prepare(directory: Path) -> None:
    """Create ``directory`` if needed and check that it is an empty, writable folder.

    Raises CaptureDirError otherwise: captures are never written over earlier files.
    """
    if directory.exists() and not directory.is_dir():
        raise CaptureDirError(f"{directory} exists and is not a folder")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CaptureDirError(f"cannot create {directory}: {exc.strerror or exc}") from None
    if any(directory.iterdir()):
        raise CaptureDirError(
            f"{directory} is not empty (a capture never writes over earlier files): "
            "name a new folder"
        )
    try:
        with tempfile.NamedTemporaryFile(dir=directory):
            pass
    except OSError as exc:
        raise CaptureDirError(f"cannot write to {directory}: {exc.strerror or exc}") from None


def capture_line(captured: CapturedItem) -> bytes:
    """The line of one captured item (no trailing newline)."""
    return orjson.dumps(
        {
            "Item": captured.item,
            "Capture": {
                "table": captured.table,
                "writes": [write.to_json() for write in captured.writes],
            },
        }
    )


def write_tables(directory: Path, tables: Mapping[str, Sequence[CapturedItem]]) -> dict[Path, int]:
    """Write each table's items to ``<directory>/<table>.jsonl``; return the files written
    and their line counts (OSError if the folder cannot be written)."""
    written: dict[Path, int] = {}
    for table, items in sorted(tables.items()):
        path = directory / f"{table}{SUFFIX}"
        path.write_bytes(b"".join(capture_line(captured) + b"\n" for captured in items))
        written[path] = len(items)
    return written


__all__ = ["SUFFIX", "CaptureDirError", "capture_line", "prepare", "write_tables"]
