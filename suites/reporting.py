"""The conformance report: a JSON file per run and a per-suite terminal summary.

``<report-dir>/conformance.json`` holds the header (implementation, version, capabilities,
suite version, backend) and, per test: id, suite, capability (None: core), outcome, duration,
the hypothesis seed, and the failure text. JUnit XML goes to ``<report-dir>/junit.xml``
(pytest's own writer, which the CLI turns on).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class TestRecord:
    """The result of one suite test."""

    __test__ = False  # not a pytest test class

    test: str
    suite: str
    capability: str | None
    outcome: str = "passed"
    duration: float = 0.0
    hypothesis_seed: str | None = None
    detail: str | None = None


@dataclass
class Report:
    """Everything the JSON report and the terminal summary say."""

    header: dict[str, Any]
    tests: dict[str, TestRecord] = field(default_factory=dict)

    def record(self, record: TestRecord) -> None:
        """Add or update a test's record (the worst phase outcome wins)."""
        existing = self.tests.get(record.test)
        if existing is None:
            self.tests[record.test] = record
            return
        existing.duration += record.duration
        worse = record.outcome in ("failed", "error") and existing.outcome not in (
            "failed",
            "error",
        )
        if existing.outcome == "not run" or worse:
            existing.outcome = record.outcome
            existing.detail = record.detail or existing.detail
            existing.hypothesis_seed = record.hypothesis_seed

    def core_passed(self) -> bool:
        """True when core tests ran and each passed (or was skipped by the suite itself, for
        want of data such as an empty corpus); deselected core tests count as not run."""
        core = [t for t in self.tests.values() if t.capability is None]
        return bool(core) and all(t.outcome in ("passed", "skipped") for t in core)

    def by_suite(self) -> dict[str, Counter[str]]:
        """Outcome counts per suite."""
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for record in self.tests.values():
            counts[record.suite][record.outcome] += 1
        return dict(sorted(counts.items()))

    def durations(self) -> dict[str, float]:
        """Seconds spent per suite."""
        spent: dict[str, float] = defaultdict(float)
        for record in self.tests.values():
            spent[record.suite] += record.duration
        return dict(sorted(spent.items()))

    def write(self, folder: Path) -> Path:
        """Write ``conformance.json`` into ``folder``; return its path."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "conformance.json"
        body = {
            "header": self.header,
            "core_passed": self.core_passed(),
            "suites": {s: dict(c) for s, c in self.by_suite().items()},
            "tests": [asdict(t) for t in sorted(self.tests.values(), key=lambda t: t.test)],
        }
        path.write_text(json.dumps(body, indent=2, default=str), encoding="utf-8")
        return path

    def summary_lines(self) -> list[str]:
        """The per-suite terminal summary."""
        lines = []
        spent = self.durations()
        for suite, counts in self.by_suite().items():
            parts = ", ".join(f"{n} {o}" for o, n in sorted(counts.items()))
            lines.append(f"{suite:<28} {parts}  ({spent.get(suite, 0.0):.1f} s)")
        verdict = "PASSED" if self.core_passed() else "FAILED"
        lines.append(f"core: {verdict}")
        return lines
