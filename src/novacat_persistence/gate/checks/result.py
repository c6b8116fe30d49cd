"""What one check of the gate concludes: PASSED or FAILED, with its findings and notes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

SHOWN: Final = 30
"""Findings listed per check (the rest are counted)."""


class Status(StrEnum):
    """The outcome of one check. A check that could not run is FAILED: never a pass."""

    PASSED = "PASSED"
    FAILED = "FAILED"


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check: ``findings`` say what failed, ``notes`` what was checked."""

    id: str
    title: str
    status: Status
    summary: str
    findings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def judged(
    check_id: str, title: str, passed: str, findings: Sequence[str], notes: Sequence[str]
) -> CheckResult:
    """PASSED with ``passed`` as summary when there are no findings, else FAILED with the
    first :data:`SHOWN` findings listed and the rest counted."""
    if not findings:
        return CheckResult(check_id, title, Status.PASSED, passed, (), tuple(notes))
    shown = list(findings[:SHOWN])
    if len(findings) > SHOWN:
        shown.append(f"... and {len(findings) - SHOWN} more")
    return CheckResult(
        check_id,
        title,
        Status.FAILED,
        f"{len(findings)} problem(s)",
        tuple(shown),
        tuple(notes),
    )
