"""Suite 11, the model: a hypothesis state machine drives the candidate and an executable model
of IFC-030 (:mod:`novacat_persistence.suites.model`, written from the contracts alone) through
random sequences of every operation, with the clock moved onto every time boundary the stored
items hold (lock expiries, cooldown ends: the instant itself, one tick and one second before,
one tick after). After each call the candidate must agree with the model on the result or the
typed error (and the stored item it carries), emit one log record naming the operation and its
outcome without any item value, and hold exactly the model's stored items, attribute by
attribute (keys, index keys, TTLs, schema stamps, counters, cooldowns). Every listing runs
over pages of two items (``Limit`` pressure) when the candidate is on a client."""

from __future__ import annotations

import inspect
from datetime import datetime, timedelta
from typing import Any, Final

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test

from novacat_persistence.contracts.entities import IdempotencyLock, SpectraProduct
from novacat_persistence.contracts.enums import LockState
from novacat_persistence.contracts.interface import PersistenceWrapper
from novacat_persistence.suites.harness.access import Access
from novacat_persistence.suites.harness.builders import PROPERTY_SETTINGS
from novacat_persistence.suites.harness.model_fixtures import TwinMaker
from novacat_persistence.suites.harness.paging import small_pages
from novacat_persistence.suites.harness.twin import Twin
from novacat_persistence.suites.model.calls import Vocabulary
from novacat_persistence.suites.model.model import CALLS, MODELLED, Model
from novacat_persistence.suites.model.time_rules import SECOND, TICK, instant_of

OFFSETS: Final = (-SECOND, -TICK, timedelta(0), TICK)
"""Where the clock lands around a boundary."""

STEPS: Final = (timedelta(milliseconds=1), timedelta(seconds=1), timedelta(minutes=16))
"""Moves that cross no boundary in particular."""


def boundaries(model: Model) -> list[datetime]:
    """The instants the stored items make special: expiries of held locks, cooldown ends."""
    found = []
    for entity in model.store.entities().values():
        if isinstance(entity, IdempotencyLock) and entity.state is LockState.HELD:
            found.append(instant_of(entity.ttl))
        if isinstance(entity, SpectraProduct) and entity.next_eligible_attempt_at is not None:
            found.append(entity.next_eligible_attempt_at)
    return found


def clock_moves(model: Model, now: datetime) -> st.SearchStrategy[timedelta]:
    """A move onto (or around) a boundary ahead, or a plain step."""
    ahead = sorted({b + o - now for b in boundaries(model) for o in OFFSETS if b + o > now})
    return st.sampled_from([*ahead, *ahead, *STEPS])


class ModelMachine(RuleBasedStateMachine):
    """Candidate versus model, from an empty table, on a frozen clock that moves by rules."""

    make_twin: TwinMaker

    def __init__(self) -> None:
        super().__init__()
        self.twin: Twin = self.make_twin()
        self.twin.raw.delete_except(set())
        self.twin.raw.photometry.delete_except(set())
        self.vocabulary = Vocabulary()
        self.turn = 0

    def _call(self, data: st.DataObject) -> None:
        # 0, the simplest draw, takes the operations in turn: even the simplest example calls
        # every operation, in the interface's order.
        pick = data.draw(st.integers(0, len(CALLS)), label="operation")
        spec = CALLS[self.turn % len(CALLS)] if pick == 0 else CALLS[pick - 1]
        self.turn += 1
        drawn = data.draw(spec.strategy(self.vocabulary, self.twin.model), label="call")
        result = self.twin.run(drawn)
        event(f"{spec.operation}: {type(result).__name__}")

    def teardown(self) -> None:
        """The whole table must be the model's."""
        self.twin.check_everything()

    @rule(data=st.data())
    def call(self, data: st.DataObject) -> None:
        """Any operation, now."""
        self._call(data)

    @rule(data=st.data())
    def call_later(self, data: st.DataObject) -> None:
        """Move the clock (onto a boundary, mostly), then any operation."""
        now = self.twin.clock.peek()
        self.twin.advance(data.draw(clock_moves(self.twin.model, now), label="clock"))
        self._call(data)


def test_random_sequences_agree_with_the_model(make_twin: TwinMaker, access: Access) -> None:
    """Random sequences of every operation: after each call, result or typed error, log record
    and every stored item agree with the model."""
    machine = type("Machine", (ModelMachine,), {"make_twin": staticmethod(make_twin)})
    with small_pages(access):
        run_state_machine_as_test(
            machine, settings=settings(PROPERTY_SETTINGS, max_examples=8, stateful_step_count=50)
        )


def _parameters(function: Any) -> list[tuple[str, Any]]:
    return [(p.name, p.kind) for p in inspect.signature(function).parameters.values()]


def test_the_model_specifies_every_operation() -> None:
    """Every IFC-030 operation (but those left to other suites) has a model method with the
    interface's parameters, and calls the state machine draws."""
    drawn = {spec.operation for spec in CALLS}
    for operation in MODELLED:
        interface = getattr(PersistenceWrapper, operation)
        modelled = getattr(Model, operation, None)
        assert modelled is not None, f"the model has no {operation}"
        assert _parameters(modelled) == _parameters(interface), f"{operation}: other parameters"
        assert operation in drawn, f"the state machine never calls {operation}"
