"""The conformance report: a JSON file per run and a per-suite terminal summary.

``<report-dir>/conformance.json`` holds the header (implementation, version, capabilities,
suite version, backend, the session's hypothesis seed) and, per test: id, suite, capability
(None: core), outcome, duration, the hypothesis seed, and the failure text. JUnit XML goes to
``<report-dir>/junit.xml`` (pytest's own writer, which the CLI turns on).

The hypothesis seed (:class:`HypothesisSeed`): every conformance session runs hypothesis under
one global seed, the ``--hypothesis-seed`` given or, when none is given, a random one the
session draws and forces exactly as that option would. A test that ran hypothesis (an
``@given`` property, or a state machine run inside the test) records that seed, as a string;
rerunning it with ``--hypothesis-seed=<recorded>`` replays the same examples. A test that ran
no hypothesis records null. (A test that pins its own ``@seed`` or derandomizes ignores the
global seed, and still replays the same examples.)
"""

from __future__ import annotations

import json
import secrets
import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Final

DEFAULT_REPORT_DIR: Final = "reports/conformance"
"""Where a conformance run writes its JSON report and race histories unless told otherwise."""


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
        existing.hypothesis_seed = record.hypothesis_seed or existing.hypothesis_seed

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

    def as_json(self) -> dict[str, Any]:
        """The body of ``conformance.json``."""
        return {
            "header": self.header,
            "core_passed": self.core_passed(),
            "suites": {s: dict(c) for s, c in self.by_suite().items()},
            "tests": [asdict(t) for t in sorted(self.tests.values(), key=lambda t: t.test)],
        }

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Report:
        """The report :meth:`as_json` described."""
        tests = [TestRecord(**test) for test in body["tests"]]
        return cls(dict(body["header"]), {t.test: t for t in tests})

    def join(self, other: Report) -> None:
        """Add the records of a report of the same session run in another process: a test
        one of them ran keeps that process's record."""
        for test, record in other.tests.items():
            if test not in self.tests or self.tests[test].outcome == "not run":
                self.tests[test] = record

    def write(self, folder: Path) -> Path:
        """Write ``conformance.json`` into ``folder``; return its path."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "conformance.json"
        path.write_text(json.dumps(self.as_json(), indent=2, default=str), encoding="utf-8")
        return path

    def summary_lines(self) -> list[str]:
        """The per-suite terminal summary."""
        lines = []
        spent = self.durations()
        for suite, counts in self.by_suite().items():
            parts = ", ".join(f"{n} {o}" for o, n in sorted(counts.items()))
            lines.append(f"{suite:<28} {parts}  ({spent.get(suite, 0.0):.1f} s)")
        lines.append(f"core: {self.verdict()}")
        return lines

    def verdict(self) -> str:
        """``PASSED``; ``FAILED`` when a core test failed or erred; else ``INCOMPLETE``, naming
        how many core tests did not run (deselected, or none collected): no pass either."""
        if self.core_passed():
            return "PASSED"
        core = [t for t in self.tests.values() if t.capability is None]
        if not core or any(t.outcome not in _RAN_OR_NOT for t in core):
            return "FAILED"
        left = sum(t.outcome in _NOT_RUN for t in core)
        return f"INCOMPLETE ({left} of {len(core)} core tests not run: no pass)"


_NOT_RUN: Final = frozenset({"deselected", "not run"})
"""Outcomes of a test that did not run."""
_RAN_OR_NOT: Final = _NOT_RUN | {"passed", "skipped"}
"""Outcomes that are no failure."""


class HypothesisSeed:
    """The hypothesis seed of a conformance session, and a count of hypothesis runs (to tell
    which tests used hypothesis).

    :meth:`install` forces the seed (``hypothesis.core.global_force_seed``, what the
    ``--hypothesis-seed`` option sets) when none was given, or when ``force`` (a seed handed
    to a worker process by the controller of a parallel run), and counts each run hypothesis
    starts (every run asks ``hypothesis.core.get_random_for_wrapped_test`` for its random
    source); :meth:`uninstall` restores both.
    """

    def __init__(self, given: object | None, *, force: bool = False) -> None:
        self.seed: int | str = secrets.randbits(64) if given is None else _seed_value(given)
        self._force = given is None or force
        self._runs = 0
        self._lock = threading.Lock()
        self._saved: tuple[object, Callable[..., Any] | None] | None = None

    @property
    def text(self) -> str:
        """The seed as ``--hypothesis-seed`` takes it."""
        return str(self.seed)

    def runs(self) -> int:
        """How many hypothesis runs started so far in this session."""
        with self._lock:
            return self._runs

    def install(self) -> None:
        """Force the session seed (when none was given) and start counting hypothesis runs."""
        from hypothesis import core as hypothesis_core  # noqa: PLC0415  (conformance only)

        core: Any = hypothesis_core  # its module globals are typed for their defaults
        original = getattr(core, "get_random_for_wrapped_test", None)
        self._saved = (core.global_force_seed, original)
        if self._force:
            core.global_force_seed = self.seed
        if original is None:
            return

        def counted(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                self._runs += 1
            return original(*args, **kwargs)

        core.get_random_for_wrapped_test = counted

    def uninstall(self) -> None:
        """Restore hypothesis as :meth:`install` found it."""
        if self._saved is None:
            return
        from hypothesis import core as hypothesis_core  # noqa: PLC0415

        core: Any = hypothesis_core
        forced, original = self._saved
        core.global_force_seed = forced
        if original is not None:
            core.get_random_for_wrapped_test = original
        self._saved = None


def _seed_value(given: object) -> int | str:
    """A given ``--hypothesis-seed`` as hypothesis reads it (an int when it is one)."""
    try:
        return int(str(given))
    except ValueError:
        return str(given)
