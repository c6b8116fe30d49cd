"""Recording a conformance session: each suite test's outcome and seed, the report files,
the terminal summary, and the session's verdict on the core."""

# Loaded in every pytest run of an environment that installs the kit: the machinery (backends,
# moto, the reference) is imported lazily, only once suite tests are collected.
# ruff: noqa: PLC0415

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pytest

from novacat_persistence.suites.harness.parallel import REPORT_OUTPUT, is_worker, joined_report
from novacat_persistence.suites.harness.session import (
    STATE,
    Conformance,
    capability_of,
    is_suite_item,
    suite_name,
)

if TYPE_CHECKING:
    from novacat_persistence.suites.harness.reporting import Report


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Record each suite test's outcome, duration and hypothesis seed."""
    outcome: Any = yield
    state = item.config.stash.get(STATE, None)
    if state is None or not is_suite_item(item):
        return
    from novacat_persistence.suites.harness.exceptions_file import suite_test_id
    from novacat_persistence.suites.harness.reporting import TestRecord

    report = outcome.get_result()
    seed = _hypothesis_seed_of(item, state, report.when)
    if report.when != "call" and report.passed:
        return
    if report.skipped:
        kind = "xfailed" if hasattr(report, "wasxfail") else "skipped"
    elif report.failed:
        kind = "failed" if report.when == "call" else "error"
    else:
        kind = "passed"
    state.report.record(
        TestRecord(
            suite_test_id(str(item.path), item.name),
            suite_name(item),
            capability_of(item),
            outcome=kind,
            duration=report.duration,
            hypothesis_seed=seed,
            detail=str(report.longrepr)[-4000:] if report.failed else None,
        )
    )


_RUNS_AT_SETUP: Final = pytest.StashKey[int]()


def _hypothesis_seed_of(item: pytest.Item, state: Conformance, when: str) -> str | None:
    """The session's hypothesis seed when the test ran hypothesis (an ``@given`` test, or a
    hypothesis run started during the test, such as a state machine), else None."""
    seed = state.hypothesis_seed
    if seed is None:
        return None
    if when == "setup":
        item.stash[_RUNS_AT_SETUP] = seed.runs()
    from hypothesis import is_hypothesis_test

    ran = seed.runs() > item.stash.get(_RUNS_AT_SETUP, seed.runs())
    used = ran or is_hypothesis_test(getattr(item, "obj", None))
    return seed.text if used and when != "setup" else None


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Write the report and fail the run when the core did not pass (a worker of a parallel
    run hands its report to the controller instead)."""
    config = session.config
    state = config.stash.get(STATE, None)
    if state is not None:
        if state.hypothesis_seed is not None:
            state.hypothesis_seed.uninstall()
        if state.collector_threshold is not None:
            gc.set_threshold(*state.collector_threshold)
            state.collector_threshold = None
        if is_worker(config):
            config.workeroutput[REPORT_OUTPUT] = state.report.as_json()  # type: ignore[attr-defined]
            return
    report = _session_report(config)
    if report is None or config.option.collectonly:
        return
    path = report.write(Path(config.getoption("nc_report_dir")))
    report.header["report"] = str(path)
    if exitstatus == 0 and not report.core_passed():
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def _session_report(config: pytest.Config) -> Report | None:
    """The report of this process's session: its own, or in the controller of a parallel run
    the workers' reports joined."""
    state = config.stash.get(STATE, None)
    return state.report if state is not None else joined_report(config)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Print the header and the per-suite summary."""
    report = _session_report(config)
    if report is None or config.option.collectonly:
        return
    terminalreporter.section("IFC-030 conformance")
    for key, value in report.header.items():
        terminalreporter.write_line(f"{key}: {value}")
    for line in report.summary_lines():
        terminalreporter.write_line(line)
