"""The processes a command leaves: those of the session it leads (its own process group, and
any group its children lead), as /proc lists them (Linux only)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

HAS_PROC = Path("/proc/self/stat").exists()
"""Whether processes can be listed here (tests that need it are skipped elsewhere)."""


def _stat(pid: int | str) -> list[str]:
    """A process's ``/proc`` status fields after its command name (which may hold spaces):
    state, ppid, pgrp, session, ...; OSError once it has ended."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def session_of(leader: int) -> list[int]:
    """The live processes of a session (its leader included)."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = _stat(entry)
        except OSError:  # ended while listed
            continue
        if fields[0] != "Z" and int(fields[3]) == leader:
            members.append(int(entry))
    return members


def process_group(pid: int) -> int:
    """The process group a live process is in."""
    return int(_stat(pid)[2])


def parent_of(pid: int) -> int:
    """The parent of a live process."""
    return int(_stat(pid)[1])


def left_running(leader: int, patience: float) -> list[int]:
    """The processes of the session still there after ``patience`` seconds (none, at once,
    for a command that stopped every process it started)."""
    deadline = time.monotonic() + patience
    while session_of(leader) and time.monotonic() < deadline:
        time.sleep(0.05)
    return session_of(leader)


def kill_session(leader: int) -> None:
    """Kill every process of the session (SIGKILL): a test's cleanup, whatever happened."""
    for pid in session_of(leader):
        with contextlib.suppress(ProcessLookupError):  # ended meanwhile
            os.kill(pid, signal.SIGKILL)


WAYS_TO_INTERRUPT = pytest.mark.parametrize(
    ("signum", "to_group"),
    [(signal.SIGINT, True), (signal.SIGINT, False), (signal.SIGTERM, False)],
    ids=["ctrl-c-to-the-group", "sigint-to-the-command", "sigterm-to-the-command"],
)
"""Ctrl-C at a terminal (SIGINT to the whole foreground group); SIGINT or SIGTERM to the
command alone (``kill``, a process manager)."""


def interrupted(
    process: subprocess.Popen[str], signum: signal.Signals, to_group: bool, patience: float
) -> tuple[str, str]:
    """Signal a command that leads its process group (to its whole group, or to it alone) and
    return what it printed (stdout, stderr) once it has ended; fail the test when it has not
    ended within ``patience`` seconds."""
    if to_group:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    try:
        return process.communicate(timeout=patience)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running {patience:.0f}s after {signum.name}")


@contextmanager
def own_session(command: list[str], **options: Any) -> Iterator[subprocess.Popen[str]]:
    """A command started in a session and process group of its own (as a terminal's
    foreground job), its output piped as text and buffered as Python buffers a pipe (whatever
    ``PYTHONUNBUFFERED`` says here: what the command does not flush comes late); every process
    of the session is killed when the block ends, whatever happened."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        env=environment,
        **options,
    )
    try:
        yield process
    finally:
        kill_session(process.pid)
        process.communicate()


def assert_stopped_in_one_line(process: subprocess.Popen[str], err: str, patience: float) -> None:
    """The interrupted command exited 130 with its one line on stderr (nothing from any
    process it started), and left no process running."""
    assert process.returncode == 130
    assert err == "novacat-persistence: interrupted\n"
    assert left_running(process.pid, patience) == []
