"""Fixtures binding the fake to the conformance suites' fixture names (``wrapper``, ``raw``,
``clock``, ``interceptor``, ``race_config``, ``make_wrapper``, ``log_records``), as a suite
session does for a self-contained candidate: no client, the raw view is ``wrapper.table``,
faults and the race write gate go through the fault hook."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from moto import mock_aws

from novacat_persistence.fake import FakeTable, FakeWrapper, FaultPlan, create_fake_wrapper
from novacat_persistence.suites.clock import ManualClock
from novacat_persistence.suites.hooks import Fault
from novacat_persistence.suites.races import RaceConfig


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.logger = logging.getLogger(f"novacat_persistence.fake.test.{uuid.uuid4().hex}")
        self.logger.setLevel(logging.DEBUG)
        self.logger.propagate = False
        self.logger.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(tick=timedelta(milliseconds=1))


@pytest.fixture
def log_records() -> Iterator[Records]:
    records = Records()
    yield records
    records.logger.removeHandler(records)


@pytest.fixture
def table() -> FakeTable:
    return FakeTable()


class SuiteInterceptor(FaultPlan):
    """The suites' ``interceptor`` for the fake: ``arm(Fault, position)`` by the fault's name."""

    def arm(self, error: Any, position: int = 0, *, after: bool = False) -> None:  # type: ignore[override]
        if isinstance(error, Fault):
            self.arm_named(error.value, position)
        else:
            super().arm(error, position, after=after)


@pytest.fixture
def interceptor() -> FaultPlan:
    return SuiteInterceptor()


@pytest.fixture
def make_wrapper(
    table: FakeTable, clock: ManualClock, log_records: Records, interceptor: FaultPlan
) -> Callable[..., FakeWrapper]:
    def build(**overrides: Any) -> FakeWrapper:
        kwargs: dict[str, Any] = {
            "clock": clock,
            "logger": log_records.logger,
            "fault_hook": interceptor,
            "table": table,
        }
        kwargs.update(overrides)
        return create_fake_wrapper(None, "conformance-fake", **kwargs)

    return build


@pytest.fixture
def wrapper(make_wrapper: Callable[..., FakeWrapper]) -> FakeWrapper:
    return make_wrapper()


@pytest.fixture
def raw(table: FakeTable) -> FakeTable:
    return table


@pytest.fixture
def conformance() -> Iterator[SimpleNamespace]:
    """What suite tests read of the session: the backend name ("moto": S3 is moto's too)."""
    with mock_aws():
        yield SimpleNamespace(backend=SimpleNamespace(name="moto"))


@pytest.fixture
def race_config(tmp_path: Any) -> RaceConfig:
    return RaceConfig(threads=16, rounds=10, report_dir=tmp_path)
