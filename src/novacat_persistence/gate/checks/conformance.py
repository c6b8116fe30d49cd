"""Check ``conformance``: the conformance core passes for the working tree's reference
implementation."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from novacat_persistence.checkout import run_python
from novacat_persistence.gate.checks.context import Context
from novacat_persistence.gate.checks.result import CheckResult, judged

CONFORMANCE: Final = ("conformance", "--impl", "reference")
"""The conformance run the gate requires: the core suites against the reference wrapper."""


def conformance(ctx: Context, command: Sequence[str] = CONFORMANCE) -> CheckResult:
    """Run the working tree's ``novacat-persistence conformance --impl reference``
    (``command``), its suites and reference included, whatever copy of the kit is installed,
    in a scratch folder that receives its reports; FAILED unless it exits 0."""
    shown = f"novacat-persistence {' '.join(command)}"
    with tempfile.TemporaryDirectory(prefix="novacat-gate-") as scratch:
        try:
            cli = ("-m", "novacat_persistence.cli.main", *command)
            done = run_python(ctx.checkout, *cli, cwd=Path(scratch))
        except OSError as exc:
            return judged("conformance", _TITLE, "", [f"{shown}: not run: {exc}"], [])
    tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
    if done.returncode != 0:
        return judged("conformance", _TITLE, "", [f"{shown}: exit {done.returncode}", *tail], [])
    return judged("conformance", _TITLE, f"{shown} passed", [], tail)


_TITLE: Final = "the conformance core passes for the reference implementation"
