"""A ``scan --jobs`` killed outright (SIGKILL, which no handler sees) leaves no worker behind:
each ends once the command is gone, where it finished its batch and waited for more forever."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from novacat_persistence.scan.engine import PARALLEL_MINIMUM

from ..process_sessions import HAS_PROC, left_running, own_session, session_of

JOBS = 2
CALLS = 400
"""Client calls per module: each module takes the scan some 40 ms here, the tree seconds."""


@pytest.mark.skipif(not HAS_PROC, reason="finds the command's processes in /proc")
def test_a_scan_killed_outright_leaves_no_worker_behind(tmp_path: Path) -> None:
    source = "import boto3\n" + "".join(
        f"def f{n}(key):\n    return boto3.client('s3').get_object(Bucket='b{n}', Key=key)\n"
        for n in range(CALLS)
    )
    for number in range(PARALLEL_MINIMUM):  # enough files for worker processes
        (tmp_path / f"module_{number}.py").write_text(source, encoding="utf-8")
    command = [sys.executable, "-m", "novacat_persistence.cli.main", "scan", "--jobs", str(JOBS)]
    with own_session([*command, str(tmp_path)]) as process:
        deadline = time.monotonic() + 60
        while len(session_of(process.pid)) < 1 + JOBS and time.monotonic() < deadline:
            time.sleep(0.02)
        assert process.poll() is None, "the scan ended before it was killed"
        assert len(session_of(process.pid)) >= 1 + JOBS, "the workers never started"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert left_running(process.pid, 20) == []
