"""The fixtures of the suites that compare a candidate with the model: a :class:`~.twin.Twin`
of the candidate and the oracle on a frozen clock."""

# Loaded in every pytest run of an environment that installs the kit: the model and the twin
# are imported lazily, only when a suite test asks for them.
# ruff: noqa: PLC0415

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest

from novacat_persistence.contracts.raw_view import RawView

if TYPE_CHECKING:
    from novacat_persistence.suites.harness.fixtures import RecordCollector, WrapperMaker
    from novacat_persistence.suites.harness.twin import Twin

TwinMaker = Callable[[], "Twin"]
"""Builds a fresh twin: a new frozen clock at the suites' epoch, a candidate wrapper reading
it over the test's table, and a new oracle reading it."""


@pytest.fixture
def make_twin(make_wrapper: WrapperMaker, raw: RawView, log_records: RecordCollector) -> TwinMaker:
    """Build twins of the candidate and the oracle (:func:`~..model.model.oracle`)."""
    from novacat_persistence.contracts.clock import ManualClock
    from novacat_persistence.suites.harness.twin import Twin
    from novacat_persistence.suites.model.model import oracle

    def build() -> Twin:
        clock = ManualClock()
        wrapper = make_wrapper(clock=clock)
        return Twin(wrapper, raw, oracle()(clock), clock, log_records.records)

    return build


@pytest.fixture
def twin(make_twin: TwinMaker) -> Iterator[Twin]:
    """The candidate and the oracle side by side, on a frozen clock; after the test, the whole
    table must be the model's."""
    built = make_twin()
    yield built
    built.check_everything()
