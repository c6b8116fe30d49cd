"""Files of DynamoDB export lines: finding them, and streaming their lines in bounded memory.

A DynamoDB export to S3 (DYNAMODB_JSON) writes gzip'd files of export lines under
``AWSDynamoDB/<export-id>/data/``, beside ``manifest-summary.json`` and
``manifest-files.json``. Directories are searched recursively for ``*.json.gz``, ``*.json``,
``*.jsonl`` and ``*.jsonl.gz``, leaving out the export's own manifests; symbolic links to
directories are followed, each directory entered once (a link loop ends there). Files named
explicitly are read whatever their name. Whether a file is gzip'd is told by its first bytes.

Nothing under a searched directory is skipped silently: an entry that cannot be examined or
listed, an export-named entry that is no regular file, or a file of an Amazon Ion export
(``*.ion.gz``, ``*.ion``: DynamoDB's other export format, which no reader here reads) is
returned as :class:`Unreadable`.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO, Final, Protocol, cast

from isal import isal_zlib

EXPORT_SUFFIXES: Final = (".json.gz", ".jsonl.gz", ".json", ".jsonl")
"""File names a directory search picks up."""
EXPORT_MANIFESTS: Final = frozenset({"manifest-summary.json", "manifest-files.json"})
"""The export's own metadata files, skipped by a directory search."""
ION_SUFFIXES: Final = (".ion.gz", ".ion")
"""File names of an Amazon Ion export, reported unreadable by a directory search."""
ION_EXPORT: Final = (
    "an Amazon Ion export's file: replay reads DYNAMODB_JSON exports (export the table again "
    "with ExportFormat DYNAMODB_JSON)"
)
"""Why an Amazon Ion export's file is not read."""
_GZIP_MAGIC: Final = b"\x1f\x8b"

MAX_LINE_BYTES: Final = 4 * 1024 * 1024
"""The longest line read (newline excluded); a longer one is :data:`OVERSIZED`.

DynamoDB refuses items over 400 KiB, counted as the UTF-8 bytes of attribute names and
values plus one byte per list or map element. The export spells each counted byte in at most
9 bytes of text (the worst case: an empty string in a list, 1 byte counted, ``{"S":""},``
written; a control character in a string takes 6, ``\\u001f``), so no item's line reaches
3.6 MiB. 4 MiB leaves room for that and bounds what one line can cost in memory: the line,
and its parsed form (about 90 MiB for a line of 466,000 empty strings, the costliest)."""
BLOCK_BYTES: Final = 256 * 1024
"""Decompressed bytes read at a time (lines are split from them in C); below the line bound,
so only the line running across blocks needs checking."""

OVERSIZED: Final = b"<oversized line>"
"""Yielded (this very object: test with ``is``) in place of a line longer than
:data:`MAX_LINE_BYTES`, whose bytes are skipped without being kept."""

READ_ERRORS: Final[tuple[type[Exception], ...]] = (
    OSError,
    EOFError,
    cast(type[Exception], isal_zlib.error),  # a class; its stub declares an instance
)
"""What reading a corrupt or truncated file raises (a bad gzip header, a CRC mismatch, a
stream that ends early, a broken deflate stream)."""


class ExportPathError(OSError):
    """A path given to search is not a file or directory that can be read (it does not
    exist, is a link loop or a link to nothing, a FIFO, a socket or a device)."""


@dataclass(frozen=True)
class Unreadable:
    """An entry under a searched directory that could not be examined, listed or read."""

    path: str
    reason: str


@dataclass
class Discovery:
    """What a search found: the export files to read, in order, and what it could not read."""

    files: list[Path] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)


def _kind(mode: int) -> str:
    """What a file that is neither a regular file nor a directory is."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop"
    return exc.strerror or type(exc).__name__


def _given(path: Path) -> os.stat_result:
    """The status of a path given to search; ExportPathError saying what it is, if unusable."""
    try:
        status = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise ExportPathError(f"{path}: a symbolic link to nothing") from None
        raise ExportPathError(f"{path}: no such file or directory") from None
    except OSError as exc:
        raise ExportPathError(f"{path}: cannot be examined: {_reason(exc)}") from None
    if not (stat.S_ISDIR(status.st_mode) or stat.S_ISREG(status.st_mode)):
        raise ExportPathError(f"{path}: {_kind(status.st_mode)}, not a file or directory")
    return status


def discover(paths: Sequence[Path]) -> Discovery:
    """Return the files to read: each file given, then the export files under each directory
    (recursively, in path order), and every entry found that could not be read.

    Raises :class:`ExportPathError` for a given path that is not a readable file or
    directory.
    """
    found = Discovery()
    for path in paths:
        status = _given(path)
        if stat.S_ISDIR(status.st_mode):
            files: list[Path] = []
            _search(path, status, files, found.unreadable)
            found.files += sorted(files)
        else:
            found.files.append(path)
    return found


def _search(
    root: Path, status: os.stat_result, files: list[Path], unreadable: list[Unreadable]
) -> None:
    """Collect the export files under ``root``, entering each directory once."""
    entered = {(status.st_dev, status.st_ino)}
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            if folder is root:
                raise ExportPathError(f"{root}: cannot be listed: {_reason(exc)}") from None
            unreadable.append(Unreadable(str(folder), f"cannot be listed: {_reason(exc)}"))
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                status = entry.stat()  # follows symbolic links
            except OSError as exc:
                dangling = isinstance(exc, FileNotFoundError) and entry.is_symlink()
                reason = "a symbolic link to nothing" if dangling else _reason(exc)
                unreadable.append(Unreadable(str(path), f"cannot be examined: {reason}"))
                continue
            mode = status.st_mode
            if stat.S_ISDIR(mode):
                identity = (status.st_dev, status.st_ino)
                if identity not in entered:  # a link back to a folder already searched
                    entered.add(identity)
                    pending.append(path)
            elif entry.name.endswith(EXPORT_SUFFIXES) and entry.name not in EXPORT_MANIFESTS:
                if stat.S_ISREG(mode):
                    files.append(path)
                else:
                    unreadable.append(Unreadable(str(path), f"{_kind(mode)}, not a file"))
            elif entry.name.endswith(ION_SUFFIXES):
                unreadable.append(Unreadable(str(path), ION_EXPORT))


class LineSource:
    """The lines of one export file, and how far into the (compressed) file reading got."""

    def __init__(self, raw: BinaryIO, blocks: Iterator[list[bytes]]) -> None:
        self._raw = raw
        self.blocks = blocks
        """The file's lines (bytes, without the line ending), decompressed when gzip'd, a
        block of the file at a time (:func:`bounded_blocks`); :data:`OVERSIZED` in place of
        each line longer than :data:`MAX_LINE_BYTES`."""

    @property
    def lines(self) -> Iterator[bytes]:
        """The lines of :attr:`blocks`, one at a time (those not read yet)."""
        return chain.from_iterable(self.blocks)

    def position(self) -> int:
        """Bytes of the file consumed so far (compressed bytes for a gzip'd file)."""
        return self._raw.tell()


def bounded_lines(stream: BinaryIO) -> Iterator[bytes]:
    """The lines of a binary stream without their line feed, never holding more than one block
    and :data:`MAX_LINE_BYTES` of it: :data:`OVERSIZED` stands for each longer line."""
    return chain.from_iterable(bounded_blocks(read_in_blocks(stream)))


def read_in_blocks(stream: BinaryIO) -> Iterator[bytes]:
    """A binary stream's bytes, :data:`BLOCK_BYTES` at most at a time."""
    read = stream.read
    while block := read(BLOCK_BYTES):
        yield block


def bounded_blocks(pieces: Iterable[bytes]) -> Iterator[list[bytes]]:
    """The lines of a stream given in pieces (of :data:`BLOCK_BYTES` at most), as
    :func:`bounded_lines` gives them: those ending in one piece at a time (a list, never
    empty). What a piece's iterator raises is raised once the lines before it are given; the
    line it cuts short is no line."""
    partial = b""  # the start of a line running across pieces
    oversized = False  # the line running across pieces is too long: its bytes are dropped
    for block in pieces:
        lines = block.split(b"\n")
        rest = lines.pop()  # the unfinished last line of the block (b"" after a newline)
        if not lines:  # no line ends in this block
            if not oversized:
                partial += rest
                if len(partial) > MAX_LINE_BYTES:
                    partial, oversized = b"", True
            continue
        if oversized:
            lines[0] = OVERSIZED
            oversized = False
        elif partial:
            first = partial + lines[0]
            lines[0] = OVERSIZED if len(first) > MAX_LINE_BYTES else first
        yield lines
        partial = rest
    if oversized:
        yield [OVERSIZED]
    elif partial:
        yield [partial]


def gunzipped(raw: BinaryIO) -> Iterator[bytes]:
    """The decompressed bytes of a gzip stream of one member or more (ISA-L, ``isal``: two to
    three times faster than zlib), :data:`BLOCK_BYTES` at most at a time. Every byte the
    stream holds before it ends early, before data that is no gzip member follows its last
    member (zero padding is no data), or before a corrupt part (give or take the output of
    :data:`_COMPRESSED_BYTES` of input) is given before the error is raised: EOFError,
    :class:`BadGzipFile`, or ``isal_zlib.error``."""
    decompressor = isal_zlib.decompressobj(wbits=_GZIP_WBITS)
    fed = False  # whether the member being read has begun
    while chunk := raw.read(_COMPRESSED_BYTES):
        while chunk:
            if not fed:  # between members: zero padding is no data, anything else a member
                chunk = chunk.lstrip(b"\0")
                if not chunk:
                    break
                if not _GZIP_MAGIC.startswith(chunk[:2]):
                    raise BadGzipFile(
                        "data after the end of the gzip stream that is no gzip member"
                    )
            data = decompressor.decompress(chunk, BLOCK_BYTES)
            fed = True
            if data:
                yield data
            if decompressor.eof:  # a member ends: what follows may begin another
                chunk = decompressor.unused_data
                decompressor = isal_zlib.decompressobj(wbits=_GZIP_WBITS)
                fed = False
            else:
                chunk = decompressor.unconsumed_tail
    if fed:
        raise EOFError("the gzip stream ends before its end-of-stream marker (truncated)")


class BadGzipFile(OSError):
    """A gzip stream holds what no gzip member is."""


_GZIP_WBITS: Final = 16 + 15
"""zlib's window bits for the gzip format (header and trailer checked)."""
_COMPRESSED_BYTES: Final = 64 * 1024
"""Compressed bytes decompressed at a time: what a corrupt part can keep from being given."""


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading; OSError (never a wait) for anything else, such as a
    FIFO that no one writes to."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            raise ExportPathError(f"{path}: {_kind(mode)}, not a file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(handle, True)
    except BaseException:
        os.close(handle)
        raise
    return os.fdopen(handle, "rb")


@contextmanager
def stream_lines(raw: io.BufferedReader[Any]) -> Iterator[LineSource]:
    """Read a binary stream line by line, decompressing it when its first bytes are gzip's.

    A gzip'd stream is decompressed by :func:`gunzipped`. Reading a corrupt or truncated
    stream raises one of :data:`READ_ERRORS` from the line iterator, once the lines before
    the fault are given.
    """
    if raw.peek(2)[:2] == _GZIP_MAGIC:
        yield LineSource(raw, bounded_blocks(gunzipped(raw)))
    else:
        yield LineSource(raw, bounded_blocks(read_in_blocks(raw)))


@contextmanager
def open_lines(path: Path) -> Iterator[LineSource]:
    """Open an export file for reading line by line (OSError if it cannot be opened); see
    :func:`stream_lines`."""
    with open_regular(path) as raw, stream_lines(cast("io.BufferedReader[Any]", raw)) as source:
        yield source


class ExportFile(Protocol):
    """One file of an export, wherever it lies: what a replay reads (in this process or in a
    worker process, so it must pickle)."""

    @property
    def name(self) -> str:
        """How the report names the file (a path, an ``s3://`` URL)."""

    @property
    def size(self) -> int:
        """Its bytes as stored (compressed, when gzip'd); 0 when unknown."""

    def open(self) -> AbstractContextManager[LineSource]:
        """Open it for reading line by line (OSError, or one of :data:`READ_ERRORS`)."""


@dataclass(frozen=True)
class LocalFile:
    """An export file on a local file system."""

    path: Path

    @property
    def name(self) -> str:
        """The path."""
        return str(self.path)

    @property
    def size(self) -> int:
        """Its bytes, 0 if it cannot be examined (that is reported when it is opened)."""
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    def open(self) -> AbstractContextManager[LineSource]:
        """See :func:`open_lines`."""
        return open_lines(self.path)
