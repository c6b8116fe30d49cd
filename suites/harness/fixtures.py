"""The fixtures suite tests use: the candidate's wrapper, the raw table beneath it, the
interceptor of its requests, its clock and log records, and race settings."""

# Loaded in every pytest run of an environment that installs the kit: the machinery (backends,
# moto, the reference) is imported lazily, only once suite tests are collected.
# ruff: noqa: PLC0415

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from novacat_persistence.contracts.clock import ManualClock
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.contracts.raw_view import RawView
from novacat_persistence.suites.harness.session import STATE, Conformance

if TYPE_CHECKING:
    from novacat_persistence.suites.harness.access import Access
    from novacat_persistence.suites.harness.interception import RequestInterceptor
    from novacat_persistence.suites.harness.races import RaceConfig


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
) -> Iterator[Access]:
    """How the test reaches the candidate (:class:`.access.Access`): an empty backend table and
    a hooked client, or a self-contained candidate's own fresh store and fault hook."""
    from novacat_persistence.suites.harness.access import through_client, through_own_store

    if conformance.self_contained:
        yield through_own_store(
            conformance.implementation.factory,
            clock=clock,
            logger=log_records.logger,
        )
        return
    with through_client(conformance.backend) as reached:
        yield reached


@pytest.fixture
def table_name(access: Access) -> str:
    """The name of the test's table (empty when the test starts)."""
    name: str = access.table_name
    return name


@pytest.fixture
def raw(access: Access) -> RawView:
    """The raw table beneath the candidate (a :class:`.raw.RawView`)."""
    return access.raw


@pytest.fixture
def interceptor(access: Access) -> RequestInterceptor:
    """The hold on the candidate's requests (a :class:`.hooks.RequestInterceptor`: request
    counts, faults, the write gate): its client's hooks, or its fault hook."""
    return access.interceptor


@pytest.fixture
def clock() -> ManualClock:
    """The candidate's clock: starts at :data:`~.clock.EPOCH`, ticks 1 ms per reading."""
    from datetime import timedelta

    return ManualClock(tick=timedelta(milliseconds=1))


class RecordCollector(logging.Handler):
    """Keeps every record ``logger`` (which it is attached to) receives."""

    def __init__(self, logger: logging.Logger) -> None:
        super().__init__(logging.DEBUG)
        self.logger = logger
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
    logger.addHandler(logging.NullHandler())  # a record after the test is dropped, never printed
    collector = RecordCollector(logger)
    logger.addHandler(collector)
    yield collector
    logger.removeHandler(collector)


WrapperMaker = Callable[..., PersistenceWrapper]
"""Builds one more candidate wrapper over the test's table (keyword overrides: ``clock=``,
``client=``, ``s3_client=``)."""


@pytest.fixture
def make_wrapper(
    conformance: Conformance, access: Access, clock: ManualClock, log_records: RecordCollector
) -> WrapperMaker:
    """Build a candidate wrapper over the test's table: defaults are the binding of
    :func:`access` (the hooked client; or no client, the fault hook and the shared store), the
    test's clock and logger; keyword arguments override them (``clock=``, ``client=``,
    ``s3_client=``)."""

    def build(**overrides: Any) -> PersistenceWrapper:
        kwargs: dict[str, Any] = {
            "clock": clock,
            "logger": log_records.logger,
            **access.binding,
            **overrides,
        }
        client = kwargs.pop("client")
        built: PersistenceWrapper = conformance.implementation.factory(
            client, access.table_name, **kwargs
        )
        return built

    return build


@pytest.fixture
def wrapper(make_wrapper: WrapperMaker) -> PersistenceWrapper:
    """The candidate wrapper over the test's table."""
    return make_wrapper()


@pytest.fixture
def race_config(conformance: Conformance) -> RaceConfig:
    """Threads, rounds and where failing histories go."""
    from novacat_persistence.suites.harness.races import RaceConfig

    return RaceConfig(conformance.race_threads, conformance.race_rounds, conformance.report_dir)
