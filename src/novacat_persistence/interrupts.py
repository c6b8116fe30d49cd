"""Stopping a command cleanly: SIGTERM taken as an interrupt, and a signal handled for the
length of a block."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import NoReturn

Handler = Callable[[int, FrameType | None], object]
"""A Python signal handler."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, received while a command ran: it stops as an interrupt does (what it was
    writing is cleaned up) and is passed on to a child it waits for."""


def raise_terminated(_signum: int, _frame: FrameType | None) -> NoReturn:
    """The SIGTERM handler that raises :class:`Terminated` where the command is."""
    raise Terminated


@contextmanager
def signal_handled(signum: int, handler: Handler) -> Iterator[None]:
    """While the block runs, ``handler`` handles ``signum``; after it, the handler before does
    again. In a thread other than the main one, where Python sets no handler, nothing
    changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signum, handler)
    try:
        yield
    finally:
        signal.signal(signum, previous if previous is not None else signal.SIG_DFL)
