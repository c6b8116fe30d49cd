"""Standard output that says when it cannot be written.

A verb prints its result on standard output. Where that output goes to a file on a full disk
or a failing device, the write fails with an OSError deep inside whatever was printing;
:func:`checked_stdout` turns it into :class:`OutputError`, which the command line reports in
one line. A closed pipe (``| head``) stays a BrokenPipeError: the reader went away on purpose.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer


class OutputError(Exception):
    """Standard output could not be written (a full disk, a failing device): what the command
    printed was lost."""


class _StdoutFile(io.FileIO):
    """Standard output's file descriptor (never closed here), whose failed writes other than
    to a closed pipe raise :class:`OutputError`."""

    def write(self, data: ReadableBuffer, /) -> int:
        """Write, as ``FileIO.write`` does."""
        try:
            return super().write(data)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(exc.strerror or str(exc)) from None


@contextmanager
def checked_stdout() -> Iterator[None]:
    """While the block runs, ``sys.stdout`` (when it is the process's own standard output,
    not a capture) raises :class:`OutputError` for a write that fails; then it is as before.
    Flush it inside the block, where the error can be told; after an error, call
    :func:`discard_output` before the block ends."""
    original = sys.__stdout__
    if original is None or sys.stdout is not original:  # none, or a capture: left as it is
        yield
        return
    checked = io.TextIOWrapper(
        io.BufferedWriter(_StdoutFile(original.fileno(), "w", closefd=False)),
        encoding=original.encoding,
        errors=original.errors,
        line_buffering=original.line_buffering,
    )
    original.flush()
    sys.stdout = checked
    try:
        yield
    finally:
        sys.stdout = original
        checked.detach()  # its file stays open: it is the process's standard output


def discard_output() -> None:
    """Send what standard output still holds, and anything written to it later, nowhere: its
    reader went away, or it cannot be written (the interpreter's last flush then says
    nothing either)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
