"""What the terminal shows while the suites run: a line per finished suite test, naming its
suite, the suite's progress, the outcome and the time it took, in place of pytest's dots and
of the file path pytest writes before them; in one process or in the controller of a parallel
run. At ``-v`` pytest's own lines stay."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import pytest

from novacat_persistence.suites.harness.parallel import is_controller, runs_suites
from novacat_persistence.suites.harness.session import STATE, SUITE_MODULES


def suite_of(nodeid: str) -> str | None:
    """The suite of a suite test's node id, None for another test."""
    module = PurePath(nodeid.split("::", 1)[0]).name
    return module.removesuffix(".py").removeprefix("test_") if module in SUITE_MODULES else None


@dataclass
class Progress:
    """How many tests each suite has and how many finished."""

    totals: Counter[str] = field(default_factory=Counter)
    finished: Counter[str] = field(default_factory=Counter)

    def count(self, nodeids: Iterable[str]) -> None:
        """Set the totals from the node ids the session runs."""
        self.totals = Counter(s for s in map(suite_of, nodeids) if s is not None)

    def line(self, report: pytest.TestReport) -> str | None:
        """The line of a finished test's report (None for a phase that is not its end)."""
        suite = suite_of(report.nodeid)
        if suite is None:
            return None
        ended = report.when == "call" or (report.when == "setup" and not report.passed)
        if ended:
            self.finished[suite] += 1
            outcome = _outcome(report)
        elif report.when == "teardown" and report.failed:
            outcome = "ERROR in teardown"
        else:
            return None
        done = f"{self.finished[suite]}/{self.totals.get(suite, '?')}"
        name = report.nodeid.split("::", 1)[-1]
        return f"{suite:<22} {done:>7}  {outcome:<8} {name} ({report.duration:.1f} s)"


def _outcome(report: pytest.TestReport) -> str:
    if hasattr(report, "wasxfail"):
        return "xfailed" if report.skipped else "XPASS"
    if report.failed:
        return "FAILED" if report.when == "call" else "ERROR"
    return "skipped" if report.skipped else "passed"


class ProgressReporter:
    """The plugin printing the lines (registered for every run; silent unless the run is a
    conformance session that pytest runs quietly)."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.progress = Progress()

    def _shown(self) -> bool:
        if self.config.getoption("verbose") > 0:
            return False
        config = self.config
        return STATE in config.stash or (is_controller(config) and runs_suites(config))

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Count each suite's tests (one process), and leave out pytest's file paths (written
        again before every test a line follows: the line names the suite)."""
        self.progress.count(item.nodeid for item in session.items)
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        if self._shown() and reporter is not None:
            reporter.showfspath = False

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        """Count each suite's tests (the controller of a parallel run: every worker collects
        the same tests)."""
        if not self.progress.totals:
            self.progress.count(ids)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_report_teststatus(self, report: pytest.TestReport) -> Iterator[None]:
        """Leave out pytest's letter for a suite test (its line says it)."""
        outcome: Any = yield
        if self._shown() and suite_of(report.nodeid) is not None:
            category, _letter, _word = outcome.get_result()
            outcome.force_result((category, "", ""))

    @pytest.hookimpl(trylast=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Print the line of a finished suite test, at once (pytest flushes what it writes
        itself; on a pipe, such as a CI log, the line would otherwise wait in the buffer)."""
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        line = self.progress.line(report) if self._shown() else None
        if line is not None and reporter is not None:
            reporter.ensure_newline()
            reporter.write_line(line)
            reporter.flush()


def pytest_configure(config: pytest.Config) -> None:
    """Register the :class:`ProgressReporter`."""
    config.pluginmanager.register(ProgressReporter(config), "novacat-conformance-progress")
