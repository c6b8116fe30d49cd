"""Writing several files all or nothing.

Each file is first written in full to a temporary file in its own folder, then the temporary
files are renamed into place in the order given, the last one being the commit point (for the
corpus: its manifest, which is what makes the other files part of it). When anything fails,
the temporary files, the new files already renamed into place and the folders made for them
are removed.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path


def write_all(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write every ``(target, content)`` of ``files``, creating or replacing each target, or
    none of them; raise the OSError that stopped it. The last file is the commit point.

    Every file is staged before any target changes, so a failure to write (an unwritable
    folder, a full disk) changes nothing. A target renamed into place before a later rename
    failed is removed again if it is new; one that it replaced stays replaced (renames within
    a folder fail only when the folder itself is removed meanwhile)."""
    made: list[Path] = []  # folders made, outermost first
    staged: list[tuple[Path, Path, bool]] = []  # (temporary file, target, target is new)
    placed: list[Path] = []  # new targets renamed into place
    try:
        for target, content in files:
            _make_folders(target.parent, made)
            staged.append((_stage(target, content), target, not target.exists()))
        for temporary, target, new in staged:
            temporary.replace(target)
            if new:
                placed.append(target)
    except BaseException:
        for path in (*placed, *(temporary for temporary, _, _ in staged)):
            with suppress(OSError):
                path.unlink(missing_ok=True)
        for folder in reversed(made):
            with suppress(OSError):
                folder.rmdir()
        raise


def _make_folders(folder: Path, made: list[Path]) -> None:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
        made.append(path)


def _stage(target: Path, content: bytes) -> Path:
    """Write ``content`` to a new temporary file beside ``target``; return its path."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(handle, 0o666 & ~_umask())  # as a file made by open(): mkstemp's is private
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        with suppress(OSError):
            os.unlink(name)
        raise
    return Path(name)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
