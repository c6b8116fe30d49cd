"""Starting a conformance session once suite tests are collected: the implementation, its
capabilities, the exceptions file, the backend and the report's first records; and stopping
its backend at the very end."""

# Loaded in every pytest run of an environment that installs the kit: the machinery (backends,
# moto, the reference) is imported lazily, only once suite tests are collected.
# ruff: noqa: PLC0415

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from novacat_persistence.contracts.capabilities import Capabilities
from novacat_persistence.suites import SUITE_VERSION
from novacat_persistence.suites.harness.parallel import SEED_INPUT, SERVER_INPUT, handed
from novacat_persistence.suites.harness.race_defaults import race_settings_problem
from novacat_persistence.suites.harness.session import (
    STATE,
    SUITE_MODULES,
    YOUNG_COLLECTION_THRESHOLD,
    Conformance,
    capability_of,
    is_suite_item,
    selected_implementation,
    suite_name,
)


def _header(implementation: Any, backend: Any) -> dict[str, Any]:
    return {
        "implementation": implementation.name,
        "implementation_version": implementation.version,
        "capabilities": list(implementation.capabilities.declared()),
        "suite_version": SUITE_VERSION,
        "backend": backend.describe(),
    }


@pytest.hookimpl(hookwrapper=True)
def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> Iterator[None]:
    """When suite tests are collected: remember them all, let other plugins deselect, then
    select the implementation, apply capabilities and the exceptions file, and start the
    backend (usage errors stop the run)."""
    from novacat_persistence.suites.harness.exceptions_file import suite_test_id

    collected = {
        suite_test_id(str(i.path), i.name): capability_of(i) is None
        for i in items
        if is_suite_item(i)
    }
    yield
    if collected:
        _select_and_start(config, items, collected)


def _apply_exceptions(config: pytest.Config, ids: dict[pytest.Item, str]) -> None:
    """Mark each excepted test a strict xfail; refuse unknown ids and core tests."""
    from novacat_persistence.suites.harness import exceptions_file

    path = config.getoption("nc_exceptions")
    if not path:
        return
    try:
        excepted = exceptions_file.load(Path(path))
    except exceptions_file.ExceptionsFileError as exc:
        raise pytest.UsageError(str(exc)) from None
    for entry in excepted:
        matched = [i for i, test_id in ids.items() if entry.matches(test_id)]
        if not matched:
            raise pytest.UsageError(f"exceptions file: {entry.test!r} matches no suite test")
        if any(capability_of(i) is None for i in matched):
            raise pytest.UsageError(
                f"exceptions file: {entry.test!r} is a core test; the core cannot be excepted"
            )
        for item in matched:
            item.add_marker(pytest.mark.xfail(reason=f"excepted: {entry.reason}", strict=True))


def _apply_capabilities(items: list[pytest.Item], declared: set[str]) -> None:
    """Skip the optional tests of capabilities the implementation does not declare."""
    known = set(Capabilities.names())
    for item in items:
        capability = capability_of(item)
        if capability is not None and capability not in known:
            raise pytest.UsageError(f"{item.nodeid} needs an unknown capability {capability!r}")
        if capability is not None and capability not in declared:
            item.add_marker(pytest.mark.skip(reason=f"capability {capability} not declared"))


def _initial_report(report: Any, ids: dict[pytest.Item, str], collected: dict[str, bool]) -> None:
    """Record every selected test as not run yet, every deselected core test and every suite
    module not collected: the core passes only when all of them ran and passed."""
    from novacat_persistence.suites.harness.reporting import TestRecord

    for item, test_id in ids.items():
        report.record(TestRecord(test_id, suite_name(item), capability_of(item), "not run"))
    present = {test_id.split("::", 1)[0] for test_id in collected}
    for module in sorted(SUITE_MODULES - present):
        suite = module.removesuffix(".py").removeprefix("test_")
        report.record(TestRecord(f"{module}::*", suite, None, outcome="not collected"))
    selected = set(ids.values())
    for test_id, core in collected.items():
        if core and test_id not in selected:
            suite = test_id.split("::", 1)[0].removesuffix(".py").removeprefix("test_")
            report.record(TestRecord(test_id, suite, None, outcome="deselected"))


def _select_and_start(
    config: pytest.Config, items: list[pytest.Item], collected: dict[str, bool]
) -> None:
    suite_items = [i for i in items if is_suite_item(i)]
    if not suite_items:
        return
    from novacat_persistence.suites.harness.backends import (
        EndpointUnavailable,
        RunningServer,
        make_backend,
    )
    from novacat_persistence.suites.harness.ddblocal import DynamoDBLocalUnavailable
    from novacat_persistence.suites.harness.exceptions_file import suite_test_id
    from novacat_persistence.suites.harness.reporting import HypothesisSeed, Report

    implementation = selected_implementation(config)
    ids = {i: suite_test_id(str(i.path), i.name) for i in suite_items}
    _apply_exceptions(config, ids)
    _apply_capabilities(suite_items, set(implementation.capabilities.declared()))
    server = handed(config, SERVER_INPUT)
    backend = make_backend(
        config.getoption("nc_backend"),
        config.getoption("nc_endpoint"),
        self_contained=implementation.capabilities.self_contained,
        shared=RunningServer(**server) if server else None,
    )
    report = Report(_header(implementation, backend))
    _initial_report(report, ids, collected)
    threads, rounds = config.getoption("nc_race_threads"), config.getoption("nc_race_rounds")
    problem = race_settings_problem(threads, rounds)
    if problem is not None:
        raise pytest.UsageError(problem)
    state = Conformance(
        implementation,
        backend,
        report,
        threads,
        rounds,
        Path(config.getoption("nc_report_dir")),
    )
    config.stash[STATE] = state
    if config.option.collectonly:
        return
    try:
        backend.start()
    except (DynamoDBLocalUnavailable, EndpointUnavailable) as exc:
        raise pytest.UsageError(f"backend {backend.name}: {exc}") from None
    state.started = True
    report.header["backend"] = backend.describe()
    drawn = handed(config, SEED_INPUT)
    seed = (
        HypothesisSeed(drawn, force=True)
        if drawn is not None
        else HypothesisSeed(config.getoption("hypothesis_seed", None))
    )
    seed.install()
    state.hypothesis_seed = seed
    report.header["hypothesis_seed"] = seed.text
    # What the session loaded (pytest, hypothesis, botocore's models, moto) lives as long as
    # the process: kept out of the collector's full passes, which the tests' garbage triggers.
    gc.freeze()
    # The tests' own objects (moto's copies of a table, botocore's parsed responses) are young
    # by the hundred thousand and die with their test: collected every 700 allocations (the
    # default) they cost ~7% of the run's CPU, every 10,000 ~3%.
    state.collector_threshold = gc.get_threshold()
    gc.set_threshold(*YOUNG_COLLECTION_THRESHOLD)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the session's backend once pytest has torn down every fixture. A test an interrupt
    cut short has its fixtures torn down only at the session's end, after the plugins'
    ``pytest_sessionfinish``: they still give their tables back to the backend (stopped any
    earlier, moto's requests would go to AWS itself, DynamoDB Local's to a closed port)."""
    state = config.stash.get(STATE, None)
    if state is not None and state.started:
        state.started = False
        state.backend.stop()
