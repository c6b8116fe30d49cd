"""An interrupted ``conformance`` run lets pytest stop its workers, then says so in one line.

However the command is interrupted (Ctrl-C to the terminal's group, SIGINT or SIGTERM to it
alone), its pytest and pytest's worker processes get one Ctrl-C together and stop as pytest
does: its interrupted session on stdout; on stderr the command's one line alone, with no
complaint of a worker whose controller went away, nor a traceback of a second interrupt.
Nothing is left running. Killed outright (SIGKILL), the command leaves its pytest to stop
the same way.
"""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

import pytest

from ..process_sessions import (
    HAS_PROC,
    WAYS_TO_INTERRUPT,
    assert_stopped_in_one_line,
    interrupted,
    left_running,
    own_session,
    parent_of,
    process_group,
    session_of,
)
from .dynamodb_local_here import needs_dynamodb_local

pytestmark = pytest.mark.skipif(not HAS_PROC, reason="finds the run's processes in /proc")

PATIENCE = 60.0
"""Seconds the run may take to stop (pytest lets its workers end the test under way)."""

RACES: Final = ("--race-rounds", "100", "--", "-k", "test_races")
"""The races suite alone, each race run long (a second or more): an interrupt sent
:data:`INTO_THE_NEXT` seconds after the first has passed cuts the next one short while it
works on its table (which its fixtures must then give back)."""
INTO_THE_NEXT: Final = 1.0


@contextmanager
def conformance_run(
    folder: Path, jobs: int, *more: str, **options: Any
) -> Iterator[subprocess.Popen[str]]:
    """A conformance run on ``jobs`` processes (and ``more`` arguments), in a session of its
    own, once its first test has passed."""
    command = [sys.executable, "-m", "novacat_persistence.cli.main", "conformance"]
    arguments = ["--impl", "reference", "--jobs", str(jobs), "--report-dir", str(folder), *more]
    with own_session([*command, *arguments], cwd=folder, **options) as process:
        assert process.stdout is not None
        for line in process.stdout:  # the suites' progress: one line per test
            if " passed " in line:
                break
        assert process.poll() is None, "the run ended before it was signalled"
        yield process


@pytest.fixture
def running(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A conformance run on two processes, its input no terminal."""
    with conformance_run(tmp_path, 2, stdin=subprocess.DEVNULL) as process:
        yield process


@WAYS_TO_INTERRUPT
def test_an_interrupted_run_stops_its_pytest_and_workers_in_one_line(
    running: subprocess.Popen[str], signum: signal.Signals, to_group: bool
) -> None:
    out, err = interrupted(running, signum, to_group, PATIENCE)
    assert "KeyboardInterrupt" in out  # pytest's own account of the interrupted session
    assert_stopped_in_one_line(running, err, PATIENCE)


@pytest.mark.parametrize(
    "backend", ["moto", pytest.param("dynamodb-local", marks=needs_dynamodb_local)]
)
def test_a_run_alone_stays_in_the_terminal_s_group_and_stops_on_ctrl_c(
    tmp_path: Path, backend: str
) -> None:
    """``--jobs 1`` at a terminal: pytest stays in the command's group (the terminal's), where
    it may read the terminal (``-- --pdb``: a background group reading it would be stopped),
    and the terminal's Ctrl-C stops it and the command in one line, leaving nothing running.
    The fixtures of the test cut short give their table back to a backend still running (a
    stopped moto sent it to AWS itself, a DynamoDB Local killed by the same Ctrl-C refused
    it: pytest printed the traceback)."""
    terminal, its_end = pty.openpty()
    try:
        with conformance_run(tmp_path, 1, "--backend", backend, *RACES, stdin=its_end) as process:
            children = [pid for pid in session_of(process.pid) if pid != process.pid]
            assert children, "no pytest process"
            assert {process_group(pid) for pid in children} == {process.pid}
            time.sleep(INTO_THE_NEXT)
            _, err = interrupted(process, signal.SIGINT, True, PATIENCE)
            assert_stopped_in_one_line(process, err, PATIENCE)
    finally:
        os.close(terminal)
        os.close(its_end)


def test_a_run_alone_that_is_terminated_lets_pytest_stop_as_on_ctrl_c(tmp_path: Path) -> None:
    """SIGTERM to the command (a process manager) during ``--jobs 1``: pytest is passed a
    Ctrl-C, not killed, so that its fixtures stop what they started (DynamoDB Local's Java
    server was left running when pytest was passed the SIGTERM)."""
    with conformance_run(tmp_path, 1, *RACES, stdin=subprocess.DEVNULL) as process:
        time.sleep(INTO_THE_NEXT)
        out, err = interrupted(process, signal.SIGTERM, False, PATIENCE)
        assert "KeyboardInterrupt" in out  # pytest's own account: it stopped as on Ctrl-C
        assert_stopped_in_one_line(process, err, PATIENCE)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_run_whose_command_is_killed_outright_stops_as_on_ctrl_c(
    tmp_path: Path, jobs: int
) -> None:
    """The command killed outright (SIGKILL, a CI runner's timeout: no handler sees it): its
    pytest, which it can no longer stop, stops as on Ctrl-C all the same, with its workers,
    and leaves nothing running (it ran on to the end before)."""
    with conformance_run(tmp_path, jobs, *RACES, stdin=subprocess.DEVNULL) as process:
        time.sleep(INTO_THE_NEXT)
        os.kill(process.pid, signal.SIGKILL)
        try:
            out, _ = process.communicate(timeout=PATIENCE)  # until pytest's output ends
        except subprocess.TimeoutExpired:
            pytest.fail(f"pytest still running {PATIENCE:.0f}s after its command was killed")
        assert "KeyboardInterrupt" in out  # pytest's own account of the interrupted session
        assert left_running(process.pid, PATIENCE) == []


def test_a_run_whose_pytest_is_killed_says_so_and_leaves_nothing_running(tmp_path: Path) -> None:
    """pytest killed outright under the command (the out-of-memory killer): the command
    says so in its last line and exits 2 (no verdict), once what pytest left (its workers)
    has ended."""
    with conformance_run(tmp_path, 2, *RACES, stdin=subprocess.DEVNULL) as process:
        (pytest_process,) = [
            pid for pid in session_of(process.pid) if parent_of(pid) == process.pid
        ]
        os.kill(pytest_process, signal.SIGKILL)
        try:
            _, err = process.communicate(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the command still runs {PATIENCE:.0f}s after its pytest was killed")
        assert process.returncode == 2
        assert err.splitlines()[-1] == (
            "novacat-persistence: error: pytest was killed (SIGKILL) before the run ended: "
            "no verdict, no report; run it again (with fewer --jobs if memory ran out)"
        )
        assert not (tmp_path / "conformance.json").exists()
        assert left_running(process.pid, 0) == []  # the command waited for them
