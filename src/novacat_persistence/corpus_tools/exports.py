"""Files of DynamoDB export lines: finding them, and streaming their lines.

A DynamoDB export to S3 (DYNAMODB_JSON) writes gzip'd files of export lines under
``AWSDynamoDB/<export-id>/data/``, beside ``manifest-summary.json`` and
``manifest-files.json``. Directories are searched recursively for ``*.json.gz``, ``*.json``,
``*.jsonl`` and ``*.jsonl.gz``, leaving out the export's own manifests; files named
explicitly are read whatever their name. Whether a file is gzip'd is told by its first bytes.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Final, cast

from isal import igzip, isal_zlib

EXPORT_SUFFIXES: Final = (".json.gz", ".jsonl.gz", ".json", ".jsonl")
"""File names a directory search picks up."""
EXPORT_MANIFESTS: Final = frozenset({"manifest-summary.json", "manifest-files.json"})
"""The export's own metadata files, skipped by a directory search."""
_GZIP_MAGIC: Final = b"\x1f\x8b"
_BUFFER_BYTES: Final = 1 << 16
"""Decompressed bytes read at a time (lines are split from them in C)."""

READ_ERRORS: Final[tuple[type[Exception], ...]] = (
    OSError,
    EOFError,
    zlib.error,
    cast(type[Exception], isal_zlib.error),  # a class; its stub declares an instance
)
"""What reading a corrupt or truncated file raises (a bad gzip header, a CRC mismatch, a
stream that ends early, a broken deflate stream)."""


def discover(paths: Sequence[Path]) -> list[Path]:
    """Return the files to read: each file given, then the export files under each directory
    (recursively, in name order). Raises FileNotFoundError for a path that does not exist."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.name.endswith(EXPORT_SUFFIXES)
                    and p.name not in EXPORT_MANIFESTS
                )
            )
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or directory")
    return found


class LineSource:
    """The lines of one export file, and how far into the (compressed) file reading got."""

    def __init__(self, raw: BinaryIO, lines: Iterator[bytes]) -> None:
        self._raw = raw
        self.lines = lines
        """The file's lines (bytes, newline included), decompressed when gzip'd."""

    def position(self) -> int:
        """Bytes of the file consumed so far (compressed bytes for a gzip'd file)."""
        return self._raw.tell()


@contextmanager
def open_lines(path: Path) -> Iterator[LineSource]:
    """Open an export file for reading line by line (OSError if it cannot be opened).

    A gzip'd file is decompressed with ISA-L (``isal``: the gzip format, two to three times
    faster than zlib). Reading a corrupt or truncated stream raises one of
    :data:`READ_ERRORS` from the line iterator.
    """
    with path.open("rb") as raw:
        if raw.read(2) == _GZIP_MAGIC:
            raw.seek(0)
            with igzip.IGzipFile(fileobj=raw, mode="rb") as unzipped:
                yield LineSource(raw, iter(io.BufferedReader(unzipped, _BUFFER_BYTES)))
        else:
            raw.seek(0)
            yield LineSource(raw, iter(raw))
