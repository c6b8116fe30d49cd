"""Opening the files a scan reads: regular files only, never blocking on anything else."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO


class NotARegularFile(OSError):
    """The path is a FIFO, a socket or a device: it holds no source text to read."""


def describe(mode: int) -> str:
    """What a file of ``mode`` (an ``st_mode``) is, in words: ``a FIFO``, ``a directory``, ..."""
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((words for test, words in kinds if test(mode)), "a special file")


@contextmanager
def open_regular(path: str) -> Iterator[BinaryIO]:
    """Open the regular file at ``path`` (links followed) for reading in binary.

    Whatever cannot be read raises :class:`OSError` with a ``strerror`` meant for people: the
    system's reason (no such file, permission denied, too many levels of symbolic links),
    :class:`IsADirectoryError` for a directory, :class:`NotARegularFile` for a FIFO, socket or
    device, which is never waited on.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        if not stat.S_ISREG(mode):
            raise NotARegularFile(0, f"{describe(mode)}, not a regular file", path)
    except OSError:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as stream:
        yield stream
