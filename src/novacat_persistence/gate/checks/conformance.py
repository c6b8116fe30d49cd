"""Check ``conformance``: the conformance core passes for the reference implementation."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Sequence
from typing import Final

from novacat_persistence.gate.checks.context import Context
from novacat_persistence.gate.checks.result import CheckResult, judged

CONFORMANCE: Final = ("conformance", "--impl", "reference")
"""The conformance run the gate requires: the core suites against the reference wrapper."""


def conformance(ctx: Context, command: Sequence[str] = CONFORMANCE) -> CheckResult:
    """Run ``novacat-persistence conformance --impl reference`` (``command``) in a scratch
    folder that receives its reports; FAILED unless it exits 0."""
    with tempfile.TemporaryDirectory(prefix="novacat-gate-") as scratch:
        done = subprocess.run(
            [sys.executable, "-m", "novacat_persistence.cli.main", *command],
            cwd=scratch,
            capture_output=True,
            text=True,
            check=False,
        )
    tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
    shown = " ".join(command)
    return judged(
        "conformance",
        "the conformance core passes for the reference implementation",
        f"novacat-persistence {shown} passed",
        []
        if done.returncode == 0
        else [f"novacat-persistence {shown}: exit {done.returncode}", *tail],
        tail if done.returncode == 0 else [],
    )
