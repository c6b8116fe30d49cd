"""The fault hook: errors before a request leave it unapplied, errors after it leave it
applied (ambiguous); the wrapper answers as the reference does with the same typed errors."""

from __future__ import annotations

import threading
from uuid import uuid4

import pytest

from novacat_persistence.contracts.clock import ManualClock
from novacat_persistence.contracts.entities import Nova
from novacat_persistence.contracts.errors import (
    BackendUnavailableError,
    ThrottledError,
    TransactionConflictError,
)
from novacat_persistence.contracts.fault_hook import NAMED_FAULTS
from novacat_persistence.fake import FaultPlan, FaultPoint, create_fake_wrapper


def _nova() -> Nova:
    nova_id = uuid4()
    name = f"nova {nova_id.hex[:8]}"
    return Nova(nova_id=nova_id, primary_name=name.title(), primary_name_normalized=name)


def test_the_hook_sees_every_request_before_and_after_with_its_operation() -> None:
    points: list[FaultPoint] = []
    wrapper = create_fake_wrapper(fault_hook=points.append)
    nova = _nova()
    wrapper.create_nova(nova)
    wrapper.get_nova(nova.nova_id)
    assert [(p.request, p.phase, p.operation) for p in points] == [
        ("TransactWriteItems", "before", "create_nova"),
        ("TransactWriteItems", "after", "create_nova"),
        ("GetItem", "before", "get_nova"),
        ("GetItem", "after", "get_nova"),
    ]
    assert points[0].writes and not points[2].writes
    assert points[2].keys[0].pk == str(nova.nova_id)


def test_an_error_before_the_request_leaves_nothing_applied() -> None:
    plan = FaultPlan()
    wrapper = create_fake_wrapper(fault_hook=plan, clock=ManualClock())
    nova = _nova()
    plan.arm(ThrottledError("injected"))
    with pytest.raises(ThrottledError):
        wrapper.create_nova(nova)
    assert len(wrapper.table) == 0
    assert wrapper.create_nova(nova).created
    assert plan.injected == [("ThrottledError", "TransactWriteItems")]


def test_an_error_after_the_request_leaves_it_applied_and_a_retry_converges() -> None:
    plan = FaultPlan()
    wrapper = create_fake_wrapper(fault_hook=plan, clock=ManualClock())
    nova = _nova()
    plan.arm_named("timeout-after")
    with pytest.raises(BackendUnavailableError):
        wrapper.create_nova(nova)
    stored = wrapper.table.keys()
    assert len(stored) == 3  # the nova, its primary name mapping and the name claim
    retried = wrapper.create_nova(nova)
    assert not retried.created and retried.item.nova_id == nova.nova_id
    assert wrapper.table.keys() == stored


def test_a_transaction_conflict_is_resent_by_the_wrapper() -> None:
    plan = FaultPlan()
    wrapper = create_fake_wrapper(fault_hook=plan)
    plan.arm(TransactionConflictError("injected"))
    assert wrapper.create_nova(_nova()).created
    assert plan.counts()["TransactWriteItems"] == 2


def test_a_fault_at_a_later_position_hits_that_request() -> None:
    plan = FaultPlan()
    wrapper = create_fake_wrapper(fault_hook=plan)
    nova = _nova()
    wrapper.create_nova(nova)
    plan.arm(BackendUnavailableError("injected"), position=1)
    wrapper.get_nova(nova.nova_id)
    with pytest.raises(BackendUnavailableError):
        wrapper.get_nova(nova.nova_id)
    plan.disarm()
    assert wrapper.get_nova(nova.nova_id) is not None


def test_other_exceptions_propagate_unchanged() -> None:
    def hook(_point: FaultPoint) -> None:
        raise KeyError("a bug in the hook")

    with pytest.raises(KeyError):
        create_fake_wrapper(fault_hook=hook).get_nova(uuid4())


def test_writes_wait_at_the_gate_outside_the_table_lock() -> None:
    arrived = threading.Event()
    release = threading.Event()

    class Gate:
        def arrive(self) -> None:
            arrived.set()
            assert release.wait(5)

    plan = FaultPlan(gate=Gate())
    wrapper = create_fake_wrapper(fault_hook=plan)
    nova = _nova()
    writer = threading.Thread(target=wrapper.create_nova, args=(nova,))
    writer.start()
    assert arrived.wait(5)
    assert wrapper.get_nova(nova.nova_id) is None  # reads are not held, the table is free
    release.set()
    writer.join()
    assert wrapper.get_nova(nova.nova_id) is not None


@pytest.mark.parametrize("name", sorted(NAMED_FAULTS))
def test_named_faults_are_retryable(name: str) -> None:
    make, _after = NAMED_FAULTS[name]
    assert make().retryable


def test_an_unknown_named_fault_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown fault"):
        FaultPlan().arm_named("meteor")
