"""Worker processes: how they start, and that they stop when the command that started them is
interrupted, or gone.

Ctrl-C reaches every process of the terminal's process group. Workers started by
:func:`worker_pool` never take it themselves (an interrupt is blocked in them from their
start, so none prints a traceback of its own): the command takes it, and leaving the pool's
block early, by an interrupt or any other exception, cancels the work not started and ends
the workers under way at once, rather than waiting for every file to be read. A command killed
outright (SIGKILL), which can end nothing, leaves no worker behind either: each ends itself
once the command is gone (:func:`end_with_the_command`, every pool's initializer).

How workers start: from a fork server (:func:`served`), or, by :func:`safe_start`, forked from
the command while it runs no other thread (never beside threads, which may leave a child a
lock held).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.context import BaseContext

from novacat_persistence.interrupts import once_gone


@contextmanager
def worker_pool(workers: int, preload: str) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` processes, forked from a server that imported the module
    ``preload`` once where the platform has one (else spawned); shut down when the block ends,
    and stopped at once when it is left by an exception (which goes on).

    Submit the pool's work under :func:`interrupts_deferred`: its processes start then."""
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=served(preload), initializer=end_with_the_command
    )
    try:
        yield pool
    except BaseException:
        _stop(pool)
        raise
    finally:
        pool.shutdown(wait=True)  # once stopped, at once


def served(preload: str) -> BaseContext:
    """Workers forked from a server that imported the module ``preload`` once, where the
    platform has one; else spawned."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([preload])
    return context


def safe_start(preload: str) -> BaseContext:
    """The platform's default start (on Linux before Python 3.14, a fork of this process: the
    cheapest, workers hold what it imported) while this process runs no other thread; beside
    other threads, whose locks a forked child may inherit held (a deadlock: Python 3.12 warns),
    as :func:`served` starts them."""
    if _threads() == 1:
        return multiprocessing.get_context()
    return served(preload)


def _threads() -> int:
    """The threads this process runs: as the system counts them, where it tells (on Linux:
    threads started outside :mod:`threading` too, as by ``_thread``), else as threading does."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def end_with_the_command() -> None:
    """In a worker process (a pool's ``initializer``): end this process at once, whatever it
    is doing, when the process that started it is gone. Its results could reach no one, and a
    pool's idle worker would otherwise wait for work forever, keeping the pool's helper
    processes (fork server, resource tracker) alive with it. Outside a worker, nothing."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        once_gone(parent.sentinel, _exit_now)


def _exit_now() -> None:
    os._exit(1)


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """While the block runs, an interrupt (SIGINT) waits, and is taken when it ends; a process
    started in the block (and every process it forks) starts with it blocked. Nothing changes
    where signals cannot be blocked."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel the pool's work not started and end its processes (SIGTERM)."""
    processes = list((pool._processes or {}).values())  # its own record of them (typeshed)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
