"""An interrupted ``corpus replay`` stops at once, in one line, leaving no process behind.

Ctrl-C reaches every process of the terminal's process group; ``kill`` or a process manager
signals the command alone. Either way, with ``--jobs``, the command stops its workers rather
than waiting for them to read every file, and no worker (nor the server they are forked
from) prints a traceback. The exports here hold far more lines than are read before the
signal, so a command that waits for its workers does not stop within the test's patience.
Killed outright, the command leaves no worker behind either.
"""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..process_sessions import (
    HAS_PROC,
    WAYS_TO_INTERRUPT,
    assert_stopped_in_one_line,
    interrupted,
    left_running,
    own_session,
    session_of,
)
from .test_replay import corpus_lines

pytestmark = pytest.mark.skipif(not HAS_PROC, reason="finds the command's processes in /proc")

JOBS = 2
FILES = 2 * JOBS
"""Export files: more than the workers, so that work is still queued when the signal comes."""
LINES_PER_MEMBER = 50_000
MEMBERS = 80
"""Each file is this many gzip members of the same lines (4M lines: a minute of reading a
file here, where the test waits a few seconds): under 3 MB on disk, long to read."""
PATIENCE = 20.0
"""Seconds a stopped command may take to exit (it takes well under one)."""


@pytest.fixture(scope="module")
def long_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("long-export")
    line = corpus_lines("nova/1.0.0.jsonl")[0]
    member = gzip.compress(line * LINES_PER_MEMBER, compresslevel=9)
    for number in range(FILES):
        (folder / f"part-{number}.json.gz").write_bytes(member * MEMBERS)
    return folder


@pytest.fixture
def started(long_export: Path) -> Iterator[subprocess.Popen[str]]:
    """``corpus replay --jobs 2`` of the long export, in a session of its own, once its
    workers run."""
    command = [sys.executable, "-m", "novacat_persistence.cli.main", "corpus", "replay"]
    with own_session([*command, "--jobs", str(JOBS), "--no-progress", str(long_export)]) as process:
        deadline = time.monotonic() + 120
        while len(session_of(process.pid)) < 1 + JOBS and time.monotonic() < deadline:
            time.sleep(0.05)  # the command and its workers (and the server forking them)
        time.sleep(0.5)  # the workers reading
        assert len(session_of(process.pid)) >= 1 + JOBS, "the workers never started"
        assert process.poll() is None, "the replay ended before it was signalled"
        yield process


@WAYS_TO_INTERRUPT
def test_an_interrupted_replay_with_workers_stops_at_once_in_one_line(
    started: subprocess.Popen[str], signum: signal.Signals, to_group: bool
) -> None:
    """Within the test's patience: a command that waits for its workers reads on for minutes."""
    out, err = interrupted(started, signum, to_group, PATIENCE)
    assert out == ""
    assert_stopped_in_one_line(started, err, PATIENCE)


def test_a_replay_killed_outright_leaves_no_worker_behind(
    started: subprocess.Popen[str],
) -> None:
    """SIGKILL to the command alone, which no handler sees: its workers end on their own, and
    with them the server they were forked from (each waited for work forever, keeping it)."""
    os.kill(started.pid, signal.SIGKILL)
    started.wait()
    assert left_running(started.pid, PATIENCE) == []


_INTERRUPTED_WHILE_IMPORTING = """
import os, signal, sys, threading, time
from novacat_persistence.cli.main import main

def interrupt_during_the_imports():
    while "novacat_persistence.contracts.entities" not in sys.modules:
        time.sleep(0.0002)
    verb = sys.modules.get("novacat_persistence.cli.corpus_cmd")
    print("verb imported" if hasattr(verb, "register") else "verb importing", flush=True)
    os.kill(os.getpid(), signal.SIGINT)

threading.Thread(target=interrupt_during_the_imports, daemon=True).start()
sys.exit(main(["corpus", "replay", sys.argv[1]]))
"""


def test_an_interrupt_while_the_verb_is_imported_is_one_line(tmp_path: Path) -> None:
    """Ctrl-C in the first moments, as the verb's modules (the contracts) are imported."""
    export = tmp_path / "export.json"
    export.write_bytes(b"".join(corpus_lines("nova/1.0.0.jsonl")))
    done = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_WHILE_IMPORTING, str(export)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stdout == "verb importing\n"  # the signal came in the window under test
    assert done.returncode == 130
    assert done.stderr == "novacat-persistence: interrupted\n"
