"""The pytest plugin of the conformance suites (entry point ``pytest11``:
``novacat_persistence_conformance``).

Inert unless suite tests are collected (``pytest --pyargs novacat_persistence.suites``): it
adds its options and the ``conformance_capability`` mark, and its fixtures are used only by
suite tests. When suite tests are collected it selects the implementation (``--impl`` or
``NOVACAT_PERSISTENCE_IMPL``; none is a usage error listing the installed ones), applies the
capabilities and the exceptions file, starts the backend for the session, and writes the
report (``--report-dir``).

A candidate gets a boto3 client of the backend unless it declares ``self_contained``
(:mod:`novacat_persistence.contracts.capabilities`): then it runs on its own store, without a
client, and ``--backend`` does not apply (:mod:`.access`).
"""

# The plugin loads in every pytest run of an environment that installs the kit: it imports its
# machinery (the backends, the reference table definition, moto) lazily, only once suite tests
# are collected, so that it stays inert everywhere else.
# ruff: noqa: PLC0415

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pytest

from novacat_persistence.contracts.capabilities import Capabilities
from novacat_persistence.suites import SUITE_VERSION
from novacat_persistence.suites.capabilities import CAPABILITY_MARK
from novacat_persistence.suites.clock import ManualClock
from novacat_persistence.suites.reporting import DEFAULT_REPORT_DIR

SUITES_DIR: Final = Path(__file__).resolve().parent
SUITE_MODULES: Final = frozenset(p.name for p in SUITES_DIR.glob("test_*.py"))
"""Every suite module: the whole core is collected only when each of them is."""


@dataclass
class Conformance:
    """The state of one conformance session (in ``config.stash``)."""

    implementation: Any
    backend: Any
    report: Any
    race_threads: int
    race_rounds: int
    report_dir: Path
    started: bool = False
    hypothesis_seed: Any = None
    """The session's :class:`.reporting.HypothesisSeed` (installed while the session runs)."""

    @property
    def self_contained(self) -> bool:
        """True when the candidate owns its store and takes no client."""
        return bool(self.implementation.capabilities.self_contained)


STATE: Final = pytest.StashKey[Conformance]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add the conformance options (they do nothing unless suite tests are collected)."""
    group = parser.getgroup("novacat-conformance", "Nova Cat IFC-030 conformance suites")
    group.addoption(
        "--impl",
        dest="nc_impl",
        default=None,
        help="implementation under test: an installed name or module:factory "
        "(default: $NOVACAT_PERSISTENCE_IMPL)",
    )
    group.addoption(
        "--list-impls",
        dest="nc_list_impls",
        action="store_true",
        help="list the installed implementations and exit",
    )
    group.addoption(
        "--backend",
        dest="nc_backend",
        default="moto",
        choices=("moto", "dynamodb-local", "endpoint"),
        help="moto (in-process, default), dynamodb-local (real DynamoDB Local via "
        "Java) or endpoint (with --endpoint)",
    )
    group.addoption(
        "--endpoint",
        dest="nc_endpoint",
        default=None,
        help="a running DynamoDB-compatible endpoint URL (credentials from the "
        "standard environment)",
    )
    group.addoption(
        "--exceptions",
        dest="nc_exceptions",
        default=None,
        help="TOML file of excepted optional-capability tests (test id + reason)",
    )
    group.addoption(
        "--race-threads",
        dest="nc_race_threads",
        type=int,
        default=16,
        help="threads per race round (default 16)",
    )
    group.addoption(
        "--race-rounds",
        dest="nc_race_rounds",
        type=int,
        default=50,
        help="rounds per race (default 50)",
    )
    group.addoption(
        "--report-dir",
        dest="nc_report_dir",
        default=DEFAULT_REPORT_DIR,
        help=f"where the JSON report and race histories go ({DEFAULT_REPORT_DIR})",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register the capability mark."""
    config.addinivalue_line(
        "markers", f"{CAPABILITY_MARK}(name): an optional conformance test needing a capability"
    )


def pytest_cmdline_main(config: pytest.Config) -> int | None:
    """``--list-impls``: print the installed implementations and stop."""
    if not config.getoption("nc_list_impls", False):
        return None
    from novacat_persistence.suites.impls import GROUP, describe_installed

    print(f"installed implementations (entry-point group {GROUP}):\n{describe_installed()}")
    return 0


def is_suite_item(item: pytest.Item) -> bool:
    """True for a test collected from the conformance suites."""
    return SUITES_DIR in Path(str(item.path)).resolve().parents


def suite_name(item: pytest.Item) -> str:
    """The suite of a test: its module name without ``test_``."""
    return Path(str(item.path)).stem.removeprefix("test_")


def capability_of(item: pytest.Item) -> str | None:
    """The capability an optional test needs, or None for a core test."""
    mark = item.get_closest_marker(CAPABILITY_MARK)
    return str(mark.args[0]) if mark is not None else None


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
    from novacat_persistence.suites.exceptions_file import suite_test_id

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
    from novacat_persistence.suites import exceptions_file

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
    from novacat_persistence.suites.reporting import TestRecord

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
    from novacat_persistence.suites.backends import make_backend
    from novacat_persistence.suites.ddblocal import DynamoDBLocalUnavailable
    from novacat_persistence.suites.exceptions_file import suite_test_id
    from novacat_persistence.suites.impls import ImplementationSelectionError, resolve
    from novacat_persistence.suites.reporting import HypothesisSeed, Report

    try:
        implementation = resolve(config.getoption("nc_impl"))
    except ImplementationSelectionError as exc:
        raise pytest.UsageError(str(exc)) from None
    ids = {i: suite_test_id(str(i.path), i.name) for i in suite_items}
    _apply_exceptions(config, ids)
    _apply_capabilities(suite_items, set(implementation.capabilities.declared()))
    backend = make_backend(
        config.getoption("nc_backend"),
        config.getoption("nc_endpoint"),
        self_contained=implementation.capabilities.self_contained,
    )
    report = Report(_header(implementation, backend))
    _initial_report(report, ids, collected)
    state = Conformance(
        implementation,
        backend,
        report,
        config.getoption("nc_race_threads"),
        config.getoption("nc_race_rounds"),
        Path(config.getoption("nc_report_dir")),
    )
    config.stash[STATE] = state
    if config.option.collectonly:
        return
    try:
        backend.start()
    except DynamoDBLocalUnavailable as exc:
        raise pytest.UsageError(f"backend {backend.name}: {exc}") from None
    state.started = True
    report.header["backend"] = backend.describe()
    seed = HypothesisSeed(config.getoption("hypothesis_seed", None))
    seed.install()
    state.hypothesis_seed = seed
    report.header["hypothesis_seed"] = seed.text


def pytest_report_header(config: pytest.Config) -> list[str] | None:
    """Name the implementation when one is selected explicitly."""
    chosen = config.getoption("nc_impl") or os.environ.get("NOVACAT_PERSISTENCE_IMPL")
    if not chosen:
        return None
    from novacat_persistence.suites.impls import ImplementationSelectionError, resolve

    try:
        implementation = resolve(chosen)
    except ImplementationSelectionError:
        return None
    backend = config.getoption("nc_endpoint") or config.getoption("nc_backend")
    if implementation.capabilities.self_contained:
        from novacat_persistence.suites.backends import IN_PROCESS

        backend = f"{IN_PROCESS} (self-contained candidate: --backend does not apply)"
    return [
        f"conformance: implementation {implementation.name} {implementation.version}; "
        f"capabilities: {', '.join(implementation.capabilities.declared()) or 'none'}; "
        f"suites {SUITE_VERSION}; backend {backend}"
    ]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Record each suite test's outcome, duration and hypothesis seed."""
    outcome: Any = yield
    state = item.config.stash.get(STATE, None)
    if state is None or not is_suite_item(item):
        return
    from novacat_persistence.suites.exceptions_file import suite_test_id
    from novacat_persistence.suites.reporting import TestRecord

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
    """Write the report, stop the backend, and fail the run when the core did not pass."""
    state = session.config.stash.get(STATE, None)
    if state is None:
        return
    if state.hypothesis_seed is not None:
        state.hypothesis_seed.uninstall()
    if state.started:
        state.backend.stop()
        state.started = False
    if session.config.option.collectonly:
        return
    path = state.report.write(state.report_dir)
    state.report.header["report"] = str(path)
    if exitstatus == 0 and not state.report.core_passed():
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Print the header and the per-suite summary."""
    state = config.stash.get(STATE, None)
    if state is None or config.option.collectonly:
        return
    terminalreporter.section("IFC-030 conformance")
    for key, value in state.report.header.items():
        terminalreporter.write_line(f"{key}: {value}")
    for line in state.report.summary_lines():
        terminalreporter.write_line(line)


# --- fixtures (used by suite tests only) --------------------------------------------------


@pytest.fixture
def conformance(request: pytest.FixtureRequest) -> Conformance:
    """The session's conformance state; the suites need a selected implementation."""
    state = request.config.stash.get(STATE, None)
    if state is None or not state.started:
        pytest.fail("the conformance suites run only as a conformance session (see --impl)")
    return state


@pytest.fixture
def access(
    conformance: Conformance, clock: ManualClock, log_records: RecordCollector
) -> Iterator[Any]:
    """How the test reaches the candidate (:class:`.access.Access`): a fresh backend table and
    a hooked client, or a self-contained candidate's own fresh store and fault hook."""
    from novacat_persistence.suites.access import through_client, through_own_store

    if conformance.self_contained:
        yield through_own_store(
            conformance.implementation.factory,
            clock=clock,
            logger=log_records.logger,  # type: ignore[attr-defined]
        )
        return
    with through_client(conformance.backend) as reached:
        yield reached


@pytest.fixture
def table_name(access: Any) -> str:
    """The name of the test's fresh table."""
    name: str = access.table_name
    return name


@pytest.fixture
def raw(access: Any) -> Any:
    """The raw table beneath the candidate (a :class:`.raw.RawView`)."""
    return access.raw


@pytest.fixture
def interceptor(access: Any) -> Any:
    """The hold on the candidate's requests (a :class:`.hooks.RequestInterceptor`: request
    counts, faults, the write gate): its client's hooks, or its fault hook."""
    return access.interceptor


@pytest.fixture
def clock() -> ManualClock:
    """The candidate's clock: starts at :data:`~.clock.EPOCH`, ticks 1 ms per reading."""
    from datetime import timedelta

    return ManualClock(tick=timedelta(milliseconds=1))


class RecordCollector(logging.Handler):
    """Keeps every record its logger receives."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record."""
        self.records.append(record)


@pytest.fixture
def log_records() -> Iterator[RecordCollector]:
    """The structured records the candidate emits (on a logger private to the test)."""
    logger = logging.getLogger(f"novacat_persistence.conformance.{uuid.uuid4().hex}")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    collector = RecordCollector()
    logger.addHandler(collector)
    collector.logger = logger  # type: ignore[attr-defined]
    yield collector
    logger.removeHandler(collector)


WrapperFactory = Callable[..., Any]


@pytest.fixture
def make_wrapper(
    conformance: Conformance, access: Any, clock: ManualClock, log_records: RecordCollector
) -> WrapperFactory:
    """Build a candidate wrapper over the test's table: defaults are the binding of
    :func:`access` (the hooked client; or no client, the fault hook and the shared store), the
    test's clock and logger; keyword arguments override them (``clock=``, ``client=``,
    ``s3_client=``)."""

    def build(**overrides: Any) -> Any:
        kwargs: dict[str, Any] = {
            "clock": clock,
            "logger": log_records.logger,  # type: ignore[attr-defined]
            **access.binding,
            **overrides,
        }
        client = kwargs.pop("client")
        return conformance.implementation.factory(client, access.table_name, **kwargs)

    return build


@pytest.fixture
def wrapper(make_wrapper: WrapperFactory) -> Any:
    """The candidate wrapper over the test's fresh table."""
    return make_wrapper()


@pytest.fixture
def race_config(conformance: Conformance) -> Any:
    """Threads, rounds and where failing histories go."""
    from novacat_persistence.suites.races import RaceConfig

    return RaceConfig(conformance.race_threads, conformance.race_rounds, conformance.report_dir)
