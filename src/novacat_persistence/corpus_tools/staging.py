"""Writing several files all or nothing.

Each file is first written in full to a temporary file in its own folder, then the temporary
files are renamed into place in the order given, the last one being the commit point (for the
corpus: its manifest, which is what makes the other files part of it). When anything fails,
the temporary files, the new files already renamed into place and the folders made for them
are removed.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path


def write_all(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write every ``(target, content)`` of ``files``, creating or replacing each target, or
    none of them; raise the OSError that stopped it. The last file is the commit point.

    Every file is staged before any target changes, so a failure to write (an unwritable
    folder, a full disk) changes nothing. A target renamed into place before a later rename
    failed is removed again if it is new; one that it replaced stays replaced (renames within
    a folder fail only when the folder itself is removed meanwhile). Whatever stops it (an
    interrupt included), no staged file is left behind: each is named before it is made."""
    made: list[Path] = []  # folders made, outermost first
    temporaries: list[Path] = []  # every staged file, named before it is made
    staged: list[tuple[Path, Path, bool]] = []  # (temporary file, target, target is new)
    placed: list[Path] = []  # new targets renamed into place
    try:
        for target, content in files:
            _make_folders(target.parent, made)
            temporary = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
            temporaries.append(temporary)
            new = not target.exists()
            _stage(temporary, content)
            staged.append((temporary, target, new))
        for temporary, target, new in staged:
            temporary.replace(target)
            if new:
                placed.append(target)
    except BaseException:
        for path in (*placed, *temporaries):
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


def _stage(temporary: Path, content: bytes) -> None:
    """Write ``content`` to the new file ``temporary`` (made as open() makes a file: the
    umask applies), flushed to the disk."""
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(handle, "wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())
