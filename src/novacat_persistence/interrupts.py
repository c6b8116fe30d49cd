"""Stopping a command cleanly: SIGTERM taken as an interrupt, a signal handled for the
length of a block, a child process waited for until it has stopped, and a process that acts
once the one that started it is gone."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, Final, NoReturn

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


INTERRUPT_GRACE_SECONDS: Final = 2.0
"""How long a child may take to stop on the terminal's own SIGINT before it is passed one."""


def waited(
    child: subprocess.Popen[Any],
    *,
    stop: signal.Signals = signal.SIGTERM,
    grace: float = INTERRUPT_GRACE_SECONDS,
) -> int:
    """The exit code of a child process of this process's group, waited for.

    Interrupted while it waits (KeyboardInterrupt, or :class:`Terminated`), it lets the
    child stop as it would itself, then raises: terminated, it passes on ``stop`` (the signal
    the child stops cleanly on) at once; a SIGINT sent to this process alone (not to the
    terminal's whole group, which the child gets too) is passed on when the child has not
    stopped within ``grace`` seconds. Never a child left running, nor one killed in the
    middle of its writes."""
    try:
        return child.wait()
    except Terminated:
        child.send_signal(stop)
        child.wait()
        raise
    except KeyboardInterrupt:
        try:
            child.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGINT)
            child.wait()
        raise


def waited_group(child: subprocess.Popen[Any], stop: signal.Signals) -> int:
    """The exit code of a child that leads a process group of its own, waited for (started
    with ``process_group=0``: a terminal's Ctrl-C reaches this process alone).

    Interrupted while it waits (KeyboardInterrupt, or :class:`Terminated`), it passes
    ``stop`` (the signal the child stops cleanly on) to the child's whole group at once, lets
    it stop, then raises: however this process was interrupted, the child and its own
    children get one signal, together. A second interrupt while they stop kills them.

    Once the child has ended, what it started and left (its child killed outright, say) is
    let end on its own, for :data:`LEFT_TO_END_SECONDS` at most, then killed: when this
    returns, no process of the group is left."""
    try:
        code = child.wait()
    except KeyboardInterrupt:
        _signal_group(child, stop)
        try:
            child.wait()
        except KeyboardInterrupt:  # asked again: at once
            _signal_group(child, signal.SIGKILL)
            child.wait()
        raise
    _left_to_end(child)
    return code


LEFT_TO_END_SECONDS: Final = 10.0
"""How long what a child group's leader left behind may take to end on its own."""


def _left_to_end(child: subprocess.Popen[Any]) -> None:
    """Wait until the group the ended ``child`` led has no process left, killing what is
    left after :data:`LEFT_TO_END_SECONDS`."""
    deadline = time.monotonic() + LEFT_TO_END_SECONDS
    while time.monotonic() < deadline:
        try:
            os.killpg(child.pid, 0)
        except (ProcessLookupError, PermissionError):  # ended (the number taken since)
            return
        time.sleep(0.05)
    _signal_group(child, signal.SIGKILL)


def _signal_group(child: subprocess.Popen[Any], signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group has ended already
        os.killpg(child.pid, signum)


def once_gone(descriptor: int, action: Callable[[], object]) -> None:
    """Run ``action`` (in a daemon thread) once ``descriptor`` is at its end: the read end of
    a pipe, or a process sentinel, whose other end only the starting process holds (and
    never writes to), is ready once that process is gone, however it ended (a SIGKILL
    included). Nothing is done for a descriptor that is not open."""

    def watch() -> None:
        # imported here: every verb imports this module, few watch a descriptor
        from multiprocessing.connection import wait  # noqa: PLC0415

        try:
            wait([descriptor])
        except (OSError, ValueError):  # not open here: nothing to watch
            return
        action()

    threading.Thread(target=watch, name="once-gone", daemon=True).start()
