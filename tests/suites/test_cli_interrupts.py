"""An interrupted ``conformance`` run lets pytest stop its workers, then says so in one line.

However the command is interrupted (Ctrl-C to the terminal's group, SIGINT or SIGTERM to it
alone), its pytest and pytest's worker processes get one Ctrl-C together and stop as pytest
does: its interrupted session on stdout; on stderr the command's one line alone, with no
complaint of a worker whose controller went away, nor a traceback of a second interrupt.
Nothing is left running.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..process_sessions import (
    HAS_PROC,
    WAYS_TO_INTERRUPT,
    assert_stopped_in_one_line,
    interrupted,
    own_session,
)

pytestmark = pytest.mark.skipif(not HAS_PROC, reason="finds the run's processes in /proc")

PATIENCE = 60.0
"""Seconds the run may take to stop (pytest lets its workers end the test under way)."""


@pytest.fixture
def running(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A conformance run on two processes, in a session of its own, once its first test has
    passed."""
    command = [sys.executable, "-m", "novacat_persistence.cli.main", "conformance"]
    options = ["--impl", "reference", "--jobs", "2", "--report-dir", str(tmp_path)]
    with own_session([*command, *options], cwd=tmp_path) as process:
        assert process.stdout is not None
        for line in process.stdout:  # the suites' progress: one line per test
            if " passed " in line:
                break
        assert process.poll() is None, "the run ended before it was signalled"
        yield process


@WAYS_TO_INTERRUPT
def test_an_interrupted_run_stops_its_pytest_and_workers_in_one_line(
    running: subprocess.Popen[str], signum: signal.Signals, to_group: bool
) -> None:
    out, err = interrupted(running, signum, to_group, PATIENCE)
    assert "KeyboardInterrupt" in out  # pytest's own account of the interrupted session
    assert_stopped_in_one_line(running, err, PATIENCE)
