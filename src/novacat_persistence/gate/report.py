"""What the gate found: every check's result against one base, rendered as text or JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from novacat_persistence.gate.checks.result import CheckResult, Status

REPORT_FORMAT: Final = "novacat-gate/2"
"""The ``format`` of the JSON report (``/2``: no ``skipped`` count, every check runs)."""


@dataclass(frozen=True)
class GateReport:
    """Every check's result, against one base."""

    repo: str
    base: str
    commit: str
    how: str
    checks: tuple[CheckResult, ...] = field(default_factory=tuple)

    def count(self, status: Status) -> int:
        """How many checks ended with ``status``."""
        return sum(1 for check in self.checks if check.status is status)

    @property
    def ok(self) -> bool:
        """Whether every check passed."""
        return self.count(Status.FAILED) == 0

    def to_json(self) -> dict[str, Any]:
        """The machine-readable report (``format`` :data:`REPORT_FORMAT`)."""
        return {
            "format": REPORT_FORMAT,
            "ok": self.ok,
            "repo": self.repo,
            "base": {"ref": self.base, "commit": self.commit, "how": self.how},
            "passed": self.count(Status.PASSED),
            "failed": self.count(Status.FAILED),
            "checks": [
                {
                    "id": c.id,
                    "title": c.title,
                    "status": c.status.value,
                    "summary": c.summary,
                    "findings": list(c.findings),
                    "notes": list(c.notes),
                }
                for c in self.checks
            ],
        }

    def to_text(self) -> str:
        """The readable report: one line per check, its findings and notes indented."""
        lines = [f"gate: {self.repo} against {self.base} ({self.commit[:12]}, {self.how})"]
        width = max((len(c.id) for c in self.checks), default=0)
        for check in self.checks:
            lines.append(f"  {check.status.value:<8} {check.id:<{width}}  {check.summary}")
            lines += [f"      - {_indented(finding)}" for finding in check.findings]
            lines += [f"      . {_indented(note)}" for note in check.notes]
        verdict = "passed" if self.ok else "FAILED"
        lines.append(
            f"gate {verdict}: {self.count(Status.PASSED)} passed, "
            f"{self.count(Status.FAILED)} failed"
        )
        return "\n".join(lines)


def _indented(text: str) -> str:
    """A multi-line finding, its continuation lines indented under the first."""
    return text.replace("\n", "\n        ")
